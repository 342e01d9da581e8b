#include "config/task_config_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>

namespace db2kafka::config {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kMinimalTask = R"(
name: orders-to-kafka
source:
  host: db2.example.com
  database: SAMPLE
  user: db2inst1
  password: ${DB2_PASSWORD}
destination:
  topic: db2.sample
)";

EnvironmentLookup FakeEnvironment(std::map<std::string, std::string> variables) {
  return [variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
    auto found = variables.find(name);
    if (found == variables.end()) return std::nullopt;
    return found->second;
  };
}

const EnvironmentLookup kEnvironment = FakeEnvironment({{"DB2_PASSWORD", "pw-from-env"}});

ConfigIssues IssuesOf(std::string_view text, const EnvironmentLookup& environment = kEnvironment) {
  LoadResult result = ParseTaskConfig(text, environment);
  EXPECT_FALSE(result.has_value()) << "expected the task to be rejected";
  return result.has_value() ? ConfigIssues{} : result.error();
}

auto IssueAt(const std::string& path, const std::string& message_part) {
  return AllOf(Field(&ConfigIssue::path, path),
               Field(&ConfigIssue::message, HasSubstr(message_part)));
}

TEST(TaskConfigLoader, AppliesDeclaredDefaults) {
  LoadResult result = ParseTaskConfig(kMinimalTask, kEnvironment);
  ASSERT_TRUE(result.has_value()) << result.error()[0].ToString("task.yaml");
  const TaskConfig& task = *result;
  EXPECT_EQ(task.name, "orders-to-kafka");
  EXPECT_EQ(task.source.port, 50000);
  EXPECT_EQ(task.source.password, "pw-from-env");
  EXPECT_EQ(task.source.security_mechanism, "auto");
  EXPECT_EQ(task.source.capture_schema, "ASN");
  EXPECT_EQ(task.destination.bootstrap_servers, "127.0.0.1:9092");
  EXPECT_EQ(task.destination.security.protocol, "plaintext");
  EXPECT_EQ(task.destination.format, "dts_avro");
  EXPECT_EQ(task.destination.partition_policy, "table");
  EXPECT_EQ(task.destination.compression, "lz4");
  EXPECT_EQ(task.destination.acks, "all");
  EXPECT_EQ(task.destination.EffectiveDdlTopic(), "db2.sample");
  EXPECT_EQ(task.state_dir, "./db2kafka-state");
}

TEST(TaskConfigLoader, ReportsEveryProblemAtOnceWithPathAndLine) {
  const ConfigIssues issues = IssuesOf(R"(name: Bad Name
source:
  host: h
  port: 70000
  database: D
  user: u
  password: p
  tls: {enabled: maybe}
destination:
  topic: t
  acks: 2
  compresion: lz4
  security:
    protocol: sasl_ssl
)");
  EXPECT_THAT(issues, Contains(IssueAt("name", "lower-case letters")));
  EXPECT_THAT(issues, Contains(AllOf(IssueAt("source.port", "from 1 to 65535"),
                                     Field(&ConfigIssue::line, 4))));
  EXPECT_THAT(issues, Contains(IssueAt("source.tls.enabled", "true or false")));
  EXPECT_THAT(issues, Contains(AllOf(IssueAt("destination.acks", "one of 0, 1, all (got \"2\")"),
                                     Field(&ConfigIssue::line, 11))));
  EXPECT_THAT(issues, Contains(IssueAt("destination.compresion", "did you mean 'compression'")));
  EXPECT_THAT(issues,
              Contains(IssueAt("destination.security.user", "required for protocol sasl_ssl")));
  EXPECT_THAT(issues, Contains(IssueAt("destination.security.password", "required")));
  EXPECT_EQ(issues.size(), 7u);
}

TEST(TaskConfigLoader, ReportsMissingRequiredSettings) {
  const ConfigIssues issues = IssuesOf("source: {host: h}\n");
  EXPECT_THAT(issues, Contains(IssueAt("name", "is required")));
  EXPECT_THAT(issues, Contains(IssueAt("source.database", "is required")));
  EXPECT_THAT(issues, Contains(IssueAt("source.user", "is required")));
  EXPECT_THAT(issues, Contains(IssueAt("source.password", "password_file")));
  EXPECT_THAT(issues, Contains(IssueAt("destination.topic", "is required")));
}

TEST(TaskConfigLoader, UnsetEnvironmentVariableIsNamed) {
  const ConfigIssues issues = IssuesOf(kMinimalTask, FakeEnvironment({}));
  EXPECT_THAT(issues, Contains(IssueAt("source.password", "DB2_PASSWORD, which is not set")));
}

TEST(TaskConfigLoader, SecretValuesNeverAppearInIssues) {
  const ConfigIssues issues = IssuesOf(R"(
name: t
source: {host: h, database: d, user: u, password: hunter2-secret}
destination:
  topic: t
  security: {protocol: plaintext, password: other-secret-value}
)");
  ASSERT_FALSE(issues.empty());
  for (const ConfigIssue& issue : issues) {
    EXPECT_THAT(issue.ToString("f"), Not(HasSubstr("secret"))) << issue.ToString("f");
  }
  EXPECT_THAT(issues, Contains(IssueAt("destination.security.password", "sends no credentials")));
}

