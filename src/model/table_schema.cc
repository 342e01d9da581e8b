#include "model/table_schema.h"

#include <algorithm>

namespace db2kafka::model {

std::string ColumnSchema::TypeText() const {
  switch (type) {
    case Db2Type::kDecimal:
      return "DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
    case Db2Type::kDecfloat:
      // Without a known precision, Db2's default (34) rather than the invalid DECFLOAT(0).
      if (precision == 0) return "DECFLOAT";
      return "DECFLOAT(" + std::to_string(precision) + ")";
    case Db2Type::kTimestamp:
      return "TIMESTAMP(" + std::to_string(scale) + ")";
    case Db2Type::kCharForBitData:
      if (length == 0) return "CHAR FOR BIT DATA";
      return "CHAR(" + std::to_string(length) + ") FOR BIT DATA";
    case Db2Type::kVarcharForBitData:
      return "VARCHAR(" + std::to_string(length) + ") FOR BIT DATA";
    default:
      break;
  }
  const Db2TypeInfo& info = InfoOf(type);
  std::string text(info.name);
  // A fixed-length or LOB type of unknown length is written bare, taking Db2's default (1, or 1M
  // for LOBs), since CHAR(0) or BLOB(0) is no valid DDL; VAR types need theirs.
  const bool length_optional =
      type != Db2Type::kVarchar && type != Db2Type::kVargraphic && type != Db2Type::kVarbinary;
  if (info.has_length && (length > 0 || !length_optional)) {
    text += "(" + std::to_string(length) + ")";
  }
  return text;
}

std::string TableSchema::QualifiedName() const { return schema + "." + table; }

std::optional<size_t> TableSchema::ColumnIndex(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return i;
  }
  return std::nullopt;
}

std::vector<size_t> TableSchema::PrimaryKeyColumnIndexes() const {
  std::vector<size_t> indexes;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].key_position > 0) indexes.push_back(i);
  }
  std::sort(indexes.begin(), indexes.end(),
            [&](size_t a, size_t b) { return columns[a].key_position < columns[b].key_position; });
  return indexes;
}

std::vector<size_t> TableSchema::KeyColumnIndexes() const {
  std::vector<size_t> indexes = PrimaryKeyColumnIndexes();
  if (!indexes.empty() || unique_keys.empty()) return indexes;
  for (const std::string& name : unique_keys.front().columns) {
    if (std::optional<size_t> index = ColumnIndex(name)) indexes.push_back(*index);
  }
  return indexes;
}

}  // namespace db2kafka::model
