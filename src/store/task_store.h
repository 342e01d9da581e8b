// The embedded task store: one SQLite file per task, <state_dir>/<task_name>.db, holding what a
// restarted task needs (configuration fingerprint, phase, hand-off position, per-table full-sync
// progress and chunks, the committed incremental position, counters) and what `db2kafka status`
// shows. Every public write is one durable transaction (WAL, synchronous=FULL): once it returns,
// the change survives kill -9 and power loss.
//
// Lifetime and threads: a TaskStore is owned by the task's runner and used by one thread at a time
// (the writer thread); it is not synchronized. While it is open it holds an exclusive lock on
// <task_name>.db.lock, so a second process running the same task fails at Open. Status readers in
// any thread or process use TaskStore::ReadStatus, which opens its own read-only connection and
// never blocks the writer.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/error.h"
#include "model/change_event.h"
#include "store/task_status.h"

namespace db2kafka::store {

namespace detail {
class Database;
class LockFile;
}  // namespace detail

class TaskStore {
 public:
  // Creates state_dir (with parents) and the task's file when missing, upgrades an older schema,
  // and refuses a file from a newer db2kafka (FailedPrecondition), a corrupt file (DataLoss), an
  // unwritable directory (PermissionDenied) and a task already open elsewhere (FailedPrecondition).
  // task_name follows the task file's rule: [a-z0-9._-], not "." or "..".
  static base::Result<std::unique_ptr<TaskStore>> Open(
      const std::string& state_dir, std::string_view task_name,
      const base::Clock& clock = base::SystemClock::Instance());

  // A consistent snapshot through a separate read-only connection; NotFound when the task never
  // ran.
  static base::Result<TaskStatus> ReadStatus(const std::string& state_dir,
                                             std::string_view task_name);

  // The path of the task's SQLite file.
  static std::string FilePath(const std::string& state_dir, std::string_view task_name);

  ~TaskStore();
  TaskStore(const TaskStore&) = delete;
  TaskStore& operator=(const TaskStore&) = delete;

  const std::string& path() const;

  // --- task ---
  // Compares the caller's configuration fingerprint with the stored one. The first call stores it;
  // a different fingerprint is reported as kChanged and not stored (see ReplaceConfig).
  base::Result<ConfigMatch> CheckConfig(std::string_view fingerprint);
  // Stores a new fingerprint, for a caller that decided the changed configuration may resume.
  base::Status ReplaceConfig(std::string_view fingerprint);
  // Sets the phase and the last error text ("" clears it).
  base::Status SetPhase(TaskPhase phase, std::string_view last_error = "");

  // --- hand-off position, recorded before the full phase reads ---
  // Recording a different position when one is stored is FailedPrecondition: a resumed full phase
  // must keep the original, or the changes in between would be lost. The same position is a no-op.
  base::Status SetHandoffPosition(const model::Position& position);
  base::Result<std::optional<model::Position>> HandoffPosition();

  // --- full-sync progress ---
  // Adds the table (state pending) or updates its row estimate, keeping its state and chunks.
  base::Status RegisterTable(std::string_view table, int64_t rows_estimate);
  base::Status SetTableState(std::string_view table, TableState state);
  // Plans the table's chunks, ids 1..n in the given order, registering the table when needed.
  // When chunks are already planned (a restart), returns them unchanged and ignores `bounds`.
  base::Result<std::vector<Chunk>> PlanChunks(std::string_view table,
                                              const std::vector<ChunkBounds>& bounds);
  base::Result<std::vector<Chunk>> Chunks(std::string_view table);
  base::Result<std::vector<Chunk>> PendingChunks(std::string_view table);
  // Records that a run starts reading the chunk (the first start's time is kept). Returns whether
  // an earlier run had started it already, so its records may be in Kafka once more.
  base::Result<bool> MarkChunkStarted(std::string_view table, int64_t chunk_id);
  // Call only after Kafka acknowledged every record of the chunk. Applies the counter deltas in
  // the same transaction, moves the table to in_progress, or to done with its last chunk. Marking
  // a done chunk again with the same rows is a no-op; with other rows FailedPrecondition.
  base::Status MarkChunkDone(std::string_view table, int64_t chunk_id, int64_t rows,
                             std::span<const CounterDelta> counters = {});

  // --- incremental position ---
  // Call only after Kafka acknowledged every earlier record. A position below the committed one
  // is FailedPrecondition (a bug must not move the checkpoint back); an equal one is a no-op for
  // the position (counters still apply). Counter deltas are applied in the same transaction.
  // `last_commit_time_us`: commit time of the last change up to the position; 0 keeps the stored
  // one (a window without changes).
  base::Status CommitPosition(const model::Position& position,
                              std::span<const CounterDelta> counters = {},
                              int64_t last_commit_time_us = 0);
  base::Result<std::optional<model::Position>> CommittedPosition();
  // Call before handing records up to `position` to Kafka. Only moves forward (a lower or equal
  // position keeps the stored one), so it is the highest position any run sent. Counter deltas
  // are applied in the same transaction.
  base::Status RecordSentPosition(const model::Position& position,
                                  std::span<const CounterDelta> counters = {});
  base::Result<std::optional<model::Position>> SentPosition();

  // --- counters ---
  base::Result<int64_t> AddCounter(std::string_view name, int64_t delta);
  // 0 for a counter never added to.
  base::Result<int64_t> Counter(std::string_view name);

  base::Result<TaskStatus> Status();

 private:
  TaskStore(std::unique_ptr<detail::Database> database, std::unique_ptr<detail::LockFile> lock,
            const base::Clock& clock);

  std::unique_ptr<detail::LockFile> lock_;  // released after the database closes
  std::unique_ptr<detail::Database> database_;
  const base::Clock& clock_;
};

}  // namespace db2kafka::store
