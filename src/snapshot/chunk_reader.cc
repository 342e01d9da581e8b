#include "snapshot/chunk_reader.h"

#include <utility>

#include "base/status_macros.h"
#include "db2/row_values.h"
#include "drda/cursor.h"
#include "snapshot/chunk_sql.h"

namespace db2kafka::snapshot {

base::Result<ChunkReader> ChunkReader::Create(model::TableSchema source,
                                              std::shared_ptr<const model::TableSchema> destination,
                                              ChunkReadOptions options) {
  const std::string what = "cannot read " + source.QualifiedName() + ": ";
  if (destination == nullptr) {
    return base::Fail(base::ErrorCode::kInvalidArgument, what + "no destination schema");
  }
  if (options.batch_size == 0) {
    return base::Fail(base::ErrorCode::kInvalidArgument, what + "batch_size must be positive");
  }
  if (options.columns.empty()) {
    for (size_t i = 0; i < source.columns.size(); ++i) options.columns.push_back(i);
  }
  for (size_t index : options.columns) {
    if (index >= source.columns.size()) {
      return base::Fail(base::ErrorCode::kInvalidArgument,
                        what + "column index " + std::to_string(index) + " out of range");
    }
  }
  if (options.columns.size() != destination->columns.size()) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      what + std::to_string(options.columns.size()) +
                          " selected columns for a destination of " +
                          std::to_string(destination->columns.size()));
  }
  std::vector<size_t> key = source.KeyColumnIndexes();
  return ChunkReader(std::move(source), std::move(destination), std::move(options), std::move(key));
}

std::string ChunkReader::Sql(const Chunk& chunk) const {
  return ChunkQuery(source_, ChunkQuerySpec{.columns = options_.columns,
                                            .key = key_,
                                            .has_lower = chunk.lower.has_value(),
                                            .has_upper = chunk.upper.has_value(),
                                            .filter = options_.filter});
}

base::Result<int64_t> ChunkReader::Read(drda::Connection& connection, const Chunk& chunk,
                                        const Sink& sink) const {
  auto rows = Stream(connection, chunk, sink);
  if (!rows) {
    return base::Fail(base::WithContext(
        std::move(rows).error(),
        "cannot read chunk " + std::to_string(chunk.id) + " of " + source_.QualifiedName()));
  }
  return rows;
}

base::Result<int64_t> ChunkReader::Stream(drda::Connection& connection, const Chunk& chunk,
                                          const Sink& sink) const {
  if ((chunk.lower || chunk.upper) && key_.empty()) {
    return base::Fail(base::ErrorCode::kInvalidArgument, "a bounded chunk of a table without key");
  }
  std::vector<drda::Parameter> parameters;
  for (const auto& [bound, kind] : {std::pair{&chunk.lower, BoundKind::kLowerExclusive},
                                    std::pair{&chunk.upper, BoundKind::kUpperInclusive}}) {
    if (!bound->has_value()) continue;
    if ((*bound)->size() != key_.size()) {
      return base::Fail(base::ErrorCode::kInvalidArgument,
                        "a bound of " + std::to_string((*bound)->size()) + " values for a key of " +
                            std::to_string(key_.size()) + " columns");
    }
    DB2KAFKA_ASSIGN_OR_RETURN(std::vector<drda::Parameter> values, BoundParameters(**bound, kind));
    for (drda::Parameter& value : values) parameters.push_back(std::move(value));
  }

  DB2KAFKA_ASSIGN_OR_RETURN(std::unique_ptr<drda::Cursor> cursor,
                            connection.OpenQuery(Sql(chunk), parameters));
  std::vector<model::ColumnSchema> declared;
  declared.reserve(options_.columns.size());
  for (size_t index : options_.columns) declared.push_back(source_.columns[index]);
  DB2KAFKA_ASSIGN_OR_RETURN(
      db2::RowValueDecoder decoder,
      db2::RowValueDecoder::Create(cursor->columns(), connection.server().byte_order, declared));

  int64_t rows = 0;
  model::EventBatch batch;
  batch.events.reserve(options_.batch_size);
  while (true) {
    DB2KAFKA_ASSIGN_OR_RETURN(bool has_row, cursor->Next());
    if (!has_row) break;
    model::ChangeEvent event{.operation = model::Operation::kSnapshotRead,
                             .table = destination_,
                             .commit_time_us = options_.snapshot_time_us};
    if (auto decoded = decoder.Decode(cursor->row(), event.after); !decoded) {
      DB2KAFKA_IGNORE_ERROR(cursor->Close());  // the decode error is the one to report
      return base::Fail(std::move(decoded).error());
    }
    batch.events.push_back(std::move(event));
    ++rows;
    if (batch.events.size() == options_.batch_size) {
      if (auto delivered = sink(std::move(batch)); !delivered) {
        DB2KAFKA_IGNORE_ERROR(cursor->Close());  // the sink's error is the one to report
        return base::Fail(std::move(delivered).error());
      }
      batch = model::EventBatch{};
      batch.events.reserve(options_.batch_size);
    }
  }
  if (!batch.events.empty()) DB2KAFKA_TRY(sink(std::move(batch)));
  return rows;
}

}  // namespace db2kafka::snapshot
