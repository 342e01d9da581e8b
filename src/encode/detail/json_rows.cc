#include "encode/detail/json_rows.h"

#include "encode/value_text.h"

namespace db2kafka::encode::detail {

void WriteRowTexts(JsonWriter& json, const model::TableSchema& table, const model::Row& row,
                   std::string& scratch) {
  json.BeginObject();
  for (size_t i = 0; i < row.size(); ++i) {
    json.Key(table.columns[i].name);
    WriteJsonValueText(json, row[i], scratch);
  }
  json.EndObject();
}

void WriteColumnTexts(JsonWriter& json, const model::TableSchema& table, const model::Row& row,
                      std::span<const size_t> columns, std::string& scratch) {
  json.BeginObject();
  for (size_t i : columns) {
    json.Key(table.columns[i].name);
    WriteJsonValueText(json, row[i], scratch);
  }
  json.EndObject();
}

void WriteChangedColumnTexts(JsonWriter& json, const model::TableSchema& table,
                             const model::Row& before, const model::Row& after, ChangedImage shown,
                             std::string& scratch) {
  const model::Row& image = shown == ChangedImage::kBefore ? before : after;
  json.BeginObject();
  for (size_t i = 0; i < image.size(); ++i) {
    if (before[i] == after[i]) continue;
    json.Key(table.columns[i].name);
    WriteJsonValueText(json, image[i], scratch);
  }
  json.EndObject();
}

std::optional<std::string> TextRowKey(JsonWriter& key_json, const model::TableSchema& table,
                                      std::span<const size_t> key_columns, const model::Row& row,
                                      std::string& scratch) {
  if (key_columns.empty()) return std::nullopt;
  key_json.out().clear();
  WriteJsonRowKey(key_json, table, key_columns, row, scratch);
  return key_json.out();
}

const model::Row& KeyImage(const model::ChangeEvent& event) {
  return event.operation == model::Operation::kDelete ? event.before : event.after;
}

}  // namespace db2kafka::encode::detail
