#include "runner/sync_tables.h"

#include <set>

#include "base/status_macros.h"
#include "db2/catalog.h"
#include "drda/cursor.h"
#include "snapshot/chunk_sql.h"

namespace db2kafka::runner {
namespace {

// Lets the server parse the filter against the table without reading a row, so a typo fails the
// precheck instead of the first chunk.
base::Status CheckFilterOnServer(drda::Connection& connection, const SyncTable& table) {
  if (table.shaped.filter.empty()) return {};
  const std::string sql = "SELECT COUNT(*) FROM " + snapshot::QuoteTable(table.source) +
                          " WHERE (" + table.shaped.filter + ") AND 1 = 0";
  auto cursor = connection.OpenQuery(sql, {});
  if (!cursor) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "the filter of " + table.name + " (\"" + table.shaped.filter +
                          "\") is refused by the source: " + cursor.error().message);
  }
  return (*cursor)->Close();
}

std::vector<size_t> PartitionColumns(const ShapedTable& shaped) {
  if (!shaped.partition_key.empty()) return shaped.partition_key;
  return shaped.destination.KeyColumnIndexes();
}

}  // namespace

base::Result<SyncTables> ReadSyncTables(drda::Connection& connection,
                                        const config::TaskConfig& task) {
  std::set<std::string> schemas;
  for (const config::ObjectRule& rule : task.objects) schemas.insert(rule.schema);
  std::vector<SourceTableName> catalog;
  for (const std::string& schema : schemas) {
    DB2KAFKA_ASSIGN_OR_RETURN(auto names, db2::ListTables(connection, schema, "%"));
    for (db2::TableName& name : names) {
      // LIKE's "_" matches any character, and Derby cannot escape it: keep exact schemas only.
      if (name.schema == schema) catalog.push_back({name.schema, std::move(name.table)});
    }
  }
  const Selection selection = SelectTables(task.objects, catalog);

  SyncTables result;
  for (const std::string& unmatched : selection.unmatched) result.warnings.push_back(unmatched);
  std::string problems;
  for (const SelectedTable& selected : selection.tables) {
    DB2KAFKA_ASSIGN_OR_RETURN(model::TableSchema source,
                              db2::DescribeTable(connection, task.source.database,
                                                 selected.source.schema, selected.source.table));
    auto shaped = ShapeTable(task, selected, source);
    if (!shaped) {
      problems += (problems.empty() ? "" : "; ") + shaped.error().message;
      continue;
    }
    SyncTable& table = result.tables.emplace_back();
    table.name = source.schema + "." + source.table;
    for (const std::string& column : shaped->select_columns) {
      table.source_columns.push_back(*source.ColumnIndex(column));
    }
    table.partition_columns = PartitionColumns(*shaped);
    table.destination = std::make_shared<const model::TableSchema>(shaped->destination);
    table.shaped = std::move(*shaped);
    table.source = std::move(source);
    if (const base::Status filter = CheckFilterOnServer(connection, table); !filter) {
      problems += (problems.empty() ? "" : "; ") + filter.error().message;
    }
    if (table.source.KeyColumnIndexes().empty()) {
      result.warnings.push_back(
          table.name +
          " has no primary key or unique key: a restart reads it again from the start, and "
          "consumers cannot tell its rows apart (duplicates possible)");
    }
  }
  DB2KAFKA_TRY(connection.Rollback());
  if (!problems.empty()) return base::Fail(base::ErrorCode::kInvalidArgument, problems);
  if (result.tables.empty()) {
    return base::Fail(base::ErrorCode::kNotFound,
                      "the objects rules select no table of the source; check the schema and table "
                      "names (they are case-sensitive, as the catalog stores them)");
  }
  return result;
}

}  // namespace db2kafka::runner
