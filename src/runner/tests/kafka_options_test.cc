#include "runner/kafka_options.h"

#include <gtest/gtest.h>

#include "config/task_config_loader.h"

namespace db2kafka::runner {
namespace {

config::TaskConfig LoadTask(const std::string& destination_lines) {
  const std::string text =
      "name: t\nsource: {host: h, database: d, user: u, password: p}\ndestination:\n  topic: "
      "t\n" +
      destination_lines;
  auto task = config::ParseTaskConfig(text, config::ProcessEnvironment());
  EXPECT_TRUE(task.has_value()) << (task ? "" : task.error()[0].ToString("task"));
  return task.value_or(config::TaskConfig{});
}

TEST(KafkaOptions, MapsSecurityAndProducerSettings) {
  const config::TaskConfig task = LoadTask(
      "  bootstrap_servers: b1:9093,b2:9093\n"
      "  security: {protocol: sasl_ssl, mechanism: SCRAM-SHA-512, user: u, password: pw}\n"
      "  compression: zstd\n"
      "  connect_timeout_ms: 2500\n"
      "  producer: {linger.ms: 5}\n");
  const kafka::ProducerOptions options = ProducerOptionsFor(task.destination);
  EXPECT_EQ(options.client.bootstrap_servers, "b1:9093,b2:9093");
  EXPECT_EQ(options.client.security_protocol, "sasl_ssl");
  EXPECT_EQ(options.client.sasl_mechanism, "SCRAM-SHA-512");
  EXPECT_EQ(options.client.sasl_user, "u");
  EXPECT_EQ(options.client.sasl_password, "pw");
  EXPECT_EQ(options.client.connect_timeout, std::chrono::milliseconds(2500));
  EXPECT_EQ(options.client.extra_properties.at("linger.ms"), "5");
  EXPECT_EQ(options.compression, "zstd");
  EXPECT_EQ(options.acks, "all");
  EXPECT_TRUE(options.idempotence);
}

TEST(KafkaOptions, AcksOneTurnsIdempotenceOff) {
  const kafka::ProducerOptions options = ProducerOptionsFor(LoadTask("  acks: 1\n").destination);
  EXPECT_EQ(options.acks, "1");
  EXPECT_FALSE(options.idempotence);
}

}  // namespace
}  // namespace db2kafka::runner
