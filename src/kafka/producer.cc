#include "kafka/producer.h"

#include <vector>

#include "base/status_macros.h"
#include "kafka/detail/client_handle.h"
#include "kafka/kafka_error.h"

namespace db2kafka::kafka {
namespace {

constexpr std::chrono::milliseconds kQueueFullWait{10};

uint64_t TokenOf(const rd_kafka_message_t& message) {
  return static_cast<uint64_t>(reinterpret_cast<uintptr_t>(message._private));
}

}  // namespace

std::map<std::string, std::string> ProducerProperties(const ProducerOptions& options) {
  return {
      {"enable.idempotence", options.idempotence ? "true" : "false"},
      {"acks", options.acks},
      {"compression.codec", options.compression},
      {"linger.ms", std::to_string(options.linger.count())},
      {"batch.num.messages", std::to_string(options.batch_num_messages)},
      {"queue.buffering.max.messages", std::to_string(options.queue_max_messages)},
      {"queue.buffering.max.kbytes", std::to_string(options.queue_max_kbytes)},
      // One request in flight per broker connection: with more, librdkafka 2.0.2 re-sent batches
      // after a dropped connection that the broker had already written (duplicates under load in
      // the mock-cluster fault test; librdkafka issue #4953 reports the same on leader moves).
      {"max.in.flight.requests.per.connection", "1"},
      // Infinite: see ProducerOptions::stall_timeout.
      {"message.timeout.ms", "0"},
  };
}

base::Result<std::unique_ptr<Producer>> Producer::Create(const ProducerOptions& options,
                                                         DeliveryCallback on_delivery) {
  if (options.idempotence && options.acks != "all") {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "the idempotent producer needs acks=all (got acks=" + options.acks + ")");
  }
  const auto configure = [&options](rd_kafka_conf_t* conf) -> base::Status {
    for (const auto& [name, value] : ProducerProperties(options)) {
      DB2KAFKA_TRY(detail::SetProperty(conf, name, value));
    }
    return {};
  };
  DB2KAFKA_ASSIGN_OR_RETURN(
      auto client, detail::ClientHandle::Create(RD_KAFKA_PRODUCER, options.client, configure));
  auto producer =
      std::unique_ptr<Producer>(new Producer(std::move(client), std::move(on_delivery)));
  producer->stall_timeout_ = options.stall_timeout;
  return producer;
}

Producer::Producer(std::unique_ptr<detail::ClientHandle> client, DeliveryCallback on_delivery)
    : client_(std::move(client)), on_delivery_(std::move(on_delivery)) {
  client_->SetDeliveryHandler([this](const rd_kafka_message_t& message) { OnDelivery(message); });
}

Producer::~Producer() {
  for (auto& [name, topic] : topics_) rd_kafka_topic_destroy(topic);
  // client_ destroys the librdkafka handle; anything still queued is dropped without a report,
  // which is why callers Flush before letting go.
}

void Producer::OnDelivery(const rd_kafka_message_t& message) {
  --outstanding_;
  last_progress_ = std::chrono::steady_clock::now();
  DeliveryReport report;
  report.token = TokenOf(message);
  report.topic = rd_kafka_topic_name(message.rkt);
  report.partition = message.partition;
  report.offset = message.offset;
  if (message.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    report.error = KafkaError(message.err, "cannot write a record to " + std::string(report.topic));
  }
  if (on_delivery_) on_delivery_(report);
}

base::Result<rd_kafka_topic_t*> Producer::TopicFor(std::string_view topic) {
  if (auto found = topics_.find(topic); found != topics_.end()) return found->second;
  const std::string name(topic);
  rd_kafka_topic_t* handle = rd_kafka_topic_new(client_->get(), name.c_str(), nullptr);
  if (handle == nullptr) {
    return base::Fail(KafkaError(rd_kafka_last_error(), "cannot use topic " + name));
  }
  topics_.emplace(name, handle);
  return handle;
}

