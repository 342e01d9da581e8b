#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "runner/task_runner.h"

namespace db2kafka::runner {
namespace {

config::TaskConfig BaseTask() {
  config::TaskConfig task;
  task.name = "orders-to-kafka";
  task.state_dir = "/var/lib/db2kafka";
  task.source.host = "db2.example.com";
  task.source.port = 50000;
  task.source.database = "SAMPLE";
  task.source.user = "db2inst1";
  task.source.password = "secret";
  task.source.connect_timeout_ms = 10'000;
  task.source.capture_schema = "ASNCDC";
  task.destination.bootstrap_servers = "kafka1:9093";
  task.destination.security = {"sasl_ssl", "SCRAM-SHA-512", "db2kafka", "kafka-secret",
                               "/etc/ca.pem"};
  task.destination.topic = "db2.sample";
  task.destination.format = "canal_json";
  task.destination.partition_policy = "primary_key";
  task.destination.debezium = {"precise", true};
  task.destination.acks = "all";
  task.destination.compression = "zstd";
  task.destination.connect_timeout_ms = 10'000;
  task.sync = {true, true, false, ""};
  task.conflict_mode = "precheck_error";
  task.capitalization = "default";
  task.full = {4, 100'000, 0, 0};

  config::ObjectRule schema_rule;
  schema_rule.schema = "APP";
  schema_rule.tables = {"ORDERS", "CUST*"};
  schema_rule.exclude_tables = {"TMP_*"};
  task.objects.push_back(schema_rule);
  config::ObjectRule table_rule;
  table_rule.schema = "APP";
  table_rule.table = "ORDERS";
  table_rule.rename = "orders";
  table_rule.columns.exclude = {"SECRET"};
  table_rule.columns.rename = {{"AMT", "amount"}};
  table_rule.filter = "AMT > 0";
  table_rule.partition_key = {"REGION"};
  task.objects.push_back(table_rule);
  return task;
}

using Change = std::pair<const char*, std::function<void(config::TaskConfig&)>>;

TEST(TaskFingerprint, SameTaskSameFingerprint) {
  const std::string fingerprint = TaskFingerprint(BaseTask());
  EXPECT_EQ(fingerprint.size(), 16u);
  EXPECT_EQ(fingerprint.find_first_not_of("0123456789abcdef"), std::string::npos) << fingerprint;
  EXPECT_EQ(TaskFingerprint(BaseTask()), fingerprint);
  // A copy, and the same task built again, are the same task.
  const config::TaskConfig copy = BaseTask();
  EXPECT_EQ(TaskFingerprint(copy), fingerprint);
}

// What decides which rows go where and how the records look. Old checkpoints (which chunks are
// done, which topics hold which records, the chunk bounds themselves) would be wrong for a task
// changed here, so a changed fingerprint stops the resume.
TEST(TaskFingerprint, ChangesWithWhatTheCheckpointsDependOn) {
  const std::vector<Change> changes = {
      {"source.database", [](auto& t) { t.source.database = "OTHER"; }},
      {"objects: another table", [](auto& t) { t.objects[0].tables.push_back("INVOICES"); }},
      {"objects: a table no longer excluded", [](auto& t) { t.objects[0].exclude_tables.clear(); }},
      {"objects: a rule more", [](auto& t) { t.objects.push_back(t.objects[0]); }},
      {"objects: rules reordered (the first of a tie wins)",
       [](auto& t) { std::swap(t.objects[0], t.objects[1]); }},
      {"objects: table rename", [](auto& t) { t.objects[1].rename = "orders_v2"; }},
      {"objects: table rename removed", [](auto& t) { t.objects[1].rename.clear(); }},
      {"objects: column rename", [](auto& t) { t.objects[1].columns.rename["AMT"] = "total"; }},
      {"objects: filter", [](auto& t) { t.objects[1].filter = "AMT > 1"; }},
      {"objects: filter removed", [](auto& t) { t.objects[1].filter.clear(); }},
      {"objects: column exclude", [](auto& t) { t.objects[1].columns.exclude.push_back("NOTE"); }},
      {"objects: column no longer excluded", [](auto& t) { t.objects[1].columns.exclude.clear(); }},
      {"objects: topic", [](auto& t) { t.objects[1].topic = "orders-topic"; }},
      {"objects: operations", [](auto& t) { t.objects[1].operations = {"insert"}; }},
      {"objects: partition_key", [](auto& t) { t.objects[1].partition_key = {"ID"}; }},
      {"objects: a pattern moved from tables to exclude_tables",
       [](auto& t) {
         t.objects[0].tables = {"ORDERS"};
         t.objects[0].exclude_tables = {"TMP_*", "CUST*"};
       }},
      {"destination.format", [](auto& t) { t.destination.format = "debezium_json"; }},
      {"destination.partition_policy", [](auto& t) { t.destination.partition_policy = "table"; }},
      {"destination.topic", [](auto& t) { t.destination.topic = "db2.sample.v2"; }},
      {"destination.ddl_topic", [](auto& t) { t.destination.ddl_topic = "db2.ddl"; }},
      {"destination.debezium.decimal_handling",
       [](auto& t) { t.destination.debezium.decimal_handling = "string"; }},
      {"destination.debezium.tombstones_on_delete",
       [](auto& t) { t.destination.debezium.tombstones_on_delete = false; }},
      {"capitalization", [](auto& t) { t.capitalization = "upper"; }},
      {"full.chunk_rows", [](auto& t) { t.full.chunk_rows = 50'000; }},
  };
  const std::string base = TaskFingerprint(BaseTask());
  for (const auto& [what, change] : changes) {
    config::TaskConfig task = BaseTask();
    change(task);
    EXPECT_NE(TaskFingerprint(task), base) << what << " should make old checkpoints unusable";
  }
}

// Field boundaries are part of the fingerprint: moving text from one field to the next is a
// different task.
TEST(TaskFingerprint, ValuesDoNotRunIntoEachOther) {
  config::TaskConfig a = BaseTask();
  config::TaskConfig b = BaseTask();
  a.objects[1].columns.rename = {{"AB", "C"}};
  b.objects[1].columns.rename = {{"A", "BC"}};
  EXPECT_NE(TaskFingerprint(a), TaskFingerprint(b));

  a = BaseTask();
  b = BaseTask();
  a.objects[0].tables = {"ORDERS", "CUST*"};
  b.objects[0].tables = {"ORDERSCUST*"};
  EXPECT_NE(TaskFingerprint(a), TaskFingerprint(b));

  a = BaseTask();
  b = BaseTask();
  a.destination.topic = "ab";
  a.destination.ddl_topic = "";
  b.destination.topic = "a";
  b.destination.ddl_topic = "b";
  EXPECT_NE(TaskFingerprint(a), TaskFingerprint(b));
}

// How the task connects, how fast and how parallel it runs, and which phases it runs do not
// change which rows go to which topic and partition or how the records look: a checkpoint written
// before such a change is still true after it, so the task must resume rather than refuse. A
// rotated password, a slower throttle, another broker address, or turning the full phase off once
// it is done must never force a full resync.
TEST(TaskFingerprint, IgnoresWhatDoesNotChangeTheRecords) {
  const std::vector<Change> changes = {
      {"task name (the store is found by it already)", [](auto& t) { t.name = "renamed"; }},
      {"state_dir", [](auto& t) { t.state_dir = "/tmp/elsewhere"; }},
      {"source.password", [](auto& t) { t.source.password = "rotated"; }},
      {"source.password_file", [](auto& t) { t.source.password_file = "/run/secrets/db2"; }},
      {"source.user", [](auto& t) { t.source.user = "db2sync"; }},
      {"source.host", [](auto& t) { t.source.host = "db2-standby.example.com"; }},
      {"source.port", [](auto& t) { t.source.port = 50001; }},
      {"source.tls",
       [](auto& t) {
         t.source.tls = {true, "/etc/db2-ca.pem"};
       }},
      {"source.security_mechanism", [](auto& t) { t.source.security_mechanism = "eusridpwd"; }},
      {"source.connect_timeout_ms", [](auto& t) { t.source.connect_timeout_ms = 60'000; }},
      {"destination.bootstrap_servers",
       [](auto& t) { t.destination.bootstrap_servers = "kafka2:9093,kafka3:9093"; }},
      {"destination.security.password",
       [](auto& t) { t.destination.security.password = "rotated"; }},
      {"destination.security.ca_file",
       [](auto& t) { t.destination.security.ca_file = "/etc/new-ca.pem"; }},
      {"destination.schema_registry.password",
       [](auto& t) { t.destination.schema_registry.password = "rotated"; }},
      {"destination.connect_timeout_ms",
       [](auto& t) { t.destination.connect_timeout_ms = 60'000; }},
      {"destination.acks", [](auto& t) { t.destination.acks = "1"; }},
      {"destination.compression", [](auto& t) { t.destination.compression = "lz4"; }},
      {"destination.producer", [](auto& t) { t.destination.producer["linger.ms"] = "20"; }},
      {"destination.create_topics", [](auto& t) { t.destination.create_topics = false; }},
      {"full.parallelism", [](auto& t) { t.full.parallelism = 16; }},
      {"full.max_rows_per_second", [](auto& t) { t.full.max_rows_per_second = 5'000; }},
      {"full.max_bytes_per_second", [](auto& t) { t.full.max_bytes_per_second = 1'000'000; }},
      {"sync.schema", [](auto& t) { t.sync.schema = false; }},
      {"sync.full", [](auto& t) { t.sync.full = false; }},
      {"sync.incremental", [](auto& t) { t.sync.incremental = true; }},
      {"conflict_mode", [](auto& t) { t.conflict_mode = "ignore"; }},
  };
  const std::string base = TaskFingerprint(BaseTask());
  for (const auto& [what, change] : changes) {
    config::TaskConfig task = BaseTask();
    change(task);
    EXPECT_EQ(TaskFingerprint(task), base) << what << " must keep the checkpoints usable";
  }
}

}  // namespace
}  // namespace db2kafka::runner
