// Owns one librdkafka client (rd_kafka_t) and what librdkafka reports about the cluster through its
// error callback, so that a failed call can say why (bad credentials, TLS, unreachable). Shared by
// Producer and Admin. Not thread-safe except for the error record, which librdkafka's threads may
// write.
#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "kafka/client_options.h"

namespace db2kafka::kafka::detail {

struct TopicMetadata {
  std::string name;
  int32_t partition_count = 0;
  rd_kafka_resp_err_t error = RD_KAFKA_RESP_ERR_NO_ERROR;
};

// Errors reported by librdkafka outside of any call (error_cb).
class ErrorRecord {
 public:
  void Record(rd_kafka_resp_err_t code, std::string reason);
  // The most telling error seen so far: authentication and TLS beat transport noise.
  std::optional<std::pair<rd_kafka_resp_err_t, std::string>> Worst() const;
  bool HasConfigurationError() const;  // bad credentials or certificates: waiting will not help

 private:
  mutable std::mutex mutex_;
  std::optional<std::pair<rd_kafka_resp_err_t, std::string>> worst_;
};

// What librdkafka's callbacks reach through their opaque pointer. Lives as long as the handle.
struct ClientContext {
  ErrorRecord errors;
  // Set by the Producer right after creation; called from rd_kafka_poll on the owner's thread.
  std::function<void(const rd_kafka_message_t&)> on_delivery;
};

class ClientHandle {
 public:
  using ConfigureHook = std::function<base::Status(rd_kafka_conf_t*)>;

  // `configure` sets type-specific properties before the user's extra properties are applied.
  static base::Result<std::unique_ptr<ClientHandle>> Create(rd_kafka_type_t type,
                                                            const ClientOptions& options,
                                                            const ConfigureHook& configure);
  ~ClientHandle();
  ClientHandle(const ClientHandle&) = delete;
  ClientHandle& operator=(const ClientHandle&) = delete;

  rd_kafka_t* get() const { return handle_; }
  const ClientOptions& options() const { return options_; }
  const ErrorRecord& errors() const { return context_->errors; }
  void SetDeliveryHandler(std::function<void(const rd_kafka_message_t&)> handler) {
    context_->on_delivery = std::move(handler);
  }

  // Metadata of one topic, or of every topic when `topic` is empty. Waits for a broker until
  // the deadline, and fails early when librdkafka reports bad credentials or certificates.
  base::Result<std::vector<TopicMetadata>> FetchMetadata(const std::string& topic,
                                                         std::chrono::milliseconds timeout);

  // "cannot reach Kafka at host:port within 10000 ms: <the most telling error>".
  base::Error Unreachable(std::string_view what, std::chrono::milliseconds timeout) const;

 private:
  ClientHandle(rd_kafka_t* handle, ClientOptions options, std::unique_ptr<ClientContext> context)
      : handle_(handle), options_(std::move(options)), context_(std::move(context)) {}

  rd_kafka_t* handle_;
  ClientOptions options_;
  std::unique_ptr<ClientContext> context_;  // stable address: librdkafka holds a pointer to it
};

// Sets one property, turning librdkafka's complaint into an InvalidArgument that names it.
base::Status SetProperty(rd_kafka_conf_t* conf, const std::string& name, const std::string& value);

}  // namespace db2kafka::kafka::detail
