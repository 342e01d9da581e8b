#include "runner/kafka_options.h"

namespace db2kafka::runner {

kafka::ClientOptions ClientOptionsFor(const config::DestinationConfig& destination) {
  kafka::ClientOptions options;
  options.bootstrap_servers = destination.bootstrap_servers;
  options.security_protocol = destination.security.protocol;
  options.sasl_mechanism = destination.security.mechanism;
  options.sasl_user = destination.security.user;
  options.sasl_password = destination.security.password;
  options.ca_file = destination.security.ca_file;
  options.connect_timeout = std::chrono::milliseconds(destination.connect_timeout_ms);
  options.extra_properties = destination.producer;
  return options;
}

kafka::ProducerOptions ProducerOptionsFor(const config::DestinationConfig& destination) {
  kafka::ProducerOptions options;
  options.client = ClientOptionsFor(destination);
  options.compression = destination.compression;
  options.acks = destination.acks;
  // librdkafka refuses idempotence without acks=all; the task file documents the trade.
  options.idempotence = destination.acks == "all";
  return options;
}

}  // namespace db2kafka::runner