base::Status Producer::Produce(const Record& record) {
  if (closed_) return base::Fail(base::ErrorCode::kFailedPrecondition, "the producer is closed");
  if (auto fatal = FatalError()) return base::Fail(*fatal);
  DB2KAFKA_ASSIGN_OR_RETURN(rd_kafka_topic_t * topic, TopicFor(record.topic));

  rd_kafka_headers_t* headers = nullptr;
  if (!record.headers.empty()) {
    headers = rd_kafka_headers_new(record.headers.size());
    for (const Header& header : record.headers) {
      rd_kafka_header_add(headers, header.name.data(), static_cast<ssize_t>(header.name.size()),
                          header.value.data(), static_cast<ssize_t>(header.value.size()));
    }
  }
  std::vector<rd_kafka_vu_t> fields;
  fields.reserve(7);
  fields.push_back({.vtype = RD_KAFKA_VTYPE_RKT, .u = {.rkt = topic}});
  fields.push_back({.vtype = RD_KAFKA_VTYPE_PARTITION, .u = {.i32 = record.partition}});
  fields.push_back({.vtype = RD_KAFKA_VTYPE_MSGFLAGS, .u = {.i = RD_KAFKA_MSG_F_COPY}});
  // A value with no data is a tombstone (null value); an empty but present value stays empty.
  if (record.value.data() != nullptr) {
    rd_kafka_vu_t value{.vtype = RD_KAFKA_VTYPE_VALUE, .u = {}};
    value.u.mem = {const_cast<char*>(record.value.data()), record.value.size()};
    fields.push_back(value);
  }
  if (!record.key.empty()) {
    rd_kafka_vu_t key{.vtype = RD_KAFKA_VTYPE_KEY, .u = {}};
    key.u.mem = {const_cast<char*>(record.key.data()), record.key.size()};
    fields.push_back(key);
  }
  if (headers != nullptr) {
    fields.push_back({.vtype = RD_KAFKA_VTYPE_HEADERS, .u = {.headers = headers}});
  }
  fields.push_back({.vtype = RD_KAFKA_VTYPE_OPAQUE,
                    .u = {.ptr = reinterpret_cast<void*>(static_cast<uintptr_t>(record.token))}});

  while (true) {
    rd_kafka_error_t* error = rd_kafka_produceva(client_->get(), fields.data(), fields.size());
    if (error == nullptr) break;
    const rd_kafka_resp_err_t code = rd_kafka_error_code(error);
    if (code == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      rd_kafka_error_destroy(error);
      Poll(kQueueFullWait);  // backpressure: wait for acknowledgements to free the queue
      if (base::Status progressing = CheckProgress(); !progressing) {
        if (headers != nullptr) rd_kafka_headers_destroy(headers);
        return progressing;
      }
      continue;
    }
    base::Error failure =
        KafkaError(error, "cannot queue a record for " + std::string(record.topic));
    rd_kafka_error_destroy(error);
    if (headers != nullptr) rd_kafka_headers_destroy(headers);  // only taken on success
    return base::Fail(std::move(failure));
  }
  if (outstanding_++ == 0) last_progress_ = std::chrono::steady_clock::now();
  return {};
}

base::Status Producer::CheckProgress() const {
  if (outstanding_ == 0 || std::chrono::steady_clock::now() - last_progress_ < stall_timeout_) {
    return {};
  }
  base::Error error = client_->Unreachable("deliver records to Kafka", stall_timeout_);
  error.message +=
      " (" + std::to_string(outstanding_) + " record(s) waiting; none acknowledged in that time)";
  if (error.code != base::ErrorCode::kUnavailable) {
    // Whatever librdkafka last complained about, a broker that answers nothing is unreachable.
    error.code = base::ErrorCode::kUnavailable;
    error.retriable = true;
  }
  return base::Fail(std::move(error));
}

int Producer::Poll(std::chrono::milliseconds timeout) {
  return rd_kafka_poll(client_->get(), static_cast<int>(timeout.count()));
}

base::Status Producer::Flush(std::chrono::milliseconds timeout) {
  const rd_kafka_resp_err_t result =
      rd_kafka_flush(client_->get(), static_cast<int>(timeout.count()));
  if (result == RD_KAFKA_RESP_ERR_NO_ERROR && outstanding_ == 0) return {};
  base::Error error = client_->Unreachable("deliver records to Kafka", timeout);
  error.code = base::ErrorCode::kDeadlineExceeded;
  error.retriable = true;
  error.message = std::to_string(outstanding_) + " records not acknowledged: " + error.message;
  return base::Fail(std::move(error));
}

base::Status Producer::Close(std::chrono::milliseconds timeout) {
  if (closed_) return {};
  closed_ = true;
  base::Status flushed = Flush(timeout);
  if (flushed) return flushed;
  // Purged records come back through the delivery callback with a _PURGE_* error.
  rd_kafka_purge(client_->get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  while (outstanding_ > 0 && Poll(std::chrono::milliseconds(100)) > 0) {
  }
  return flushed;
}

int64_t Producer::OutstandingRecords() const { return outstanding_; }

base::Result<int32_t> Producer::PartitionCount(const std::string& topic) {
  if (auto known = partition_counts_.known().find(topic);
      known != partition_counts_.known().end()) {
    return known->second;
  }
  DB2KAFKA_ASSIGN_OR_RETURN(auto topics,
                            client_->FetchMetadata(topic, client_->options().connect_timeout));
  for (const detail::TopicMetadata& metadata : topics) {
    if (metadata.name != topic) continue;
    if (metadata.error != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return base::Fail(KafkaError(metadata.error, "cannot use topic " + topic));
    }
    DB2KAFKA_TRY(partition_counts_.Observe(topic, metadata.partition_count));
    return metadata.partition_count;
  }
  return base::Fail(base::ErrorCode::kNotFound, "topic " + topic + " does not exist");
}

base::Status Producer::VerifyPartitionCounts() {
  for (const auto& [topic, count] : partition_counts_.known()) {
    DB2KAFKA_ASSIGN_OR_RETURN(auto topics,
                              client_->FetchMetadata(topic, client_->options().connect_timeout));
    for (const detail::TopicMetadata& metadata : topics) {
      if (metadata.name == topic && metadata.error == RD_KAFKA_RESP_ERR_NO_ERROR) {
        DB2KAFKA_TRY(partition_counts_.Observe(topic, metadata.partition_count));
      }
    }
  }
  return {};
}

std::optional<base::Error> Producer::FatalError() const {
  char reason[512];
  const rd_kafka_resp_err_t code = rd_kafka_fatal_error(client_->get(), reason, sizeof(reason));
  if (code == RD_KAFKA_RESP_ERR_NO_ERROR) return std::nullopt;
  base::Error error = KafkaError(code, "the Kafka producer failed for good", reason);
  error.retriable = false;
  return error;
}

}  // namespace db2kafka::kafka
