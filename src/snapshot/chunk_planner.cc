#include "snapshot/chunk_planner.h"

#include <memory>
#include <utility>

#include "base/status_macros.h"
#include "db2/row_values.h"
#include "drda/cursor.h"
#include "snapshot/chunk_sql.h"

namespace db2kafka::snapshot {
namespace {

base::Result<int64_t> CountRows(drda::Connection& connection, const model::TableSchema& table) {
  const std::string sql = "SELECT COUNT(*) FROM " + QuoteTable(table);
  DB2KAFKA_ASSIGN_OR_RETURN(std::unique_ptr<drda::Cursor> cursor, connection.OpenQuery(sql));
  DB2KAFKA_ASSIGN_OR_RETURN(bool has_row, cursor->Next());
  if (!has_row) return base::Fail(base::ErrorCode::kProtocol, sql + " returned no row");
  DB2KAFKA_ASSIGN_OR_RETURN(
      std::vector<model::Value> values,
      db2::RowToValues(cursor->columns(), cursor->row(), connection.server().byte_order));
  int64_t count = 0;
  if (const auto* value = values.at(0).TryAs<int32_t>()) count = *value;
  if (const auto* value = values.at(0).TryAs<int64_t>()) count = *value;
  DB2KAFKA_ASSIGN_OR_RETURN(bool more, cursor->Next());
  static_cast<void>(more);
  return count;
}

ChunkPlan SingleChunk(std::string reason) {
  ChunkPlan plan;
  plan.chunks.push_back(Chunk{.id = 0});
  plan.single_chunk_reason = std::move(reason);
  return plan;
}

}  // namespace

base::Result<ChunkPlan> ChunkPlanner::Plan(drda::Connection& connection,
                                           const model::TableSchema& table,
                                           const ChunkPlanOptions& options) {
  const auto context = [&](base::Error error) {
    return base::Fail(base::WithContext(
        std::move(error), "cannot plan the full-phase chunks of " + table.QualifiedName()));
  };
  if (options.chunk_rows <= 0) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "chunk_rows must be positive, got " + std::to_string(options.chunk_rows));
  }
  const std::vector<size_t> key = table.KeyColumnIndexes();
  std::string reason;
  if (key.empty()) {
    reason = "no primary or unique key: read as one chunk, a restart reads it again";
  }
  for (size_t index : key) {
    if (reason.empty() && table.columns.at(index).nullable) {
      reason = "key column " + table.columns[index].name +
               " is nullable (a unique key): read as one chunk, a restart reads it again";
    }
  }
  if (!reason.empty()) {
    ChunkPlan plan = SingleChunk(std::move(reason));
    auto count = CountRows(connection, table);
    if (!count) return context(std::move(count).error());
    plan.estimated_rows = *count;
    return plan;
  }

  auto cursor = connection.OpenQuery(KeyQuery(table, key));
  if (!cursor) return context(std::move(cursor).error());
  std::vector<model::ColumnSchema> declared;
  declared.reserve(key.size());
  for (size_t index : key) declared.push_back(table.columns[index]);
  auto decoder =
      db2::RowValueDecoder::Create((*cursor)->columns(), connection.server().byte_order, declared);
  if (!decoder) return context(std::move(decoder).error());

  ChunkPlan plan;
  plan.key_columns = key;
  std::optional<model::Row> lower;
  std::optional<model::Row> boundary;  // the last key of a full chunk, once a later row exists
  model::Row values;
  int64_t rows = 0;
  while (true) {
    auto next = (*cursor)->Next();
    if (!next) return context(std::move(next).error());
    if (!*next) break;
    if (boundary) {
      // Another row follows the boundary, so the chunk it closes is not the last one.
      plan.chunks.push_back(Chunk{
          .id = static_cast<uint32_t>(plan.chunks.size()), .lower = lower, .upper = boundary});
      lower = std::exchange(boundary, std::nullopt);
    }
    ++rows;
    if (rows % options.chunk_rows == 0) {
      if (auto decoded = decoder->Decode((*cursor)->row(), values); !decoded) {
        return context(std::move(decoded).error());
      }
      boundary = values;
    }
  }
  plan.chunks.push_back(
      Chunk{.id = static_cast<uint32_t>(plan.chunks.size()), .lower = std::move(lower)});
  plan.estimated_rows = rows;
  return plan;
}

}  // namespace db2kafka::snapshot
