#include "store/task_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "store/tests/temp_dir.h"

namespace db2kafka::store {
namespace {

using ::testing::HasSubstr;

model::Position At(std::string commit, std::string intent) {
  return {std::move(commit), std::move(intent)};
}

// A 10-byte sequence ending in `last`, and the same value as 16 bytes.
std::string Ten(char last) { return std::string(9, '\0') + last; }
std::string Sixteen(char last) { return std::string(15, '\0') + last; }

std::unique_ptr<TaskStore> OpenOrDie(const std::string& dir, const base::Clock& clock) {
  auto store = TaskStore::Open(dir, "orders", clock);
  EXPECT_TRUE(store) << store.error().ToString();
  return store ? std::move(*store) : nullptr;
}

// Runs one SQL statement on the file directly, as a damaged or foreign file would look.
void RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

class TaskStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<TaskStore> Open() { return OpenOrDie(dir_.path() + "/state", clock_); }
  std::string StateDir() const { return dir_.path() + "/state"; }

  TempDir dir_;
  base::ManualClock clock_{1'700'000'000'000'000};
};

TEST_F(TaskStoreTest, OpenCreatesDirectoryAndOneFilePerTaskInWalMode) {
  auto store = OpenOrDie(dir_.path() + "/a/b/state", clock_);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->path(), dir_.path() + "/a/b/state/orders.db");
  EXPECT_TRUE(std::filesystem::exists(store->path()));
  EXPECT_TRUE(std::filesystem::exists(store->path() + "-wal"));
  auto status = store->Status();
  ASSERT_TRUE(status) << status.error().ToString();
  EXPECT_EQ(status->task_name, "orders");
  EXPECT_EQ(status->phase, TaskPhase::kSchema);
  EXPECT_FALSE(status->position);
  EXPECT_FALSE(status->handoff_position);
}

TEST_F(TaskStoreTest, RoundTripsEverythingAcrossReopen) {
  {
    auto store = Open();
    ASSERT_EQ(store->CheckConfig("fp-1").value(), ConfigMatch::kFirstRun);
    ASSERT_TRUE(store->SetPhase(TaskPhase::kFull, "broker down, retrying"));
    ASSERT_TRUE(store->SetHandoffPosition(At(Ten('\x05'), Ten('\x01'))));
    ASSERT_TRUE(store->RegisterTable("APP.ORDERS", 1000));
    ASSERT_TRUE(store->RegisterTable("APP.CUSTOMERS", 20));
    ASSERT_TRUE(store->PlanChunks("APP.ORDERS", {{"", "[500]"}, {"[500]", ""}}));
    ASSERT_TRUE(store->MarkChunkDone("APP.ORDERS", 1, 500, {{{"records_written", 500}}}));
    ASSERT_TRUE(store->SetTableState("APP.CUSTOMERS", TableState::kDone));
    ASSERT_TRUE(
        store->CommitPosition(At(Sixteen('\x07'), Sixteen('\x02')), {{{"records_written", 3}}}));
    ASSERT_EQ(store->AddCounter("errors", 2).value(), 2);
  }
  auto check = [&](const TaskStatus& status) {
    EXPECT_EQ(status.task_name, "orders");
    EXPECT_EQ(status.config_fingerprint, "fp-1");
    EXPECT_EQ(status.phase, TaskPhase::kFull);
    EXPECT_EQ(status.last_error, "broker down, retrying");
    ASSERT_TRUE(status.handoff_position);
    EXPECT_EQ(status.handoff_position->commit_sequence, Ten('\x05'));  // bytes kept as given
    ASSERT_TRUE(status.position);
    EXPECT_EQ(status.position->commit_sequence, Sixteen('\x07'));
    EXPECT_EQ(status.PositionHex(), At(Sixteen('\x07'), Sixteen('\x02')).ToHex());
    ASSERT_EQ(status.tables.size(), 2U);
    EXPECT_EQ(status.tables[0].table, "APP.CUSTOMERS");
    EXPECT_EQ(status.tables[0].state, TableState::kDone);
    EXPECT_EQ(status.tables[0].rows_estimate, 20);
    EXPECT_EQ(status.tables[1].table, "APP.ORDERS");
    EXPECT_EQ(status.tables[1].state, TableState::kInProgress);
    EXPECT_EQ(status.tables[1].rows_estimate, 1000);
    EXPECT_EQ(status.tables[1].chunks_total, 2);
    EXPECT_EQ(status.tables[1].chunks_done, 1);
    EXPECT_EQ(status.tables[1].rows_written, 500);
    EXPECT_EQ(status.counters.at("records_written"), 503);
    EXPECT_EQ(status.counters.at("errors"), 2);
    EXPECT_EQ(status.updated_at_us, 1'700'000'000'000'000);
  };
  auto store = Open();
  auto status = store->Status();
  ASSERT_TRUE(status) << status.error().ToString();
  check(*status);
  // The read-only connection sees the same while the writer holds the store open.
  auto read = TaskStore::ReadStatus(StateDir(), "orders");
  ASSERT_TRUE(read) << read.error().ToString();
  check(*read);
  EXPECT_EQ(store->CommittedPosition().value(), At(Sixteen('\x07'), Sixteen('\x02')));
  EXPECT_EQ(store->HandoffPosition().value(), At(Ten('\x05'), Ten('\x01')));
}

TEST_F(TaskStoreTest, EmptyIntentSequenceStaysAPositionNotNull) {
  auto store = Open();
  ASSERT_TRUE(store->SetHandoffPosition(At(Ten('\x01'), "")));
  const auto handoff = store->HandoffPosition();
  ASSERT_TRUE(handoff && *handoff);
  EXPECT_EQ(**handoff, At(Ten('\x01'), ""));
}

TEST_F(TaskStoreTest, PlanChunksIsIdempotentAcrossRestarts) {
  const std::vector<ChunkBounds> bounds = {{"", "[10]"}, {"[10]", "[20]"}, {"[20]", ""}};
  {
    auto store = Open();
    auto planned = store->PlanChunks("APP.ORDERS", bounds);
    ASSERT_TRUE(planned) << planned.error().ToString();
    ASSERT_EQ(planned->size(), 3U);
    for (size_t i = 0; i < bounds.size(); ++i) {
      EXPECT_EQ((*planned)[i].id, static_cast<int64_t>(i + 1));
      EXPECT_EQ((*planned)[i].bounds, bounds[i]);
      EXPECT_EQ((*planned)[i].state, ChunkState::kPending);
    }
    auto again = store->PlanChunks("APP.ORDERS", {{"x", "y"}});
    ASSERT_TRUE(again);
    ASSERT_EQ(again->size(), 3U);
    EXPECT_EQ((*again)[1].bounds, bounds[1]);
  }
  auto store = Open();
  auto after_restart = store->PlanChunks("APP.ORDERS", {{"other", "bounds"}});
  ASSERT_TRUE(after_restart);
  ASSERT_EQ(after_restart->size(), 3U);
  EXPECT_EQ((*after_restart)[2].bounds, bounds[2]);
}

TEST_F(TaskStoreTest, ChunkDoneSurvivesReopenAndDrivesTableState) {
  {
    auto store = Open();
    ASSERT_TRUE(store->RegisterTable("APP.T", 30));
    ASSERT_TRUE(store->PlanChunks("APP.T", {{"", "a"}, {"a", "b"}, {"b", ""}}));
    clock_.Set(42);
    ASSERT_TRUE(store->MarkChunkDone("APP.T", 2, 11));
  }
  auto store = Open();
  auto pending = store->PendingChunks("APP.T");
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 2U);
  EXPECT_EQ((*pending)[0].id, 1);
  EXPECT_EQ((*pending)[1].id, 3);
  auto chunks = store->Chunks("APP.T").value();
  EXPECT_EQ(chunks[1].state, ChunkState::kDone);
  EXPECT_EQ(chunks[1].rows_written, 11);
  EXPECT_EQ(chunks[1].done_at_us, 42);
  EXPECT_EQ(store->Status()->tables[0].state, TableState::kInProgress);

  EXPECT_TRUE(store->MarkChunkDone("APP.T", 2, 11));  // the same again: a no-op
  auto different = store->MarkChunkDone("APP.T", 2, 12);
  ASSERT_FALSE(different);
  EXPECT_EQ(different.error().code, base::ErrorCode::kFailedPrecondition);
  auto unknown = store->MarkChunkDone("APP.T", 9, 1);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, base::ErrorCode::kNotFound);
  EXPECT_FALSE(store->MarkChunkDone("APP.T", 1, -1));

