// `db2kafka run` with incremental sync, end to end: Derby tables registered with the capture
// stand-in (scripts/capture), a random workload of multi-table transactions while the full phase
// runs and after it, then a check that the table rebuilt from Kafka equals the source, per key in
// commit order (tests/e2e/tools/rebuild_topic.py, which shares no code with db2kafka, against
// Derby's own JDBC client's reading of the source).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "base/tests/test_env.h"
#include "drda/cursor.h"
#include "kafka/tests/kafka_test_env.h"
#include "model/change_event.h"
#include "store/task_store.h"
#include "tests/e2e/full_sync_harness.h"

namespace db2kafka::e2e {
namespace {

using base::testing::RequireTestEnv;

// How a test registers its tables with the capture stand-in.
struct CaptureSetup {
  std::string name;            // test suffix and schema prefix
  std::string capture_schema;  // ASN (16-byte sequences) or ASNCDC (10-byte)
  std::string register_options;
};

// A random workload over two tables: transactions of 1-4 changes over both tables, inserts,
// updates (some change the key), deletes; committed one by one.
class Workload {
 public:
  Workload(std::string schema, uint32_t seed) : schema_(std::move(schema)), random_(seed) {}

  void Seed(drda::Connection& connection, int rows) {
    std::vector<std::string> orders;
    std::vector<std::string> items;
    for (int id = 1; id <= rows; ++id) {
      orders.push_back(std::to_string(id) + ", 'order " + std::to_string(id) + "', " +
                       std::to_string(id % 50) + ", " + std::to_string(id) + ".25");
      items.push_back(std::to_string(id) + ", 1, 'item " + std::to_string(id) + "'");
      order_ids_.push_back(id);
      item_ids_.push_back(id);
    }
    next_id_ = rows + 1;
    InsertRows(connection, schema_ + ".ORDERS", orders);
    InsertRows(connection, schema_ + ".ITEMS", items);
  }

  // One transaction; returns false (and fails the test) on an error.
  bool RunTransaction(drda::Connection& connection) {
    const int changes = 1 + static_cast<int>(random_() % 4);
    for (int i = 0; i < changes; ++i) {
      const bool orders = random_() % 2 == 0;
      std::vector<int>& ids = orders ? order_ids_ : item_ids_;
      const std::string table = schema_ + (orders ? ".ORDERS" : ".ITEMS");
      const int choice = static_cast<int>(random_() % 10);
      std::string sql;
      if (choice < 3 || ids.size() < 10) {
        const int id = next_id_++;
        sql = orders ? "INSERT INTO " + table + " VALUES (" + std::to_string(id) + ", 'new " +
                           std::to_string(id) + "', 7, 1.50)"
                     : "INSERT INTO " + table + " VALUES (" + std::to_string(id) + ", 2, 'new')";
        ids.push_back(id);
      } else {
        const size_t index = random_() % ids.size();
        const int id = ids[index];
        if (choice < 7) {
          sql = orders ? "UPDATE " + table + " SET QTY = QTY + 1, NAME = 'upd " +
                             std::to_string(++updates_) + "' WHERE ID = " + std::to_string(id)
                       : "UPDATE " + table +
                             " SET VERSION = VERSION + 1 WHERE ID = " + std::to_string(id);
        } else if (choice < 8) {
          const int moved = next_id_++;
          sql = "UPDATE " + table + " SET ID = " + std::to_string(moved) +
                " WHERE ID = " + std::to_string(id);
          ids[index] = moved;
        } else {
          sql = "DELETE FROM " + table + " WHERE ID = " + std::to_string(id);
          ids.erase(ids.begin() + static_cast<std::ptrdiff_t>(index));
        }
      }
      auto done = connection.ExecuteImmediate(sql);
      EXPECT_TRUE(done) << sql << ": " << done.error().ToString();
      if (!done) return false;
    }
    const base::Status committed = connection.Commit();
    EXPECT_TRUE(committed);
    return static_cast<bool>(committed);
  }

