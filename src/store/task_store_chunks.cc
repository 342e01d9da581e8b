// TaskStore's full-sync progress: tables and their chunks.
#include <string>
#include <vector>

#include "base/status_macros.h"
#include "store/detail/sqlite_database.h"
#include "store/detail/status_query.h"
#include "store/task_store.h"

namespace db2kafka::store {
namespace {

using detail::Database;
using detail::Transaction;

constexpr std::string_view kSelectChunks =
    "SELECT table_name, chunk_id, lower_bound, upper_bound, state, rows_written, done_at_us, "
    "started_at_us "
    "FROM chunk WHERE table_name = ?";

base::Result<std::vector<Chunk>> SelectChunks(Database& database, std::string_view table,
                                              bool pending_only) {
  std::string sql(kSelectChunks);
  if (pending_only) sql += " AND state = 'pending'";
  sql += " ORDER BY chunk_id";
  DB2KAFKA_ASSIGN_OR_RETURN(auto select, database.Prepare(sql));
  select.BindText(1, table);
  std::vector<Chunk> chunks;
  for (;;) {
    DB2KAFKA_ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) return chunks;
    Chunk& chunk = chunks.emplace_back();
    chunk.table = select.ColumnText(0);
    chunk.id = select.ColumnInt(1);
    chunk.bounds = {select.ColumnText(2), select.ColumnText(3)};
    DB2KAFKA_ASSIGN_OR_RETURN(chunk.state, ParseChunkState(select.ColumnText(4)));
    chunk.rows_written = select.ColumnInt(5);
    chunk.done_at_us = select.ColumnInt(6);
    chunk.started_at_us = select.ColumnInt(7);
  }
}

base::Status InsertTable(Database& database, std::string_view table, int64_t rows_estimate,
                         bool update_estimate) {
  std::string sql =
      "INSERT INTO source_table (name, rows_estimate, state) VALUES (?, ?, 'pending')";
  sql += update_estimate
             ? " ON CONFLICT (name) DO UPDATE SET rows_estimate = excluded.rows_estimate"
             : " ON CONFLICT (name) DO NOTHING";
  DB2KAFKA_ASSIGN_OR_RETURN(auto upsert, database.Prepare(sql));
  return upsert.BindText(1, table).Bind(2, rows_estimate).Run();
}

base::Status Touch(Database& database, int64_t now_us) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto update,
                            database.Prepare("UPDATE task SET updated_at_us = ? WHERE id = 1"));
  return update.Bind(1, now_us).Run();
}

base::Status CheckRows(const Database& database, std::string_view table, int64_t chunk_id,
                       int64_t rows) {
  if (rows >= 0) return {};
  return base::Fail(base::ErrorCode::kInvalidArgument,
                    "task store " + database.path() + ": chunk " + std::to_string(chunk_id) +
                        " of " + std::string(table) + " cannot have " + std::to_string(rows) +
                        " rows");
}

base::Error NoSuchChunk(const std::string& path, std::string_view table, int64_t chunk_id) {
  return base::MakeError(base::ErrorCode::kNotFound,
                         "task store " + path + " has no chunk " + std::to_string(chunk_id) +
                             " of " + std::string(table) + "; plan chunks first");
}

}  // namespace

base::Status TaskStore::RegisterTable(std::string_view table, int64_t rows_estimate) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto transaction, Transaction::Begin(*database_, /*write=*/true));
  DB2KAFKA_TRY(InsertTable(*database_, table, rows_estimate, /*update_estimate=*/true));
  DB2KAFKA_TRY(Touch(*database_, clock_.NowMicros()));
  return transaction.Commit();
}

base::Status TaskStore::SetTableState(std::string_view table, TableState state) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto transaction, Transaction::Begin(*database_, /*write=*/true));
  DB2KAFKA_ASSIGN_OR_RETURN(auto update,
                            database_->Prepare("UPDATE source_table SET state = ? WHERE name = ?"));
  DB2KAFKA_TRY(update.BindText(1, TableStateName(state)).BindText(2, table).Run());
  if (sqlite3_changes(database_->handle()) == 0) {
    return base::Fail(base::ErrorCode::kNotFound, "task store " + path() + " has no table " +
                                                      std::string(table) +
                                                      "; register it before setting its state");
  }
  DB2KAFKA_TRY(Touch(*database_, clock_.NowMicros()));
  return transaction.Commit();
}

