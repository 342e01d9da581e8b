#include "encode/shareplex_json_encoder.h"

#include <cctype>

#include "base/status_macros.h"
#include "encode/detail/json_rows.h"
#include "encode/value_text.h"
#include "model/row_check.h"

namespace db2kafka::encode {
namespace {

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
    const std::vector<size_t>& key_columns =
        tables_.Find(event.table, [](const auto& table) { return table->KeyColumnIndexes(); });
    WriteRowChange(event, key_columns);
    record.key =
        detail::TextRowKey(key_json_, *event.table, key_columns, detail::KeyImage(event), scratch_);
  }
  record.value.emplace(buffer_);
  out.push_back(std::move(record));
  return {};
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

void ShareplexJsonEncoder::WriteRowChange(const model::ChangeEvent& event,
                                          const std::vector<size_t>& key_columns) {
  const model::TableSchema& table = *event.table;
  json_.BeginObject();
  WriteMeta(event, DmlOp(event.operation));
  json_.Key("data");
  switch (event.operation) {
    case model::Operation::kDelete:
      detail::WriteRowTexts(json_, table, event.before, scratch_);
      break;
    case model::Operation::kUpdate:
      if (event.before.empty()) {
        // Without a before image the changed columns are unknown: the whole new row, and the
        // identifying columns as the key.
        detail::WriteRowTexts(json_, table, event.after, scratch_);
        json_.Key("key");
        detail::WriteColumnTexts(json_, table, event.after, key_columns, scratch_);
      } else {
        detail::WriteChangedColumnTexts(json_, table, event.before, event.after,
                                        detail::ChangedImage::kAfter, scratch_);
        json_.Key("key");
        detail::WriteRowTexts(json_, table, event.before, scratch_);
      }
      break;
    default:
      detail::WriteRowTexts(json_, table, event.after, scratch_);
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

std::unique_ptr<Encoder> MakeShareplexJsonEncoder(const EncoderOptions& options) {
  return std::make_unique<ShareplexJsonEncoder>(options);
}

}  // namespace db2kafka::encode
