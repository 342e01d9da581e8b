#include "encode/dts_avro_encoder.h"

#include <array>
#include <charconv>
#include <optional>
#include <utility>

#include "encode/avro_writer.h"
#include "encode/detail/dts_values.h"
#include "encode/json_writer.h"
#include "model/row_check.h"

namespace db2kafka::encode {
namespace {

using model::Operation;

// The record version DTS's own messages carry.
constexpr int32_t kRecordVersion = 0;
// Symbol indexes in the published enums SourceType and Operation.
constexpr int32_t kSourceTypeDb2 = 6;
constexpr int32_t kOperationInsert = 0, kOperationUpdate = 1, kOperationDelete = 2,
                  kOperationDdl = 3, kOperationHeartbeat = 8;
// Indexed by model::Operation: SNAPSHOT_READ, INSERT, UPDATE, DELETE, DDL, HEARTBEAT.
constexpr std::array<int32_t, 6> kOperationSymbols = {kOperationInsert, kOperationInsert,
                                                      kOperationUpdate, kOperationDelete,
                                                      kOperationDdl,    kOperationHeartbeat};
// Branches of the unions [null, string] (objectName), [null, array] (processTimestamps) and
// [null, string, array] (fields, beforeImages, afterImages).
constexpr int32_t kNullBranch = 0, kStringBranch = 1, kArrayBranch = 2;

// A task sees each table's schema once per schema change; the bound only matters for a runaway
// producer of schema objects, and clearing costs one rebuild per table.
constexpr size_t kMaxCachedTables = 4096;

bool IsRowEvent(Operation operation) {
  return operation != Operation::kDdl && operation != Operation::kHeartbeat;
}

int64_t FloorDivide(int64_t value, int64_t divisor) {
  const int64_t quotient = value / divisor;
  return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient;
}

// The DTS SDK splits objectName on '.' and turns "\u002E" back into '.'.
void AppendEscapedName(std::string& out, std::string_view name) {
  for (const char c : name) {
    if (c == '.') {
      out.append("\\u002E");
    } else {
      out.push_back(c);
    }
  }
}

std::string ObjectName(const model::TableSchema& table) {
  std::string name;
  if (!table.database.empty()) {
    AppendEscapedName(name, table.database);
    name.push_back('.');
  }
  AppendEscapedName(name, table.schema);
  name.push_back('.');
  AppendEscapedName(name, table.table);
  return name;
}

void AppendJsonNameArray(std::string& out, const model::TableSchema& table,
                         const std::vector<size_t>& columns) {
  out.push_back('[');
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendJsonString(out, table.columns[columns[i]].name);
  }
  out.push_back(']');
}

// {"PRIMARY":["ID"],"UK_EMAIL":["EMAIL"]}. The SDK fails on a key column missing from `fields`,
// so a unique key that lost a column to exclusion is left out (without all its columns it is
// not unique anyway); one named PRIMARY would pass for the primary key and is left out too.
std::string PkUkInfo(const model::TableSchema& table) {
  std::string json = "{";
  const std::vector<size_t> primary = table.PrimaryKeyColumnIndexes();
  if (!primary.empty()) {
    json.append("\"PRIMARY\":");
    AppendJsonNameArray(json, table, primary);
  }
  for (const model::UniqueKey& key : table.unique_keys) {
    std::vector<size_t> columns;
    for (const std::string& name : key.columns) {
      if (std::optional<size_t> index = table.ColumnIndex(name)) columns.push_back(*index);
    }
    if (key.name == "PRIMARY" || columns.empty() || columns.size() != key.columns.size()) continue;
    if (json.size() > 1) json.push_back(',');
    AppendJsonString(json, key.name);
    json.push_back(':');
    AppendJsonNameArray(json, table, columns);
  }
  json.push_back('}');
  return json;
}

// FNV-1a of what a consumer caches per objectName, as a positive decimal: the DTS SDK drops its
// cached field list when metaVersion changes and never when it is absent.
std::string MetaVersion(std::string_view fields, std::string_view pk_uk_info) {
  uint64_t hash = 14695981039346656037ULL;
  for (std::string_view part : {fields, pk_uk_info}) {
    for (const char c : part) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ULL;
    }
  }
  hash &= 0x7fff'ffff'ffff'ffffULL;
  return std::to_string(hash == 0 ? 1 : hash);
}

char* AppendHex(char* at, std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (const char c : bytes) {
    *at++ = kHex[static_cast<unsigned char>(c) >> 4];
    *at++ = kHex[static_cast<unsigned char>(c) & 15];
  }
  return at;
}

// position.ToHex() straight into the record; with `safe`, the intent sequence as zeros.
void WritePosition(AvroWriter& writer, const model::Position& position, bool safe) {
  if (position.empty()) {
    writer.String("");
    return;
  }
  const size_t commit = 2 * position.commit_sequence.size();
  const size_t intent = 2 * position.intent_sequence.size();
  writer.Long(static_cast<int64_t>(commit + 1 + intent));
  std::string& out = writer.out();
  const size_t start = out.size();
  out.resize(start + commit + 1 + intent, '0');
  char* at = AppendHex(out.data() + start, position.commit_sequence);
  *at++ = ':';
  if (!safe) AppendHex(at, position.intent_sequence);
}

}  // namespace

struct DtsAvroEncoder::TableParts {
  std::shared_ptr<const model::TableSchema> table;
  std::string object_name;
  std::string fields;    // Avro: the array branch of `fields` and the Field array
  std::string row_tags;  // Avro: the pk_uk_info and metaVersion entries of `tags`
  std::vector<size_t> key_columns;
};