 private:
  std::string schema_;
  std::mt19937 random_;
  std::vector<int> order_ids_;
  std::vector<int> item_ids_;
  int next_id_ = 1;
  int updates_ = 0;
};

// The capture schema's highest synchpoint, as the reader sees it.
model::Position Synchpoint(drda::Connection& connection, const std::string& capture_schema) {
  auto cursor =
      connection.OpenQuery("SELECT MAX(SYNCHPOINT) FROM " + capture_schema + ".IBMSNAP_REGISTER");
  EXPECT_TRUE(cursor) << cursor.error().ToString();
  if (!cursor) return {};
  auto row = (*cursor)->Next();
  EXPECT_TRUE(row && *row);
  model::Position position;
  if (row && *row && !(*cursor)->row()[0].null) {
    const auto bytes = (*cursor)->row()[0].bytes;
    position.commit_sequence.assign(bytes.begin(), bytes.end());
  }
  (void)(*cursor)->Close();
  (void)connection.Rollback();
  return position;
}

// Waits until the task has committed a position at or past `target`.
bool WaitForPosition(const std::string& task_name, const model::Position& target, int seconds) {
  for (int waited = 0; waited < seconds * 5; ++waited) {
    auto status = store::TaskStore::ReadStatus(StateDir(task_name), task_name);
    if (status && status->position && !(*status->position < target)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
}

struct Rebuild {
  int exit_code = -1;
  std::string output;
  nlohmann::json report;
};

Rebuild RebuildTopic(const std::string& topic, const std::string& table,
                     const std::string& expected, const std::string& key_columns) {
  const std::string report_path = ::testing::TempDir() + "/rebuild-" + table + ".json";
  std::filesystem::remove(report_path);
  const std::string command = base::testing::RequireCheckerPython() + " " + DB2KAFKA_SOURCE_DIR +
                              "/tests/e2e/tools/rebuild_topic.py --bootstrap " +
                              RequireTestEnv("KAFKA_BOOTSTRAP") + " --topic " + topic +
                              " --table " + table + " --expected " + expected + " --key-columns " +
                              key_columns + " --report-json " + report_path;
  const CommandResult result = RunCommand(command);
  Rebuild rebuild{result.exit_code, command + "\n" + result.output, {}};
  std::ifstream report(report_path);
  if (report) rebuild.report = nlohmann::json::parse(report, nullptr, false);
  return rebuild;
}

class IncrementalE2e : public ::testing::TestWithParam<CaptureSetup> {};

TEST_P(IncrementalE2e, WorkloadDuringAndAfterTheFullPhaseRebuildsTheSource) {
  const CaptureSetup& setup = GetParam();
  const std::string schema = "INC_" + setup.name;
  auto connection = ConnectToDerby();
  ASSERT_NE(connection, nullptr);
  for (const char* table : {"ORDERS", "ITEMS"}) {
    RunCommand(std::string(DB2KAFKA_SOURCE_DIR) + "/scripts/capture deregister " + schema + " " +
               table + " --capture-schema " + setup.capture_schema);
    DropTableIfExists(*connection, schema + "." + table);
  }
  ExecuteAll(*connection,
             {"CREATE TABLE " + schema +
                  ".ORDERS (ID INT NOT NULL PRIMARY KEY, NAME VARCHAR(40), QTY INT, "
                  "PRICE DECIMAL(9,2))",
              "CREATE TABLE " + schema +
                  ".ITEMS (ID INT NOT NULL PRIMARY KEY, VERSION INT NOT NULL, LABEL VARCHAR(20))"});
  Workload workload(schema, 20261207);
  workload.Seed(*connection, 5000);
  for (const char* table : {"ORDERS", "ITEMS"}) {
    const CommandResult registered = RunCommand(
        std::string(DB2KAFKA_SOURCE_DIR) + "/scripts/capture register " + schema + " " + table +
        " --capture-schema " + setup.capture_schema + " " + setup.register_options);
    ASSERT_EQ(registered.exit_code, 0) << registered.output;
  }

  const std::string topic = kafka::testing::UniqueTopic("inc-" + setup.name);
  const std::string task_name = "inc-" + Lower(setup.name);
  const std::string task = WriteTaskFile(
      task_name, "  topic: " + topic + "\n  format: dts_avro\n  partition_policy: table\n",
      "objects:\n  - schema: " + schema +
          "\nfull: {chunk_rows: 1000, parallelism: 2}\nincremental: {poll_interval_ms: 100, "
          "max_window_rows: 50}\n",
      "  capture_schema: " + setup.capture_schema + "\n");

  const std::string log = ::testing::TempDir() + "/" + task_name + ".log";
  BackgroundRun run(task, log);
  ASSERT_TRUE(run.started());
  // Changes while the full phase reads, and after it.
  for (int transaction = 0; transaction < 400; ++transaction) {
    ASSERT_TRUE(workload.RunTransaction(*connection));
    if (transaction % 50 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_FALSE(run.Finished()) << RunCommand("cat " + log).output;
  }
  // Capture's next cycles cover the last commit; then the task must get there.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const model::Position target = Synchpoint(*connection, setup.capture_schema);
  ASSERT_FALSE(target.empty());
  ASSERT_TRUE(WaitForPosition(task_name, target, 120)) << RunCommand("cat " + log).output;
  const int stopped = run.StopWith(SIGINT, 60);
  ASSERT_TRUE(WIFEXITED(stopped)) << RunCommand("cat " + log).output;
  EXPECT_EQ(WEXITSTATUS(stopped), 1) << "a stopped run exits 1\n"
                                     << RunCommand("cat " + log).output;

  for (const char* table : {"ORDERS", "ITEMS"}) {
    const std::string expected =
        DumpWithJdbc("SELECT * FROM " + schema + "." + table, task_name + "-" + table + ".jsonl");
    const Rebuild rebuild = RebuildTopic(topic, Lower(schema + "." + table), expected, "ID");
    EXPECT_EQ(rebuild.exit_code, 0) << rebuild.output;
    EXPECT_GT(rebuild.report.value("updates", 0), 0) << rebuild.output;
    EXPECT_GT(rebuild.report.value("deletes", 0), 0) << rebuild.output;
  }
}

INSTANTIATE_TEST_SUITE_P(
    CaptureStyles, IncrementalE2e,
    ::testing::Values(CaptureSetup{"DELINS16", "ASN", ""},
                      CaptureSetup{"UPD10", "ASNCDC",
                                   "--seq-width 10 --update-style update --before-image"}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace db2kafka::e2e
