// `db2kafka run` with incremental sync, end to end: Derby tables registered with the capture
// stand-in (scripts/capture), a random workload of multi-table transactions while the full phase
// runs and after it, then a check that the table rebuilt from Kafka equals the source, per key in
// commit order (tests/e2e/tools/rebuild_topic.py, which shares no code with db2kafka, against
// Derby's own JDBC client's reading of the source).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <thread>

#include "base/clock.h"
#include "base/hex.h"
#include "base/tests/test_env.h"
#include "drda/cursor.h"
#include "kafka/tests/kafka_test_env.h"
#include "model/change_event.h"
#include "store/task_store.h"
#include "tests/e2e/full_sync_harness.h"
#include "tests/e2e/tcp_proxy.h"

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

// Runs a workload's transactions on a connection of its own, one every `pause`, until stopped;
// stopped on every way out of a test, a failed assertion too.
class BackgroundWorkload {
 public:
  BackgroundWorkload(Workload& workload, std::chrono::milliseconds pause)
      : thread_([this, &workload, pause] {
          auto connection = ConnectToDerby();
          ASSERT_NE(connection, nullptr);
          while (!stop_.load()) {
            if (!workload.RunTransaction(*connection)) return;
            ++transactions_;
            std::this_thread::sleep_for(pause);
          }
        }) {}
  ~BackgroundWorkload() { Stop(); }
  BackgroundWorkload(const BackgroundWorkload&) = delete;
  BackgroundWorkload& operator=(const BackgroundWorkload&) = delete;

  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  int transactions() const { return transactions_.load(); }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> transactions_{0};
  std::thread thread_;
};

