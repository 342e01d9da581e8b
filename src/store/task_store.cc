#include "store/task_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <utility>

#include "base/status_macros.h"
#include "store/detail/lock_file.h"
#include "store/detail/schema.h"
#include "store/detail/sqlite_database.h"
#include "store/detail/status_query.h"

namespace db2kafka::store {
namespace {

using detail::Database;
using detail::Transaction;

constexpr int kBusyTimeoutMs = 10000;

base::Status CheckTaskName(std::string_view name) {
  bool valid = !name.empty() && name != "." && name != "..";
  for (const char c : name) {
    valid = valid &&
            ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-');
  }
  if (valid) return {};
  return base::Fail(base::ErrorCode::kInvalidArgument,
                    "task name '" + std::string(name) +
                        "' cannot name a task store file: use lower-case letters, digits, '.', "
                        "'_' and '-'");
}

base::Status PrepareDirectory(const std::string& state_dir) {
  std::error_code error;
  std::filesystem::create_directories(state_dir, error);
  if (error) {
    return base::Fail(base::ErrorCode::kPermissionDenied,
                      "cannot create state_dir " + state_dir + ": " + error.message() +
                          " — create it with write access for db2kafka or set state_dir to a "
                          "writable directory");
  }
  if (::access(state_dir.c_str(), W_OK | X_OK) != 0) {
    return base::Fail(base::ErrorCode::kPermissionDenied,
                      "state_dir " + state_dir + " is not writable (" + std::strerror(errno) +
                          "): SQLite needs to create the task's file and its -wal and -shm files "
                          "there; give db2kafka write access or set state_dir elsewhere");
  }
  return {};
}

// Durability over speed: a returned commit has reached the disk (WAL fsynced on every commit).
base::Status Configure(Database& database) {
  DB2KAFKA_TRY(database.Exec("PRAGMA busy_timeout = " + std::to_string(kBusyTimeoutMs)));
  DB2KAFKA_ASSIGN_OR_RETURN(auto journal, database.Prepare("PRAGMA journal_mode = WAL"));
  DB2KAFKA_TRY(journal.Step());
  if (journal.ColumnText(0) != "wal") {
    return base::Fail(base::ErrorCode::kFailedPrecondition,
                      "task store " + database.path() + " cannot use write-ahead logging (got '" +
                          journal.ColumnText(0) + "'); put state_dir on a local file system");
  }
  return database.Exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
}

// The file system entry of a new file is durable only once its directory is synced.
void SyncDirectory(const std::string& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  DB2KAFKA_IGNORE_ERROR(::fsync(fd));  // best effort: SQLite syncs the journal directory itself
  ::close(fd);
}

void BindPosition(detail::Statement& statement, int first_index, const model::Position& position) {
  statement.BindBlob(first_index, position.commit_sequence)
      .BindBlob(first_index + 1, position.intent_sequence);
}

std::optional<model::Position> PositionAt(const detail::Statement& statement, int first_column) {
  if (statement.IsNull(first_column)) return std::nullopt;
  return model::Position{statement.ColumnBlob(first_column),
                         statement.ColumnBlob(first_column + 1)};
}

base::Result<std::optional<model::Position>> ReadPosition(Database& database,
                                                          std::string_view columns) {
  DB2KAFKA_ASSIGN_OR_RETURN(
      auto select, database.Prepare("SELECT " + std::string(columns) + " FROM task WHERE id = 1"));
  DB2KAFKA_ASSIGN_OR_RETURN(const bool row, select.Step());
  if (!row) return std::nullopt;
  return PositionAt(select, 0);
}

}  // namespace

std::string TaskStore::FilePath(const std::string& state_dir, std::string_view task_name) {
  return (std::filesystem::path(state_dir) / (std::string(task_name) + ".db")).string();
}

base::Result<std::unique_ptr<TaskStore>> TaskStore::Open(const std::string& state_dir,
                                                         std::string_view task_name,
                                                         const base::Clock& clock) {
  DB2KAFKA_TRY(CheckTaskName(task_name));
  DB2KAFKA_TRY(PrepareDirectory(state_dir));
  const std::string path = FilePath(state_dir, task_name);
  DB2KAFKA_ASSIGN_OR_RETURN(auto lock, detail::LockFile::Acquire(path + ".lock"));
  DB2KAFKA_ASSIGN_OR_RETURN(auto database, Database::Open(path, /*read_only=*/false));
  DB2KAFKA_TRY(Configure(*database));
  DB2KAFKA_TRY(detail::Migrate(*database));
  {
    DB2KAFKA_ASSIGN_OR_RETURN(auto insert,
                              database->Prepare("INSERT OR IGNORE INTO task (id, name, phase, "
                                                "updated_at_us) VALUES (1, ?, 'schema', ?)"));
    DB2KAFKA_TRY(insert.BindText(1, task_name).Bind(2, clock.NowMicros()).Run());
  }
  SyncDirectory(state_dir);
  return std::unique_ptr<TaskStore>(new TaskStore(std::move(database), std::move(lock), clock));
}

base::Result<TaskStatus> TaskStore::ReadStatus(const std::string& state_dir,
                                               std::string_view task_name) {
  DB2KAFKA_TRY(CheckTaskName(task_name));
  const std::string path = FilePath(state_dir, task_name);
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    return base::Fail(base::ErrorCode::kNotFound, "no task store " + path + ": task '" +
                                                      std::string(task_name) +
                                                      "' has not run with state_dir " + state_dir);
  }
  DB2KAFKA_ASSIGN_OR_RETURN(auto database, Database::Open(path, /*read_only=*/true));
  DB2KAFKA_TRY(database->Exec("PRAGMA busy_timeout = " + std::to_string(kBusyTimeoutMs)));
  DB2KAFKA_ASSIGN_OR_RETURN(auto transaction, Transaction::Begin(*database, /*write=*/false));
  DB2KAFKA_TRY(detail::CheckVersion(*database));
  DB2KAFKA_ASSIGN_OR_RETURN(TaskStatus status, detail::QueryStatus(*database));
  DB2KAFKA_TRY(transaction.Commit());
  return status;
}

