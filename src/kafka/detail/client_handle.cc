#include "kafka/detail/client_handle.h"

#include <algorithm>

#include "base/logger.h"
#include "base/status_macros.h"
#include "kafka/kafka_error.h"

namespace db2kafka::kafka::detail {
namespace {

using Clock = std::chrono::steady_clock;

// librdkafka's own minimum for socket.connection.setup.timeout.ms.
constexpr std::chrono::milliseconds kMinimumConnectionSetupTimeout{1000};
// Metadata is asked in short steps so that error callbacks are served in between and a
// definitive error (bad password) ends the wait early.
constexpr std::chrono::milliseconds kMetadataStep{250};

int Severity(rd_kafka_resp_err_t code) {
  switch (code) {
    case RD_KAFKA_RESP_ERR__AUTHENTICATION:
    case RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED:
      return 3;
    case RD_KAFKA_RESP_ERR__SSL:
      return 2;
    case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN:
      return 0;  // a summary that says less than the transport error before it
    default:
      return 1;
  }
}

void OnError(rd_kafka_t* /*handle*/, int code, const char* reason, void* opaque) {
  static_cast<ClientContext*>(opaque)->errors.Record(static_cast<rd_kafka_resp_err_t>(code),
                                                     reason != nullptr ? reason : "");
}

void OnDelivery(rd_kafka_t* /*handle*/, const rd_kafka_message_t* message, void* opaque) {
  auto* context = static_cast<ClientContext*>(opaque);
  if (context->on_delivery) context->on_delivery(*message);
}

// librdkafka's log lines go through our logger, so the redactor sees them too. Its errors reach
// us through OnError as well, so they are only informational here.
void OnLog(const rd_kafka_t* /*handle*/, int level, const char* facility, const char* message) {
  constexpr int kSyslogError = 3;
  const base::LogLevel our_level =
      level <= kSyslogError ? base::LogLevel::kInfo : base::LogLevel::kDebug;
  base::Logger::Default().Log(our_level, "librdkafka",
                              std::string(facility) + ": " + std::string(message));
}

bool IsWaitingError(rd_kafka_resp_err_t code) {
  return code == RD_KAFKA_RESP_ERR__TRANSPORT || code == RD_KAFKA_RESP_ERR__TIMED_OUT ||
         code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN;
}

}  // namespace

void ErrorRecord::Record(rd_kafka_resp_err_t code, std::string reason) {
  std::lock_guard lock(mutex_);
  if (!worst_ || Severity(code) >= Severity(worst_->first)) {
    worst_.emplace(code, std::move(reason));
  }
}

std::optional<std::pair<rd_kafka_resp_err_t, std::string>> ErrorRecord::Worst() const {
  std::lock_guard lock(mutex_);
  return worst_;
}

bool ErrorRecord::HasConfigurationError() const {
  std::lock_guard lock(mutex_);
  return worst_ && Severity(worst_->first) >= 2;
}

base::Status SetProperty(rd_kafka_conf_t* conf, const std::string& name, const std::string& value) {
  char complaint[512];
  if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), complaint, sizeof(complaint)) !=
      RD_KAFKA_CONF_OK) {
    // librdkafka quotes the name, never the value, so this is safe for secrets.
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "Kafka client property '" + name + "' rejected: " + complaint);
  }
  return {};
}

