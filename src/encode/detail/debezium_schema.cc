#include "encode/detail/debezium_schema.h"

#include <array>
#include <charconv>

#include "encode/detail/debezium_values.h"

#ifndef DB2KAFKA_PROJECT_VERSION
#define DB2KAFKA_PROJECT_VERSION "unknown"
#endif

namespace db2kafka::encode::detail {
namespace {

using model::Db2Type;

// One row per Db2Type, in enum order. DECIMAL, DECFLOAT and TIMESTAMP depend on the column and the
// decimal mode and are resolved in FieldFor(); their rows here are placeholders.
struct TypeMapping {
  Db2Type type;
  DebeziumField field;
};
constexpr std::array<TypeMapping, 26> kTypeMappings = {{
    {Db2Type::kSmallint, DebeziumField::kInt16},
    {Db2Type::kInteger, DebeziumField::kInt32},
    {Db2Type::kBigint, DebeziumField::kInt64},
    {Db2Type::kDecimal, DebeziumField::kDecimalBytes},
    {Db2Type::kDecfloat, DebeziumField::kDecFloatStruct},
    {Db2Type::kReal, DebeziumField::kFloat32},
    {Db2Type::kDouble, DebeziumField::kFloat64},
    {Db2Type::kChar, DebeziumField::kString},
    {Db2Type::kVarchar, DebeziumField::kString},
    {Db2Type::kLongVarchar, DebeziumField::kString},
    {Db2Type::kCharForBitData, DebeziumField::kBytes},
    {Db2Type::kVarcharForBitData, DebeziumField::kBytes},
    {Db2Type::kLongVarcharForBitData, DebeziumField::kBytes},
    {Db2Type::kBinary, DebeziumField::kBytes},
    {Db2Type::kVarbinary, DebeziumField::kBytes},
    {Db2Type::kGraphic, DebeziumField::kString},
    {Db2Type::kVargraphic, DebeziumField::kString},
    {Db2Type::kLongVargraphic, DebeziumField::kString},
    {Db2Type::kDate, DebeziumField::kDateDays},
    {Db2Type::kTime, DebeziumField::kTimeMillis},
    {Db2Type::kTimestamp, DebeziumField::kTimestampMicros},
    {Db2Type::kClob, DebeziumField::kString},
    {Db2Type::kBlob, DebeziumField::kBytes},
    {Db2Type::kDbclob, DebeziumField::kString},
    {Db2Type::kXml, DebeziumField::kXml},
    {Db2Type::kBoolean, DebeziumField::kBoolean},
}};

constexpr bool MappingsFollowEnumOrder() {
  for (size_t i = 0; i < kTypeMappings.size(); ++i) {
    if (static_cast<size_t>(kTypeMappings[i].type) != i) return false;
  }
  return true;
}
static_assert(MappingsFollowEnumOrder());

// The Connect schema of each field kind: JSON type name, logical name and its version.
struct ConnectType {
  std::string_view type;
  std::string_view name;
  int version;
};
constexpr std::array<ConnectType, 20> kConnectTypes = {{
    {"int16", "", 0},                                        // kInt16
    {"int32", "", 0},                                        // kInt32
    {"int64", "", 0},                                        // kInt64
    {"float", "", 0},                                        // kFloat32
    {"double", "", 0},                                       // kFloat64
    {"boolean", "", 0},                                      // kBoolean
    {"string", "", 0},                                       // kString
    {"string", "io.debezium.data.Xml", 1},                   // kXml
    {"bytes", "", 0},                                        // kBytes
    {"bytes", "org.apache.kafka.connect.data.Decimal", 1},   // kDecimalBytes
    {"string", "", 0},                                       // kDecimalString
    {"double", "", 0},                                       // kDecimalDouble
    {"struct", "io.debezium.data.VariableScaleDecimal", 1},  // kDecFloatStruct
    {"string", "", 0},                                       // kDecFloatString
    {"double", "", 0},                                       // kDecFloatDouble
    {"int32", "io.debezium.time.Date", 1},                   // kDateDays
    {"int32", "io.debezium.time.Time", 1},                   // kTimeMillis
    {"int64", "io.debezium.time.Timestamp", 1},              // kTimestampMillis
    {"int64", "io.debezium.time.MicroTimestamp", 1},         // kTimestampMicros
    {"int64", "io.debezium.time.NanoTimestamp", 1},          // kTimestampNanos
}};
static_assert(kConnectTypes.size() == static_cast<size_t>(DebeziumField::kTimestampNanos) + 1);

void AppendQuoted(std::string& out, std::string_view text) { AppendJacksonString(out, text); }

void AppendInt(std::string& out, int64_t value) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

// The members asJsonSchema writes after "type" (and "fields"): optional, name, version, doc; the
// caller adds parameters and default, then CloseField().
void AppendSchemaTail(std::string& out, bool optional, std::string_view name, int version,
                      std::string_view doc = {}) {
  out.append(optional ? R"(,"optional":true)" : R"(,"optional":false)");
  if (!name.empty()) {
    out.append(R"(,"name":)");
    AppendQuoted(out, name);
  }
  if (version != 0) {
    out.append(R"(,"version":)");
    AppendInt(out, version);
  }
  if (!doc.empty()) {
    out.append(R"(,"doc":)");
    AppendQuoted(out, doc);
  }
}

void CloseField(std::string& out, std::string_view field_name) {
  out.append(R"(,"field":)");
  AppendQuoted(out, field_name);
  out.push_back('}');
}

void AppendPrimitiveField(std::string& out, std::string_view type, bool optional,
                          std::string_view field_name) {
  out.append(R"({"type":")").append(type).push_back('"');
  AppendSchemaTail(out, optional, {}, 0);
  CloseField(out, field_name);
}

// {"type":"struct","fields":[ ...the Value or Key fields... ],"optional":...,"name":...}
void AppendRowStructSchema(std::string& out, const model::TableSchema& table,
                           const std::vector<size_t>& columns, DecimalHandling decimal_handling,
                           bool optional, std::string_view name) {
  out.append(R"({"type":"struct","fields":[)");
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendColumnFieldSchema(out, table.columns[columns[i]], decimal_handling);
  }
  out.push_back(']');
  AppendSchemaTail(out, optional, name, 0);
}

void AppendTransactionFieldSchema(std::string& out) {
  out.append(R"({"type":"struct","fields":[)");
  AppendPrimitiveField(out, "string", false, "id");
  out.push_back(',');
  AppendPrimitiveField(out, "int64", false, "total_order");
  out.push_back(',');
  AppendPrimitiveField(out, "int64", false, "data_collection_order");
  out.push_back(']');
  AppendSchemaTail(out, true, "event.block", 1);
  CloseField(out, "transaction");
}

std::string SchemaNamePrefix(std::string_view logical_name, const model::TableSchema& table) {
  std::string prefix;
  if (!logical_name.empty()) prefix.append(logical_name).push_back('.');
  prefix.append(table.schema).push_back('.');
  prefix.append(table.table);
  return prefix;
}

}  // namespace

