#include "store/detail/schema.h"

#include <array>
#include <string>
#include <string_view>

#include "base/status_macros.h"

namespace db2kafka::store::detail {
namespace {

// kMigrations[i] takes the schema from version i to version i + 1. Append, never edit.
constexpr std::array<std::string_view, kSchemaVersion> kMigrations = {
    R"sql(
CREATE TABLE task (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  config_fingerprint TEXT,
  phase TEXT NOT NULL CHECK (phase IN ('schema', 'full', 'incremental', 'done', 'failed')),
  last_error TEXT NOT NULL DEFAULT '',
  handoff_commit_sequence BLOB,
  handoff_intent_sequence BLOB,
  position_commit_sequence BLOB,
  position_intent_sequence BLOB,
  updated_at_us INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE source_table (
  name TEXT PRIMARY KEY,
  rows_estimate INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL CHECK (state IN ('pending', 'in_progress', 'done'))
);
CREATE TABLE chunk (
  table_name TEXT NOT NULL REFERENCES source_table (name),
  chunk_id INTEGER NOT NULL CHECK (chunk_id > 0),
  lower_bound TEXT NOT NULL,
  upper_bound TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'done')),
  rows_written INTEGER NOT NULL DEFAULT 0 CHECK (rows_written >= 0),
  done_at_us INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (table_name, chunk_id)
) WITHOUT ROWID;
CREATE TABLE counter (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
    // 1 -> 2: when a chunk was first started, so a restart can tell which chunks it sends again.
    R"sql(
ALTER TABLE chunk ADD COLUMN started_at_us INTEGER NOT NULL DEFAULT 0;
)sql",
    // 2 -> 3: the highest incremental position handed to Kafka, so a restart can count what it
    // sends again; the commit time of the last acknowledged change, for latency.
    R"sql(
ALTER TABLE task ADD COLUMN sent_commit_sequence BLOB;
ALTER TABLE task ADD COLUMN sent_intent_sequence BLOB;
ALTER TABLE task ADD COLUMN last_commit_time_us INTEGER NOT NULL DEFAULT 0;
)sql",
};

constexpr std::string_view kUpgradeAdvice =
    "it was written by a newer db2kafka; run that version, or move the file away to start the "
    "task over (the full phase then runs again)";

base::Result<int64_t> ReadVersion(Database& database, bool* has_table) {
  DB2KAFKA_ASSIGN_OR_RETURN(
      auto exists, database.Prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
                                    "name = 'schema_version'"));
  DB2KAFKA_TRY(exists.Step());
  *has_table = exists.ColumnInt(0) == 1;
  if (!*has_table) return 0;
  DB2KAFKA_ASSIGN_OR_RETURN(auto select, database.Prepare("SELECT version FROM schema_version"));
  DB2KAFKA_ASSIGN_OR_RETURN(const bool row, select.Step());
  return row ? select.ColumnInt(0) : 0;
}

base::Status RefuseNewer(const Database& database, int64_t version) {
  return base::Fail(base::ErrorCode::kFailedPrecondition,
                    "task store " + database.path() + " has schema version " +
                        std::to_string(version) + " but this db2kafka knows only up to " +
                        std::to_string(kSchemaVersion) + ": " + std::string(kUpgradeAdvice));
}

}  // namespace

base::Status Migrate(Database& database) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto transaction, Transaction::Begin(database, /*write=*/true));
  bool has_table = false;
  DB2KAFKA_ASSIGN_OR_RETURN(const int64_t version, ReadVersion(database, &has_table));
  if (version > kSchemaVersion) return RefuseNewer(database, version);
  if (version == kSchemaVersion) return transaction.Commit();
  if (!has_table) {
    DB2KAFKA_TRY(database.Exec(
        "CREATE TABLE schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT "
        "NULL); INSERT INTO schema_version VALUES (1, 0)"));
  }
  for (int64_t next = version; next < kSchemaVersion; ++next) {
    DB2KAFKA_TRY(database.Exec(kMigrations.at(static_cast<size_t>(next))));
  }
  DB2KAFKA_ASSIGN_OR_RETURN(auto update, database.Prepare("UPDATE schema_version SET version = ?"));
  DB2KAFKA_TRY(update.Bind(1, kSchemaVersion).Run());
  return transaction.Commit();
}

base::Status CheckVersion(Database& database) {
  bool has_table = false;
  DB2KAFKA_ASSIGN_OR_RETURN(const int64_t version, ReadVersion(database, &has_table));
  if (version > kSchemaVersion) return RefuseNewer(database, version);
  if (version < kSchemaVersion) {
    return base::Fail(base::ErrorCode::kFailedPrecondition,
                      "task store " + database.path() + " has schema version " +
                          std::to_string(version) + "; it is upgraded when the task runs next");
  }
  return {};
}

}  // namespace db2kafka::store::detail