  ASSERT_TRUE(store->MarkChunkDone("APP.T", 1, 10));
  ASSERT_TRUE(store->MarkChunkDone("APP.T", 3, 9));
  EXPECT_TRUE(store->PendingChunks("APP.T")->empty());
  const TableProgress table = store->Status()->tables[0];
  EXPECT_EQ(table.state, TableState::kDone);
  EXPECT_EQ(table.rows_written, 30);
  EXPECT_EQ(table.chunks_done, 3);
}

TEST_F(TaskStoreTest, ChunkStartedBeforeARestartIsReportedAsStartedAgain) {
  {
    auto store = Open();
    ASSERT_TRUE(store->PlanChunks("APP.T", {{"", "a"}, {"a", ""}}));
    clock_.Set(77);
    EXPECT_FALSE(store->MarkChunkStarted("APP.T", 1).value());
    EXPECT_FALSE(store->MarkChunkStarted("APP.T", 2).value());
    ASSERT_TRUE(store->MarkChunkDone("APP.T", 2, 5));
  }
  auto store = Open();
  const auto pending = store->PendingChunks("APP.T").value();
  ASSERT_EQ(pending.size(), 1U);
  EXPECT_EQ(pending[0].started_at_us, 77);  // the first start is kept
  clock_.Set(99);
  EXPECT_TRUE(store->MarkChunkStarted("APP.T", 1).value());
  EXPECT_EQ(store->Chunks("APP.T").value()[0].started_at_us, 77);
  const auto unknown = store->MarkChunkStarted("APP.T", 3);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, base::ErrorCode::kNotFound);
}