base::Result<std::vector<Chunk>> TaskStore::PlanChunks(std::string_view table,
                                                       const std::vector<ChunkBounds>& bounds) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto transaction, Transaction::Begin(*database_, /*write=*/true));
  DB2KAFKA_ASSIGN_OR_RETURN(auto planned, SelectChunks(*database_, table, /*pending_only=*/false));
  if (!planned.empty()) return planned;  // planned before a restart: keep those bounds
  DB2KAFKA_TRY(InsertTable(*database_, table, 0, /*update_estimate=*/false));
  DB2KAFKA_ASSIGN_OR_RETURN(
      auto insert, database_->Prepare("INSERT INTO chunk (table_name, chunk_id, lower_bound, "
                                      "upper_bound, state) VALUES (?, ?, ?, ?, 'pending')"));
  int64_t id = 0;
  for (const ChunkBounds& bound : bounds) {
    DB2KAFKA_TRY(insert.BindText(1, table)
                     .Bind(2, ++id)
                     .BindText(3, bound.lower)
                     .BindText(4, bound.upper)
                     .Run());
    insert.Reset();
  }
  DB2KAFKA_TRY(Touch(*database_, clock_.NowMicros()));
  DB2KAFKA_ASSIGN_OR_RETURN(planned, SelectChunks(*database_, table, /*pending_only=*/false));
  DB2KAFKA_TRY(transaction.Commit());
  return planned;
}

base::Result<std::vector<Chunk>> TaskStore::Chunks(std::string_view table) {
  return SelectChunks(*database_, table, /*pending_only=*/false);
}

base::Result<std::vector<Chunk>> TaskStore::PendingChunks(std::string_view table) {
  return SelectChunks(*database_, table, /*pending_only=*/true);
}

base::Result<bool> TaskStore::MarkChunkStarted(std::string_view table, int64_t chunk_id) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto transaction, Transaction::Begin(*database_, /*write=*/true));
  DB2KAFKA_ASSIGN_OR_RETURN(auto select,
                            database_->Prepare("SELECT started_at_us FROM chunk "
                                               "WHERE table_name = ? AND chunk_id = ?"));
  DB2KAFKA_ASSIGN_OR_RETURN(const bool found, select.BindText(1, table).Bind(2, chunk_id).Step());
  if (!found) return base::Fail(NoSuchChunk(path(), table, chunk_id));
  const bool started_before = select.ColumnInt(0) != 0;
  if (started_before) return true;
  const int64_t now_us = clock_.NowMicros();
  DB2KAFKA_ASSIGN_OR_RETURN(auto update,
                            database_->Prepare("UPDATE chunk SET started_at_us = ? "
                                               "WHERE table_name = ? AND chunk_id = ?"));
  DB2KAFKA_TRY(update.Bind(1, now_us > 0 ? now_us : 1).BindText(2, table).Bind(3, chunk_id).Run());
  DB2KAFKA_TRY(Touch(*database_, now_us));
  DB2KAFKA_TRY(transaction.Commit());
  return false;
}

base::Status TaskStore::MarkChunkDone(std::string_view table, int64_t chunk_id, int64_t rows,
                                      std::span<const CounterDelta> counters) {
  DB2KAFKA_TRY(CheckRows(*database_, table, chunk_id, rows));
  DB2KAFKA_ASSIGN_OR_RETURN(auto transaction, Transaction::Begin(*database_, /*write=*/true));
  DB2KAFKA_ASSIGN_OR_RETURN(auto select,
                            database_->Prepare("SELECT state, rows_written FROM chunk "
                                               "WHERE table_name = ? AND chunk_id = ?"));
  DB2KAFKA_ASSIGN_OR_RETURN(const bool found, select.BindText(1, table).Bind(2, chunk_id).Step());
  if (!found) return base::Fail(NoSuchChunk(path(), table, chunk_id));
  if (select.ColumnText(0) == ChunkStateName(ChunkState::kDone)) {
    if (select.ColumnInt(1) == rows) return {};
    return base::Fail(base::ErrorCode::kFailedPrecondition,
                      "task store " + path() + ": chunk " + std::to_string(chunk_id) + " of " +
                          std::string(table) + " is already done with " +
                          std::to_string(select.ColumnInt(1)) + " rows, not " +
                          std::to_string(rows) + "; this is a bug in db2kafka, please report it");
  }
  const int64_t now_us = clock_.NowMicros();
  DB2KAFKA_ASSIGN_OR_RETURN(
      auto update, database_->Prepare("UPDATE chunk SET state = 'done', rows_written = ?, "
                                      "done_at_us = ? WHERE table_name = ? AND chunk_id = ?"));
  DB2KAFKA_TRY(update.Bind(1, rows).Bind(2, now_us).BindText(3, table).Bind(4, chunk_id).Run());
  DB2KAFKA_ASSIGN_OR_RETURN(
      auto table_state,
      database_->Prepare("UPDATE source_table SET state = CASE WHEN EXISTS (SELECT 1 FROM chunk "
                         "WHERE table_name = ?1 AND state = 'pending') THEN 'in_progress' "
                         "ELSE 'done' END WHERE name = ?1"));
  DB2KAFKA_TRY(table_state.BindText(1, table).Run());
  DB2KAFKA_TRY(detail::ApplyCounters(*database_, counters));
  DB2KAFKA_TRY(Touch(*database_, now_us));
  return transaction.Commit();
}

}  // namespace db2kafka::store
