// Reads one chunk of a table for the full phase and hands its rows on as SNAPSHOT_READ events in
// batches of a bounded size, so memory stays bounded whatever the chunk's size:
//
//   SELECT <columns> FROM "S"."T" WHERE <key > lower> AND <key <= upper> AND (<filter>)
//   ORDER BY <key>
//
// with the bounds as parameter markers (see chunk_sql.h). Rows come in key order.
//
// Immutable after Create: one reader per table may serve chunks on several threads, each with its
// own connection. Read runs in the connection's unit of work and does not commit.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/error.h"
#include "drda/connection.h"
#include "model/change_event.h"
#include "model/table_schema.h"
#include "snapshot/chunk_planner.h"

namespace db2kafka::snapshot {

struct ChunkReadOptions {
  // Indexes into the source table's columns, in the order of destination->columns (after column
  // exclusion and renaming); empty: every source column.
  std::vector<size_t> columns;
  // A search condition in the source's SQL over source column names (a task's per-table filter),
  // ANDed in parentheses; empty: none. Passed through as is: validate it before.
  std::string filter;
  size_t batch_size = 1000;      // events per batch, > 0
  int64_t snapshot_time_us = 0;  // ChangeEvent::commit_time_us: when the full phase started
};

class ChunkReader {
 public:
  // Receives each batch; an error stops the read and is returned by Read.
  using Sink = std::function<base::Status(model::EventBatch&& batch)>;

  // `source` is the table as the catalog describes it (names, types, key); `destination` the
  // shaped schema every event points to, one column per selected source column. The key is
  // source.KeyColumnIndexes(), as ChunkPlanner uses it.
  static base::Result<ChunkReader> Create(model::TableSchema source,
                                          std::shared_ptr<const model::TableSchema> destination,
                                          ChunkReadOptions options);

  // Reads `chunk` (from a ChunkPlanner plan of the same table) and returns the number of rows
  // read. Events carry no sequence number (0): the runner numbers them.
  base::Result<int64_t> Read(drda::Connection& connection, const Chunk& chunk,
                             const Sink& sink) const;

  // The statement Read runs for `chunk`.
  std::string Sql(const Chunk& chunk) const;

 private:
  ChunkReader(model::TableSchema source, std::shared_ptr<const model::TableSchema> destination,
              ChunkReadOptions options, std::vector<size_t> key)
      : source_(std::move(source)),
        destination_(std::move(destination)),
        options_(std::move(options)),
        key_(std::move(key)) {}
  base::Result<int64_t> Stream(drda::Connection& connection, const Chunk& chunk,
                               const Sink& sink) const;

  model::TableSchema source_;
  std::shared_ptr<const model::TableSchema> destination_;
  ChunkReadOptions options_;
  std::vector<size_t> key_;
};

}  // namespace db2kafka::snapshot
