#include "config/task_config_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>

namespace db2kafka::config {

// gtest prints issues readably when an expectation fails.
void PrintTo(const ConfigIssue& issue, std::ostream* out) { *out << issue.ToString("task.yaml"); }

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
  EXPECT_THAT(IssuesOf(std::string(kMinimalTask) + "alerts: {on_failure: true}\n"),
              Contains(IssueAt("alerts", "unknown setting")));
  EXPECT_THAT(IssuesOf(std::string(kMinimalTask) + "retry: {connection_minutes: 30, "
                                                   "other_minutes: 30}\n"),
              Contains(IssueAt("retry.other_minutes", "smaller than retry.connection_minutes")));
  EXPECT_THAT(IssuesOf(std::string(kMinimalTask) + "  producer: {message.timeout.ms: 3000}\n"),
              Contains(IssueAt("destination.producer.message.timeout.ms", "per-key order")));
  EXPECT_THAT(IssuesOf(std::string(kMinimalTask) + "retry: {connection_minutes: 5}\n"),
              Contains(IssueAt("retry.connection_minutes", "from 10 to 1440")));
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

TEST(TaskConfigLoader, LoadsTheSpecExample) {
  LoadResult result = LoadTaskConfigFile(
      std::string(DB2KAFKA_SOURCE_DIR) + "/src/config/tests/testdata/spec_example_task.yaml",
      kEnvironment);
  ASSERT_TRUE(result.has_value()) << result.error()[0].ToString("spec_example_task.yaml");
  const TaskConfig& task = *result;
  EXPECT_TRUE(task.sync.schema && task.sync.full && task.sync.incremental);
  EXPECT_EQ(task.conflict_mode, "precheck_error");
  EXPECT_EQ(task.capitalization, "default");
  EXPECT_EQ(task.full.parallelism, 4);
  EXPECT_EQ(task.full.chunk_rows, 100000);
  ASSERT_EQ(task.objects.size(), 2u);
  const ObjectRule& schema_rule = task.objects[0];
  EXPECT_EQ(schema_rule.schema, "APP");
  EXPECT_EQ(schema_rule.tables, (std::vector<std::string>{"ORDERS", "CUST*"}));
  EXPECT_EQ(schema_rule.exclude_tables, std::vector<std::string>{"TMP_*"});
  EXPECT_EQ(schema_rule.rename, "PROD");
  EXPECT_FALSE(schema_rule.IsTableRule());
  const ObjectRule& table_rule = task.objects[1];
  EXPECT_EQ(table_rule.table, "ORDERS");
  EXPECT_EQ(table_rule.rename, "ORDERS_V2");
  EXPECT_EQ(table_rule.topic, "db2.orders");
  EXPECT_EQ(table_rule.columns.exclude, std::vector<std::string>{"SECRET"});
  EXPECT_EQ(table_rule.columns.rename.at("QTY"), "QUANTITY");
  EXPECT_EQ(table_rule.filter, "STATUS <> 'X' AND ID > 100");
  EXPECT_EQ(table_rule.operations, (std::vector<std::string>{"insert", "update", "delete"}));
  EXPECT_EQ(table_rule.partition_key, std::vector<std::string>{"CUSTOMER_ID"});
  EXPECT_TRUE(CheckReadyToSync(task).empty());
}

TEST(TaskConfigLoader, NewSectionsHaveDeclaredDefaults) {
  LoadResult result = ParseTaskConfig(kMinimalTask, kEnvironment);
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->sync.schema && result->sync.full && result->sync.incremental);
  EXPECT_TRUE(result->sync.start_from.empty());
  EXPECT_EQ(result->conflict_mode, "precheck_error");
  EXPECT_EQ(result->capitalization, "default");
  EXPECT_EQ(result->full.parallelism, 4);
  EXPECT_EQ(result->full.chunk_rows, 100000);
  EXPECT_EQ(result->full.max_rows_per_second, 0);
  EXPECT_EQ(result->full.max_bytes_per_second, 0);
  // Without objects a task can still be checked, but not synced.
  EXPECT_TRUE(result->objects.empty());
  EXPECT_THAT(CheckReadyToSync(*result), Contains(IssueAt("objects", "is required to sync")));
}

TEST(TaskConfigLoader, ChecksSyncFullAndModes) {
  const ConfigIssues issues = IssuesOf(std::string(kMinimalTask) + R"(sync:
  schema: false
  full: false
  incremental: false
  start_from: "2024-01-01T00:00:00Z"
conflict_mode: overwrite
capitalization: UPPER
full: {parallelism: 65, chunk_rows: 999, max_rows_per_second: -1}
objects: [{schema: APP}]
)");
  EXPECT_THAT(issues, Contains(IssueAt("sync", "every phase off")));
  EXPECT_THAT(issues, Contains(IssueAt("sync.start_from", "incremental is false")));
  EXPECT_THAT(issues, Contains(IssueAt("conflict_mode", "precheck_error, clear_destination")));
  EXPECT_THAT(issues, Contains(IssueAt("full.parallelism", "from 1 to 64")));
  EXPECT_THAT(issues, Contains(IssueAt("full.chunk_rows", "from 1000 to 10000000")));
  EXPECT_THAT(issues, Contains(IssueAt("full.max_rows_per_second", "from 0")));
  EXPECT_EQ(issues.size(), 6u);  // capitalization: UPPER is fine (enums ignore case)
}

