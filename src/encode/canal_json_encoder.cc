#include "encode/canal_json_encoder.h"

#include <array>
#include <cctype>

#include "base/status_macros.h"
#include "encode/detail/json_rows.h"
#include "model/row_check.h"

namespace db2kafka::encode {
namespace {

struct DdlKind {
  std::string_view leading_words;  // upper case, single spaces
  std::string_view canal_type;
};
// Longer prefixes first. Canal's own DDL types (CanalEntry.EventType); anything else is QUERY.
constexpr std::array<DdlKind, 9> kDdlKinds = {{
    {"CREATE UNIQUE INDEX", "CINDEX"},
    {"CREATE INDEX", "CINDEX"},
    {"CREATE TABLE", "CREATE"},
    {"ALTER TABLE", "ALTER"},
    {"DROP TABLE", "ERASE"},
    {"DROP INDEX", "DINDEX"},
    {"RENAME TABLE", "RENAME"},
    {"RENAME INDEX", "QUERY"},
    {"TRUNCATE", "TRUNCATE"},
}};

// Db2's RENAME without a noun renames a table.
constexpr std::string_view kBareRename = "RENAME";

// The first `count` words of `sql`, upper-cased and joined by single spaces.
std::string LeadingWords(std::string_view sql, int count) {
  std::string words;
  size_t at = 0;
  for (int word = 0; word < count; ++word) {
    while (at < sql.size() && std::isspace(static_cast<unsigned char>(sql[at]))) ++at;
    if (at == sql.size()) break;
    if (!words.empty()) words.push_back(' ');
    while (at < sql.size() && std::isalpha(static_cast<unsigned char>(sql[at]))) {
      words.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(sql[at]))));
      ++at;
    }
    if (at < sql.size() && !std::isspace(static_cast<unsigned char>(sql[at]))) break;
  }
  return words;
}

bool StartsWithWords(std::string_view words, std::string_view prefix) {
  return words.substr(0, prefix.size()) == prefix &&
         (words.size() == prefix.size() || words[prefix.size()] == ' ');
}

int64_t MillisFromMicros(int64_t micros) {
  const int64_t millis = micros / 1000;
  return (micros % 1000 != 0 && micros < 0) ? millis - 1 : millis;
}

std::string_view DmlType(model::Operation operation) {
  switch (operation) {
    case model::Operation::kUpdate:
      return "UPDATE";
    case model::Operation::kDelete:
      return "DELETE";
    default:
      return "INSERT";  // INSERT and full-phase rows: Canal has no type for snapshot reads
  }
}

}  // namespace

std::string_view CanalDdlType(std::string_view ddl) {
  const std::string words = LeadingWords(ddl, 3);
  for (const DdlKind& kind : kDdlKinds) {
    if (StartsWithWords(words, kind.leading_words)) return kind.canal_type;
  }
  if (StartsWithWords(words, kBareRename)) return "RENAME";
  return "QUERY";
}

CanalJsonEncoder::CanalJsonEncoder(const EncoderOptions& options) : clock_(*options.clock) {}

base::Status CanalJsonEncoder::Encode(const model::ChangeEvent& event, std::string_view /*topic*/,
                                      std::vector<EncodedRecord>& out) {
  DB2KAFKA_TRY(model::CheckEvent(event));
  if (event.operation == model::Operation::kHeartbeat) return {};
  buffer_.clear();
  EncodedRecord record;
  if (event.operation == model::Operation::kDdl) {
    WriteDdl(event);
  } else {
    const TableInfo& info = tables_.Find(event.table, MakeTableInfo);
    WriteRowChange(event, info);
    record.key = detail::TextRowKey(key_json_, *event.table, info.key_columns,
                                    detail::KeyImage(event), scratch_);
  }
  record.value.emplace(buffer_);
  out.push_back(std::move(record));
  return {};
}

CanalJsonEncoder::TableInfo CanalJsonEncoder::MakeTableInfo(
    const std::shared_ptr<const model::TableSchema>& table) {
  TableInfo info;
  info.key_columns = table->KeyColumnIndexes();
  JsonWriter pk_names(info.pk_names_json);
  pk_names.BeginArray();
  for (size_t index : info.key_columns) pk_names.String(table->columns[index].name);
  pk_names.EndArray();
  JsonWriter sql_types(info.sql_type_json);
  JsonWriter mysql_types(info.mysql_type_json);
  sql_types.BeginObject();
  mysql_types.BeginObject();
  for (const model::ColumnSchema& column : table->columns) {
    sql_types.Key(column.name);
    sql_types.Int(model::InfoOf(column.type).jdbc_type);
    mysql_types.Key(column.name);
    mysql_types.String(column.TypeText());
  }
  sql_types.EndObject();
  mysql_types.EndObject();
  return info;
}

void CanalJsonEncoder::WriteRowChange(const model::ChangeEvent& event, const TableInfo& info) {
  const model::TableSchema& table = *event.table;
  json_.BeginObject();
  json_.Key("id");
  json_.UInt(event.sequence);
  json_.Key("database");
  json_.String(table.schema);
  json_.Key("table");
  json_.String(table.table);
  json_.Key("pkNames");
  json_.Raw(info.pk_names_json);
  json_.Key("isDdl");
  json_.Bool(false);
  json_.Key("type");
  json_.String(DmlType(event.operation));
  json_.Key("es");
  json_.Int(MillisFromMicros(event.commit_time_us));
  json_.Key("ts");
  json_.Int(clock_.NowMillis());
  json_.Key("sql");
  json_.String("");
  json_.Key("sqlType");
  json_.Raw(info.sql_type_json);
  json_.Key("mysqlType");
  json_.Raw(info.mysql_type_json);
  json_.Key("data");
  json_.BeginArray();
  detail::WriteRowTexts(json_, table, detail::KeyImage(event), scratch_);
  json_.EndArray();
  json_.Key("old");
  if (event.operation == model::Operation::kUpdate) {
    json_.BeginArray();
    if (event.before.empty()) {
      // No before image in the CD table: no column is known to have changed. Canal consumers
      // (Flink's canal-json, canal-adapter) read "old" of every UPDATE, so it is never null here.
      json_.BeginObject();
      json_.EndObject();
    } else {
      detail::WriteChangedColumnTexts(json_, table, event.before, event.after,
                                      detail::ChangedImage::kBefore, scratch_);
    }
    json_.EndArray();
  } else {
    json_.Null();
  }
  json_.EndObject();
}

void CanalJsonEncoder::WriteDdl(const model::ChangeEvent& event) {
  json_.BeginObject();
  json_.Key("id");
  json_.UInt(event.sequence);
  const model::TableSchema* table = event.table.get();
  json_.Key("database");
  json_.String(table != nullptr ? table->schema : std::string_view{});
  json_.Key("table");
  json_.String(table != nullptr ? table->table : std::string_view{});
  json_.Key("pkNames");
  json_.Null();
  json_.Key("isDdl");
  json_.Bool(true);
  json_.Key("type");
  json_.String(CanalDdlType(event.ddl));
  json_.Key("es");
  json_.Int(MillisFromMicros(event.commit_time_us));
  json_.Key("ts");
  json_.Int(clock_.NowMillis());
  json_.Key("sql");
  json_.String(event.ddl);
  for (std::string_view absent : {"sqlType", "mysqlType", "data", "old"}) {
    json_.Key(absent);
    json_.Null();
  }
  json_.EndObject();
}

std::unique_ptr<Encoder> MakeCanalJsonEncoder(const EncoderOptions& options) {
  return std::make_unique<CanalJsonEncoder>(options);
}

}  // namespace db2kafka::encode
