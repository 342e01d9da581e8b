// Rows as JSON objects of value texts, for the formats that carry every value as a string (Canal
// JSON, Shareplex JSON): {"ID":"42","NOTE":null}, with the column names as members, the text
// ValueText gives, and NULL as null. Each writes one JSON value through `json`; `scratch` holds one
// value's text at a time.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>

#include "encode/json_writer.h"
#include "model/change_event.h"
#include "model/table_schema.h"

namespace db2kafka::encode::detail {

// Every column of `row`.
void WriteRowTexts(JsonWriter& json, const model::TableSchema& table, const model::Row& row,
                   std::string& scratch);

// Only `columns` (indexes into the row), in that order.
void WriteColumnTexts(JsonWriter& json, const model::TableSchema& table, const model::Row& row,
                      std::span<const size_t> columns, std::string& scratch);

// Which image's value a changed column shows: Canal's "old" shows the before values, Shareplex's
// "data" the after values.
enum class ChangedImage : uint8_t { kBefore, kAfter };

// Only the columns whose value differs between `before` and `after` (both full images).
void WriteChangedColumnTexts(JsonWriter& json, const model::TableSchema& table,
                             const model::Row& before, const model::Row& after, ChangedImage shown,
                             std::string& scratch);

// The record key WriteJsonRowKey writes for `row`, or none for a table without a key.
// `key_json` writes into a buffer the caller reuses between keys.
std::optional<std::string> TextRowKey(JsonWriter& key_json, const model::TableSchema& table,
                                      std::span<const size_t> key_columns, const model::Row& row,
                                      std::string& scratch);

// The image that identifies an event's row: the before image of a DELETE, else the after image.
const model::Row& KeyImage(const model::ChangeEvent& event);

}  // namespace db2kafka::encode::detail