TEST(TaskConfigLoader, EnumsMatchWithoutCaseAndStoreTheDeclaredSpelling) {
  std::string text(kMinimalTask);
  text +=
      "  compression: ZSTD\n  security: {protocol: SASL_SSL, mechanism: scram-sha-512, user: "
      "u, password: p}\n";
  LoadResult result = ParseTaskConfig(text, kEnvironment);
  ASSERT_TRUE(result.has_value()) << result.error()[0].ToString("task.yaml");
  EXPECT_EQ(result->destination.compression, "zstd");
  EXPECT_EQ(result->destination.security.protocol, "sasl_ssl");
  EXPECT_EQ(result->destination.security.mechanism, "SCRAM-SHA-512");
}

TEST(TaskConfigLoader, ProducerPropertiesPassThrough) {
  std::string text(kMinimalTask);
  text += "  producer: {linger.ms: 50, batch.num.messages: \"20000\"}\n";
  LoadResult result = ParseTaskConfig(text, kEnvironment);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->destination.producer.at("linger.ms"), "50");
  EXPECT_EQ(result->destination.producer.at("batch.num.messages"), "20000");
}

TEST(TaskConfigLoader, RejectsMalformedInput) {
  EXPECT_THAT(IssuesOf("name: [unclosed\n"), Contains(IssueAt("", "not valid YAML")));
  EXPECT_THAT(IssuesOf("- a list\n"), Contains(IssueAt("", "must be a mapping")));
  EXPECT_THAT(IssuesOf(std::string(kMinimalTask) + "name: again\n"),
              Contains(IssueAt("name", "set twice")));
  EXPECT_THAT(IssuesOf(std::string(kMinimalTask) + "sync: {full: true}\n"),
              Contains(IssueAt("sync", "unknown setting")));
  EXPECT_THAT(IssuesOf(std::string(kMinimalTask) + "  bootstrap_servers: a:1,b\n"),
              Contains(IssueAt("destination.bootstrap_servers", "host:port")));
  EXPECT_THAT(IssuesOf(std::string(kMinimalTask) + "  bootstrap_servers: a:0\n"),
              Contains(IssueAt("destination.bootstrap_servers", "1 to 65535")));
  EXPECT_THAT(IssuesOf(std::string(kMinimalTask) + "  ddl_topic: has space\n"),
              Contains(IssueAt("destination.ddl_topic", "Kafka's rule")));
  EXPECT_THAT(IssuesOf(std::string(kMinimalTask) + "  format: avro_registry\n"),
              Contains(IssueAt("destination.schema_registry.url", "avro_registry")));
  EXPECT_THAT(
      IssuesOf(std::string(kMinimalTask) + "  security: {protocol: ssl, ca_file: /no/such}\n"),
      Contains(IssueAt("destination.security.ca_file", "cannot read /no/such")));
  EXPECT_THAT(IssuesOf(std::string(kMinimalTask) + "  producer: [a, b]\n"),
              Contains(IssueAt("destination.producer", "mapping")));
}

TEST(TaskConfigLoader, AcceptsJson) {
  LoadResult result = ParseTaskConfig(
      R"({"name": "j", "source": {"host": "h", "database": "D", "user": "u", "password": "p"},
          "destination": {"topic": "t", "acks": 1}})",
      kEnvironment);
  ASSERT_TRUE(result.has_value()) << result.error()[0].ToString("task.json");
  EXPECT_EQ(result->destination.acks, "1");
}

TEST(TaskConfigLoader, ReadsPasswordFileWithoutTrailingNewline) {
  const std::string path = testing::TempDir() + "/db2kafka_password_file";
  std::ofstream(path) << "file-password\n";
  LoadResult result =
      ParseTaskConfig("name: t\nsource: {host: h, database: d, user: u, password_file: " + path +
                          "}\ndestination: {topic: t}\n",
                      kEnvironment);
  ASSERT_TRUE(result.has_value()) << result.error()[0].ToString("task.yaml");
  EXPECT_EQ(result->source.password, "file-password");
  std::remove(path.c_str());
}

TEST(TaskConfigLoader, PasswordAndPasswordFileAreExclusive) {
  EXPECT_THAT(IssuesOf("name: t\nsource: {host: h, database: d, user: u, password: p, "
                       "password_file: /etc/hostname}\ndestination: {topic: t}\n"),
              Contains(IssueAt("source.password", "not both")));
}

TEST(SecretValues, CollectsPasswordsAndSecretLookingProducerProperties) {
  std::string text(kMinimalTask);
  text +=
      "  security: {protocol: sasl_plaintext, user: u, password: kafka-pw}\n"
      "  producer: {sasl.oauthbearer.client.secret: oauth-secret, linger.ms: 5}\n";
  LoadResult result = ParseTaskConfig(text, kEnvironment);
  ASSERT_TRUE(result.has_value()) << result.error()[0].ToString("task.yaml");
  const std::vector<std::string> secrets = SecretValues(*result);
  EXPECT_THAT(secrets, Contains("pw-from-env"));
  EXPECT_THAT(secrets, Contains("kafka-pw"));
  EXPECT_THAT(secrets, Contains("oauth-secret"));
  EXPECT_THAT(secrets, Not(Contains("5")));
}

}  // namespace
}  // namespace db2kafka::config
