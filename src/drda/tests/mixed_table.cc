// A large table of mixed columns for tests and benchmarks; no test framework inside, so bench/
// can link it too.
#include "drda/tests/mixed_table.h"

#include "base/status_macros.h"
#include "drda/cursor.h"
#include "drda/value_decoder.h"

namespace db2kafka::drda::testing {

base::Status CreateMixedTable(Connection& connection, const std::string& table, int64_t rows) {
  const auto run = [&connection](const std::string& sql) -> base::Status {
    auto result = connection.ExecuteImmediate(sql);
    if (!result) return base::Fail(base::WithContext(std::move(result).error(), sql.substr(0, 60)));
    return {};
  };
  DB2KAFKA_TRY(
      run("CREATE TABLE " + table +
          " (ID BIGINT NOT NULL PRIMARY KEY, K INT, NAME VARCHAR(40), PRICE DECIMAL(12,2), "
          "QTY SMALLINT, RATE DOUBLE, CREATED TIMESTAMP, DAY DATE, FLAG BOOLEAN, "
          "NOTE VARCHAR(60))"));
  // A cross join of the catalog numbers the first rows; copies with shifted ids fill the rest.
  DB2KAFKA_TRY(
      run("INSERT INTO " + table +
          " SELECT ID, MOD(ID, 1000), 'name-' || TRIM(CHAR(ID)), ID * 1.25, "
          "SMALLINT(MOD(ID, 30000)), ID / 3.0, TIMESTAMP('2024-01-01 00:00:00'), "
          "DATE('2024-01-01'), MOD(ID, 2) = 0, 'note for row number ' || TRIM(CHAR(ID)) "
          "FROM (SELECT ROW_NUMBER() OVER () AS ID FROM SYS.SYSCOLUMNS A, SYS.SYSCOLUMNS B) T "
          "WHERE ID <= " +
          std::to_string(rows)));
  while (true) {
    DB2KAFKA_ASSIGN_OR_RETURN(auto cursor, connection.OpenQuery("SELECT MAX(ID) FROM " + table));
    DB2KAFKA_ASSIGN_OR_RETURN(bool has_row, cursor->Next());
    if (!has_row || cursor->row()[0].null) {
      return base::Fail(base::ErrorCode::kInternal, "the seed insert produced no rows");
    }
    DB2KAFKA_ASSIGN_OR_RETURN(const int64_t have,
                              DecodeInteger(cursor->columns()[0], cursor->row()[0].bytes,
                                            connection.server().byte_order));
    DB2KAFKA_TRY(cursor->Close());
    if (have >= rows) break;
    DB2KAFKA_TRY(run("INSERT INTO " + table + " SELECT ID + " + std::to_string(have) +
                     ", K, NAME, PRICE, QTY, RATE, CREATED, DAY, FLAG, NOTE FROM " + table +
                     " WHERE ID <= " + std::to_string(rows - have)));
  }
  return connection.Commit();
}

}  // namespace db2kafka::drda::testing