TEST_F(TaskStoreTest, SetTableStateOfUnknownTableIsNotFound) {
  auto store = Open();
  auto status = store->SetTableState("APP.NOPE", TableState::kDone);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, base::ErrorCode::kNotFound);
}

TEST_F(TaskStoreTest, CommitPositionNeverMovesBackAcrossWidths) {
  auto store = Open();
  ASSERT_TRUE(store->CommitPosition(At(Ten('\x10'), Ten('\x01'))));
  // The same position in 16 bytes is equal: accepted, and stored as given.
  ASSERT_TRUE(store->CommitPosition(At(Sixteen('\x10'), Sixteen('\x01'))));
  ASSERT_TRUE(store->CommitPosition(At(Sixteen('\x10'), Sixteen('\x02'))));
  for (const auto& back : {At(Ten('\x10'), Ten('\x01')), At(Ten('\x0f'), Ten('\x09')),
                           At(Sixteen('\x10'), Sixteen('\x01'))}) {
    auto status = store->CommitPosition(back);
    ASSERT_FALSE(status) << back.ToHex();
    EXPECT_EQ(status.error().code, base::ErrorCode::kFailedPrecondition);
    EXPECT_THAT(status.error().message, HasSubstr(back.ToHex()));
  }
  // A 16-byte sequence above every 10-byte one.
  std::string high = Sixteen('\0');
  high[3] = '\x01';
  ASSERT_TRUE(store->CommitPosition(At(high, Sixteen('\0'))));
  EXPECT_FALSE(store->CommitPosition(At(std::string(10, '\xff'), Ten('\xff'))));
  EXPECT_EQ(store->CommittedPosition().value(), At(high, Sixteen('\0')));
  auto empty = store->CommitPosition({});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, base::ErrorCode::kInvalidArgument);
}

TEST_F(TaskStoreTest, RejectedCommitAppliesNoCounters) {
  auto store = Open();
  ASSERT_TRUE(store->CommitPosition(At(Ten('\x05'), Ten('\x05')), {{{"records_written", 1}}}));
  EXPECT_FALSE(store->CommitPosition(At(Ten('\x04'), Ten('\x05')), {{{"records_written", 1}}}));
  EXPECT_EQ(store->Counter("records_written").value(), 1);
}

