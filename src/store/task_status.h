// The values the task store keeps and reports: phases, table and chunk states, chunk bounds and
// the status snapshot `db2kafka status` prints.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "model/change_event.h"

namespace db2kafka::store {

enum class TaskPhase : uint8_t { kSchema, kFull, kIncremental, kDone, kFailed };
enum class TableState : uint8_t { kPending, kInProgress, kDone };
enum class ChunkState : uint8_t { kPending, kDone };

// Stored spellings: "schema", "full", "incremental", "done", "failed"; "pending", "in_progress",
// "done". Parsing a spelling the store does not know is a DataLoss error (a damaged file).
std::string_view TaskPhaseName(TaskPhase phase);
std::string_view TableStateName(TableState state);
std::string_view ChunkStateName(ChunkState state);
base::Result<TaskPhase> ParseTaskPhase(std::string_view name);
base::Result<TableState> ParseTableState(std::string_view name);
base::Result<ChunkState> ParseChunkState(std::string_view name);

// A chunk's key range as text the caller builds (for example JSON of key values); the store
// never looks inside. By the caller's convention an empty bound can mean "unbounded".
struct ChunkBounds {
  std::string lower;
  std::string upper;
  friend bool operator==(const ChunkBounds&, const ChunkBounds&) = default;
};

struct Chunk {
  std::string table;  // "SCHEMA.TABLE"
  int64_t id = 0;     // 1-based, in key order
  ChunkBounds bounds;
  ChunkState state = ChunkState::kPending;
  int64_t rows_written = 0;
  int64_t done_at_us = 0;  // microseconds since the epoch; 0 while pending
  // When a run first started reading the chunk; 0 when none has. A pending chunk that was started
  // had records sent before its run stopped: reading it again may duplicate them.
  int64_t started_at_us = 0;
};

// One counter change applied in the same transaction as a checkpoint, so counters stay exact
// across kill -9.
struct CounterDelta {
  std::string name;
  int64_t delta = 0;
};

// Counter names the runner uses; any other name is allowed too.
inline constexpr std::string_view kRecordsWritten = "records_written";
inline constexpr std::string_view kDuplicatesResent = "duplicates_resent";
inline constexpr std::string_view kErrors = "errors";

// What CheckConfig found when comparing the caller's configuration fingerprint with the stored one.
enum class ConfigMatch : uint8_t {
  kFirstRun,   // nothing was stored; the fingerprint is stored now
  kUnchanged,  // same fingerprint as the run that wrote the checkpoints
  kChanged,    // a different configuration; the stored fingerprint is kept
};

struct TableProgress {
  std::string table;
  TableState state = TableState::kPending;
  int64_t rows_estimate = 0;
  int64_t chunks_total = 0;
  int64_t chunks_done = 0;
  int64_t rows_written = 0;  // sum over chunks marked done
};

// A consistent snapshot of the whole store (read in one SQLite read transaction).
struct TaskStatus {
  std::string task_name;
  std::string config_fingerprint;
  TaskPhase phase = TaskPhase::kSchema;
  std::string last_error;
  std::optional<model::Position> handoff_position;
  std::optional<model::Position> position;  // the committed incremental position
  // The highest incremental position handed to Kafka; above `position` after a run stopped with
  // records unacknowledged, which the next run sends again.
  std::optional<model::Position> sent_position;
  // Commit time (microseconds since the epoch) of the last change up to `position`; 0 before one.
  int64_t last_commit_time_us = 0;
  std::vector<TableProgress> tables;  // ordered by table name
  std::map<std::string, int64_t> counters;
  int64_t updated_at_us = 0;  // time of the last write

  // Hex of the committed position ("<commit>:<intent>"), "" when none is committed.
  std::string PositionHex() const { return position ? position->ToHex() : ""; }
};

}  // namespace db2kafka::store
