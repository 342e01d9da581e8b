#include "model/table_schema.h"

#include <algorithm>

namespace db2kafka::model {

std::string ColumnSchema::TypeText() const {
  switch (type) {
    case Db2Type::kDecimal:
      return "DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
    case Db2Type::kDecfloat:
      return "DECFLOAT(" + std::to_string(precision) + ")";
    case Db2Type::kTimestamp:
      return "TIMESTAMP(" + std::to_string(scale) + ")";
    case Db2Type::kCharForBitData:
      return "CHAR(" + std::to_string(length) + ") FOR BIT DATA";
    case Db2Type::kVarcharForBitData:
      return "VARCHAR(" + std::to_string(length) + ") FOR BIT DATA";
    default:
      break;
  }
  const Db2TypeInfo& info = InfoOf(type);
  std::string text(info.name);
  if (info.has_length) text += "(" + std::to_string(length) + ")";
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
