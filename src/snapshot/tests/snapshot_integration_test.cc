// ChunkPlanner and ChunkReader against the real Derby Network Server from scripts/testenv: a
// 25,000-row table with a composite (INT, VARCHAR) key cut into 25 chunks, a keyless table, a
// nullable unique key, a DATE/TIMESTAMP key (bounds sent as strings), a filter.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "base/status_macros.h"
#include "db2/catalog.h"
#include "drda/tests/derby_test_env.h"
#include "snapshot/chunk_planner.h"
#include "snapshot/chunk_reader.h"

namespace db2kafka::snapshot {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr int kBigRows = 25'000;
constexpr int64_t kSnapshotTime = 1'700'000'000'000'000;

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

void RunSql(drda::Connection& connection, const std::string& sql) {
  const auto done = connection.ExecuteImmediate(sql);
  ASSERT_TRUE(done) << done.error().ToString() << "\n" << sql.substr(0, 300);
}

class Snapshot : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto connection = drda::Connection::Open(drda::testing::DerbyOptions());
    ASSERT_TRUE(connection) << connection.error().ToString();
    shared_connection = connection->release();
    suffix = new std::string("_" + std::to_string(getpid()));
    drda::Connection& c = *shared_connection;
    // Three rows per ID, so chunk boundaries (every 1,000th key) fall inside an ID and the second
    // key column decides.
    RunSql(c, "CREATE TABLE " + Name("SNAP_BIG") +
                  " (ID INT NOT NULL, NAME VARCHAR(20) NOT NULL, AMOUNT DECIMAL(9,2),"
                  " NOTE VARCHAR(40), PRIMARY KEY (ID, NAME))");
    for (int start = 0; start < kBigRows; start += 500) {
      std::string sql = "INSERT INTO " + Name("SNAP_BIG") + " VALUES ";
      for (int i = start; i < start + 500; ++i) {
        if (i > start) sql += ", ";
        // NAME values sort as strings ("n10" < "n2"), not in insertion order.
        sql += "(" + std::to_string(i / 3) + ", 'n" + std::to_string((i % 3) * 7 + 1) + "', " +
               std::to_string(i % 1000) + ".25, " +
               (i % 5 == 0 ? "NULL" : "'note " + std::to_string(i) + "'") + ")";
      }
      RunSql(c, sql);
    }
    RunSql(c, "CREATE TABLE " + Name("SNAP_NOKEY") + " (A INT, B VARCHAR(10))");
    std::string rows;
    for (int i = 0; i < 50; ++i) {
      rows += (i > 0 ? ", (" : "(") + std::to_string(i % 7) + ", 'b" + std::to_string(i) + "')";
    }
    RunSql(c, "INSERT INTO " + Name("SNAP_NOKEY") + " VALUES " + rows);
    // A UNIQUE constraint over a nullable column is backed by a non-unique index on Derby, which
    // the catalog does not report as a key; a unique index is.
    RunSql(c, "CREATE TABLE " + Name("SNAP_UNQ") + " (U INT, V INT)");
    RunSql(c, "CREATE UNIQUE INDEX " + Name("SNAP_UNQ_U") + " ON " + Name("SNAP_UNQ") + " (U)");
    RunSql(c, "INSERT INTO " + Name("SNAP_UNQ") + " VALUES (1, 1), (NULL, 2), (3, 3)");
    RunSql(c, "CREATE TABLE " + Name("SNAP_TS") +
                  " (D DATE NOT NULL, T TIMESTAMP NOT NULL, X INT, PRIMARY KEY (D, T))");
    rows.clear();
    for (int i = 0; i < 20; ++i) {
      rows += std::string(i > 0 ? ", " : "") + "('2024-0" + std::to_string(1 + i % 3) + "-1" +
              std::to_string(i % 2) + "', '2024-05-06 07:08:" + std::to_string(10 + i) + "." +
              std::to_string(100000 + i * 37) + "', " + std::to_string(i) + ")";
    }
    RunSql(c, "INSERT INTO " + Name("SNAP_TS") + " VALUES " + rows);
    ASSERT_TRUE(c.Commit());
  }

  static void TearDownTestSuite() {
    if (shared_connection == nullptr) return;
    for (const char* stem : {"SNAP_BIG", "SNAP_NOKEY", "SNAP_UNQ", "SNAP_TS"}) {
      DB2KAFKA_IGNORE_ERROR(shared_connection->ExecuteImmediate("DROP TABLE " + Name(stem)));
      DB2KAFKA_IGNORE_ERROR(shared_connection->Commit());
    }
    delete shared_connection;
    shared_connection = nullptr;
    delete suffix;
  }

  static std::string Name(const std::string& stem) { return stem + *suffix; }

  static model::TableSchema Describe(const std::string& stem) {
    const drda::ConnectOptions options = drda::testing::DerbyOptions();
    auto table =
        db2::DescribeTable(*shared_connection, options.database, Upper(options.user), Name(stem));
    EXPECT_TRUE(table) << table.error().ToString();
    return table ? *table : model::TableSchema{};
  }

  // Every row of `chunks`, in reading order; checks each event and the batch size on the way.
  static std::vector<model::Row> ReadAll(const ChunkReader& reader,
                                         const std::vector<Chunk>& chunks, size_t batch_size,
                                         const std::shared_ptr<const model::TableSchema>& table) {
    std::vector<model::Row> rows;
    for (const Chunk& chunk : chunks) {
      int64_t delivered = 0;
      auto read = reader.Read(*shared_connection, chunk, [&](model::EventBatch&& batch) {
        EXPECT_LE(batch.events.size(), batch_size);
        EXPECT_FALSE(batch.events.empty());
        for (model::ChangeEvent& event : batch.events) {
          EXPECT_EQ(event.operation, model::Operation::kSnapshotRead);
          EXPECT_EQ(event.table, table);
          EXPECT_EQ(event.commit_time_us, kSnapshotTime);
          EXPECT_EQ(event.after.size(), table->columns.size());
          rows.push_back(std::move(event.after));
          ++delivered;
        }
        return base::Status{};
      });
      EXPECT_TRUE(read) << read.error().ToString();
      if (read) {
        EXPECT_EQ(*read, delivered);
      }
    }
    return rows;
  }

  static drda::Connection* shared_connection;
  static std::string* suffix;
};

