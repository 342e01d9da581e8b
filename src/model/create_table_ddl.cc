#include "model/create_table_ddl.h"

#include <algorithm>
#include <optional>
#include <set>
#include <vector>

namespace db2kafka::model {
namespace {

std::string ColumnList(const std::vector<std::string>& names) {
  std::string text = "(";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += ", ";
    text += QuoteIdentifier(names[i]);
  }
  return text + ")";
}

// "CONSTRAINT "name" " when the name is known and still free; constraint names are unique
// within a table, so a repeated one is left for Db2 to generate.
std::string ConstraintPrefix(const std::string& name, std::set<std::string>& used_names) {
  if (name.empty() || !used_names.insert(name).second) return "";
  return "CONSTRAINT " + QuoteIdentifier(name) + " ";
}

// The unique key's columns when Db2 takes them as a UNIQUE constraint: all present, all NOT
// NULL (or in the primary key, which makes them NOT NULL); nullopt otherwise.
std::optional<std::vector<std::string>> UniqueConstraintColumns(const TableSchema& table,
                                                                const UniqueKey& key) {
  if (key.columns.empty()) return std::nullopt;
  for (const std::string& name : key.columns) {
    const std::optional<size_t> index = table.ColumnIndex(name);
    if (!index) return std::nullopt;
    const ColumnSchema& column = table.columns[*index];
    if (column.nullable && column.key_position == 0) return std::nullopt;
  }
  return key.columns;
}

}  // namespace

std::string QuoteIdentifier(const std::string& name) {
  std::string quoted = "\"";
  for (const char c : name) {
    quoted += c;
    if (c == '"') quoted += '"';
  }
  return quoted + "\"";
}

std::string CreateTableDdl(const TableSchema& table) {
  std::string ddl =
      "CREATE TABLE " + QuoteIdentifier(table.schema) + "." + QuoteIdentifier(table.table) + " (";
  std::vector<std::string> elements;
  for (const ColumnSchema& column : table.columns) {
    std::string element = QuoteIdentifier(column.name) + " " + column.TypeText();
    if (!column.nullable || column.key_position > 0) element += " NOT NULL";
    elements.push_back(std::move(element));
  }

  std::set<std::string> used_names;
  // Column sets, sorted: Db2 ignores a constraint that repeats another's columns (SQL0605W).
  std::set<std::vector<std::string>> column_sets;
  std::vector<std::string> primary_key;
  for (const size_t index : table.PrimaryKeyColumnIndexes()) {
    primary_key.push_back(table.columns[index].name);
  }
  if (!primary_key.empty()) {
    elements.push_back(ConstraintPrefix(table.primary_key_name, used_names) + "PRIMARY KEY " +
                       ColumnList(primary_key));
    std::sort(primary_key.begin(), primary_key.end());
    column_sets.insert(std::move(primary_key));
  }
  for (const UniqueKey& key : table.unique_keys) {
    std::optional<std::vector<std::string>> columns = UniqueConstraintColumns(table, key);
    if (!columns) continue;
    std::vector<std::string> column_set = *columns;
    std::sort(column_set.begin(), column_set.end());
    if (!column_sets.insert(std::move(column_set)).second) continue;
    elements.push_back(ConstraintPrefix(key.name, used_names) + "UNIQUE " + ColumnList(*columns));
  }

  for (size_t i = 0; i < elements.size(); ++i) {
    if (i > 0) ddl += ", ";
    ddl += elements[i];
  }
  return ddl + ")";
}

}  // namespace db2kafka::model
