#include "encode/detail/debezium_schema_change.h"

#include <array>
#include <cctype>
#include <string>

#include "encode/detail/debezium_schema.h"
#include "encode/detail/debezium_values.h"
#include "encode/json_writer.h"

namespace db2kafka::encode::detail {
namespace {

using model::Db2Type;

// What JDBC's DatabaseMetaData.getColumns reports for a column, which Debezium copies into
// tableChanges: COLUMN_SIZE where the type fixes it (0: the column's declared length or
// precision, omitted when that is 0 too), and whether DECIMAL_DIGITS is set.
struct CatalogFacts {
  Db2Type type;
  int32_t column_size;
  bool has_scale;
};
constexpr std::array<CatalogFacts, 26> kCatalogFacts = {{
    {Db2Type::kSmallint, 5, true},
    {Db2Type::kInteger, 10, true},
    {Db2Type::kBigint, 19, true},
    {Db2Type::kDecimal, 0, true},
    {Db2Type::kDecfloat, 0, false},
    {Db2Type::kReal, 24, false},
    {Db2Type::kDouble, 53, false},
    {Db2Type::kChar, 0, false},
    {Db2Type::kVarchar, 0, false},
    {Db2Type::kLongVarchar, 0, false},
    {Db2Type::kCharForBitData, 0, false},
    {Db2Type::kVarcharForBitData, 0, false},
    {Db2Type::kLongVarcharForBitData, 0, false},
    {Db2Type::kBinary, 0, false},
    {Db2Type::kVarbinary, 0, false},
    {Db2Type::kGraphic, 0, false},
    {Db2Type::kVargraphic, 0, false},
    {Db2Type::kLongVargraphic, 0, false},
    {Db2Type::kDate, 10, false},
    {Db2Type::kTime, 8, true},
    {Db2Type::kTimestamp, 0, true},  // 19, or 20 + fractional digits
    {Db2Type::kClob, 0, false},
    {Db2Type::kBlob, 0, false},
    {Db2Type::kDbclob, 0, false},
    {Db2Type::kXml, 0, false},
    {Db2Type::kBoolean, 1, false},
}};

// Debezium's Db2 connector sees DECFLOAT as java.sql.Types.OTHER (Db2ValueConverters matches it
// there by type name).
constexpr int32_t kJdbcOther = 1111;

constexpr bool FactsFollowEnumOrder() {
  for (size_t i = 0; i < kCatalogFacts.size(); ++i) {
    if (static_cast<size_t>(kCatalogFacts[i].type) != i) return false;
  }
  return true;
}
static_assert(FactsFollowEnumOrder());

int32_t ColumnSize(const model::ColumnSchema& column) {
  const CatalogFacts& facts = kCatalogFacts[static_cast<size_t>(column.type)];
  if (facts.column_size != 0) return facts.column_size;
  switch (column.type) {
    case Db2Type::kDecimal:
    case Db2Type::kDecfloat:
      return column.precision;
    case Db2Type::kTimestamp:
      return column.scale == 0 ? 19 : 20 + column.scale;
    default:
      return column.length;
  }
}

// TableId.toDoubleQuotedString(): "DB"."SCHEMA"."TABLE", inner quotes doubled, empty parts left
// out.
std::string DoubleQuotedTableId(const model::TableSchema& table) {
  std::string id;
  auto append_part = [&](std::string_view part, bool dot) {
    id.push_back('"');
    for (char c : part) {
      if (c == '"') id.push_back('"');
      id.push_back(c);
    }
    id.push_back('"');
    if (dot) id.push_back('.');
  };
  if (!table.database.empty()) append_part(table.database, true);
  if (!table.schema.empty()) append_part(table.schema, true);
  append_part(table.table, false);
  return id;
}

// JsonWriter places the commas; the string text is Jackson's, as in every other debezium_json
// field.
void WriteString(JsonWriter& json, std::string_view text) {
  std::string quoted;
  AppendJacksonString(quoted, text);
  json.Raw(quoted);
}

std::string_view ChangeType(std::string_view ddl) {
  size_t at = 0;
  while (at < ddl.size() && std::isspace(static_cast<unsigned char>(ddl[at]))) ++at;
  auto starts_with = [&](std::string_view word) {
    if (ddl.size() - at < word.size()) return false;
    for (size_t i = 0; i < word.size(); ++i) {
      if (std::toupper(static_cast<unsigned char>(ddl[at + i])) != word[i]) return false;
    }
    return true;
  };
  if (starts_with("CREATE")) return "CREATE";
  if (starts_with("DROP")) return "DROP";
  return "ALTER";
}

// The constant schemas, in the text asJsonSchema writes for SchemaFactory's history schemas.
std::string SchemaChangeValueSchema() {
  constexpr std::string_view kColumnFields =
      R"({"type":"string","optional":false,"field":"name"},)"
      R"({"type":"int32","optional":false,"field":"jdbcType"},)"
      R"({"type":"int32","optional":true,"field":"nativeType"},)"
      R"({"type":"string","optional":false,"field":"typeName"},)"
      R"({"type":"string","optional":true,"field":"typeExpression"},)"
      R"({"type":"string","optional":true,"field":"charsetName"},)"
      R"({"type":"int32","optional":true,"field":"length"},)"
      R"({"type":"int32","optional":true,"field":"scale"},)"
      R"({"type":"int32","optional":false,"field":"position"},)"
      R"({"type":"boolean","optional":true,"field":"optional"},)"
      R"({"type":"boolean","optional":true,"field":"autoIncremented"},)"
      R"({"type":"boolean","optional":true,"field":"generated"},)"
      R"({"type":"string","optional":true,"field":"comment"},)"
      R"({"type":"string","optional":true,"field":"defaultValueExpression"},)"
      R"({"type":"array","items":{"type":"string","optional":false},"optional":true,)"
      R"("field":"enumValues"})";
  std::string schema = R"({"type":"struct","fields":[)";
  AppendSourceFieldSchema(schema);
  schema.append(R"(,{"type":"int64","optional":false,"field":"ts_ms"},)"
                R"({"type":"string","optional":true,"field":"databaseName"},)"
                R"({"type":"string","optional":true,"field":"schemaName"},)"
                R"({"type":"string","optional":true,"field":"ddl"},)"
                R"({"type":"array","items":{"type":"struct","fields":[)"
                R"({"type":"string","optional":false,"field":"type"},)"
                R"({"type":"string","optional":false,"field":"id"},)"
                R"({"type":"struct","fields":[)"
                R"({"type":"string","optional":true,"field":"defaultCharsetName"},)"
                R"({"type":"array","items":{"type":"string","optional":false},"optional":true,)"
                R"("field":"primaryKeyColumnNames"},)"
                R"({"type":"array","items":{"type":"struct","fields":[)");
  schema.append(kColumnFields);
  schema.append(R"(],"optional":false,"name":"io.debezium.connector.schema.Column","version":1},)"
                R"("optional":false,"field":"columns"},)"
                R"({"type":"string","optional":true,"field":"comment"}],"optional":true,)"
                R"("name":"io.debezium.connector.schema.Table","version":1,"field":"table"}],)"
                R"("optional":false,"name":"io.debezium.connector.schema.Change","version":1},)"
                R"("optional":false,"field":"tableChanges"}],"optional":false,)"
                R"("name":"io.debezium.connector.db2.SchemaChangeValue","version":1})");
  return schema;
}

void WriteColumn(JsonWriter& json, const model::ColumnSchema& column, size_t position) {
  const model::Db2TypeInfo& info = model::InfoOf(column.type);
  const std::string type_name(info.name);
  json.BeginObject();
  json.Key("name");
  WriteString(json, column.name);
  json.Key("jdbcType");
  json.Int(column.type == Db2Type::kDecfloat ? kJdbcOther : info.jdbc_type);
  json.Key("nativeType");
  json.Null();
  json.Key("typeName");
  WriteString(json, type_name);
  json.Key("typeExpression");
  WriteString(json, type_name);
  json.Key("charsetName");
  json.Null();
  json.Key("length");
  if (const int32_t size = ColumnSize(column); size > 0) {
    json.Int(size);
  } else {
    json.Null();
  }
  json.Key("scale");
  if (kCatalogFacts[static_cast<size_t>(column.type)].has_scale) {
    json.Int(column.scale);
  } else {
    json.Null();
  }
  json.Key("position");
  json.UInt(position);
  json.Key("optional");
  json.Bool(column.nullable);
  json.Key("autoIncremented");
  json.Bool(false);
  json.Key("generated");
  json.Bool(false);
  json.Key("comment");
  json.Null();
  json.Key("defaultValueExpression");
  json.Null();
  json.Key("enumValues");
  json.Null();
  json.EndObject();
}

void WriteTableChange(JsonWriter& json, const model::TableSchema& table, std::string_view type) {
  json.BeginObject();
  json.Key("type");
  WriteString(json, type);
  json.Key("id");
  WriteString(json, DoubleQuotedTableId(table));
  json.Key("table");
  if (type == "DROP") {  // TableChanges.drop() carries the id only
    json.Null();
    json.EndObject();
    return;
  }
  json.BeginObject();
  json.Key("defaultCharsetName");
  json.Null();
  json.Key("primaryKeyColumnNames");
  json.BeginArray();
  for (size_t index : table.KeyColumnIndexes()) WriteString(json, table.columns[index].name);
  json.EndArray();
  json.Key("columns");
  json.BeginArray();
  for (size_t i = 0; i < table.columns.size(); ++i) WriteColumn(json, table.columns[i], i + 1);
  json.EndArray();
  json.Key("comment");
  json.Null();
  json.EndObject();
  json.EndObject();
}

}  // namespace

EncodedRecord MakeHeartbeatRecord(std::string_view logical_name, int64_t now_millis) {
  EncodedRecord record;
  std::string& key = record.key.emplace(
      R"({"schema":{"type":"struct","fields":[{"type":"string","optional":false,)"
      R"("field":"serverName"}],"optional":false,)"
      R"("name":"io.debezium.connector.common.ServerNameKey","version":1},)"
      R"("payload":{"serverName":)");
  AppendJacksonString(key, logical_name);
  key.append("}}");
  std::string& value = record.value.emplace(
      R"({"schema":{"type":"struct","fields":[{"type":"int64","optional":false,"field":"ts_ms"}],)"
      R"("optional":false,"name":"io.debezium.connector.common.Heartbeat","version":1},)"
      R"("payload":{"ts_ms":)");
  value.append(std::to_string(now_millis)).append("}}");
  return record;
}

EncodedRecord MakeSchemaChangeRecord(const model::ChangeEvent& event, std::string_view logical_name,
                                     int64_t now_millis) {
  static const std::string* const value_schema = new std::string(SchemaChangeValueSchema());
  const model::TableSchema* table = event.table.get();
  std::string_view database;
  if (table != nullptr) database = table->database;

  EncodedRecord record;
  std::string& key = record.key.emplace(
      R"({"schema":{"type":"struct","fields":[{"type":"string","optional":false,)"
      R"("field":"databaseName"}],"optional":false,)"
      R"("name":"io.debezium.connector.db2.SchemaChangeKey","version":1},)"
      R"("payload":{"databaseName":)");
  AppendJacksonString(key, database);
  key.append("}}");

  std::string& value = record.value.emplace(R"({"schema":)");
  value.append(*value_schema).append(R"(,"payload":{)");
  const DebeziumSourceText source =
      table != nullptr ? MakeSourceText(logical_name, table->database, table->schema, table->table)
                       : MakeSourceText(logical_name, "", "", "");
  AppendSource(value, source, event, "false");
  value.append(R"(,"ts_ms":)").append(std::to_string(now_millis));
  value.append(R"(,"databaseName":)");
  AppendJacksonString(value, database);
  value.append(R"(,"schemaName":)");
  if (table != nullptr) {
    AppendJacksonString(value, table->schema);
  } else {
    value.append("null");
  }
  value.append(R"(,"ddl":)");
  std::string_view ddl = event.ddl;
  if (ddl.empty()) ddl = "N/A";
  AppendJacksonString(value, ddl);
  value.append(R"(,"tableChanges":)");
  JsonWriter json(value);
  json.BeginArray();
  if (table != nullptr) WriteTableChange(json, *table, ChangeType(event.ddl));
  json.EndArray();
  value.append("}}");
  return record;
}

}  // namespace db2kafka::encode::detail
