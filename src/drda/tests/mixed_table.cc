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
  // Every column is a function of the id, so copies with shifted ids stay varied.
  const auto values_for = [](const std::string& id) {
    return id + ", MOD(" + id + ", 1000), 'name-' || TRIM(CHAR(" + id + ")), " + id +
           " * 1.25, SMALLINT(MOD(" + id + ", 30000)), " + id +
           " / 3.0, TIMESTAMP('2024-01-01 00:00:00'), DATE('2024-01-01'), MOD(" + id +
           ", 2) = 0, 'note for row number ' || TRIM(CHAR(" + id + "))";
  };
  // One seed row, then doubling. (Numbering rows by a cross join of the catalog deadlocked with
  // DDL of parallel tests: it locks SYSCOLUMNS.)
  DB2KAFKA_TRY(run("INSERT INTO " + table + " VALUES (" + values_for("1") + ")"));
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
    DB2KAFKA_TRY(run("INSERT INTO " + table + " SELECT " +
                     values_for("(ID + " + std::to_string(have) + ")") + " FROM " + table +
                     " WHERE ID <= " + std::to_string(rows - have)));
  }
  return connection.Commit();
}

}  // namespace db2kafka::drda::testing
