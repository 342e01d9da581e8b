#include "store/detail/sqlite_database.h"

#include <string>
#include <utility>

#include "base/status_macros.h"

namespace db2kafka::store::detail {
namespace {

// What the user can do about a failing SQLite call, by primary result code.
base::ErrorCode CodeFor(int primary, std::string* advice) {
  switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      *advice = "another process holds the file; retry, or stop the other db2kafka using it";
      return base::ErrorCode::kUnavailable;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
    case SQLITE_CANTOPEN:
      *advice =
          "the file or its directory cannot be written; give db2kafka write access to both or set "
          "state_dir to a writable directory";
      return base::ErrorCode::kPermissionDenied;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      *advice =
          "the file is corrupt or is not a db2kafka state store; move it away to start the task "
          "over (the full phase then runs again)";
      return base::ErrorCode::kDataLoss;
    case SQLITE_FULL:
      *advice = "the disk is full; free space and restart the task";
      return base::ErrorCode::kResourceExhausted;
    case SQLITE_IOERR:
      *advice = "the operating system reported an I/O error; check the disk";
      return base::ErrorCode::kUnavailable;
    default:
      *advice = "this is a bug in db2kafka or a damaged file; please report it";
      return base::ErrorCode::kInternal;
  }
}

}  // namespace

base::Error Database::ErrorFor(int rc, std::string_view doing) const {
  std::string advice;
  const base::ErrorCode code = CodeFor(rc & 0xff, &advice);
  std::string detail = handle_ ? sqlite3_errmsg(handle_.get()) : sqlite3_errstr(rc);
  return base::MakeError(code, "task store " + path_ + ": cannot " + std::string(doing) + ": " +
                                   detail + " (SQLite " + std::to_string(rc) + ") — " + advice);
}

base::Result<std::unique_ptr<Database>> Database::Open(const std::string& path, bool read_only) {
  sqlite3* raw = nullptr;
  const int flags =
      (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<Database> database(new Database(path, raw));
  if (rc != SQLITE_OK) return base::Fail(database->ErrorFor(rc, "open the file"));
  return database;
}

base::Status Database::Exec(std::string_view sql) {
  const std::string text(sql);
  const int rc = sqlite3_exec(handle_.get(), text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return base::Fail(ErrorFor(rc, "run " + text));
  return {};
}

base::Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  const int rc = sqlite3_prepare_v2(handle_.get(), sql.data(), static_cast<int>(sql.size()),
                                    &statement, nullptr);
  if (rc != SQLITE_OK) return base::Fail(ErrorFor(rc, "prepare " + std::string(sql)));
  return Statement(this, statement);
}

void Statement::Check(int rc) {
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
}

Statement& Statement::Bind(int index, int64_t value) {
  Check(sqlite3_bind_int64(statement_.get(), index, value));
  return *this;
}

Statement& Statement::BindText(int index, std::string_view text) {
  Check(sqlite3_bind_text64(statement_.get(), index, text.data(), text.size(), SQLITE_TRANSIENT,
                            SQLITE_UTF8));
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  if (bytes.empty()) {
    Check(sqlite3_bind_zeroblob(statement_.get(), index, 0));
  } else {
    Check(
        sqlite3_bind_blob64(statement_.get(), index, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
  }
  return *this;
}

Statement& Statement::BindNull(int index) {
  Check(sqlite3_bind_null(statement_.get(), index));
  return *this;
}

base::Result<bool> Statement::Step() {
  if (bind_error_ != SQLITE_OK) {
    return base::Fail(database_->ErrorFor(bind_error_, "bind a parameter"));
  }
  const int rc = sqlite3_step(statement_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return base::Fail(database_->ErrorFor(rc, std::string("run ") + sqlite3_sql(statement_.get())));
}

base::Status Statement::Run() {
  for (;;) {
    DB2KAFKA_ASSIGN_OR_RETURN(const bool row, Step());
    if (!row) return {};
  }
}

void Statement::Reset() {
  // sqlite3_reset repeats the error of the last step, which Step already reported.
  DB2KAFKA_IGNORE_ERROR(sqlite3_reset(statement_.get()));
  bind_error_ = SQLITE_OK;
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(statement_.get(), column) == SQLITE_NULL;
}

int64_t Statement::ColumnInt(int column) const {
  return sqlite3_column_int64(statement_.get(), column);
}

std::string Statement::ColumnText(int column) const {
  const auto* text = sqlite3_column_text(statement_.get(), column);
  const int size = sqlite3_column_bytes(statement_.get(), column);
  if (text == nullptr) return "";
  return {reinterpret_cast<const char*>(text), static_cast<size_t>(size)};
}

std::string Statement::ColumnBlob(int column) const {
  const void* blob = sqlite3_column_blob(statement_.get(), column);
  const int size = sqlite3_column_bytes(statement_.get(), column);
  if (blob == nullptr) return "";
  return {static_cast<const char*>(blob), static_cast<size_t>(size)};
}

std::optional<std::string> Statement::ColumnOptionalBlob(int column) const {
  if (IsNull(column)) return std::nullopt;
  return ColumnBlob(column);
}

base::Result<Transaction> Transaction::Begin(Database& database, bool write) {
  DB2KAFKA_TRY(database.Exec(write ? "BEGIN IMMEDIATE" : "BEGIN"));
  return Transaction(&database);
}

Transaction::~Transaction() {
  if (database_ != nullptr) {
    // Rolling back an unfinished transaction only fails when none is open (SQLite already rolled
    // it back after an I/O error); nothing is left to undo then.
    DB2KAFKA_IGNORE_ERROR(database_->Exec("ROLLBACK"));
  }
}

base::Status Transaction::Commit() {
  Database* database = std::exchange(database_, nullptr);
  base::Status status = database->Exec("COMMIT");
  if (!status) DB2KAFKA_IGNORE_ERROR(database->Exec("ROLLBACK"));
  return status;
}

}  // namespace db2kafka::store::detail
