#include "db2/catalog.h"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <tuple>
#include <utility>

#include "base/status_macros.h"
#include "db2/row_values.h"
#include "drda/cursor.h"

namespace db2kafka::db2 {
namespace {

// The Options argument of every call: result sets in JDBC's shape, as IBM's JCC driver asks for
// them. Derby's procedures only look for DATATYPE='ODBC' and take this as their default.
constexpr std::string_view kOptions = "DATATYPE='JDBC'";

// Where Derby's catalog procedures answer differently from Db2's, and how each is absorbed. Both
// follow the JDBC result-set layouts. Derby's side was observed on Derby 10.14; Db2's comes from
// IBM's CLI documentation and from what JCC sends, not from a real Db2 session.
//  1. Name arguments. Db2 takes SQLPRIMARYKEYS/SQLSTATISTICS names literally and SQLTABLES/
//     SQLCOLUMNS names as patterns with '\' as escape character; Derby takes the schema as a LIKE
//     pattern everywhere and its LIKE has no escape character. So names go in as PatternFor()
//     makes them and every row is then kept only if its schema and table equal the ones asked for.
//  2. NON_UNIQUE of SQLSTATISTICS is BOOLEAN on Derby and SMALLINT on Db2: IsFalse() reads both.
//  3. Db2's SQLSTATISTICS adds a table-statistics row (TYPE 0, INDEX_NAME NULL); Derby does not:
//     IsIndexRow().
//  4. Index names. The index behind a PRIMARY KEY or UNIQUE constraint has a generated name
//     (Derby SQL2611..., Db2 SQL...) unrelated to the constraint's, so the primary key's index is
//     recognized by its columns, never by its name.
//  5. Derby lists SQLPRIMARYKEYS rows by column name; the key order comes from KEY_SEQ.
//  6. A Derby UNIQUE constraint over nullable columns is kept by a non-unique index, so it is
//     reported with NON_UNIQUE true and is not a unique key here. (Db2 refuses nullable columns
//     in a UNIQUE constraint, SQL0542N.)
//  7. Spellings of TYPE_NAME ("CHAR () FOR BIT DATA", "DOUBLE" for FLOAT) are
//     model::Db2TypeFromCatalogName's business.

// A pattern argument that matches at least `name` on both servers: '_' and '%' in a name just
// match more (rows are filtered afterwards), and a '\', an escape character on Db2 but not on
// Derby, is replaced by '_', which matches it on both.
std::string PatternFor(std::string_view name) {
  std::string pattern(name);
  std::replace(pattern.begin(), pattern.end(), '\\', '_');
  return pattern;
}

// One row of a catalog result set: the wanted columns, in the order they were asked for.
using CatalogRow = std::vector<model::Value>;

std::string TextOf(const model::Value& value) {
  const auto* text = value.TryAs<model::String>();
  return text != nullptr ? text->utf8 : std::string();
}

// TYPE_NAME and TABLE_TYPE may come blank-padded.
std::string TrimmedTextOf(const model::Value& value) {
  std::string text = TextOf(value);
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

std::optional<int64_t> IntegerOf(const model::Value& value) {
  if (const auto* number = value.TryAs<int16_t>()) return *number;
  if (const auto* number = value.TryAs<int32_t>()) return *number;
  if (const auto* number = value.TryAs<int64_t>()) return *number;
  return std::nullopt;
}

bool IsFalse(const model::Value& value) {
  if (const bool* flag = value.TryAs<bool>()) return !*flag;
  return IntegerOf(value) == 0;
}

bool IsIndexRow(const model::Value& index_name, const model::Value& type) {
  return !index_name.is_null() && IntegerOf(type) != 0;
}

// Calls a catalog procedure and reads its one result set, keeping the `wanted` columns. Only those
// are decoded, so a column of a type we do not read (a LOB in a later Db2 release) does no harm.
base::Result<std::vector<CatalogRow>> CallCatalog(drda::Connection& connection,
                                                  std::string_view procedure,
                                                  std::string_view arguments,
                                                  std::span<const drda::Parameter> parameters,
                                                  std::span<const std::string_view> wanted) {
  const std::string call =
      "CALL SYSIBM." + std::string(procedure) + "(" + std::string(arguments) + ")";
  auto called = connection.Call(call, parameters);
  if (!called) return base::Fail(base::WithContext(std::move(called).error(), call));
  if (called->result_sets.size() != 1) {
    return base::Fail(base::ErrorCode::kProtocol, call + " answered with " +
                                                      std::to_string(called->result_sets.size()) +
                                                      " result sets instead of one");
  }
  drda::Cursor& cursor = *called->result_sets.front();
  std::vector<size_t> positions;
  std::vector<drda::Column> columns;
  for (std::string_view name : wanted) {
    const auto found =
        std::find_if(cursor.columns().begin(), cursor.columns().end(),
                     [&](const drda::Column& column) { return column.name == name; });
    if (found == cursor.columns().end()) {
      return base::Fail(base::ErrorCode::kProtocol,
                        call + " answered without a " + std::string(name) + " column");
    }
    positions.push_back(static_cast<size_t>(found - cursor.columns().begin()));
    columns.push_back(*found);
  }
  DB2KAFKA_ASSIGN_OR_RETURN(
      RowValueDecoder decoder,
      RowValueDecoder::Create(std::move(columns), connection.server().byte_order));
  std::vector<CatalogRow> rows;
  std::vector<drda::FieldView> fields(positions.size());
  while (true) {
    auto more = cursor.Next();
    if (!more) return base::Fail(base::WithContext(std::move(more).error(), call));
    if (!*more) break;
    for (size_t i = 0; i < positions.size(); ++i) fields[i] = cursor.row()[positions[i]];
    CatalogRow row;
    DB2KAFKA_TRY(decoder.Decode(fields, row));
    rows.push_back(std::move(row));
  }
  return rows;
}

bool IsTable(const CatalogRow& row, const model::TableSchema& table) {
  return TextOf(row[0]) == table.schema && TextOf(row[1]) == table.table;
}

base::Result<model::ColumnSchema> ColumnFromCatalog(const model::TableSchema& table,
                                                    const CatalogRow& row) {
  // Positions follow kColumnsWanted in ReadColumns.
  model::ColumnSchema column;
  column.name = TextOf(row[2]);
  const std::string type_name = TrimmedTextOf(row[3]);
  const std::optional<model::Db2Type> type = model::Db2TypeFromCatalogName(type_name);
  if (!type) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "cannot describe " + table.QualifiedName() + ": column " + column.name +
                          " has type " + type_name +
                          ", which db2kafka does not carry; exclude the column from the task");
  }
  column.type = *type;
  const int64_t size = IntegerOf(row[4]).value_or(0);
  const std::optional<int64_t> digits = IntegerOf(row[5]);
  const model::ValueKind kind = model::InfoOf(column.type).value_kind;
  if (column.type == model::Db2Type::kDecimal) {
    column.precision = static_cast<int32_t>(size);
    column.scale = static_cast<int32_t>(digits.value_or(0));
  } else if (column.type == model::Db2Type::kDecfloat) {
    column.precision = static_cast<int32_t>(size);
  } else if (column.type == model::Db2Type::kTimestamp) {
    // Both servers report the fractional digits as DECIMAL_DIGITS (Derby 9, its only precision);
    // COLUMN_SIZE is 19, or 20 + digits, should it ever be missing.
    column.scale = static_cast<int32_t>(digits.value_or(size > 20 ? size - 20 : 0));
    if (column.scale < 0 || column.scale > 12) {
      return base::Fail(base::ErrorCode::kProtocol,
                        table.QualifiedName() + " column " + column.name + ": TIMESTAMP with " +
                            std::to_string(column.scale) + " fractional digits");
    }
  } else if (kind == model::ValueKind::kString || kind == model::ValueKind::kBytes) {
    column.length =
        static_cast<int32_t>(std::clamp<int64_t>(size, 0, std::numeric_limits<int32_t>::max()));
  }
  column.nullable = IntegerOf(row[6]).value_or(1) != 0;
  return column;
}

base::Status ReadColumns(drda::Connection& connection, model::TableSchema& table) {
  static constexpr std::string_view kColumnsWanted[] = {
      "TABLE_SCHEM", "TABLE_NAME",     "COLUMN_NAME", "TYPE_NAME",
      "COLUMN_SIZE", "DECIMAL_DIGITS", "NULLABLE",    "ORDINAL_POSITION"};
  const drda::Parameter parameters[] = {PatternFor(table.schema), PatternFor(table.table),
                                        std::string(kOptions)};
  DB2KAFKA_ASSIGN_OR_RETURN(
      std::vector<CatalogRow> rows,
      CallCatalog(connection, "SQLCOLUMNS", "NULL, ?, ?, NULL, ?", parameters, kColumnsWanted));
  std::vector<std::pair<int64_t, model::ColumnSchema>> columns;
  for (const CatalogRow& row : rows) {
    if (!IsTable(row, table)) continue;
    DB2KAFKA_ASSIGN_OR_RETURN(model::ColumnSchema column, ColumnFromCatalog(table, row));
    columns.emplace_back(IntegerOf(row[7]).value_or(0), std::move(column));
  }
  std::stable_sort(columns.begin(), columns.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [ordinal, column] : columns) table.columns.push_back(std::move(column));
  return {};
}

base::Status ReadPrimaryKey(drda::Connection& connection, model::TableSchema& table) {
  static constexpr std::string_view kWanted[] = {"TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME",
                                                 "KEY_SEQ", "PK_NAME"};
  const drda::Parameter parameters[] = {table.schema, table.table, std::string(kOptions)};
  DB2KAFKA_ASSIGN_OR_RETURN(
      std::vector<CatalogRow> rows,
      CallCatalog(connection, "SQLPRIMARYKEYS", "NULL, ?, ?, ?", parameters, kWanted));
  for (const CatalogRow& row : rows) {
    if (!IsTable(row, table)) continue;
    const std::string name = TextOf(row[2]);
    const std::optional<size_t> index = table.ColumnIndex(name);
    const int64_t position = IntegerOf(row[3]).value_or(0);
    if (!index || position < 1 || position > static_cast<int64_t>(table.columns.size())) {
      return base::Fail(base::ErrorCode::kProtocol,
                        "SYSIBM.SQLPRIMARYKEYS lists column " + name + " at key position " +
                            std::to_string(position) + " of " + table.QualifiedName() +
                            ", which does not match its columns; was the table just changed?");
    }
    table.columns[*index].key_position = static_cast<int32_t>(position);
    table.primary_key_name = TextOf(row[4]);
  }
  return {};
}

base::Status ReadUniqueKeys(drda::Connection& connection, model::TableSchema& table) {
  static constexpr std::string_view kWanted[] = {"TABLE_SCHEM",      "TABLE_NAME", "NON_UNIQUE",
                                                 "INDEX_QUALIFIER",  "INDEX_NAME", "TYPE",
                                                 "ORDINAL_POSITION", "COLUMN_NAME"};
  const drda::Parameter parameters[] = {table.schema, table.table, std::string(kOptions)};
  // Unique = 0 (SQL_INDEX_UNIQUE), Approximate = 1 (no statistics gathering).
  DB2KAFKA_ASSIGN_OR_RETURN(
      std::vector<CatalogRow> rows,
      CallCatalog(connection, "SQLSTATISTICS", "NULL, ?, ?, 0, 1, ?", parameters, kWanted));
  // (qualifier, name) → (ORDINAL_POSITION, column), for the unique indexes.
  std::map<std::pair<std::string, std::string>, std::vector<std::pair<int64_t, std::string>>>
      indexes;
  for (const CatalogRow& row : rows) {
    if (!IsTable(row, table) || !IsIndexRow(row[4], row[5]) || !IsFalse(row[2])) continue;
    indexes[{TextOf(row[3]), TextOf(row[4])}].emplace_back(IntegerOf(row[6]).value_or(0),
                                                           TextOf(row[7]));
  }
  std::vector<std::string> primary_key;
  for (size_t index : table.PrimaryKeyColumnIndexes()) {
    primary_key.push_back(table.columns[index].name);
  }
  std::sort(primary_key.begin(), primary_key.end());
  std::vector<std::vector<std::string>> column_sets_seen = {primary_key};
  for (auto& [name, members] : indexes) {
    std::stable_sort(members.begin(), members.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    model::UniqueKey key{name.second, {}};
    bool on_columns = true;  // not on expressions, which Db2 lists under names of their own
    for (const auto& [position, column] : members) {
      on_columns = on_columns && table.ColumnIndex(column).has_value();
      key.columns.push_back(column);
    }
    std::vector<std::string> column_set = key.columns;
    std::sort(column_set.begin(), column_set.end());
    // The primary key's own index, or one that repeats the columns of another, adds no key.
    if (!on_columns || std::find(column_sets_seen.begin(), column_sets_seen.end(), column_set) !=
                           column_sets_seen.end()) {
      continue;
    }
    column_sets_seen.push_back(std::move(column_set));
    table.unique_keys.push_back(std::move(key));
  }
  std::stable_sort(
      table.unique_keys.begin(), table.unique_keys.end(),
      [](const model::UniqueKey& a, const model::UniqueKey& b) { return a.name < b.name; });
  return {};
}

}  // namespace

base::Result<std::vector<TableName>> ListTables(drda::Connection& connection,
                                                std::string_view schema_pattern,
                                                std::string_view table_pattern,
                                                std::span<const std::string_view> table_types) {
  // TableType is a list like 'TABLE','VIEW': Derby splits it at quotes and commas, Db2 takes it
  // with or without the quotes.
  std::string types;
  for (std::string_view type : table_types) {
    if (type.empty() || type.find_first_of("',") != std::string_view::npos) {
      return base::Fail(base::ErrorCode::kInvalidArgument,
                        "table type \"" + std::string(type) + "\" is not a TABLE_TYPE value");
    }
    if (!types.empty()) types += ',';
    types += "'" + std::string(type) + "'";
  }
  static constexpr std::string_view kWanted[] = {"TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE"};
  std::vector<drda::Parameter> parameters = {std::string(schema_pattern),
                                             std::string(table_pattern)};
  if (types.empty()) {
    parameters.emplace_back(drda::NullParameter{});
  } else {
    parameters.emplace_back(types);
  }
  parameters.emplace_back(std::string(kOptions));
  DB2KAFKA_ASSIGN_OR_RETURN(
      std::vector<CatalogRow> rows,
      CallCatalog(connection, "SQLTABLES", "NULL, ?, ?, ?, ?", parameters, kWanted));
  std::vector<TableName> tables;
  tables.reserve(rows.size());
  for (const CatalogRow& row : rows) {
    TableName name{TextOf(row[0]), TextOf(row[1]), TrimmedTextOf(row[2])};
    // The server filtered already; this keeps a server that reads the list differently honest.
    if (!table_types.empty() &&
        std::find(table_types.begin(), table_types.end(), name.type) == table_types.end()) {
      continue;
    }
    tables.push_back(std::move(name));
  }
  std::sort(tables.begin(), tables.end(), [](const TableName& a, const TableName& b) {
    return std::tie(a.schema, a.table) < std::tie(b.schema, b.table);
  });
  return tables;
}

base::Result<model::TableSchema> DescribeTable(drda::Connection& connection,
                                               std::string_view database, std::string_view schema,
                                               std::string_view table) {
  model::TableSchema described;
  described.database = std::string(database);
  described.schema = std::string(schema);
  described.table = std::string(table);
  DB2KAFKA_TRY(ReadColumns(connection, described));
  if (described.columns.empty()) {
    return base::Fail(base::ErrorCode::kNotFound,
                      "table " + described.QualifiedName() + " not found in database " +
                          described.database +
                          " (SYSIBM.SQLCOLUMNS lists no columns for it); names are "
                          "case-sensitive as the catalog stores them, usually upper case");
  }
  DB2KAFKA_TRY(ReadPrimaryKey(connection, described));
  DB2KAFKA_TRY(ReadUniqueKeys(connection, described));
  return described;
}

}  // namespace db2kafka::db2
