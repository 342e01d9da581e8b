// Writes records to Kafka through librdkafka's producer, idempotent by default. Every record
// carries the caller's token, handed back in exactly one DeliveryReport once Kafka has acknowledged
// the record or librdkafka has given up on it; the runner commits a position only when every
// earlier token is acknowledged.
//
// Owned and used by one thread: delivery reports are delivered from Poll/Flush/Produce on that
// thread, never from librdkafka's own threads.
#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/error.h"
#include "kafka/client_options.h"
#include "kafka/partition_count_guard.h"

namespace db2kafka::kafka {

namespace detail {
class ClientHandle;
}

struct Header {
  std::string_view name;
  std::string_view value;
};

inline constexpr int32_t kAnyPartition = -1;  // let librdkafka's partitioner pick by key

struct Record {
  std::string_view topic;
  int32_t partition = kAnyPartition;
  std::string_view key;  // empty: no key
  std::string_view value;
  std::span<const Header> headers;
  uint64_t token = 0;
};

struct DeliveryReport {
  uint64_t token = 0;
  std::string_view topic;
  int32_t partition = kAnyPartition;
  int64_t offset = -1;
  std::optional<base::Error> error;  // set when the record was not written
};

class Producer {
 public:
  using DeliveryCallback = std::function<void(const DeliveryReport&)>;

  static base::Result<std::unique_ptr<Producer>> Create(const ProducerOptions& options,
                                                        DeliveryCallback on_delivery);
  ~Producer();
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  // Queues a copy of the record. Blocks (serving delivery reports) while librdkafka's queue is
  // full. Fails without queueing on a fatal producer error or a record librdkafka refuses.
  base::Status Produce(const Record& record);

  // Serves delivery reports and errors; returns how many events were served.
  int Poll(std::chrono::milliseconds timeout);

  // Waits until every queued record is reported. DeadlineExceeded names how many are left.
  base::Status Flush(std::chrono::milliseconds timeout);

  // Flushes until the deadline, then gives up on what is left: every record still unacknowledged
  // gets a DeliveryReport with an Aborted error before Close returns, so no token is left without
  // an answer. Afterwards Produce fails. DeadlineExceeded when records had to be given up.
  base::Status Close(std::chrono::milliseconds timeout);

  // Records queued or in flight whose report has not been delivered yet.
  int64_t OutstandingRecords() const;

  // Unavailable when records are waiting and Kafka acknowledged none for the options'
  // stall_timeout (also checked by a Produce that waits for room in the queue).
  base::Status CheckProgress() const;

  // The topic's partition count, read from the cluster on first use and remembered, so that
  // VerifyPartitionCounts can tell when it changes during a task.
  base::Result<int32_t> PartitionCount(const std::string& topic);

  // Re-reads every remembered topic's partition count; FailedPrecondition when one changed.
  base::Status VerifyPartitionCounts();

  // A fatal error raised by librdkafka (idempotence guarantees lost), if any.
  std::optional<base::Error> FatalError() const;

 private:
  Producer(std::unique_ptr<detail::ClientHandle> client, DeliveryCallback on_delivery);
  void OnDelivery(const rd_kafka_message_t& message);
  base::Result<rd_kafka_topic_t*> TopicFor(std::string_view topic);

  std::unique_ptr<detail::ClientHandle> client_;
  DeliveryCallback on_delivery_;
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  std::unordered_map<std::string, rd_kafka_topic_t*, StringHash, std::equal_to<>> topics_;
  PartitionCountGuard partition_counts_;
  int64_t outstanding_ = 0;
  bool closed_ = false;
  std::chrono::milliseconds stall_timeout_{60'000};
  // The last delivery report, or when records started to wait after none were.
  std::chrono::steady_clock::time_point last_progress_{};
};

// librdkafka properties for the producer part of the options (acks, compression, idempotence,
// batching), for tests and for the docs.
std::map<std::string, std::string> ProducerProperties(const ProducerOptions& options);

}  // namespace db2kafka::kafka