TaskStore::TaskStore(std::unique_ptr<detail::Database> database,
                     std::unique_ptr<detail::LockFile> lock, const base::Clock& clock)
    : lock_(std::move(lock)), database_(std::move(database)), clock_(clock) {}

TaskStore::~TaskStore() = default;

const std::string& TaskStore::path() const { return database_->path(); }

base::Result<ConfigMatch> TaskStore::CheckConfig(std::string_view fingerprint) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto transaction, Transaction::Begin(*database_, /*write=*/true));
  DB2KAFKA_ASSIGN_OR_RETURN(auto select,
                            database_->Prepare("SELECT config_fingerprint FROM task WHERE id = 1"));
  DB2KAFKA_TRY(select.Step());
  if (!select.IsNull(0)) {
    return select.ColumnText(0) == fingerprint ? ConfigMatch::kUnchanged : ConfigMatch::kChanged;
  }
  DB2KAFKA_TRY(ReplaceConfig(fingerprint));
  DB2KAFKA_TRY(transaction.Commit());
  return ConfigMatch::kFirstRun;
}

base::Status TaskStore::ReplaceConfig(std::string_view fingerprint) {
  DB2KAFKA_ASSIGN_OR_RETURN(
      auto update,
      database_->Prepare("UPDATE task SET config_fingerprint = ?, updated_at_us = ? WHERE id = 1"));
  return update.BindText(1, fingerprint).Bind(2, clock_.NowMicros()).Run();
}

base::Status TaskStore::SetPhase(TaskPhase phase, std::string_view last_error) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto update,
                            database_->Prepare("UPDATE task SET phase = ?, last_error = ?, "
                                               "updated_at_us = ? WHERE id = 1"));
  return update.BindText(1, TaskPhaseName(phase))
      .BindText(2, last_error)
      .Bind(3, clock_.NowMicros())
      .Run();
}

base::Status TaskStore::SetHandoffPosition(const model::Position& position) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto transaction, Transaction::Begin(*database_, /*write=*/true));
  DB2KAFKA_ASSIGN_OR_RETURN(
      const auto stored,
      ReadPosition(*database_, "handoff_commit_sequence, handoff_intent_sequence"));
  if (stored) {
    if (*stored == position) return {};
    return base::Fail(base::ErrorCode::kFailedPrecondition,
                      "task store " + path() + " already holds the hand-off position " +
                          stored->ToHex() + "; refusing to replace it with " + position.ToHex() +
                          " (a resumed full phase keeps the original, or changes in between are "
                          "lost); move the file away to start the task over");
  }
  DB2KAFKA_ASSIGN_OR_RETURN(
      auto update,
      database_->Prepare("UPDATE task SET handoff_commit_sequence = ?, "
                         "handoff_intent_sequence = ?, updated_at_us = ? WHERE id = 1"));
  BindPosition(update, 1, position);
  DB2KAFKA_TRY(update.Bind(3, clock_.NowMicros()).Run());
  return transaction.Commit();
}

