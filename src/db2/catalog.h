// What tables a database has and what they look like, read through the catalog procedures that
// Db2 LUW and Derby both implement (CALL SYSIBM.SQLTABLES / SQLCOLUMNS / SQLPRIMARYKEYS /
// SQLSTATISTICS), so the same code runs against both.
//
// Names are passed and returned as the catalog stores them: case-sensitive, without quotes. An
// ordinary identifier is stored in upper case (CREATE TABLE orders makes ORDERS); a delimited one
// keeps its spelling (CREATE TABLE "Orders" makes Orders). Pass ORDERS, not orders or "ORDERS".
//
// The calls run in the caller's unit of work and do not commit.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "drda/connection.h"
#include "model/table_schema.h"

namespace db2kafka::db2 {

struct TableName {
  std::string schema;
  std::string table;
  std::string type;  // TABLE_TYPE as the catalog spells it: "TABLE", "VIEW", "SYSTEM TABLE", ...

  friend bool operator==(const TableName&, const TableName&) = default;
};

// Ordinary tables only: no views, aliases or catalog tables.
inline constexpr std::string_view kOrdinaryTables[] = {"TABLE"};

// The tables whose schema and name match the patterns, in SQL LIKE syntax as the procedures take
// them ("%" any run of characters, "_" any one character; "%" for all), sorted by schema and
// name. `table_types` are TABLE_TYPE values ("TABLE", "VIEW", "SYSTEM TABLE", ...). Matching is
// the server's: on Derby "_" cannot be escaped, so the pattern APP_1 also lists APPX1.
base::Result<std::vector<TableName>> ListTables(
    drda::Connection& connection, std::string_view schema_pattern, std::string_view table_pattern,
    std::span<const std::string_view> table_types = kOrdinaryTables);

// One table as the model describes it: columns in ordinal order with their Db2Type, length,
// precision, scale and nullability; primary-key positions and name; unique indexes besides the
// primary key's (in index-name order, each with its columns in index order). `database` only
// fills TableSchema::database. NotFound when the table does not exist (or is not visible to the
// user); InvalidArgument naming the column when a column has a type db2kafka does not carry.
base::Result<model::TableSchema> DescribeTable(drda::Connection& connection,
                                               std::string_view database, std::string_view schema,
                                               std::string_view table);

}  // namespace db2kafka::db2
