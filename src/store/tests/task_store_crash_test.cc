// kill -9 at random moments while a child process checkpoints chunks and positions: the store the
// parent reopens is intact and every checkpoint is all-or-nothing.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <random>
#include <string>
#include <thread>

#include "store/task_store.h"
#include "store/tests/temp_dir.h"

namespace db2kafka::store {
namespace {

constexpr const char* kTable = "APP.ORDERS";
constexpr int kChunks = 400;

int64_t RowsOf(int64_t chunk_id) { return chunk_id * 7; }

// Position number n, as 10 bytes when n is even and 16 bytes when odd (equal values either way).
model::Position PositionOf(uint64_t n) {
  const size_t width = n % 2 == 0 ? 10 : 16;
  std::string commit(width, '\0');
  for (size_t i = 0; i < 8; ++i) commit[width - 1 - i] = static_cast<char>((n >> (8 * i)) & 0xff);
  return {commit, std::string(width, '\0')};
}

uint64_t NumberOf(const model::Position& position) {
  uint64_t n = 0;
  for (const char byte : position.commit_sequence) n = (n << 8) | static_cast<uint8_t>(byte);
  return n;
}

// The child: checkpoints forever, alternating a chunk and a position, each with its counters.
[[noreturn]] void Checkpoint(const std::string& dir) {
  auto store = TaskStore::Open(dir, "crash");
  if (!store) _exit(2);
  std::vector<ChunkBounds> bounds;
  bounds.reserve(kChunks);
  for (int i = 0; i < kChunks; ++i) bounds.push_back({std::to_string(i), std::to_string(i + 1)});
  if (!(*store)->PlanChunks(kTable, bounds)) _exit(3);
  auto position = (*store)->CommittedPosition();
  if (!position) _exit(4);
  uint64_t n = *position ? NumberOf(**position) : 0;
  for (;;) {
    auto pending = (*store)->PendingChunks(kTable);
    if (!pending) _exit(5);
    if (!pending->empty()) {
      const int64_t id = pending->front().id;
      const CounterDelta rows{std::string(kRecordsWritten), RowsOf(id)};
      if (!(*store)->MarkChunkDone(kTable, id, RowsOf(id), std::span(&rows, 1))) _exit(6);
    }
    const CounterDelta one{std::string(kRecordsWritten), 1};
    if (!(*store)->CommitPosition(PositionOf(++n), std::span(&one, 1))) _exit(7);
  }
}

std::string IntegrityCheck(const std::string& path) {
  sqlite3* db = nullptr;
  std::string result = "cannot open";
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr);
    if (sqlite3_step(statement) == SQLITE_ROW) {
      result = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return result;
}

TEST(TaskStoreCrash, KillNineAtRandomMomentsLeavesConsistentCheckpoints) {
  TempDir dir;
  std::mt19937 random(std::random_device{}());
  uint64_t last_position = 0;
  int64_t last_done = 0;
  constexpr int kRounds = 12;
  for (int round = 0; round < kRounds; ++round) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) Checkpoint(dir.path());
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<int>(5, 80)(random)));
    ASSERT_EQ(kill(child, SIGKILL), 0);
    int wait_status = 0;
    ASSERT_EQ(waitpid(child, &wait_status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(wait_status)) << "the child stopped by itself with exit status "
                                          << WEXITSTATUS(wait_status) << " in round " << round;

    const std::string path = TaskStore::FilePath(dir.path(), "crash");
    auto store = TaskStore::Open(dir.path(), "crash");  // recovers the WAL
    ASSERT_TRUE(store) << "round " << round << ": " << store.error().ToString();
    EXPECT_EQ(IntegrityCheck(path), "ok") << "round " << round;
    auto status = (*store)->Status();
    ASSERT_TRUE(status) << status.error().ToString();

    int64_t done = 0;
    int64_t done_rows = 0;
    auto chunks = (*store)->Chunks(kTable);
    ASSERT_TRUE(chunks);
    for (const Chunk& chunk : *chunks) {
      if (chunk.state != ChunkState::kDone) continue;
      ++done;
      done_rows += chunk.rows_written;
      EXPECT_EQ(chunk.rows_written, RowsOf(chunk.id)) << "chunk " << chunk.id;
      EXPECT_GT(chunk.done_at_us, 0);
    }
    const uint64_t position = status->position ? NumberOf(*status->position) : 0;
    // Every position and chunk was committed with its counter in one transaction.
    const auto records = status->counters.find(std::string(kRecordsWritten));
    const int64_t records_written = records == status->counters.end() ? 0 : records->second;
    EXPECT_EQ(records_written, done_rows + static_cast<int64_t>(position)) << "round " << round;
    // Chunks are taken in order, one per position: done chunks are exactly the first ones.
    if (!chunks->empty()) {
      for (int64_t id = 1; id <= done; ++id) {
        EXPECT_EQ((*chunks)[static_cast<size_t>(id - 1)].state, ChunkState::kDone);
      }
      EXPECT_EQ(static_cast<int64_t>(chunks->size()), kChunks);
    }
    // A round's child marks a chunk and then commits a position: a kill in between leaves one
    // more chunk than positions, at most once per round.
    if (done < kChunks) {
      EXPECT_GE(done, static_cast<int64_t>(position));
      EXPECT_LE(done - static_cast<int64_t>(position), round + 1);
    }
    EXPECT_GE(position, last_position) << "a committed position was lost";
    EXPECT_GE(done, last_done) << "a chunk marked done was lost";
    last_position = position;
    last_done = done;
  }
  RecordProperty("positions_committed", std::to_string(last_position));
  RecordProperty("chunks_done", std::to_string(last_done));
  EXPECT_GT(last_position, 0U) << "the children never committed anything; kill later";
}

}  // namespace
}  // namespace db2kafka::store
