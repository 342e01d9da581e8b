#include "runner/heartbeat.h"

#include <utility>

#include "base/status_macros.h"
#include "db2/catalog.h"
#include "model/create_table_ddl.h"

namespace db2kafka::runner {
namespace {

constexpr std::chrono::seconds kBeatInterval{1};

std::string Qualified(const HeartbeatTableName& name) {
  return model::QuoteIdentifier(name.schema) + "." + model::QuoteIdentifier(name.table);
}

std::string Display(const HeartbeatTableName& name) { return name.schema + "." + name.table; }

// Both servers accept this DDL; the schema is created implicitly when missing.
std::string CreateStatement(const HeartbeatTableName& name) {
  return "CREATE TABLE " + Qualified(name) +
         " (ID INTEGER NOT NULL PRIMARY KEY, BEAT_TIME TIMESTAMP NOT NULL, BEATS BIGINT NOT "
         "NULL)";
}

std::string InsertStatement(const HeartbeatTableName& name) {
  return "INSERT INTO " + Qualified(name) +
         " (ID, BEAT_TIME, BEATS) VALUES (1, CURRENT TIMESTAMP, 0)";
}

}  // namespace

HeartbeatTableName ParseHeartbeatTableName(std::string_view name) {
  const size_t dot = name.find('.');
  return {std::string(name.substr(0, dot)),
          dot == std::string_view::npos ? std::string() : std::string(name.substr(dot + 1))};
}

base::Result<model::TableSchema> PrepareHeartbeatTable(
    drda::Connection& connection, const HeartbeatTableName& name,
    const std::function<void(std::string_view)>& report) {
  auto described = db2::DescribeTable(connection, "", name.schema, name.table);
  if (!described && described.error().code == base::ErrorCode::kNotFound) {
    (void)connection.Rollback();
    const auto created = connection.ExecuteImmediate(CreateStatement(name));
    const auto inserted = created ? connection.ExecuteImmediate(InsertStatement(name)) : created;
    const base::Status committed = inserted ? connection.Commit() : base::Status();
    if (!created || !inserted || !committed) {
      (void)connection.Rollback();
      const base::Error& error =
          !created ? created.error() : (!inserted ? inserted.error() : committed.error());
      return base::Fail(base::WithContext(
          error, "cannot create the heartbeat table " + Display(name) +
                     " (incremental.heartbeat_table); create it yourself with " +
                     CreateStatement(name) + " and one row, or grant the task's user CREATETAB"));
    }
    if (report) {
      report("created the heartbeat table " + Display(name) +
             ": register it with Capture like the synced tables so its beats reach the CD "
             "tables");
    }
    described = db2::DescribeTable(connection, "", name.schema, name.table);
  }
  (void)connection.Rollback();
  if (!described) {
    return base::Fail(base::WithContext(std::move(described).error(),
                                        "describing the heartbeat table " + Display(name)));
  }
  return described;
}

HeartbeatWriter::HeartbeatWriter(std::unique_ptr<drda::Connection> connection,
                                 HeartbeatTableName name)
    : connection_(std::move(connection)),
      name_(std::move(name)),
      update_("UPDATE " + Qualified(name_) +
              " SET BEAT_TIME = CURRENT TIMESTAMP, BEATS = BEATS + 1 WHERE ID = 1") {}

base::Status HeartbeatWriter::BeatIfDue(std::chrono::steady_clock::time_point now) {
  if (now - last_beat_ < kBeatInterval) return {};
  last_beat_ = now;
  auto updated = connection_->ExecuteImmediate(update_);
  // Someone emptied the table: the row comes back.
  if (updated && *updated == 0) updated = connection_->ExecuteImmediate(InsertStatement(name_));
  const base::Status committed = updated ? connection_->Commit() : base::Status();
  if (!updated || !committed) {
    (void)connection_->Rollback();
    return base::Fail(base::WithContext(
        !updated ? updated.error() : committed.error(),
        "updating the heartbeat table " + Display(name_) +
            ": it needs the columns ID, BEAT_TIME and BEATS (db2kafka creates it so when it is "
            "missing)"));
  }
  return {};
}

}  // namespace db2kafka::runner
