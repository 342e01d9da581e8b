#include "store/detail/status_query.h"

#include <string>

#include "base/status_macros.h"

namespace db2kafka::store::detail {
namespace {

base::Status ReadTask(Database& database, TaskStatus& status) {
  DB2KAFKA_ASSIGN_OR_RETURN(
      auto select,
      database.Prepare("SELECT name, config_fingerprint, phase, last_error, "
                       "handoff_commit_sequence, handoff_intent_sequence, "
                       "position_commit_sequence, position_intent_sequence, updated_at_us, "
                       "sent_commit_sequence, sent_intent_sequence, last_commit_time_us "
                       "FROM task WHERE id = 1"));
  DB2KAFKA_ASSIGN_OR_RETURN(const bool row, select.Step());
  if (!row) {
    return base::Fail(base::ErrorCode::kDataLoss,
                      "task store " + database.path() + " has no task row; the file is damaged");
  }
  status.task_name = select.ColumnText(0);
  status.config_fingerprint = select.ColumnText(1);
  DB2KAFKA_ASSIGN_OR_RETURN(status.phase, ParseTaskPhase(select.ColumnText(2)));
  status.last_error = select.ColumnText(3);
  if (!select.IsNull(4)) status.handoff_position = {select.ColumnBlob(4), select.ColumnBlob(5)};
  if (!select.IsNull(6)) status.position = {select.ColumnBlob(6), select.ColumnBlob(7)};
  status.updated_at_us = select.ColumnInt(8);
  if (!select.IsNull(9)) status.sent_position = {select.ColumnBlob(9), select.ColumnBlob(10)};
  status.last_commit_time_us = select.ColumnInt(11);
  return {};
}

base::Status ReadTables(Database& database, TaskStatus& status) {
  DB2KAFKA_ASSIGN_OR_RETURN(
      auto select,
      database.Prepare("SELECT t.name, t.state, t.rows_estimate, count(c.chunk_id), "
                       "coalesce(sum(c.state = 'done'), 0), coalesce(sum(c.rows_written), 0) "
                       "FROM source_table t LEFT JOIN chunk c ON c.table_name = t.name "
                       "GROUP BY t.name ORDER BY t.name"));
  for (;;) {
    DB2KAFKA_ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) return {};
    TableProgress& table = status.tables.emplace_back();
    table.table = select.ColumnText(0);
    DB2KAFKA_ASSIGN_OR_RETURN(table.state, ParseTableState(select.ColumnText(1)));
    table.rows_estimate = select.ColumnInt(2);
    table.chunks_total = select.ColumnInt(3);
    table.chunks_done = select.ColumnInt(4);
    table.rows_written = select.ColumnInt(5);
  }
}

base::Status ReadCounters(Database& database, TaskStatus& status) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto select,
                            database.Prepare("SELECT name, value FROM counter ORDER BY name"));
  for (;;) {
    DB2KAFKA_ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) return {};
    status.counters[select.ColumnText(0)] = select.ColumnInt(1);
  }
}

}  // namespace

base::Result<TaskStatus> QueryStatus(Database& database) {
  TaskStatus status;
  DB2KAFKA_TRY(ReadTask(database, status));
  DB2KAFKA_TRY(ReadTables(database, status));
  DB2KAFKA_TRY(ReadCounters(database, status));
  return status;
}

base::Status ApplyCounters(Database& database, std::span<const CounterDelta> counters) {
  if (counters.empty()) return {};
  DB2KAFKA_ASSIGN_OR_RETURN(
      auto upsert,
      database.Prepare("INSERT INTO counter (name, value) VALUES (?, ?) "
                       "ON CONFLICT (name) DO UPDATE SET value = value + excluded.value"));
  for (const CounterDelta& counter : counters) {
    DB2KAFKA_TRY(upsert.BindText(1, counter.name).Bind(2, counter.delta).Run());
    upsert.Reset();
  }
  return {};
}

}  // namespace db2kafka::store::detail