base::Result<std::unique_ptr<ClientHandle>> ClientHandle::Create(rd_kafka_type_t type,
                                                                 const ClientOptions& options,
                                                                 const ConfigureHook& configure) {
  std::unique_ptr<rd_kafka_conf_t, decltype(&rd_kafka_conf_destroy)> conf(rd_kafka_conf_new(),
                                                                          &rd_kafka_conf_destroy);
  const auto setup_timeout = std::max(options.connect_timeout, kMinimumConnectionSetupTimeout);
  DB2KAFKA_TRY(SetProperty(conf.get(), "bootstrap.servers", options.bootstrap_servers));
  DB2KAFKA_TRY(SetProperty(conf.get(), "client.id", options.client_id));
  DB2KAFKA_TRY(SetProperty(conf.get(), "security.protocol", options.security_protocol));
  DB2KAFKA_TRY(SetProperty(conf.get(), "socket.connection.setup.timeout.ms",
                           std::to_string(setup_timeout.count())));
  if (options.security_protocol.starts_with("sasl")) {
    DB2KAFKA_TRY(SetProperty(conf.get(), "sasl.mechanisms", options.sasl_mechanism));
    DB2KAFKA_TRY(SetProperty(conf.get(), "sasl.username", options.sasl_user));
    DB2KAFKA_TRY(SetProperty(conf.get(), "sasl.password", options.sasl_password));
  }
  if (!options.ca_file.empty()) {
    DB2KAFKA_TRY(SetProperty(conf.get(), "ssl.ca.location", options.ca_file));
  }
  if (configure) DB2KAFKA_TRY(configure(conf.get()));
  for (const auto& [name, value] : options.extra_properties) {
    DB2KAFKA_TRY(SetProperty(conf.get(), name, value));
  }

  auto context = std::make_unique<ClientContext>();
  rd_kafka_conf_set_opaque(conf.get(), context.get());
  rd_kafka_conf_set_error_cb(conf.get(), &OnError);
  rd_kafka_conf_set_log_cb(conf.get(), &OnLog);
  if (type == RD_KAFKA_PRODUCER) rd_kafka_conf_set_dr_msg_cb(conf.get(), &OnDelivery);

  char complaint[512];
  // rd_kafka_new takes the conf on success only.
  rd_kafka_t* handle = rd_kafka_new(type, conf.get(), complaint, sizeof(complaint));
  if (handle == nullptr) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      std::string("cannot create the Kafka client: ") + complaint);
  }
  static_cast<void>(conf.release());  // now owned by the handle
  return std::unique_ptr<ClientHandle>(new ClientHandle(handle, options, std::move(context)));
}

ClientHandle::~ClientHandle() { rd_kafka_destroy(handle_); }

base::Error ClientHandle::Unreachable(std::string_view what,
                                      std::chrono::milliseconds timeout) const {
  std::string context = "cannot " + std::string(what) + " at " + options_.bootstrap_servers +
                        " within " + std::to_string(timeout.count()) + " ms";
  if (auto worst = context_->errors.Worst()) {
    return KafkaError(worst->first, context, worst->second);
  }
  base::Error error = base::MakeError(base::ErrorCode::kUnavailable, context);
  error.message += ": no broker answered";
  return error;
}

base::Result<std::vector<TopicMetadata>> ClientHandle::FetchMetadata(
    const std::string& topic, std::chrono::milliseconds timeout) {
  std::unique_ptr<rd_kafka_topic_t, decltype(&rd_kafka_topic_destroy)> topic_handle(
      nullptr, &rd_kafka_topic_destroy);
  if (!topic.empty()) topic_handle.reset(rd_kafka_topic_new(handle_, topic.c_str(), nullptr));

  const auto deadline = Clock::now() + timeout;
  while (true) {
    const auto remaining =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    const auto step = std::clamp(remaining, std::chrono::milliseconds(1), kMetadataStep);
    const rd_kafka_metadata_t* metadata = nullptr;
    const rd_kafka_resp_err_t result =
        rd_kafka_metadata(handle_, topic.empty() ? 1 : 0, topic_handle.get(), &metadata,
                          static_cast<int>(step.count()));
    if (result == RD_KAFKA_RESP_ERR_NO_ERROR) {
      std::vector<TopicMetadata> topics;
      topics.reserve(metadata->topic_cnt);
      for (int i = 0; i < metadata->topic_cnt; ++i) {
        const rd_kafka_metadata_topic_t& entry = metadata->topics[i];
        topics.push_back({entry.topic, entry.partition_cnt, entry.err});
      }
      rd_kafka_metadata_destroy(metadata);
      return topics;
    }
    rd_kafka_poll(handle_, 0);  // serves OnError, which may explain the failure
    if (context_->errors.HasConfigurationError() || Clock::now() >= deadline) {
      return base::Fail(Unreachable("read Kafka metadata", timeout));
    }
    if (!IsWaitingError(result)) {
      return base::Fail(KafkaError(result, "cannot read Kafka metadata"));
    }
  }
}

}  // namespace db2kafka::kafka::detail
