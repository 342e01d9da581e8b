// kill -9 of `db2kafka run` in the middle of a large table, then a run to the end: no row is
// missing, and the only duplicates are rows of chunks the killed run had started, which the
// resumed run re-sends and counts. What arrived is checked independently: Derby's JDBC client
// reads the source, tests/e2e/tools/verify_topic.py reads and decodes the topic.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <optional>
#include <regex>
#include <thread>

#include "drda/cursor.h"
#include "drda/value_decoder.h"
#include "kafka/tests/kafka_test_env.h"
#include "store/task_store.h"
#include "tests/e2e/full_sync_harness.h"

namespace db2kafka::e2e {
namespace {

// The ASan build (CI runs every test in release and under ASan) reads a smaller table, set in
// tests/e2e/CMakeLists.txt, with the same number of chunks, so the kill falls at the same stage.
#ifdef DB2KAFKA_KILL_TEST_ROWS
constexpr int64_t kRows = DB2KAFKA_KILL_TEST_ROWS;
#else
constexpr int64_t kRows = 1'000'000;
#endif
constexpr int64_t kChunks = 20;
constexpr int64_t kChunkRows = kRows / kChunks;
constexpr int kParallelism = 2;
// Killed once this many chunks are checkpointed: a quarter of the table, well before the end.
constexpr int64_t kKillAfterChunks = kChunks / 4;

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The integers of the first row of `sql`; nullopt when the query fails (e.g. no such table).
std::optional<std::vector<int64_t>> QueryIntegers(drda::Connection& connection,
                                                  const std::string& sql) {
  auto cursor = connection.OpenQuery(sql);
  if (!cursor) {
    (void)connection.Rollback();
    return std::nullopt;
  }
  auto has_row = (*cursor)->Next();
  if (!has_row || !*has_row) return std::nullopt;
  std::vector<int64_t> values;
  for (size_t i = 0; i < (*cursor)->row().size(); ++i) {
    if ((*cursor)->row()[i].null) return std::nullopt;
    auto value = drda::DecodeInteger((*cursor)->columns()[i], (*cursor)->row()[i].bytes,
                                     connection.server().byte_order);
    if (!value) return std::nullopt;
    values.push_back(*value);
  }
  (void)(*cursor)->Close();
  (void)connection.Rollback();
  return values;
}

// `table` with IDs 1..kRows and four columns computed from the ID: one seed row, then
// INSERT ... SELECT doubling (20 statements for a million rows). A table left whole by an earlier
// run of the test is kept.
void EnsureBigTable(drda::Connection& connection, const std::string& table) {
  const auto have = QueryIntegers(connection, "SELECT COUNT(*), MIN(ID), MAX(ID) FROM " + table);
  if (have && *have == std::vector<int64_t>{kRows, 1, kRows}) return;
  DropTableIfExists(connection, table);
  const auto values_for = [](const std::string& id) {
    return id + ", MOD(" + id + ", 1000), 'name-' || TRIM(CHAR(" + id + ")), " + id +
           " * 1.25, 'note for row ' || TRIM(CHAR(" + id + "))";
  };
  std::vector<std::string> statements = {
      "CREATE TABLE " + table +
          " (ID BIGINT NOT NULL PRIMARY KEY, GRP INT, NAME VARCHAR(30), AMOUNT DECIMAL(12,2), "
          "NOTE VARCHAR(40))",
      "INSERT INTO " + table + " VALUES (" + values_for("1") + ")"};
  for (int64_t rows = 1; rows < kRows; rows *= 2) {
    statements.push_back("INSERT INTO " + table + " SELECT " +
                         values_for("(ID + " + std::to_string(rows) + ")") + " FROM " + table +
                         " WHERE ID <= " + std::to_string(kRows - rows));
  }
  ExecuteAll(connection, statements);
  const auto made = QueryIntegers(connection, "SELECT COUNT(*), MIN(ID), MAX(ID) FROM " + table);
  ASSERT_TRUE(made && *made == std::vector<int64_t>({kRows, 1, kRows}));
}

// One table's line of `db2kafka status`.
struct TableStatus {
  int64_t rows_written = 0;
  int64_t chunks_done = 0;
  int64_t chunks_total = 0;
};

std::optional<TableStatus> ReadTableStatus(const std::string& output, const std::string& table) {
  const std::regex line(std::regex_replace(table, std::regex(R"(\.)"), R"(\.)") +
                        R"( +[a-z_]+ +([0-9]+) +-?[0-9]+ +([0-9]+)/([0-9]+))");
  std::smatch match;
  if (!std::regex_search(output, match, line)) return std::nullopt;
  return TableStatus{std::stoll(match[1]), std::stoll(match[2]), std::stoll(match[3])};
}

int64_t MatchOrZero(const std::string& text, const std::string& pattern) {
  std::smatch match;
  return std::regex_search(text, match, std::regex(pattern)) ? std::stoll(match[1]) : 0;
}

TEST(FullSyncKill, KillNineMidTableThenResumeLosesNothing) {
  const std::string table = kRows == 1'000'000 ? "KILL1.BIG" : "KILL1.BIG_" + std::to_string(kRows);
  auto connection = ConnectToDerby();
  ASSERT_NE(connection, nullptr);
  auto phase = Clock::now();
  EnsureBigTable(*connection, table);
  ASSERT_FALSE(HasFatalFailure());
  const double create_seconds = SecondsSince(phase);

  const std::string topic = kafka::testing::UniqueTopic("kill1-data");
  const std::string task = WriteTaskFile(
      "kill1",
      "  topic: " + topic +
          "\n  format: dts_avro\n  partition_policy: primary_key\n  topic_partitions: 3\n",
      "sync: {incremental: false, schema: false}\nfull: {parallelism: " +
          std::to_string(kParallelism) + ", chunk_rows: " + std::to_string(kChunkRows) +
          "}\nobjects:\n  - schema: KILL1\n    table: " + table.substr(table.find('.') + 1) + "\n");

  // The first run, killed with SIGKILL once kKillAfterChunks chunks are checkpointed.
  phase = Clock::now();
  const std::string killed_log = ::testing::TempDir() + "/kill1-killed.log";
  TableStatus at_kill;
  double kill_seconds = 0;
  {
    BackgroundRun run(task, killed_log);
    ASSERT_TRUE(run.started());
    while (true) {
      ASSERT_FALSE(run.Finished())
          << "the run ended by itself (wait status " << run.wait_status() << ") before the kill:\n"
          << RunCommand("cat " + killed_log).output;
      ASSERT_LT(SecondsSince(phase), 600) << "no checkpoint after 10 minutes";
      const CommandResult status = RunDb2kafka("status -c " + task);
      const std::optional<TableStatus> progress = ReadTableStatus(status.output, table);
      if (progress && progress->chunks_done >= kKillAfterChunks) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const int wait_status = run.KillNine();
    kill_seconds = SecondsSince(phase);
    ASSERT_TRUE(WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == SIGKILL)
        << "wait status " << wait_status;
  }
  const CommandResult status = RunDb2kafka("status -c " + task);
  EXPECT_EQ(status.exit_code, 0) << status.output;
  const std::optional<TableStatus> after_kill = ReadTableStatus(status.output, table);
  ASSERT_TRUE(after_kill) << status.output;
  at_kill = *after_kill;
  EXPECT_EQ(at_kill.chunks_total, kChunks) << status.output;
  EXPECT_GE(at_kill.chunks_done, kKillAfterChunks) << status.output;
  ASSERT_LT(at_kill.chunks_done, at_kill.chunks_total)
      << "the killed run had finished every chunk; kill earlier\n"
      << status.output;
  // Keys are dense and kRows is a multiple of chunk_rows: every chunk holds chunk_rows rows.
  EXPECT_EQ(at_kill.rows_written, at_kill.chunks_done * kChunkRows) << status.output;
  // The chunks the killed run had started and not finished: the resumed run sends them again.
  int64_t unfinished_chunks = 0;
  {
    auto store = store::TaskStore::Open(StateDir("kill1"), "kill1");
    ASSERT_TRUE(store) << store.error().ToString();
    auto chunks = (*store)->Chunks(table);
    ASSERT_TRUE(chunks) << chunks.error().ToString();
    for (const store::Chunk& chunk : *chunks) {
      if (chunk.state != store::ChunkState::kDone && chunk.started_at_us > 0) ++unfinished_chunks;
    }
  }
  const int64_t written_before = CountRecords(topic);
  // A chunk is checkpointed only after Kafka acknowledged all its records.
  EXPECT_GE(written_before, at_kill.rows_written);

  // The resumed run reads only the chunks not done and finishes.
  phase = Clock::now();
  const CommandResult resumed = RunDb2kafka("run -c " + task);
  const double resume_seconds = SecondsSince(phase);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  std::smatch summary;
  ASSERT_TRUE(std::regex_search(resumed.output, summary,
                                std::regex(R"(([0-9]+) row\(s\) in ([0-9]+) chunk\(s\) this run)")))
      << resumed.output;
  const int64_t rows_resumed = std::stoll(summary[1]);
  const int64_t chunks_resumed = std::stoll(summary[2]);
  // K: rows of chunks the killed run had started, sent again (absent from the line when 0).
  const int64_t resent =
      MatchOrZero(resumed.output, R"(([0-9]+) of them from chunks an earlier run had started)");
  EXPECT_EQ(rows_resumed, kRows - at_kill.rows_written) << resumed.output;
  EXPECT_EQ(chunks_resumed, kChunks - at_kill.chunks_done) << resumed.output;
  // Exactly the unfinished chunks are sent again and counted. There can be more of them than
  // readers: a reader starts its next chunk while Kafka still acknowledges the records of the one
  // it has read, so parallelism × chunk_rows is no bound (sampling the store during a run showed up
  // to 5 unfinished chunks with parallelism 2).
  EXPECT_EQ(resent, unfinished_chunks * kChunkRows) << resumed.output;

  const CommandResult done = RunDb2kafka("status -c " + task);
  EXPECT_NE(done.output.find("phase:      done"), std::string::npos) << done.output;
  const std::optional<TableStatus> final_status = ReadTableStatus(done.output, table);
  ASSERT_TRUE(final_status) << done.output;
  EXPECT_EQ(final_status->rows_written, kRows) << done.output;
  EXPECT_EQ(final_status->chunks_done, kChunks) << done.output;
  EXPECT_EQ(MatchOrZero(done.output, R"(counter duplicates_resent +([0-9]+))"), resent)
      << done.output;

  const int64_t records = CountRecords(topic);
  EXPECT_EQ(records, written_before + rows_resumed);

  phase = Clock::now();
  const std::string expected = DumpWithJdbc("SELECT * FROM " + table, "kill1.jsonl");
  const double dump_seconds = SecondsSince(phase);
  phase = Clock::now();
  const Verification verification = VerifyTopic(
      "--topic " + topic + " --format dts_avro --partition-policy primary_key --table " +
      Lower(table) + " --key-columns ID --allow-duplicates --expected " + expected);
  const double verify_seconds = SecondsSince(phase);
  EXPECT_EQ(verification.exit_code, 0) << verification.output;
  EXPECT_EQ(verification.report.value("expected", -1), kRows) << verification.output;
  EXPECT_EQ(verification.report.value("missing", -1), 0) << verification.output;
  EXPECT_EQ(verification.report.value("different", -1), 0) << verification.output;
  EXPECT_EQ(verification.report.value("unexpected", -1), 0) << verification.output;
  EXPECT_EQ(verification.report.value("partition_errors", -1), 0) << verification.output;
  const int64_t duplicates = verification.report.value("duplicates", int64_t{-1});
  EXPECT_EQ(duplicates, records - kRows) << verification.output;
  EXPECT_LE(duplicates, resent) << verification.output;

  const auto n = [](int64_t value) { return static_cast<long long>(value); };
  std::printf(
      "[ kill -9 ] %lld rows in chunks of %lld; table ready in %.1f s; killed after %.1f s with "
      "%lld/%lld chunks done and %lld unfinished, %lld records in the topic; resumed run %.1f s: "
      "%lld rows in %lld chunks, %lld re-sent; %lld duplicates; JDBC dump %.1f s; "
      "verify_topic.py %.1f s\n",
      n(kRows), n(kChunkRows), create_seconds, kill_seconds, n(at_kill.chunks_done),
      n(at_kill.chunks_total), n(unfinished_chunks), n(written_before), resume_seconds,
      n(rows_resumed), n(chunks_resumed), n(resent), n(duplicates), dump_seconds, verify_seconds);
  RecordProperty("chunks_done_at_kill", std::to_string(at_kill.chunks_done));
  RecordProperty("unfinished_chunks_at_kill", std::to_string(unfinished_chunks));
  RecordProperty("resent_rows", std::to_string(resent));
  RecordProperty("duplicates", std::to_string(duplicates));
}

}  // namespace
}  // namespace db2kafka::e2e