DebeziumField FieldFor(const model::ColumnSchema& column, DecimalHandling decimal_handling) {
  switch (column.type) {
    case Db2Type::kDecimal:
      return decimal_handling == DecimalHandling::kPrecise  ? DebeziumField::kDecimalBytes
             : decimal_handling == DecimalHandling::kString ? DebeziumField::kDecimalString
                                                            : DebeziumField::kDecimalDouble;
    case Db2Type::kDecfloat:
      return decimal_handling == DecimalHandling::kPrecise  ? DebeziumField::kDecFloatStruct
             : decimal_handling == DecimalHandling::kString ? DebeziumField::kDecFloatString
                                                            : DebeziumField::kDecFloatDouble;
    case Db2Type::kTimestamp:
      // Debezium takes the precision from the column's scale (Db2ValueConverters).
      return column.scale <= 3   ? DebeziumField::kTimestampMillis
             : column.scale <= 6 ? DebeziumField::kTimestampMicros
                                 : DebeziumField::kTimestampNanos;
    default:
      return kTypeMappings[static_cast<size_t>(column.type)].field;
  }
}

void AppendColumnFieldSchema(std::string& out, const model::ColumnSchema& column,
                             DecimalHandling decimal_handling) {
  const DebeziumField field = FieldFor(column, decimal_handling);
  const ConnectType& connect = kConnectTypes[static_cast<size_t>(field)];
  out.append(R"({"type":")").append(connect.type).push_back('"');
  if (field == DebeziumField::kDecFloatStruct) {
    out.append(R"(,"fields":[)");
    AppendPrimitiveField(out, "int32", false, "scale");
    out.push_back(',');
    AppendPrimitiveField(out, "bytes", false, "value");
    out.push_back(']');
    AppendSchemaTail(out, column.nullable, connect.name, connect.version,
                     "Variable scaled decimal");
  } else {
    AppendSchemaTail(out, column.nullable, connect.name, connect.version);
  }
  if (field == DebeziumField::kDecimalBytes) {
    out.append(R"(,"parameters":{"scale":")");
    AppendInt(out, column.scale);
    out.append(R"(","connect.decimal.precision":")");
    AppendInt(out, column.precision);
    out.append(R"("})");
  }
  CloseField(out, column.name);
}

DebeziumSourceText MakeSourceText(std::string_view logical_name, std::string_view database,
                                  std::string_view schema, std::string_view table) {
  DebeziumSourceText text;
  text.head.append(R"("source":{"version":)");
  AppendQuoted(text.head, DebeziumSourceVersion());
  text.head.append(R"(,"connector":"db2","name":)");
  AppendQuoted(text.head, logical_name);
  text.head.append(R"(,"ts_ms":)");
  text.database.append(R"(,"db":)");
  AppendQuoted(text.database, database);
  text.database.append(R"(,"sequence":null,"ts_us":)");
  text.table.append(R"(,"schema":)");
  AppendQuoted(text.table, schema);
  text.table.append(R"(,"table":)");
  AppendQuoted(text.table, table);
  text.table.append(R"(,"change_lsn":)");
  return text;
}

