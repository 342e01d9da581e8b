#include "runner/sql_session.h"

#include <cctype>

#include "base/status_macros.h"
#include "db2/row_json.h"
#include "drda/connection.h"
#include "drda/cursor.h"
#include "runner/source_options.h"

namespace db2kafka::runner {

bool IsQuery(std::string_view sql) {
  size_t start = 0;
  while (start < sql.size() &&
         (std::isspace(static_cast<unsigned char>(sql[start])) || sql[start] == '(')) {
    ++start;
  }
  std::string keyword;
  for (size_t i = start; i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])); ++i) {
    keyword += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i])));
  }
  return keyword == "SELECT" || keyword == "VALUES" || keyword == "WITH";
}

base::Status RunSql(const config::SourceConfig& source, std::string_view sql,
                    const JsonLineSink& sink) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto connection, drda::Connection::Open(ConnectOptionsFor(source)));
  if (!IsQuery(sql)) {
    DB2KAFKA_ASSIGN_OR_RETURN(int64_t rows, connection->ExecuteImmediate(sql));
    DB2KAFKA_TRY(connection->Commit());
    sink("{\"rows_affected\":" + std::to_string(rows) + "}");
    return {};
  }
  DB2KAFKA_ASSIGN_OR_RETURN(auto cursor, connection->OpenQuery(sql));
  while (true) {
    DB2KAFKA_ASSIGN_OR_RETURN(bool has_row, cursor->Next());
    if (!has_row) break;
    DB2KAFKA_ASSIGN_OR_RETURN(std::string line, db2::RowToJson(cursor->columns(), cursor->row(),
                                                               connection->server().byte_order));
    sink(line);
  }
  DB2KAFKA_TRY(cursor->Close());
  // A read leaves nothing to keep; ending the unit of work releases its locks.
  return connection->Rollback();
}

}  // namespace db2kafka::runner
