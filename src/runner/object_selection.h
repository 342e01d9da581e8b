// Which source tables a task syncs and how each looks at the destination, from the task's
// `objects` rules, its capitalization policy and the source catalog's names and columns. Pure
// logic: the catalog is read elsewhere (db2), so everything here is testable without a server.
//
// Decisions (also in docs/CONFIGURATION.md, "How objects rules apply"):
// - Names are case-sensitive as Db2 stores them; `*` in tables/exclude_tables matches any
//   characters.
// - Most specific rule wins: a table rule (even over a schema rule's exclude_tables), then a
//   schema rule matching by exact name, by pattern, then by omitting `tables`; ties go to the
//   first rule in the file.
// - A table rule inherits topic and operations from the schema rule that would select the table;
//   the destination schema is the schema's `rename`.
// - Names given by `rename` (schema, table, column) are used verbatim; the capitalization policy
//   shapes only the others. `default` is DTS's policy for Db2 sources: database, schema and table
//   lower case, columns kept.
// - A primary-key column may be excluded only when some unique key keeps all its columns; that
//   key then identifies rows (the destination has no primary key).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/error.h"
#include "config/task_config.h"
#include "model/table_schema.h"

namespace db2kafka::runner {

struct SourceTableName {
  std::string schema;
  std::string table;

  auto operator<=>(const SourceTableName&) const = default;
};

enum class Operation : uint8_t { kInsert = 1, kUpdate = 2, kDelete = 4 };

// The incremental operations a table sends.
class OperationSet {
 public:
  static OperationSet All();
  // From config names ("insert", "update", "delete"); empty = All().
  static OperationSet FromNames(std::span<const std::string> names);

  bool Contains(Operation operation) const {
    return (bits_ & static_cast<uint8_t>(operation)) != 0;
  }
  bool operator==(const OperationSet&) const = default;

 private:
  uint8_t bits_ = 0;
};

// One selected table and the rules that decide its shape (indexes into TaskConfig::objects).
struct SelectedTable {
  SourceTableName source;
  std::optional<size_t> table_rule;
  std::optional<size_t> schema_rule;
};

struct Selection {
  std::vector<SelectedTable> tables;  // in catalog order
  // Table rules naming a table the catalog does not have, schema rules selecting nothing:
  // "objects[1]: the source has no table APP.ORDRES". The precheck reports them.
  std::vector<std::string> unmatched;
};

Selection SelectTables(std::span<const config::ObjectRule> rules,
                       std::span<const SourceTableName> catalog);

// A selected table as the phases use it.
struct ShapedTable {
  SourceTableName source;
  model::TableSchema destination;  // names renamed and capitalized, excluded columns gone
  std::string topic;
  OperationSet operations;
  std::string filter;  // SQL condition on source columns, as written; empty = every row
  std::vector<size_t> partition_key;  // indexes into destination.columns; empty = table's key
  // Source column names to SELECT, in the order of destination.columns.
  std::vector<std::string> select_columns;
};

// Errors (InvalidArgument) name the rule and field: "objects[1].columns.exclude: APP.ORDERS has
// no column SECRET"; all problems of the table at once, separated by "; ".
base::Result<ShapedTable> ShapeTable(const config::TaskConfig& task, const SelectedTable& selected,
                                     const model::TableSchema& source);

// `*` matches any run of characters, everything else itself (case-sensitive).
bool MatchesPattern(std::string_view pattern, std::string_view name);

// The column names a filter condition refers to, or an error when it uses what DTS filters may
// not (subqueries, ';'). String literals, numbers, keywords and function names are skipped;
// unquoted names are folded to upper case as Db2 does.
base::Result<std::vector<std::string>> FilterColumnNames(std::string_view filter);

}  // namespace db2kafka::runner