// The single sequence a query selects (a MAX), as a position without an intent sequence.
model::Position SelectSequence(drda::Connection& connection, const std::string& sql) {
  auto cursor = connection.OpenQuery(sql);
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

// The commit sequence of the last change Capture wrote for the tables (CD tables named as the
// stand-in names them): where a task that read everything stands.
model::Position LastCapturedChange(drda::Connection& connection, const std::string& capture_schema,
                                   const std::string& schema,
                                   const std::vector<std::string>& tables) {
  model::Position last;
  for (const std::string& table : tables) {
    const model::Position position =
        SelectSequence(connection, "SELECT MAX(IBMSNAP_COMMITSEQ) FROM " + capture_schema +
                                       ".CDC_" + schema + "_" + table);
    if (last < position) last = position;
  }
  return last;
}

std::string CaptureCommand(const std::string& arguments) {
  return std::string(DB2KAFKA_SOURCE_DIR) + "/scripts/capture " + arguments;
}

// Waits until the task's store says it is in `phase`.
bool WaitForPhase(const std::string& task_name, store::TaskPhase phase, int seconds) {
  for (int waited = 0; waited < seconds * 5; ++waited) {
    auto status = store::TaskStore::ReadStatus(StateDir(task_name), task_name);
    if (status && status->phase == phase) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
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

// The workload's two tables in `schema`, made afresh, seeded with `rows` rows each and registered.
void PrepareWorkloadTables(drda::Connection& connection, const std::string& schema,
                           const CaptureSetup& setup, Workload& workload, int rows) {
  for (const char* table : {"ORDERS", "ITEMS"}) {
    RunCommand(CaptureCommand("deregister " + schema + " " + table + " --capture-schema " +
                              setup.capture_schema));
    DropTableIfExists(connection, schema + "." + table);
  }
  ExecuteAll(connection,
             {"CREATE TABLE " + schema +
                  ".ORDERS (ID INT NOT NULL PRIMARY KEY, NAME VARCHAR(40), QTY INT, "
                  "PRICE DECIMAL(9,2))",
              "CREATE TABLE " + schema +
                  ".ITEMS (ID INT NOT NULL PRIMARY KEY, VERSION INT NOT NULL, LABEL VARCHAR(20))"});
  workload.Seed(connection, rows);
  for (const char* table : {"ORDERS", "ITEMS"}) {
    const CommandResult registered =
        RunCommand(CaptureCommand("register " + schema + " " + table + " --capture-schema " +
                                  setup.capture_schema + " " + setup.register_options));
    ASSERT_EQ(registered.exit_code, 0) << registered.output;
  }
}

// What rebuilding the workload's tables from Kafka found, summed over both.
struct WorkloadCheck {
  int64_t updates = 0;
  int64_t deletes = 0;
  int64_t duplicates = 0;
  std::string log;  // the stopped run's output
};

// Once the workload has stopped: waits until the task has every change Capture wrote for the
// workload's tables, stops it at a checkpoint (exit 1), and rebuilds both tables from Kafka, each
// of which must equal Derby's JDBC reading with every key's changes in commit order.
void CatchUpStopAndRebuild(BackgroundRun& run, drda::Connection& connection,
                           const std::string& capture_schema, const std::string& schema,
                           const std::string& task_name, const std::string& topic,
                           const std::string& log, WorkloadCheck& check) {
  std::this_thread::sleep_for(std::chrono::seconds(2));  // the capture cycles of the last commits
  const model::Position target =
      LastCapturedChange(connection, capture_schema, schema, {"ORDERS", "ITEMS"});
  ASSERT_FALSE(target.empty());
  ASSERT_TRUE(WaitForPosition(task_name, target, 180)) << RunCommand("cat " + log).output;
  const int stopped = run.StopWith(SIGINT, 60);
  check.log = RunCommand("cat " + log).output;
  ASSERT_TRUE(WIFEXITED(stopped) && WEXITSTATUS(stopped) == 1) << "a stopped run exits 1\n"
                                                               << check.log;
  for (const char* table : {"ORDERS", "ITEMS"}) {
    const std::string expected =
        DumpWithJdbc("SELECT * FROM " + schema + "." + table, task_name + "-" + table + ".jsonl");
    const Rebuild rebuild = RebuildTopic(topic, Lower(schema + "." + table), expected, "ID");
    EXPECT_EQ(rebuild.exit_code, 0) << rebuild.output;
    check.updates += rebuild.report.value("updates", int64_t{0});
    check.deletes += rebuild.report.value("deletes", int64_t{0});
    check.duplicates += rebuild.report.value("duplicates", int64_t{0});
  }
}

class IncrementalE2e : public ::testing::TestWithParam<CaptureSetup> {};

TEST_P(IncrementalE2e, WorkloadDuringAndAfterTheFullPhaseRebuildsTheSource) {
  const CaptureSetup& setup = GetParam();
  const std::string schema = "INC_" + setup.name;
  auto connection = ConnectToDerby();
  ASSERT_NE(connection, nullptr);
  Workload workload(schema, 20261207);
  ASSERT_NO_FATAL_FAILURE(PrepareWorkloadTables(*connection, schema, setup, workload, 5000));

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
  WorkloadCheck check;
  ASSERT_NO_FATAL_FAILURE(CatchUpStopAndRebuild(run, *connection, setup.capture_schema, schema,
                                                task_name, topic, log, check));
  EXPECT_GT(check.updates, 0);
  EXPECT_GT(check.deletes, 0);
}

// kill -9 at random moments, 20 times, while a workload commits multi-table transactions: the
// tables rebuilt from Kafka still equal the source. What came twice is counted by the checker and
// by db2kafka (duplicates_resent, from the position it records before sending); Kafka can hold
// no more duplicates than db2kafka sent again.
TEST(IncrementalKill, TwentyKillsLoseNoChangeAndCountTheDuplicates) {
  const std::string schema = "INC_KILL";
  const CaptureSetup setup{"KILL", "ASN", ""};
  auto connection = ConnectToDerby();
  ASSERT_NE(connection, nullptr);
  Workload workload(schema, 7);
  ASSERT_NO_FATAL_FAILURE(PrepareWorkloadTables(*connection, schema, setup, workload, 500));

  const std::string topic = kafka::testing::UniqueTopic("inc-kill");
  const std::string task_name = "inc-kill";
  const std::string task = WriteTaskFile(
      task_name, "  topic: " + topic + "\n  format: dts_avro\n  partition_policy: table\n",
      "objects:\n  - schema: " + schema +
          "\nfull: {chunk_rows: 1000}\nincremental: {poll_interval_ms: 50, max_window_rows: 20}\n",
      "  capture_schema: " + setup.capture_schema + "\n");

  BackgroundWorkload writer(workload, std::chrono::milliseconds(5));
  std::mt19937 random(20261207);
  int kills_while_incremental = 0;
  std::string log;
  for (int kill = 0; kill < 20; ++kill) {
    log = ::testing::TempDir() + "/" + task_name + "-" + std::to_string(kill) + ".log";
    BackgroundRun run(task, log);
    ASSERT_TRUE(run.started());
    std::this_thread::sleep_for(std::chrono::milliseconds(500 + random() % 2000));
    ASSERT_FALSE(run.Finished()) << RunCommand("cat " + log).output;
    run.KillNine();
    const auto status = store::TaskStore::ReadStatus(StateDir(task_name), task_name);
    if (status && status->phase == store::TaskPhase::kIncremental) ++kills_while_incremental;
  }
  writer.Stop();

  log = ::testing::TempDir() + "/" + task_name + "-last.log";
  BackgroundRun last(task, log);
  ASSERT_TRUE(last.started());
  WorkloadCheck check;
  ASSERT_NO_FATAL_FAILURE(CatchUpStopAndRebuild(last, *connection, setup.capture_schema, schema,
                                                task_name, topic, log, check));
  const int64_t duplicates_in_kafka = check.duplicates;
  const auto status = store::TaskStore::ReadStatus(StateDir(task_name), task_name);
  ASSERT_TRUE(status);
  const int64_t resent = status->counters.count("duplicates_resent") > 0
                             ? status->counters.at("duplicates_resent")
                             : 0;
  std::printf(
      "%d transactions, 20 kills (%d in the incremental phase): %lld duplicate changes "
      "in Kafka, %lld resent by db2kafka (incremental and full phase)\n",
      writer.transactions(), kills_while_incremental, static_cast<long long>(duplicates_in_kafka),
      static_cast<long long>(resent));
  RecordProperty("duplicates_in_kafka", std::to_string(duplicates_in_kafka));
  RecordProperty("duplicates_resent", std::to_string(resent));
  EXPECT_GT(writer.transactions(), 100);
  EXPECT_GE(kills_while_incremental, 10);
  EXPECT_LE(duplicates_in_kafka, resent);
}

// An idle source with a heartbeat table: the task creates the table; once it is registered, the
// commit time of the last change the task has read keeps up with the clock though no synced table
// changes, and `db2kafka status` shows the latency. Nothing of the heartbeat reaches Kafka.
TEST(IncrementalHeartbeat, KeepsLatencyCurrentOnAnIdleSource) {
  const std::string schema = "INC_HB";
  const std::string heartbeat = "INC_HB_BEAT.HEARTBEAT";
  auto connection = ConnectToDerby();
  ASSERT_NE(connection, nullptr);
  RunCommand(CaptureCommand("deregister " + schema + " T"));
  RunCommand(CaptureCommand("deregister INC_HB_BEAT HEARTBEAT"));
  DropTableIfExists(*connection, schema + ".T");
  DropTableIfExists(*connection, heartbeat);
  ExecuteAll(*connection, {"CREATE TABLE " + schema + ".T (ID INT NOT NULL PRIMARY KEY, V INT)",
                           "INSERT INTO " + schema + ".T VALUES (1, 1)"});
  const CommandResult registered = RunCommand(CaptureCommand("register " + schema + " T"));
  ASSERT_EQ(registered.exit_code, 0) << registered.output;

  const std::string topic = kafka::testing::UniqueTopic("inc-hb");
  const std::string task_name = "inc-hb";
  const std::string task = WriteTaskFile(
      task_name, "  topic: " + topic + "\n  format: dts_avro\n",
      "objects:\n  - schema: " + schema +
          "\nincremental: {poll_interval_ms: 100, heartbeat_table: " + heartbeat + "}\n");
  const std::string log = ::testing::TempDir() + "/" + task_name + ".log";
  BackgroundRun run(task, log);
  ASSERT_TRUE(run.started());
  bool created = false;
  for (int waited = 0; waited < 300 && !created; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto cursor = connection->OpenQuery("SELECT BEATS FROM " + heartbeat);
    created = static_cast<bool>(cursor);
    if (cursor) (void)(*cursor)->Close();
    (void)connection->Rollback();
  }
  ASSERT_TRUE(created) << RunCommand("cat " + log).output;
  const int64_t records_at_start = CountRecords(topic);
  const CommandResult beats_registered =
      RunCommand(CaptureCommand("register INC_HB_BEAT HEARTBEAT"));
  ASSERT_EQ(beats_registered.exit_code, 0) << beats_registered.output;

  const auto latency_seconds = [&](int64_t* commit_time_us) {
    const auto status = store::TaskStore::ReadStatus(StateDir(task_name), task_name);
    *commit_time_us = status ? status->last_commit_time_us : 0;
    if (*commit_time_us == 0) return 1e9;
    return static_cast<double>(base::SystemClock::Instance().NowMicros() - *commit_time_us) / 1e6;
  };
  int64_t first_time_us = 0;
  double latency = 1e9;
  for (int waited = 0; waited < 150 && latency > 5.0; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    latency = latency_seconds(&first_time_us);
  }
  ASSERT_LE(latency, 5.0) << RunCommand("cat " + log).output;
  std::this_thread::sleep_for(std::chrono::seconds(4));
  int64_t later_time_us = 0;
  EXPECT_LE(latency_seconds(&later_time_us), 5.0) << RunCommand("cat " + log).output;
  EXPECT_GE(later_time_us - first_time_us, 2'000'000) << "the beats keep coming";

  const CommandResult status = RunDb2kafka("status -c " + task);
  EXPECT_EQ(status.exit_code, 0) << status.output;
  EXPECT_NE(status.output.find("latency:"), std::string::npos) << status.output;
  const int stopped = run.StopWith(SIGINT, 60);
  EXPECT_TRUE(WIFEXITED(stopped) && WEXITSTATUS(stopped) == 1) << RunCommand("cat " + log).output;
  EXPECT_EQ(CountRecords(topic), records_at_start) << "heartbeats are never sent";
  EXPECT_NE(
      RunCommand("cat " + log).output.find("created the heartbeat table INC_HB_BEAT.HEARTBEAT"),
      std::string::npos);
}

// The source connection cut twice while a workload commits, each time refused for a few seconds
// as a restarting server would: the task retries (retry.connection_minutes), resumes from its
// committed position and loses nothing.
TEST(IncrementalRetry, SourceConnectionCutsAreRetriedWithoutLoss) {
  const std::string schema = "INC_CUT";
  const CaptureSetup setup{"CUT", "ASN", ""};
  auto connection = ConnectToDerby();
  ASSERT_NE(connection, nullptr);
  Workload workload(schema, 11);
  ASSERT_NO_FATAL_FAILURE(PrepareWorkloadTables(*connection, schema, setup, workload, 300));

  TcpProxy proxy(RequireTestEnv("DERBY_HOST"),
                 static_cast<uint16_t>(std::stoi(RequireTestEnv("DERBY_PORT"))));
  const std::string topic = kafka::testing::UniqueTopic("inc-cut");
  const std::string task_name = "inc-cut";
  const std::string task = WriteTaskFile(
      task_name, "  topic: " + topic + "\n  format: dts_avro\n  partition_policy: table\n",
      "objects:\n  - schema: " + schema +
          "\nincremental: {poll_interval_ms: 50, max_window_rows: 50}\n");
  {
    // Through the proxy instead of straight to Derby.
    std::ifstream in(task);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string direct = "\n  port: " + RequireTestEnv("DERBY_PORT") + "\n";
    const size_t at = text.find(direct);
    ASSERT_NE(at, std::string::npos) << text;
    text.replace(at, direct.size(), "\n  port: " + std::to_string(proxy.port()) + "\n");
    std::ofstream(task) << text;
  }

  BackgroundWorkload writer(workload, std::chrono::milliseconds(10));

  const std::string log = ::testing::TempDir() + "/" + task_name + ".log";
  BackgroundRun run(task, log);
  ASSERT_TRUE(run.started());
  ASSERT_TRUE(WaitForPhase(task_name, store::TaskPhase::kIncremental, 60))
      << RunCommand("cat " + log).output;
  for (int cut = 0; cut < 2; ++cut) {
    std::this_thread::sleep_for(std::chrono::seconds(2));
    proxy.SetRefusing(true);
    proxy.Cut();
    std::this_thread::sleep_for(std::chrono::seconds(3));
    proxy.SetRefusing(false);
    ASSERT_FALSE(run.Finished()) << RunCommand("cat " + log).output;
  }
  std::this_thread::sleep_for(std::chrono::seconds(2));
  writer.Stop();
  WorkloadCheck check;
  ASSERT_NO_FATAL_FAILURE(CatchUpStopAndRebuild(run, *connection, setup.capture_schema, schema,
                                                task_name, topic, log, check));
  EXPECT_NE(check.log.find("retrying in"), std::string::npos) << check.log;
  EXPECT_GE(proxy.connections_accepted(), 4);
}

// The broker restarted under a running task while a workload commits: records wait in the
// producer until it is back (they never time out one by one, which would let later records
// overtake them), and the rebuilt tables equal the source with every key's changes in commit
// order.
TEST(IncrementalRetry, BrokerRestartIsRiddenOutWithoutLoss) {
  const std::string schema = "INC_BRK";
  const CaptureSetup setup{"BRK", "ASN", ""};
  auto connection = ConnectToDerby();
  ASSERT_NE(connection, nullptr);
  Workload workload(schema, 13);
  ASSERT_NO_FATAL_FAILURE(PrepareWorkloadTables(*connection, schema, setup, workload, 300));
  const std::string topic = kafka::testing::UniqueTopic("inc-brk");
  const std::string task_name = "inc-brk";
  const std::string task = WriteTaskFile(
      task_name, "  topic: " + topic + "\n  format: dts_avro\n  partition_policy: table\n",
      "objects:\n  - schema: " + schema + "\nincremental: {poll_interval_ms: 50}\n");

  BackgroundWorkload writer(workload, std::chrono::milliseconds(10));

  const std::string log = ::testing::TempDir() + "/" + task_name + ".log";
  BackgroundRun run(task, log);
  ASSERT_TRUE(run.started());
  ASSERT_TRUE(WaitForPhase(task_name, store::TaskPhase::kIncremental, 60))
      << RunCommand("cat " + log).output;
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const CommandResult restarted =
      RunCommand(std::string(DB2KAFKA_SOURCE_DIR) + "/scripts/testenv restart-kafka 5");
  ASSERT_EQ(restarted.exit_code, 0) << restarted.output;
  std::this_thread::sleep_for(std::chrono::seconds(3));
  ASSERT_FALSE(run.Finished()) << RunCommand("cat " + log).output;
  writer.Stop();
  WorkloadCheck check;
  ASSERT_NO_FATAL_FAILURE(CatchUpStopAndRebuild(run, *connection, setup.capture_schema, schema,
                                                task_name, topic, log, check));
}

// One table T (ID, V) made afresh in `schema` and registered in a capture schema of its own, so
// that pruning it touches no other test; inserts are committed one transaction each.
class OneTableSource {
 public:
  OneTableSource(drda::Connection& connection, std::string schema, std::string capture_schema)
      : connection_(connection),
        schema_(std::move(schema)),
        capture_schema_(std::move(capture_schema)) {}

  void Prepare() {
    RunCommand(CaptureCommand("deregister " + schema_ + " T --capture-schema " + capture_schema_));
    DropTableIfExists(connection_, schema_ + ".T");
    ExecuteAll(connection_,
               {"CREATE TABLE " + schema_ + ".T (ID INT NOT NULL PRIMARY KEY, V INT)"});
    const CommandResult registered = RunCommand(
        CaptureCommand("register " + schema_ + " T --capture-schema " + capture_schema_));
    ASSERT_EQ(registered.exit_code, 0) << registered.output;
  }

  void CommitInserts(int transactions) {
    for (int i = 0; i < transactions; ++i) {
      ExecuteAll(connection_,
                 {"INSERT INTO " + schema_ + ".T VALUES (" + std::to_string(next_id_++) + ", 1)"});
    }
  }

  // The last change Capture wrote, after a few of its cycles.
  model::Position Captured() {
    std::this_thread::sleep_for(std::chrono::seconds(2));
    return LastCapturedChange(connection_, capture_schema_, schema_, {"T"});
  }

 private:
  drda::Connection& connection_;
  std::string schema_;
  std::string capture_schema_;
  int next_id_ = 1;
};

// incremental.prune: the task moves its IBMSNAP_PRUNE_SET row to just below the last change
// Kafka acknowledged; Capture's prune then deletes what Kafka has, keeps that change's
// transaction, and the task goes on without a gap.
TEST(IncrementalPrune, AcknowledgedChangesArePrunedAndTheTaskGoesOn) {
  const std::string schema = "INC_PRUNE";
  const std::string capture_schema = "ASNPRUNE";
  auto connection = ConnectToDerby();
  ASSERT_NE(connection, nullptr);
  OneTableSource source(*connection, schema, capture_schema);
  ASSERT_NO_FATAL_FAILURE(source.Prepare());
  const std::string prune_point_sql = "SELECT MAX(SYNCHPOINT) FROM " + capture_schema +
                                      ".IBMSNAP_PRUNE_SET WHERE TARGET_SERVER = 'KAFKA'";
  const model::Position initial_prune_point = SelectSequence(*connection, prune_point_sql);

  const std::string topic = kafka::testing::UniqueTopic("inc-prune");
  const std::string task_name = "inc-prune";
  const std::string task = WriteTaskFile(
      task_name, "  topic: " + topic + "\n  format: dts_avro\n",
      "objects:\n  - schema: " + schema + "\nincremental: {poll_interval_ms: 100, prune: true}\n",
      "  capture_schema: " + capture_schema + "\n");
  const std::string log = ::testing::TempDir() + "/" + task_name + ".log";
  BackgroundRun run(task, log);
  ASSERT_TRUE(run.started());
  ASSERT_TRUE(WaitForPhase(task_name, store::TaskPhase::kIncremental, 60))
      << RunCommand("cat " + log).output;
  source.CommitInserts(5);
  const model::Position first_five = source.Captured();
  ASSERT_TRUE(WaitForPosition(task_name, first_five, 60)) << RunCommand("cat " + log).output;

  // The prune point follows to just below the last acknowledged change.
  model::Position prune_point;
  for (int waited = 0; waited < 50; ++waited) {
    prune_point = SelectSequence(*connection, prune_point_sql);
    if (initial_prune_point < prune_point) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_LT(initial_prune_point, prune_point) << RunCommand("cat " + log).output;
  ASSERT_LT(prune_point, first_five);
  const CommandResult pruned =
      RunCommand(CaptureCommand("prune --capture-schema " + capture_schema));
  ASSERT_EQ(pruned.exit_code, 0) << pruned.output;
  ASSERT_EQ(pruned.output.find("pruned 0 "), std::string::npos) << pruned.output;

  // Nothing unread was pruned: the task goes on, with a restart too.
  source.CommitInserts(5);
  const model::Position next_five = source.Captured();
  ASSERT_TRUE(WaitForPosition(task_name, next_five, 60)) << RunCommand("cat " + log).output;
  const int stopped = run.StopWith(SIGINT, 60);
  ASSERT_TRUE(WIFEXITED(stopped) && WEXITSTATUS(stopped) == 1) << RunCommand("cat " + log).output;
  BackgroundRun again(task, log);
  ASSERT_TRUE(again.started());
  source.CommitInserts(1);
  const model::Position last = source.Captured();
  ASSERT_TRUE(WaitForPosition(task_name, last, 60)) << RunCommand("cat " + log).output;
  const int stopped_again = again.StopWith(SIGINT, 60);
  const std::string output = RunCommand("cat " + log).output;
  ASSERT_TRUE(WIFEXITED(stopped_again) && WEXITSTATUS(stopped_again) == 1) << output;
  EXPECT_EQ(output.find("may be missing"), std::string::npos) << output;
  const std::string expected = DumpWithJdbc("SELECT * FROM " + schema + ".T", "inc-prune.jsonl");
  const Rebuild rebuild = RebuildTopic(topic, Lower(schema + ".T"), expected, "ID");
  EXPECT_EQ(rebuild.exit_code, 0) << rebuild.output;
}

// A followed table registered while the task runs: a warning until then, and its changes from
// the registration on reach Kafka (the reader reads IBMSNAP_REGISTER every poll).
TEST(IncrementalRegistration, ATableRegisteredWhileRunningIsFollowedFromThenOn) {
  const std::string schema = "INC_REG";
  auto connection = ConnectToDerby();
  ASSERT_NE(connection, nullptr);
  for (const char* table : {"A", "B"}) {
    RunCommand(CaptureCommand("deregister " + schema + " " + table));
    DropTableIfExists(*connection, schema + "." + table);
    ExecuteAll(*connection,
               {"CREATE TABLE " + schema + "." + table + " (ID INT NOT NULL PRIMARY KEY, V INT)",
                "INSERT INTO " + schema + "." + table + " VALUES (1, 1)"});
  }
  ASSERT_EQ(RunCommand(CaptureCommand("register " + schema + " A")).exit_code, 0);
  const auto insert = [&](const std::string& table, int id) {
    ExecuteAll(*connection, {"INSERT INTO " + schema + "." + table + " VALUES (" +
                             std::to_string(id) + ", " + std::to_string(id) + ")"});
  };

  const std::string topic = kafka::testing::UniqueTopic("inc-reg");
  const std::string task_name = "inc-reg";
  const std::string task =
      WriteTaskFile(task_name, "  topic: " + topic + "\n  format: dts_avro\n",
                    "objects:\n  - schema: " + schema + "\nincremental: {poll_interval_ms: 100}\n");
  const std::string log = ::testing::TempDir() + "/" + task_name + ".log";
  BackgroundRun run(task, log);
  ASSERT_TRUE(run.started());
  ASSERT_TRUE(WaitForPhase(task_name, store::TaskPhase::kIncremental, 60))
      << RunCommand("cat " + log).output;
  bool warned = false;
  for (int waited = 0; waited < 150 && !warned; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    warned =
        RunCommand("cat " + log).output.find("INC_REG.B is not registered") != std::string::npos;
  }
  ASSERT_TRUE(warned) << RunCommand("cat " + log).output;
  insert("A", 2);
  insert("B", 2);  // before B's registration: not captured
  ASSERT_EQ(RunCommand(CaptureCommand("register " + schema + " B")).exit_code, 0);
  insert("A", 3);
  insert("B", 3);
  insert("B", 4);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const model::Position target = LastCapturedChange(*connection, "ASN", schema, {"A", "B"});
  ASSERT_TRUE(WaitForPosition(task_name, target, 60)) << RunCommand("cat " + log).output;
  const int stopped = run.StopWith(SIGINT, 60);
  const std::string output = RunCommand("cat " + log).output;
  ASSERT_TRUE(WIFEXITED(stopped) && WEXITSTATUS(stopped) == 1) << output;

  const Rebuild a = RebuildTopic(topic, "inc_reg.a",
                                 DumpWithJdbc("SELECT * FROM INC_REG.A", "inc-reg-a.jsonl"), "ID");
  EXPECT_EQ(a.exit_code, 0) << a.output;
  const Rebuild b =
      RebuildTopic(topic, "inc_reg.b",
                   DumpWithJdbc("SELECT * FROM INC_REG.B WHERE ID <> 2", "inc-reg-b.jsonl"), "ID");
  EXPECT_EQ(b.exit_code, 0) << b.output;
  EXPECT_EQ(b.report.value("inserts", 0), 3) << "the full phase's row and the two registered ones";
}

// sync.start_from as a time: the first change sent is the first transaction committed at or
// after it; earlier ones are not sent.
TEST(IncrementalStartFrom, ATimeStartsWithTheFirstTransactionCommittedAtOrAfterIt) {
  auto connection = ConnectToDerby();
  ASSERT_NE(connection, nullptr);
  OneTableSource source(*connection, "INC_FROM", "ASN");
  ASSERT_NO_FATAL_FAILURE(source.Prepare());
  source.CommitInserts(3);  // IDs 1-3: before the start time
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const int64_t start_us = base::SystemClock::Instance().NowMicros();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  source.CommitInserts(2);  // IDs 4-5
  const model::Position last = source.Captured();
  char start_from[96];
  const std::time_t seconds = start_us / 1'000'000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::snprintf(start_from, sizeof(start_from), "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ",
                utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                utc.tm_sec, static_cast<long long>(start_us % 1'000'000));

  const std::string topic = kafka::testing::UniqueTopic("inc-from");
  const std::string task_name = "inc-from";
  const std::string task =
      WriteTaskFile(task_name, "  topic: " + topic + "\n  format: dts_avro\n",
                    "sync: {schema: false, full: false, incremental: true, start_from: \"" +
                        std::string(start_from) + "\"}\nobjects:\n  - schema: INC_FROM\n" +
                        "incremental: {poll_interval_ms: 100}\n");
  const std::string log = ::testing::TempDir() + "/" + task_name + ".log";
  BackgroundRun run(task, log);
  ASSERT_TRUE(run.started());
  ASSERT_TRUE(WaitForPosition(task_name, last, 60)) << RunCommand("cat " + log).output;
  const int stopped = run.StopWith(SIGINT, 60);
  const std::string output = RunCommand("cat " + log).output;
  ASSERT_TRUE(WIFEXITED(stopped) && WEXITSTATUS(stopped) == 1) << output;
  EXPECT_NE(output.find("from the first transaction committed at or after it"), std::string::npos)
      << output;
  const Rebuild rebuild =
      RebuildTopic(topic, "inc_from.t",
                   DumpWithJdbc("SELECT * FROM INC_FROM.T WHERE ID > 3", "inc-from.jsonl"), "ID");
  EXPECT_EQ(rebuild.exit_code, 0) << rebuild.output;
  EXPECT_EQ(rebuild.report.value("inserts", 0), 2) << rebuild.output;

  const CommandResult bad = RunDb2kafka(
      "run -c " + WriteTaskFile("inc-from-bad", "  topic: " + topic + "\n  format: dts_avro\n",
                                "sync: {start_from: yesterday}\nobjects:\n  - schema: INC_FROM\n"));
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("ISO-8601 time with a zone"), std::string::npos) << bad.output;
  EXPECT_EQ(bad.output.find("schema phase"), std::string::npos) << "refused before any phase";
}

// Waits for a background run to end by itself; its wait status, or -1 after `seconds`.
int WaitForExit(BackgroundRun& run, int seconds) {
  for (int waited = 0; waited < seconds * 10; ++waited) {
    if (run.Finished()) return run.wait_status();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return -1;
}

// A CD row whose IBMSNAP_OPERATION is not I, U or D is nothing Capture writes: the task fails,
// naming the CD table and the value, and sends nothing of that window.
TEST(IncrementalBadCdRow, AnUnknownOperationFailsTheTaskNamingTheCdTable) {
  auto connection = ConnectToDerby();
  ASSERT_NE(connection, nullptr);
  OneTableSource source(*connection, "INC_BADOP", "ASNBADOP");
  ASSERT_NO_FATAL_FAILURE(source.Prepare());
  const std::string topic = kafka::testing::UniqueTopic("inc-badop");
  const std::string task_name = "inc-badop";
  const std::string task =
      WriteTaskFile(task_name, "  topic: " + topic + "\n  format: dts_avro\n",
                    "objects:\n  - schema: INC_BADOP\nincremental: {poll_interval_ms: 100}\n",
                    "  capture_schema: ASNBADOP\n");
  const std::string log = ::testing::TempDir() + "/" + task_name + ".log";
  BackgroundRun run(task, log);
  ASSERT_TRUE(run.started());
  ASSERT_TRUE(WaitForPhase(task_name, store::TaskPhase::kIncremental, 60))
      << RunCommand("cat " + log).output;
  source.CommitInserts(1);
  ASSERT_TRUE(WaitForPosition(task_name, source.Captured(), 60)) << RunCommand("cat " + log).output;
  const int64_t records = CountRecords(topic);

  // At the current synchpoint: below the reader's bound, above its position, and a sequence the
  // stand-in never gives a change.
  const std::string synchpoint = base::HexLower(
      SelectSequence(*connection, "SELECT MAX(SYNCHPOINT) FROM ASNBADOP.IBMSNAP_REGISTER")
          .commit_sequence);
  ExecuteAll(*connection,
             {"INSERT INTO ASNBADOP.CDC_INC_BADOP_T (IBMSNAP_COMMITSEQ, IBMSNAP_INTENTSEQ, "
              "IBMSNAP_OPERATION, ID, V) VALUES (X'" +
                  synchpoint + "', X'" + synchpoint + "', 'X', 99, 1)",
              "UPDATE ASNBADOP.IBMSNAP_REGISTER SET CD_NEW_SYNCHPOINT = X'" + synchpoint +
                  "' WHERE SOURCE_TABLE = 'T'"});
  const int failed = WaitForExit(run, 60);
  const std::string output = RunCommand("cat " + log).output;
  ASSERT_TRUE(WIFEXITED(failed)) << output;
  EXPECT_EQ(WEXITSTATUS(failed), 1) << output;
  EXPECT_NE(output.find("ASNBADOP.CDC_INC_BADOP_T holds a row whose"), std::string::npos) << output;
  EXPECT_NE(output.find("(STRING \"X\")"), std::string::npos) << output;
  EXPECT_EQ(output.find("delete the task's state"), std::string::npos)
      << "the pruned-gap advice belongs to a gap only\n"
      << output;
  EXPECT_EQ(CountRecords(topic), records);
}

// Capture prunes from the oldest row up. A prune that keeps the transaction of the task's last
// change is harmless and must not stop it; one past that change may have taken changes the task
// never read, so the next run must fail, saying so and how to recover, before sending anything.
TEST(IncrementalGap, PrunedPastThePositionFailsAndSaysHowToRecover) {
  const std::string schema = "INC_GAP";
  const std::string capture_schema = "ASNGAP";
  auto connection = ConnectToDerby();
  ASSERT_NE(connection, nullptr);
  OneTableSource source(*connection, schema, capture_schema);
  ASSERT_NO_FATAL_FAILURE(source.Prepare());

  const std::string topic = kafka::testing::UniqueTopic("inc-gap");
  const std::string task_name = "inc-gap";
  const std::string task =
      WriteTaskFile(task_name, "  topic: " + topic + "\n  format: dts_avro\n",
                    "objects:\n  - schema: " + schema + "\nincremental: {poll_interval_ms: 100}\n",
                    "  capture_schema: " + capture_schema + "\n");
  const std::string log = ::testing::TempDir() + "/" + task_name + ".log";
  // A run that commits `transactions` inserts once it streams changes, and stops when it has
  // them all.
  const auto run_with_inserts = [&](int transactions) {
    BackgroundRun run(task, log);
    ASSERT_TRUE(run.started());
    ASSERT_TRUE(WaitForPhase(task_name, store::TaskPhase::kIncremental, 60))
        << RunCommand("cat " + log).output;
    source.CommitInserts(transactions);
    ASSERT_TRUE(WaitForPosition(task_name, source.Captured(), 60))
        << RunCommand("cat " + log).output;
    const int stopped = run.StopWith(SIGINT, 60);
    ASSERT_TRUE(WIFEXITED(stopped) && WEXITSTATUS(stopped) == 1) << RunCommand("cat " + log).output;
  };

  run_with_inserts(5);
  const auto status = store::TaskStore::ReadStatus(StateDir(task_name), task_name);
  ASSERT_TRUE(status && status->position);
  const model::Position last_read = *status->position;
  ASSERT_FALSE(last_read.intent_sequence.empty()) << "the position is the last change read";

  // Pruned up to just below the last read change's transaction: nothing unread is gone.
  std::string below = last_read.commit_sequence;
  for (size_t i = below.size(); i-- > 0;) {
    if (below[i]-- != 0) break;
  }
  const CommandResult harmless = RunCommand(CaptureCommand(
      "prune --capture-schema " + capture_schema + " --to " + base::HexLower(below)));
  ASSERT_EQ(harmless.exit_code, 0) << harmless.output;
  ASSERT_NE(harmless.output.find("pruned"), std::string::npos) << harmless.output;
  run_with_inserts(5);
  const int64_t records_before_gap = CountRecords(topic);
  EXPECT_GE(records_before_gap, 10);
  const auto resumed = store::TaskStore::ReadStatus(StateDir(task_name), task_name);
  ASSERT_TRUE(resumed && resumed->position);
  const model::Position position_before_gap = *resumed->position;
  ASSERT_LT(last_read, position_before_gap);

  // Stopped; more changes; Capture then prunes past the last change the task read.
  source.CommitInserts(5);
  const model::Position latest = source.Captured();
  const CommandResult pruned =
      RunCommand(CaptureCommand("prune --capture-schema " + capture_schema + " --to " +
                                base::HexLower(latest.commit_sequence)));
  ASSERT_EQ(pruned.exit_code, 0) << pruned.output;
  BackgroundRun failing(task, log);
  ASSERT_TRUE(failing.started());
  const int failed = WaitForExit(failing, 60);
  const std::string output = RunCommand("cat " + log).output;
  ASSERT_TRUE(WIFEXITED(failed)) << output;
  EXPECT_EQ(WEXITSTATUS(failed), 1) << output;
  EXPECT_NE(output.find("no longer in IBMSNAP_UOW"), std::string::npos) << output;
  EXPECT_NE(output.find(position_before_gap.ToHex()), std::string::npos) << output;
  EXPECT_NE(output.find("delete the task's state"), std::string::npos) << output;
  EXPECT_EQ(CountRecords(topic), records_before_gap) << "nothing sent past the gap";
  const auto after = store::TaskStore::ReadStatus(StateDir(task_name), task_name);
  ASSERT_TRUE(after && after->position);
  EXPECT_EQ(*after->position, position_before_gap);
}

INSTANTIATE_TEST_SUITE_P(
    CaptureStyles, IncrementalE2e,
    ::testing::Values(CaptureSetup{"DELINS16", "ASN", ""},
                      CaptureSetup{"UPD10", "ASNCDC",
                                   "--seq-width 10 --update-style update --before-image"}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace db2kafka::e2e