drda::Connection* Snapshot::shared_connection = nullptr;
std::string* Snapshot::suffix = nullptr;

TEST_F(Snapshot, CompositeKeyTableSplitsIntoChunksOfTheGivenSize) {
  const model::TableSchema table = Describe("SNAP_BIG");
  auto plan = ChunkPlanner::Plan(*shared_connection, table, {.chunk_rows = 1000});
  ASSERT_TRUE(plan) << plan.error().ToString();
  EXPECT_EQ(plan->estimated_rows, kBigRows);
  EXPECT_THAT(plan->single_chunk_reason, IsEmpty());
  EXPECT_EQ(plan->key_columns, (std::vector<size_t>{0, 1}));
  ASSERT_EQ(plan->chunks.size(), 25U);
  EXPECT_FALSE(plan->chunks.front().lower);
  EXPECT_FALSE(plan->chunks.back().upper);
  for (size_t i = 0; i < plan->chunks.size(); ++i) {
    EXPECT_EQ(plan->chunks[i].id, i);
    if (i > 0) {
      EXPECT_EQ(plan->chunks[i].lower, plan->chunks[i - 1].upper);
    }
  }
  // The 1,000th key in (ID, NAME) order: IDs 0..332 hold 999 rows, then ID 333's smallest NAME.
  ASSERT_TRUE(plan->chunks[0].upper);
  EXPECT_EQ(*plan->chunks[0].upper,
            (model::Row{model::Value(int32_t{333}), model::Value(model::String{"n1"})}));
}

TEST_F(Snapshot, ChunksYieldEveryRowOnceInKeyOrder) {
  const model::TableSchema table = Describe("SNAP_BIG");
  auto plan = ChunkPlanner::Plan(*shared_connection, table, {.chunk_rows = 1000});
  ASSERT_TRUE(plan) << plan.error().ToString();
  auto destination = std::make_shared<const model::TableSchema>(table);
  auto reader = ChunkReader::Create(table, destination,
                                    {.batch_size = 128, .snapshot_time_us = kSnapshotTime});
  ASSERT_TRUE(reader) << reader.error().ToString();
  const std::vector<model::Row> chunked = ReadAll(*reader, plan->chunks, 128, destination);
  const std::vector<model::Row> whole = ReadAll(*reader, {Chunk{}}, 128, destination);
  ASSERT_EQ(whole.size(), static_cast<size_t>(kBigRows));
  ASSERT_EQ(chunked.size(), whole.size());
  EXPECT_TRUE(chunked == whole);
  EXPECT_THAT(reader->Sql(plan->chunks[1]), HasSubstr(R"(("ID" = ? AND "NAME" > ?))"));
}

TEST_F(Snapshot, FilterAndColumnSelectionApplyInEveryChunk) {
  const model::TableSchema table = Describe("SNAP_BIG");
  auto plan = ChunkPlanner::Plan(*shared_connection, table, {.chunk_rows = 1000});
  ASSERT_TRUE(plan) << plan.error().ToString();
  // The destination keeps NAME and ID, in that order, renamed.
  model::TableSchema shaped = table;
  shaped.columns = {table.columns[1], table.columns[0]};
  shaped.columns[0].name = "name";
  shaped.columns[1].name = "id";
  auto destination = std::make_shared<const model::TableSchema>(shaped);
  auto reader = ChunkReader::Create(table, destination,
                                    {.columns = {1, 0},
                                     .filter = "ID < 100 OR ID >= 8300",
                                     .batch_size = 1000,
                                     .snapshot_time_us = kSnapshotTime});
  ASSERT_TRUE(reader) << reader.error().ToString();
  const std::vector<model::Row> rows = ReadAll(*reader, plan->chunks, 1000, destination);
  // IDs 0..99 (300 rows) and 8300..8333 (33 × 3 + the single row of ID 8333).
  EXPECT_EQ(rows.size(), 300U + 33U * 3U + 1U);
  for (const model::Row& row : rows) {
    const int32_t id = row.at(1).As<int32_t>();
    EXPECT_TRUE(id < 100 || id >= 8300) << id;
    EXPECT_EQ(row.at(0).kind(), model::ValueKind::kString);
  }
}