base::Result<std::optional<model::Position>> TaskStore::HandoffPosition() {
  return ReadPosition(*database_, "handoff_commit_sequence, handoff_intent_sequence");
}

base::Status TaskStore::CommitPosition(const model::Position& position,
                                       std::span<const CounterDelta> counters,
                                       int64_t last_commit_time_us) {
  if (position.empty()) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "cannot commit an empty position to task store " + path());
  }
  DB2KAFKA_ASSIGN_OR_RETURN(auto transaction, Transaction::Begin(*database_, /*write=*/true));
  DB2KAFKA_ASSIGN_OR_RETURN(
      const auto stored,
      ReadPosition(*database_, "position_commit_sequence, position_intent_sequence"));
  if (stored && position < *stored) {
    return base::Fail(base::ErrorCode::kFailedPrecondition,
                      "refusing to move the committed position of task store " + path() +
                          " back from " + stored->ToHex() + " to " + position.ToHex() +
                          "; this is a bug in db2kafka, please report it");
  }
  DB2KAFKA_ASSIGN_OR_RETURN(
      auto update,
      database_->Prepare("UPDATE task SET position_commit_sequence = ?, "
                         "position_intent_sequence = ?, updated_at_us = ?, last_commit_time_us = "
                         "CASE WHEN ? = 0 THEN last_commit_time_us ELSE ? END WHERE id = 1"));
  BindPosition(update, 1, position);
  DB2KAFKA_TRY(update.Bind(3, clock_.NowMicros())
                   .Bind(4, last_commit_time_us)
                   .Bind(5, last_commit_time_us)
                   .Run());
  DB2KAFKA_TRY(detail::ApplyCounters(*database_, counters));
  return transaction.Commit();
}

base::Result<std::optional<model::Position>> TaskStore::CommittedPosition() {
  return ReadPosition(*database_, "position_commit_sequence, position_intent_sequence");
}

base::Status TaskStore::RecordSentPosition(const model::Position& position,
                                           std::span<const CounterDelta> counters) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto transaction, Transaction::Begin(*database_, /*write=*/true));
  DB2KAFKA_TRY(detail::ApplyCounters(*database_, counters));
  DB2KAFKA_ASSIGN_OR_RETURN(const auto stored,
                            ReadPosition(*database_, "sent_commit_sequence, sent_intent_sequence"));
  if (stored && !(*stored < position)) return transaction.Commit();
  DB2KAFKA_ASSIGN_OR_RETURN(
      auto update,
      database_->Prepare("UPDATE task SET sent_commit_sequence = ?, sent_intent_sequence = ?, "
                         "updated_at_us = ? WHERE id = 1"));
  BindPosition(update, 1, position);
  DB2KAFKA_TRY(update.Bind(3, clock_.NowMicros()).Run());
  return transaction.Commit();
}

base::Result<std::optional<model::Position>> TaskStore::SentPosition() {
  return ReadPosition(*database_, "sent_commit_sequence, sent_intent_sequence");
}

base::Result<int64_t> TaskStore::AddCounter(std::string_view name, int64_t delta) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto transaction, Transaction::Begin(*database_, /*write=*/true));
  const CounterDelta change{std::string(name), delta};
  DB2KAFKA_TRY(detail::ApplyCounters(*database_, std::span(&change, 1)));
  DB2KAFKA_ASSIGN_OR_RETURN(const int64_t value, Counter(name));
  DB2KAFKA_TRY(transaction.Commit());
  return value;
}

base::Result<int64_t> TaskStore::Counter(std::string_view name) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto select,
                            database_->Prepare("SELECT value FROM counter WHERE name = ?"));
  DB2KAFKA_ASSIGN_OR_RETURN(const bool row, select.BindText(1, name).Step());
  return row ? select.ColumnInt(0) : 0;
}

base::Result<TaskStatus> TaskStore::Status() {
  DB2KAFKA_ASSIGN_OR_RETURN(auto transaction, Transaction::Begin(*database_, /*write=*/false));
  DB2KAFKA_ASSIGN_OR_RETURN(TaskStatus status, detail::QueryStatus(*database_));
  DB2KAFKA_TRY(transaction.Commit());
  return status;
}

}  // namespace db2kafka::store
