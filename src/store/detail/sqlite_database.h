// A thin RAII layer over the SQLite C API: one connection, prepared statements, transactions, and
// the one place SQLite result codes become base::Error (with the file path and what to do).
// A Database and its statements belong to one thread at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "base/error.h"

namespace db2kafka::store::detail {

class Database;

// A prepared statement. Bind errors are kept and reported by the next Step.
class Statement {
 public:
  Statement(Database* database, sqlite3_stmt* statement)
      : database_(database), statement_(statement) {}

  Statement& Bind(int index, int64_t value);
  Statement& BindText(int index, std::string_view text);
  // Binds bytes as a BLOB; an empty string stays a zero-length BLOB, never NULL.
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& BindNull(int index);

  // true when a row is ready, false when the statement is done.
  base::Result<bool> Step();
  // Steps to the end, for statements that return no rows.
  base::Status Run();
  // Makes the statement ready to run again; bindings stay until bound anew.
  void Reset();

  bool IsNull(int column) const;
  int64_t ColumnInt(int column) const;
  std::string ColumnText(int column) const;
  std::string ColumnBlob(int column) const;
  std::optional<std::string> ColumnOptionalBlob(int column) const;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
  };
  void Check(int rc);

  Database* database_;
  std::unique_ptr<sqlite3_stmt, Finalizer> statement_;
  int bind_error_ = SQLITE_OK;
};

class Database {
 public:
  // Opens (read_only: never creates) the file at path. No PRAGMAs are applied here.
  static base::Result<std::unique_ptr<Database>> Open(const std::string& path, bool read_only);

  base::Status Exec(std::string_view sql);
  base::Result<Statement> Prepare(std::string_view sql);
  // The error for a failed SQLite call, naming the file and what the user can do.
  base::Error ErrorFor(int rc, std::string_view doing) const;

  const std::string& path() const { return path_; }
  sqlite3* handle() const { return handle_.get(); }

 private:
  struct Closer {
    void operator()(sqlite3* handle) const { sqlite3_close_v2(handle); }
  };
  Database(std::string path, sqlite3* handle) : path_(std::move(path)), handle_(handle) {}

  std::string path_;
  std::unique_ptr<sqlite3, Closer> handle_;
};

// BEGIN IMMEDIATE (or BEGIN for readers) on construction through Begin; rolls back on destruction
// unless Commit succeeded.
class Transaction {
 public:
  static base::Result<Transaction> Begin(Database& database, bool write);
  Transaction(Transaction&& other) noexcept : database_(std::exchange(other.database_, nullptr)) {}
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  base::Status Commit();

 private:
  explicit Transaction(Database* database) : database_(database) {}
  Database* database_;
};

}  // namespace db2kafka::store::detail
