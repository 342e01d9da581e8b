#include "encode/shareplex_json_encoder.h"

#include <cctype>

#include "base/status_macros.h"
#include "encode/value_text.h"
#include "model/row_check.h"

namespace db2kafka::encode {
namespace {

// Schemas replaced by DDL stay cached until this many tables accumulate; then the cache restarts.
constexpr size_t kMaxCachedTables = 4096;

// SharePlex's own short operation names, as DTS's examples and SharePlex's Kafka output use them.
std::string_view DmlOp(model::Operation operation) {
  switch (operation) {
    case model::Operation::kUpdate:
      return "upd";
    case model::Operation::kDelete:
      return "del";
    default:
      return "ins";  // INSERT and full-phase rows
  }
}

// "truncate" for TRUNCATE [TABLE] ..., "ddl" for every other statement.
std::string_view DdlOp(std::string_view ddl) {
  constexpr std::string_view kTruncate = "TRUNCATE";
  size_t at = 0;
  while (at < ddl.size() && std::isspace(static_cast<unsigned char>(ddl[at]))) ++at;
  const std::string_view word = ddl.substr(at, kTruncate.size());
  bool matches = word.size() == kTruncate.size();
  for (size_t i = 0; matches && i < word.size(); ++i) {
    matches = std::toupper(static_cast<unsigned char>(word[i])) == kTruncate[i];
  }
  const size_t end = at + kTruncate.size();
  const bool word_ends = end >= ddl.size() || !std::isalnum(static_cast<unsigned char>(ddl[end]));
  return matches && word_ends ? "truncate" : "ddl";
}

}  // namespace

ShareplexJsonEncoder::ShareplexJsonEncoder(const EncoderOptions& options)
    : clock_(*options.clock) {}

base::Status ShareplexJsonEncoder::Encode(const model::ChangeEvent& event,
                                          std::string_view /*topic*/,
                                          std::vector<EncodedRecord>& out) {
  DB2KAFKA_TRY(model::CheckEvent(event));
  if (event.operation == model::Operation::kHeartbeat) return {};
  buffer_.clear();
  EncodedRecord record;
  if (event.operation == model::Operation::kDdl) {
    WriteDdl(event);
  } else {
    const TableInfo& info = InfoFor(event.table);
    WriteRowChange(event, info);
    const bool is_delete = event.operation == model::Operation::kDelete;
    record.key = RowKey(info, is_delete ? event.before : event.after);
  }
  record.value.emplace(buffer_);
  out.push_back(std::move(record));
  return {};
}

const ShareplexJsonEncoder::TableInfo& ShareplexJsonEncoder::InfoFor(
    const std::shared_ptr<const model::TableSchema>& table) {
  if (auto found = tables_.find(table.get()); found != tables_.end()) return found->second;
  if (tables_.size() >= kMaxCachedTables) tables_.clear();
  TableInfo info{.table = table, .key_columns = table->KeyColumnIndexes()};
  return tables_.emplace(table.get(), std::move(info)).first->second;
}

void ShareplexJsonEncoder::WriteMeta(const model::ChangeEvent& event, std::string_view op) {
  json_.Key("meta");
  json_.BeginObject();
  json_.Key("time");
  WriteUtcSeconds(event.commit_time_us, commit_time_);
  json_.Key("userid");
  json_.Null();  // CD tables do not carry the committing user as a number
  json_.Key("op");
  json_.String(op);
  json_.Key("scn");
  scratch_.clear();
  if (!event.position.empty()) {
    AppendHex(scratch_, event.position.commit_sequence);
    scratch_.push_back(':');
    AppendHex(scratch_, event.position.intent_sequence);
  }
  json_.String(scratch_);
  json_.Key("rowid");
  json_.Null();  // Db2 has no ROWID a consumer could use
  json_.Key("trans");
  json_.String(event.transaction_id);
  json_.Key("seq");
  json_.UInt(event.order_in_transaction);
  json_.Key("size");
  json_.UInt(event.transaction_size);
  json_.Key("table");
  scratch_.clear();
  if (event.table != nullptr) {
    scratch_.append(event.table->schema).append(1, '.').append(event.table->table);
  }
  json_.String(scratch_);
  json_.Key("idx");
  scratch_.clear();
  AppendIntegerText(scratch_, event.order_in_transaction);
  scratch_.push_back('/');
  AppendIntegerText(scratch_, event.transaction_size);
  json_.String(scratch_);
  json_.Key("posttime");
  WriteUtcSeconds(clock_.NowMicros(), post_time_);
  json_.EndObject();
}

void ShareplexJsonEncoder::WriteRowChange(const model::ChangeEvent& event, const TableInfo& info) {
  const model::TableSchema& table = *event.table;
  json_.BeginObject();
  WriteMeta(event, DmlOp(event.operation));
  json_.Key("data");
  switch (event.operation) {
    case model::Operation::kDelete:
      WriteRowObject(table, event.before);
      break;
    case model::Operation::kUpdate:
      if (event.before.empty()) {
        // Without a before image the changed columns are unknown: the whole new row, and the
        // identifying columns as the key.
        WriteRowObject(table, event.after);
        json_.Key("key");
        WriteColumns(table, event.after, info.key_columns);
      } else {
        WriteChangedColumns(table, event.before, event.after);
        json_.Key("key");
        WriteRowObject(table, event.before);
      }
      break;
    default:
      WriteRowObject(table, event.after);
  }
  json_.EndObject();
}

void ShareplexJsonEncoder::WriteDdl(const model::ChangeEvent& event) {
  json_.BeginObject();
  WriteMeta(event, DdlOp(event.ddl));
  json_.Key("data");
  json_.BeginObject();
  json_.Key("ddl");
  json_.String(event.ddl);
  json_.EndObject();
  json_.EndObject();
}

void ShareplexJsonEncoder::WriteRowObject(const model::TableSchema& table, const model::Row& row) {
  json_.BeginObject();
  for (size_t i = 0; i < row.size(); ++i) {
    json_.Key(table.columns[i].name);
    WriteValue(row[i]);
  }
  json_.EndObject();
}

void ShareplexJsonEncoder::WriteColumns(const model::TableSchema& table, const model::Row& row,
                                        const std::vector<size_t>& columns) {
  json_.BeginObject();
  for (size_t i : columns) {
    json_.Key(table.columns[i].name);
    WriteValue(row[i]);
  }
  json_.EndObject();
}

void ShareplexJsonEncoder::WriteChangedColumns(const model::TableSchema& table,
                                               const model::Row& before, const model::Row& after) {
  json_.BeginObject();
  for (size_t i = 0; i < after.size(); ++i) {
    if (before[i] == after[i]) continue;
    json_.Key(table.columns[i].name);
    WriteValue(after[i]);
  }
  json_.EndObject();
}

void ShareplexJsonEncoder::WriteValue(const model::Value& value) {
  if (value.is_null()) {
    json_.Null();
  } else {
    json_.String(ValueText(value, scratch_));
  }
}

void ShareplexJsonEncoder::WriteUtcSeconds(int64_t epoch_micros, SecondText& cache) {
  const int64_t second = epoch_micros / 1'000'000 - (epoch_micros % 1'000'000 < 0 ? 1 : 0);
  if (second != cache.second) {
    cache.second = second;
    cache.text.clear();
    AppendTimestampText(cache.text, UtcTimestampFromMicros(epoch_micros, 0), 'T');
    cache.text.push_back('Z');
  }
  json_.String(cache.text);
}

std::optional<std::string> ShareplexJsonEncoder::RowKey(const TableInfo& info,
                                                        const model::Row& row) {
  if (info.key_columns.empty()) return std::nullopt;
  key_buffer_.clear();
  WriteJsonRowKey(key_json_, *info.table, info.key_columns, row, scratch_);
  return key_buffer_;
}

std::unique_ptr<Encoder> MakeShareplexJsonEncoder(const EncoderOptions& options) {
  return std::make_unique<ShareplexJsonEncoder>(options);
}

}  // namespace db2kafka::encode