void AppendSource(std::string& out, const DebeziumSourceText& text, const model::ChangeEvent& event,
                  std::string_view snapshot) {
  const int64_t micros = event.commit_time_us;
  out.append(text.head);
  AppendInt(out, micros / 1000 - (micros % 1000 < 0 ? 1 : 0));  // Instant.toEpochMilli floors
  out.append(R"(,"snapshot":")").append(snapshot).push_back('"');
  out.append(text.database);
  AppendInt(out, micros);
  out.append(R"(,"ts_ns":)");
  AppendInt(out, micros * 1000);
  out.append(text.table);
  auto append_lsn = [&](std::string_view bytes) {
    if (bytes.empty()) {
      out.append("null");
      return;
    }
    out.push_back('"');
    AppendLsnText(out, bytes);
    out.push_back('"');
  };
  append_lsn(event.position.intent_sequence);
  out.append(R"(,"commit_lsn":)");
  append_lsn(event.position.commit_sequence);
  out.push_back('}');
}

void AppendSourceFieldSchema(std::string& out) {
  out.append(R"({"type":"struct","fields":[)");
  AppendPrimitiveField(out, "string", false, "version");
  out.push_back(',');
  AppendPrimitiveField(out, "string", false, "connector");
  out.push_back(',');
  AppendPrimitiveField(out, "string", false, "name");
  out.push_back(',');
  AppendPrimitiveField(out, "int64", false, "ts_ms");
  out.append(
      R"(,{"type":"string","optional":true,"name":"io.debezium.data.Enum","version":1,)"
      R"("parameters":{"allowed":"true,first,first_in_data_collection,last_in_data_collection,)"
      R"(last,false,incremental"},"default":"false","field":"snapshot"},)");
  AppendPrimitiveField(out, "string", false, "db");
  out.push_back(',');
  AppendPrimitiveField(out, "string", true, "sequence");
  out.push_back(',');
  AppendPrimitiveField(out, "int64", true, "ts_us");
  out.push_back(',');
  AppendPrimitiveField(out, "int64", true, "ts_ns");
  out.push_back(',');
  AppendPrimitiveField(out, "string", false, "schema");
  out.push_back(',');
  AppendPrimitiveField(out, "string", false, "table");
  out.push_back(',');
  AppendPrimitiveField(out, "string", true, "change_lsn");
  out.push_back(',');
  AppendPrimitiveField(out, "string", true, "commit_lsn");
  out.push_back(']');
  AppendSchemaTail(out, false, "io.debezium.connector.db2.Source", 1);
  CloseField(out, "source");
}

std::string_view DebeziumSourceVersion() { return "db2kafka-" DB2KAFKA_PROJECT_VERSION; }

DebeziumTableText BuildTableText(std::shared_ptr<const model::TableSchema> table,
                                 const EncoderOptions& options) {
  DebeziumTableText text;
  const model::TableSchema& schema = *table;
  const std::string prefix = SchemaNamePrefix(options.logical_name, schema);
  std::vector<size_t> all_columns(schema.columns.size());
  for (size_t i = 0; i < all_columns.size(); ++i) {
    all_columns[i] = i;
    DebeziumColumn& column = text.columns.emplace_back();
    column.field = FieldFor(schema.columns[i], options.decimal_handling);
    AppendQuoted(column.json_name, schema.columns[i].name);
    column.json_name.push_back(':');
  }
  text.key_columns = schema.KeyColumnIndexes();

  std::string value_schema;
  AppendRowStructSchema(value_schema, schema, all_columns, options.decimal_handling, true,
                        prefix + ".Value");
  std::string& head = text.value_head;
  head.append(R"({"schema":{"type":"struct","fields":[)");
  head.append(value_schema);
  CloseField(head, "before");
  head.push_back(',');
  head.append(value_schema);
  CloseField(head, "after");
  head.push_back(',');
  AppendSourceFieldSchema(head);
  head.push_back(',');
  AppendPrimitiveField(head, "string", false, "op");
  head.push_back(',');
  AppendPrimitiveField(head, "int64", true, "ts_ms");
  head.push_back(',');
  AppendPrimitiveField(head, "int64", true, "ts_us");
  head.push_back(',');
  AppendPrimitiveField(head, "int64", true, "ts_ns");
  head.push_back(',');
  AppendTransactionFieldSchema(head);
  head.push_back(']');
  AppendSchemaTail(head, false, prefix + ".Envelope", 2);
  head.append(R"(},"payload":{"before":)");

  if (!text.key_columns.empty()) {
    text.key_head.append(R"({"schema":)");
    AppendRowStructSchema(text.key_head, schema, text.key_columns, options.decimal_handling, false,
                          prefix + ".Key");
    text.key_head.append(R"(},"payload":{)");
  }
  text.source = MakeSourceText(options.logical_name, schema.database, schema.schema, schema.table);
  text.table = std::move(table);
  return text;
}

}  // namespace db2kafka::encode::detail