DtsAvroEncoder::DtsAvroEncoder(EncoderOptions options) : options_(std::move(options)) {
  value_.reserve(1024);
  text_.reserve(64);
}

DtsAvroEncoder::~DtsAvroEncoder() = default;

const DtsAvroEncoder::TableParts& DtsAvroEncoder::PartsFor(
    const std::shared_ptr<const model::TableSchema>& table) {
  if (table.get() == last_table_) return *last_parts_;
  auto found = tables_.find(table.get());
  if (found == tables_.end()) {
    if (tables_.size() >= kMaxCachedTables) tables_.clear();
    auto parts = std::make_unique<TableParts>();
    parts->table = table;
    parts->object_name = ObjectName(*table);
    AvroWriter fields(parts->fields);
    fields.UnionBranch(kArrayBranch);
    fields.BlockStart(static_cast<int64_t>(table->columns.size()));
    for (const model::ColumnSchema& column : table->columns) {
      fields.String(column.name);
      fields.Int(detail::DtsInfoOf(column.type).data_type_number);
    }
    fields.EndBlocks();
    const std::string pk_uk_info = PkUkInfo(*table);
    AvroWriter tags(parts->row_tags);
    tags.String("pk_uk_info");
    tags.String(pk_uk_info);
    tags.String("metaVersion");
    tags.String(MetaVersion(parts->fields, pk_uk_info));
    parts->key_columns = table->KeyColumnIndexes();
    found = tables_.emplace(table.get(), std::move(parts)).first;
  }
  last_table_ = table.get();
  last_parts_ = found->second.get();
  return *last_parts_;
}

void DtsAvroEncoder::WriteRecord(const model::ChangeEvent& event, const TableParts* parts) {
  const bool row_event = parts != nullptr && IsRowEvent(event.operation);
  value_.clear();
  AvroWriter writer(value_);
  writer.Int(kRecordVersion);
  writer.Long(static_cast<int64_t>(event.sequence));
  writer.Long(FloorDivide(event.commit_time_us, 1'000'000));
  WritePosition(writer, event.position, /*safe=*/false);
  WritePosition(writer, event.position, /*safe=*/true);
  writer.String(event.transaction_id);
  writer.Enum(kSourceTypeDb2);
  writer.String(options_.source_version);
  writer.Enum(kOperationSymbols[static_cast<size_t>(event.operation)]);
  if (parts != nullptr) {
    writer.UnionBranch(kStringBranch);
    writer.String(parts->object_name);
  } else {
    writer.UnionBranch(kNullBranch);
  }
  writer.UnionBranch(kNullBranch);  // processTimestamps

  writer.BlockStart(row_event ? 3 : 1);
  if (row_event) writer.Fixed(parts->row_tags);
  writer.String("readerThroughoutTime");
  char now[24];
  const auto now_end = std::to_chars(now, now + sizeof now, options_.clock->NowMillis()).ptr;
  writer.String(std::string_view(now, static_cast<size_t>(now_end - now)));
  writer.EndBlocks();

  if (row_event) {
    writer.Fixed(parts->fields);
  } else {
    writer.UnionBranch(kNullBranch);
  }
  const auto write_image = [&](const model::Row& row) {
    writer.UnionBranch(kArrayBranch);
    writer.BlockStart(static_cast<int64_t>(row.size()));
    const std::vector<model::ColumnSchema>& columns = parts->table->columns;
    for (size_t i = 0; i < row.size(); ++i) {
      detail::WriteDtsValue(writer, columns[i], row[i], text_);
    }
    writer.EndBlocks();
  };
  const bool has_before =
      row_event && (event.operation == Operation::kDelete ||
                    (event.operation == Operation::kUpdate && !event.before.empty()));
  const bool has_after = row_event && event.operation != Operation::kDelete;
  if (has_before) {
    write_image(event.before);
  } else {
    writer.UnionBranch(kNullBranch);
  }
  if (has_after) {
    write_image(event.after);
  } else if (event.operation == Operation::kDdl) {
    writer.UnionBranch(kStringBranch);
    writer.String(event.ddl);
  } else {
    writer.UnionBranch(kNullBranch);
  }
  writer.Long(FloorDivide(event.commit_time_us, 1'000));
}

base::Status DtsAvroEncoder::Encode(const model::ChangeEvent& event, std::string_view /*topic*/,
                                    std::vector<EncodedRecord>& out) {
  if (base::Status checked = model::CheckEvent(event); !checked) {
    return base::Fail(base::WithContext(std::move(checked).error(), "dts_avro"));
  }
  const TableParts* parts = event.table != nullptr ? &PartsFor(event.table) : nullptr;
  WriteRecord(event, parts);

  EncodedRecord record;
  record.value.emplace(value_);
  if (parts != nullptr && IsRowEvent(event.operation) && !parts->key_columns.empty()) {
    const model::Row& row = event.operation == Operation::kDelete ? event.before : event.after;
    std::string& key = record.key.emplace();
    for (size_t i = 0; i < parts->key_columns.size(); ++i) {
      if (i > 0) key.push_back('|');
      detail::AppendKeyText(key, row[parts->key_columns[i]]);
    }
  }
  out.push_back(std::move(record));
  return {};
}

std::unique_ptr<Encoder> MakeDtsAvroEncoder(const EncoderOptions& options) {
  return std::make_unique<DtsAvroEncoder>(options);
}

}  // namespace db2kafka::encode