TEST(TaskConfigLoader, HeartbeatTableIsSchemaDotTable) {
  for (const char* bad : {"HEARTBEAT", ".HEARTBEAT", "DB2KAFKA.", "A.B.C", "\"A\".B", "A .B"}) {
    const ConfigIssues issues =
        IssuesOf(std::string(kMinimalTask) + "incremental: {heartbeat_table: '" + bad +
                 "'}\nobjects: [{schema: APP}]\n");
    EXPECT_THAT(issues, Contains(IssueAt("incremental.heartbeat_table", "SCHEMA.TABLE"))) << bad;
  }
  LoadResult task = ParseTaskConfig(
      std::string(kMinimalTask) +
          "incremental: {heartbeat_table: DB2KAFKA.HEARTBEAT}\nobjects: [{schema: APP}]\n",
      kEnvironment);
  ASSERT_TRUE(task.has_value()) << task.error()[0].ToString("task.yaml");
  EXPECT_EQ(task->incremental.heartbeat_table, "DB2KAFKA.HEARTBEAT");
}

TEST(TaskConfigLoader, ReportsEveryObjectsProblemWithItsPath) {
  const ConfigIssues issues = IssuesOf(std::string(kMinimalTask) + R"(objects:
  - schema: APP
    tables: [ORDERS, ORDERS]
    filter: "ID > 1"
    rename: PROD
  - schema: APP
    table: ORDERS
    tables: [X]
    topic: "bad topic"
    operations: [insert, truncate]
    columns: {exclude: [SECRET], rename: {SECRET: S2, A: X, B: X}, drop: [Y]}
    partition_key: [SECRET]
  - tables: [T]
  - schema: APP
    table: ORDERS
  - schema: APP
    rename: OTHER
  - schema: "A*"
    operations: []
  - just-a-name
)");
  EXPECT_THAT(issues, Contains(AllOf(IssueAt("objects[0].tables[1]", "twice"),
                                     Field(&ConfigIssue::line, 12))));
  EXPECT_THAT(issues, Contains(IssueAt("objects[0].filter", "only for a rule with table:")));
  EXPECT_THAT(issues, Contains(IssueAt("objects[1].tables", "is for schema rules")));
  EXPECT_THAT(issues, Contains(IssueAt("objects[1].topic", "Kafka's rule")));
  EXPECT_THAT(issues, Contains(IssueAt("objects[1].operations[1]", "one of insert, update")));
  EXPECT_THAT(issues, Contains(IssueAt("objects[1].columns.drop", "known here: exclude, rename")));
  EXPECT_THAT(issues,
              Contains(IssueAt("objects[1].columns.rename.SECRET", "columns.exclude drops")));
  EXPECT_THAT(issues, Contains(IssueAt("objects[1].columns.rename.B", "already given to A")));
  EXPECT_THAT(issues, Contains(IssueAt("objects[1].partition_key[0]", "excluded")));
  EXPECT_THAT(issues, Contains(AllOf(IssueAt("objects[2].schema", "is required"),
                                     Field(&ConfigIssue::line, 22))));
  EXPECT_THAT(issues, Contains(IssueAt("objects[3].table", "already has a rule, objects[1]")));
  EXPECT_THAT(issues, Contains(IssueAt("objects[4].rename", "already renamed to PROD")));
  EXPECT_THAT(issues, Contains(IssueAt("objects[5].schema", "one schema name")));
  EXPECT_THAT(issues, Contains(IssueAt("objects[5].operations", "at least one")));
  EXPECT_THAT(issues, Contains(IssueAt("objects[6]", "must be a mapping")));
  EXPECT_EQ(issues.size(), 15u);
}

TEST(TaskConfigLoader, ObjectsMustBeANonEmptyListOfRules) {
  EXPECT_THAT(IssuesOf(std::string(kMinimalTask) + "objects: []\n"),
              Contains(IssueAt("objects", "at least one rule")));
  EXPECT_THAT(IssuesOf(std::string(kMinimalTask) + "objects:\n"),
              Contains(IssueAt("objects", "at least one rule")));
  EXPECT_THAT(IssuesOf(std::string(kMinimalTask) + "objects: {schema: APP}\n"),
              Contains(IssueAt("objects", "must be a list of rules")));
  EXPECT_THAT(IssuesOf(std::string(kMinimalTask) + "objects: [{schema: APP, tables: T}]\n"),
              Contains(IssueAt("objects[0].tables", "must be a list of names")));
}

TEST(TaskConfigLoader, ObjectsAcceptJsonAndEnvironment) {
  LoadResult result = ParseTaskConfig(
      R"({"name": "j", "source": {"host": "h", "database": "D", "user": "u", "password": "p"},
          "destination": {"topic": "t"},
          "objects": [{"schema": "${DB2_PASSWORD}", "operations": ["INSERT"]}]})",
      kEnvironment);
  ASSERT_TRUE(result.has_value()) << result.error()[0].ToString("task.json");
  EXPECT_EQ(result->objects[0].schema, "pw-from-env");
  EXPECT_EQ(result->objects[0].operations, std::vector<std::string>{"insert"});
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