TEST_F(Snapshot, KeylessTableIsOneChunk) {
  const model::TableSchema table = Describe("SNAP_NOKEY");
  auto plan = ChunkPlanner::Plan(*shared_connection, table, {.chunk_rows = 10});
  ASSERT_TRUE(plan) << plan.error().ToString();
  ASSERT_EQ(plan->chunks.size(), 1U);
  EXPECT_EQ(plan->chunks[0], Chunk{});
  EXPECT_EQ(plan->estimated_rows, 50);
  EXPECT_THAT(plan->single_chunk_reason, HasSubstr("no primary or unique key"));
  auto destination = std::make_shared<const model::TableSchema>(table);
  auto reader =
      ChunkReader::Create(table, destination, {.batch_size = 7, .snapshot_time_us = kSnapshotTime});
  ASSERT_TRUE(reader) << reader.error().ToString();
  EXPECT_EQ(ReadAll(*reader, plan->chunks, 7, destination).size(), 50U);
}

TEST_F(Snapshot, NullableUniqueKeyFallsBackToOneChunk) {
  const model::TableSchema table = Describe("SNAP_UNQ");
  auto plan = ChunkPlanner::Plan(*shared_connection, table, {.chunk_rows = 1});
  ASSERT_TRUE(plan) << plan.error().ToString();
  ASSERT_EQ(plan->chunks.size(), 1U);
  EXPECT_THAT(plan->single_chunk_reason, HasSubstr("nullable"));
  auto destination = std::make_shared<const model::TableSchema>(table);
  auto reader = ChunkReader::Create(table, destination, {.snapshot_time_us = kSnapshotTime});
  ASSERT_TRUE(reader) << reader.error().ToString();
  EXPECT_EQ(ReadAll(*reader, plan->chunks, 1000, destination).size(), 3U);
}

TEST_F(Snapshot, DateAndTimestampBoundsRoundTripAsStrings) {
  const model::TableSchema table = Describe("SNAP_TS");
  auto plan = ChunkPlanner::Plan(*shared_connection, table, {.chunk_rows = 3});
  ASSERT_TRUE(plan) << plan.error().ToString();
  EXPECT_EQ(plan->chunks.size(), 7U);
  ASSERT_TRUE(plan->chunks[0].upper);
  EXPECT_EQ(plan->chunks[0].upper->at(1).kind(), model::ValueKind::kTimestamp);
  auto destination = std::make_shared<const model::TableSchema>(table);
  auto reader = ChunkReader::Create(table, destination, {.snapshot_time_us = kSnapshotTime});
  ASSERT_TRUE(reader) << reader.error().ToString();
  EXPECT_TRUE(ReadAll(*reader, plan->chunks, 1000, destination) ==
              ReadAll(*reader, {Chunk{}}, 1000, destination));
  EXPECT_EQ(ReadAll(*reader, plan->chunks, 1000, destination).size(), 20U);
}

TEST_F(Snapshot, SinkErrorStopsTheReadAndLeavesTheConnectionUsable) {
  const model::TableSchema table = Describe("SNAP_BIG");
  auto destination = std::make_shared<const model::TableSchema>(table);
  auto reader = ChunkReader::Create(table, destination,
                                    {.batch_size = 10, .snapshot_time_us = kSnapshotTime});
  ASSERT_TRUE(reader) << reader.error().ToString();
  auto read = reader->Read(*shared_connection, Chunk{}, [](model::EventBatch&&) {
    return base::Status(base::Fail(base::ErrorCode::kUnavailable, "producer queue full"));
  });
  ASSERT_FALSE(read);
  EXPECT_THAT(read.error().message, HasSubstr("producer queue full"));
  EXPECT_THAT(read.error().message, HasSubstr("chunk 0"));
  EXPECT_EQ(ReadAll(*reader, {Chunk{}}, 10, destination).size(), static_cast<size_t>(kBigRows));
}

TEST_F(Snapshot, CreateRejectsColumnsThatDoNotMatchTheDestination) {
  const model::TableSchema table = Describe("SNAP_BIG");
  auto destination = std::make_shared<const model::TableSchema>(table);
  EXPECT_FALSE(ChunkReader::Create(table, destination, {.columns = {0}}));
  EXPECT_FALSE(ChunkReader::Create(table, destination, {.columns = {0, 1, 2, 9}}));
  EXPECT_FALSE(ChunkReader::Create(table, nullptr, {}));
  EXPECT_FALSE(ChunkReader::Create(table, destination, {.batch_size = 0}));
}

}  // namespace
}  // namespace db2kafka::snapshot
