// What a table looks like at the destination: names after renaming and capitalization, the
// columns that survive exclusion, keys. Built once per table (by db2 from the catalog, then shaped
// by the runner) and shared read-only by every event of that table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/db2_type.h"

namespace db2kafka::model {

struct ColumnSchema {
  std::string name;
  Db2Type type = Db2Type::kVarchar;
  // Characters (CHAR, VARCHAR, GRAPHIC...), bytes (FOR BIT DATA, BINARY, LOBs); 0 where the type
  // has no length.
  int32_t length = 0;
  // DECIMAL digits; DECFLOAT 16 or 34; 0 elsewhere.
  int32_t precision = 0;
  // DECIMAL scale; TIMESTAMP fractional digits (0..12).
  int32_t scale = 0;
  bool nullable = true;
  // 1-based position in the primary key; 0 when the column is not part of it.
  int32_t key_position = 0;

  // "DECIMAL(31,2)", "VARCHAR(100)", "TIMESTAMP(12)", "CHAR(16) FOR BIT DATA", "INTEGER".
  std::string TypeText() const;
};

struct UniqueKey {
  std::string name;
  std::vector<std::string> columns;
};

struct TableSchema {
  std::string database;  // RDB name, e.g. SAMPLE
  std::string schema;
  std::string table;
  std::vector<ColumnSchema> columns;
  std::string primary_key_name;
  std::vector<UniqueKey> unique_keys;  // besides the primary key

  // "SCHEMA.TABLE".
  std::string QualifiedName() const;
  std::optional<size_t> ColumnIndex(std::string_view name) const;
  // Primary key columns in key order; without a primary key, the first unique key's; empty when
  // the table has neither (then duplicates cannot be recognized downstream).
  std::vector<size_t> KeyColumnIndexes() const;
  std::vector<size_t> PrimaryKeyColumnIndexes() const;
};

}  // namespace db2kafka::model