TEST_F(TaskStoreTest, SentPositionOnlyMovesForwardAndIsInTheStatus) {
  {
    auto store = Open();
    EXPECT_EQ(store->SentPosition().value(), std::nullopt);
    ASSERT_TRUE(store->RecordSentPosition(At(Ten('\x09'), Ten('\x01'))));
    ASSERT_TRUE(store->RecordSentPosition(At(Ten('\x05'), Ten('\x01')),
                                          {{{"duplicates_resent", 2}}}));  // lower: kept
    ASSERT_TRUE(store->CommitPosition(At(Ten('\x04'), Ten('\x01'))));
  }
  auto store = Open();
  EXPECT_EQ(store->SentPosition().value(), At(Ten('\x09'), Ten('\x01')));
  const auto status = TaskStore::ReadStatus(StateDir(), "orders");
  ASSERT_TRUE(status);
  ASSERT_TRUE(status->sent_position);
  EXPECT_EQ(*status->sent_position, At(Ten('\x09'), Ten('\x01')));
  EXPECT_EQ(*status->position, At(Ten('\x04'), Ten('\x01')));
  EXPECT_EQ(status->counters.at("duplicates_resent"), 2);
}

TEST_F(TaskStoreTest, LastCommitTimeFollowsCommitsThatCarryOne) {
  auto store = Open();
  ASSERT_TRUE(store->CommitPosition(At(Ten('\x01'), Ten('\x01')), {}, 1'700'000'000'123'456));
  EXPECT_EQ(TaskStore::ReadStatus(StateDir(), "orders")->last_commit_time_us,
            1'700'000'000'123'456);
  ASSERT_TRUE(store->CommitPosition(At(Ten('\x02'), Ten('\x01'))));  // no change: time kept
  EXPECT_EQ(TaskStore::ReadStatus(StateDir(), "orders")->last_commit_time_us,
            1'700'000'000'123'456);
  ASSERT_TRUE(store->CommitPosition(At(Ten('\x03'), Ten('\x01')), {}, 1'700'000'001'000'000));
  EXPECT_EQ(TaskStore::ReadStatus(StateDir(), "orders")->last_commit_time_us,
            1'700'000'001'000'000);
}

TEST_F(TaskStoreTest, AVersionTwoFileIsUpgradedKeepingItsPosition) {
  const std::string path = TaskStore::FilePath(StateDir(), "orders");
  {
    auto store = Open();
    ASSERT_TRUE(store->CommitPosition(At(Ten('\x07'), Ten('\x01'))));
  }
  // What version 2 had: no sent position, no commit time.
  RawExec(path,
          "ALTER TABLE task DROP COLUMN sent_commit_sequence; ALTER TABLE task DROP COLUMN "
          "sent_intent_sequence; ALTER TABLE task DROP COLUMN last_commit_time_us; UPDATE "
          "schema_version SET version = 2");
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->CommittedPosition().value(), At(Ten('\x07'), Ten('\x01')));
  EXPECT_EQ(store->SentPosition().value(), std::nullopt);
  ASSERT_TRUE(store->RecordSentPosition(At(Ten('\x08'), Ten('\x01'))));
}

TEST_F(TaskStoreTest, HandoffPositionIsRecordedOnce) {
  auto store = Open();
  ASSERT_TRUE(store->SetHandoffPosition(At(Ten('\x03'), Ten('\x00'))));
  EXPECT_TRUE(store->SetHandoffPosition(At(Sixteen('\x03'), Sixteen('\x00'))));  // equal
  auto moved = store->SetHandoffPosition(At(Ten('\x04'), Ten('\x00')));
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().code, base::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(store->HandoffPosition().value(), At(Ten('\x03'), Ten('\x00')));
}

TEST_F(TaskStoreTest, CountersAddUpAndStartAtZero) {
  auto store = Open();
  EXPECT_EQ(store->Counter(kDuplicatesResent).value(), 0);
  EXPECT_EQ(store->AddCounter(kDuplicatesResent, 5).value(), 5);
  EXPECT_EQ(store->AddCounter(kDuplicatesResent, 7).value(), 12);
  EXPECT_EQ(store->AddCounter(kDuplicatesResent, -2).value(), 10);
  EXPECT_EQ(store->Counter(kDuplicatesResent).value(), 10);
}

TEST_F(TaskStoreTest, ConfigFingerprintChangeIsDetected) {
  {
    auto store = Open();
    EXPECT_EQ(store->CheckConfig("sha256:aaa").value(), ConfigMatch::kFirstRun);
    EXPECT_EQ(store->CheckConfig("sha256:aaa").value(), ConfigMatch::kUnchanged);
  }
  auto store = Open();
  EXPECT_EQ(store->CheckConfig("sha256:aaa").value(), ConfigMatch::kUnchanged);
  EXPECT_EQ(store->CheckConfig("sha256:bbb").value(), ConfigMatch::kChanged);
  EXPECT_EQ(store->CheckConfig("sha256:bbb").value(), ConfigMatch::kChanged);  // not stored
  ASSERT_TRUE(store->ReplaceConfig("sha256:bbb"));
  EXPECT_EQ(store->CheckConfig("sha256:bbb").value(), ConfigMatch::kUnchanged);
}

TEST_F(TaskStoreTest, FileFromNewerVersionIsRefusedClearly) {
  const std::string path = TaskStore::FilePath(StateDir(), "orders");
  { ASSERT_NE(Open(), nullptr); }
  RawExec(path, "UPDATE schema_version SET version = 99");
  auto store = TaskStore::Open(StateDir(), "orders");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, base::ErrorCode::kFailedPrecondition);
  EXPECT_THAT(store.error().message, HasSubstr(path));
  EXPECT_THAT(store.error().message, HasSubstr("newer db2kafka"));
  auto status = TaskStore::ReadStatus(StateDir(), "orders");
  ASSERT_FALSE(status);
  EXPECT_THAT(status.error().message, HasSubstr("newer db2kafka"));
}

TEST_F(TaskStoreTest, CorruptFileIsDataLossNamingThePath) {
  std::filesystem::create_directories(StateDir());
  const std::string path = TaskStore::FilePath(StateDir(), "orders");
  std::ofstream(path) << std::string(8192, 'x');
  auto store = TaskStore::Open(StateDir(), "orders");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, base::ErrorCode::kDataLoss);
  EXPECT_THAT(store.error().message, HasSubstr(path));
  EXPECT_THAT(store.error().message, HasSubstr("move it away"));
}

TEST_F(TaskStoreTest, UncreatableStateDirNamesThePath) {
  const std::string file = dir_.path() + "/not-a-dir";
  std::ofstream(file) << "x";
  auto store = TaskStore::Open(file + "/state", "orders");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, base::ErrorCode::kPermissionDenied);
  EXPECT_THAT(store.error().message, HasSubstr(file + "/state"));
  EXPECT_THAT(store.error().message, HasSubstr("state_dir"));
}

TEST_F(TaskStoreTest, SecondOpenOfARunningTaskFails) {
  auto store = Open();
  auto second = TaskStore::Open(StateDir(), "orders");
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, base::ErrorCode::kFailedPrecondition);
  EXPECT_THAT(second.error().message, HasSubstr("already running"));
  EXPECT_TRUE(TaskStore::Open(StateDir(), "payments"));  // another task in the same state_dir
  store.reset();
  EXPECT_TRUE(TaskStore::Open(StateDir(), "orders"));
}

TEST_F(TaskStoreTest, StatusOfATaskThatNeverRanIsNotFound) {
  auto status = TaskStore::ReadStatus(StateDir(), "orders");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, base::ErrorCode::kNotFound);
}

TEST_F(TaskStoreTest, TaskNamesThatCannotBeFileNamesAreRejected) {
  for (const char* name : {"", ".", "..", "../x", "A", "a/b"}) {
    auto store = TaskStore::Open(StateDir(), name);
    ASSERT_FALSE(store) << name;
    EXPECT_EQ(store.error().code, base::ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace db2kafka::store
