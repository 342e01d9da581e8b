// The task's one Kafka producer, with acknowledgements counted per group: a group is whatever the
// caller must not checkpoint before Kafka has every record of it (a full-phase chunk, the schema
// phase's DDL records). Owned and used by one thread, like the producer inside it.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/error.h"
#include "kafka/client_options.h"
#include "kafka/producer.h"

namespace db2kafka::runner {

class RecordWriter {
 public:
  static base::Result<std::unique_ptr<RecordWriter>> Create(const kafka::ProducerOptions& options);

  // Queues one record of `group`. A missing value is a tombstone; an empty key is no key.
  base::Status Send(std::string_view topic, int32_t partition, std::string_view key,
                    const std::optional<std::string>& value, uint64_t group);

  // Serves delivery reports for up to `timeout`.
  void Poll(std::chrono::milliseconds timeout);
  // Unavailable when Kafka has acknowledged nothing for a while (kafka::Producer::CheckProgress).
  base::Status CheckProgress() const { return producer_->CheckProgress(); }
  // Waits until every queued record is acknowledged or failed.
  base::Status Flush(std::chrono::milliseconds timeout);

  struct GroupState {
    int64_t sent = 0;
    int64_t acknowledged = 0;
    int64_t failed = 0;
    std::optional<base::Error> first_error;  // of a record Kafka did not take
    int64_t outstanding() const { return sent - acknowledged - failed; }
  };
  // Zero state for a group that sent nothing.
  GroupState Group(uint64_t group) const;
  // Forgets a finished group.
  void Release(uint64_t group) { groups_.erase(group); }

  kafka::Producer& producer() { return *producer_; }

 private:
  RecordWriter() = default;

  std::unique_ptr<kafka::Producer> producer_;
  std::unordered_map<uint64_t, GroupState> groups_;
};

}  // namespace db2kafka::runner
