// Splits a table into key-ordered chunks for the full phase, so chunks can be read over several
// connections and a restarted task resumes at the first unfinished chunk.
//
// The planner streams the key (SELECT <key> FROM "S"."T" ORDER BY <key>) and takes every
// chunk_rows-th key as a boundary. Chunk i covers lower < key <= upper; the first chunk has no
// lower bound and the last no upper bound, so rows inserted after planning are still read by some
// chunk. The key is TableSchema::KeyColumnIndexes(): the primary key, else the first unique key.
//
// One chunk for the whole table (ChunkPlan::single_chunk_reason says why) when
//  - the table has no key: without a total order nothing marks where a chunk ends, so a keyless
//    table cannot resume mid-table; a restart reads it again from the start;
//  - a key column is nullable (a unique key, never a Db2 primary key): NULL fails every
//    comparison, so rows with a NULL key would fall outside every bounded chunk.
//
// Runs in the caller's unit of work and does not commit. Not thread-safe; one plan per call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "drda/connection.h"
#include "model/change_event.h"
#include "model/table_schema.h"

namespace db2kafka::snapshot {

struct Chunk {
  uint32_t id = 0;                  // 0-based, in key order
  std::optional<model::Row> lower;  // exclusive; key columns only, in key order
  std::optional<model::Row> upper;  // inclusive
  friend bool operator==(const Chunk&, const Chunk&) = default;
};

struct ChunkPlan {
  std::vector<Chunk> chunks;        // never empty
  std::vector<size_t> key_columns;  // indexes into the table's columns; empty for a single chunk
  int64_t estimated_rows = 0;       // rows at planning time (exact then; the table may change)
  std::string single_chunk_reason;  // why the table was not split; empty when it was
};

struct ChunkPlanOptions {
  int64_t chunk_rows = 100'000;  // rows per chunk, > 0
};

class ChunkPlanner {
 public:
  static base::Result<ChunkPlan> Plan(drda::Connection& connection, const model::TableSchema& table,
                                      const ChunkPlanOptions& options);
};

}  // namespace db2kafka::snapshot
