#include "encode/detail/avro_registry_schema.h"

#include <array>
#include <map>

#include "encode/json_writer.h"

namespace db2kafka::encode::detail {
namespace {

using model::Db2Type;

// The Avro shape of each encoding: primitive type and logical type (empty: none).
struct AvroShape {
  AvroEncoding encoding;
  std::string_view type;
  std::string_view logical_type;
};

constexpr std::array kShapes = {
    AvroShape{AvroEncoding::kInt, "int", ""},
    AvroShape{AvroEncoding::kLong, "long", ""},
    AvroShape{AvroEncoding::kFloat, "float", ""},
    AvroShape{AvroEncoding::kDouble, "double", ""},
    AvroShape{AvroEncoding::kBoolean, "boolean", ""},
    AvroShape{AvroEncoding::kString, "string", ""},
    AvroShape{AvroEncoding::kXmlString, "string", ""},
    AvroShape{AvroEncoding::kBytes, "bytes", ""},
    AvroShape{AvroEncoding::kDecimalBytes, "bytes", "decimal"},
    AvroShape{AvroEncoding::kDecimalString, "string", ""},
    AvroShape{AvroEncoding::kDecimalDouble, "double", ""},
    AvroShape{AvroEncoding::kDecFloatString, "string", ""},
    AvroShape{AvroEncoding::kDecFloatDouble, "double", ""},
    AvroShape{AvroEncoding::kDate, "int", "date"},
    AvroShape{AvroEncoding::kTimeMillis, "int", "time-millis"},
    AvroShape{AvroEncoding::kTimestampMillis, "long", "timestamp-millis"},
    AvroShape{AvroEncoding::kTimestampMicros, "long", "timestamp-micros"},
    AvroShape{AvroEncoding::kTimestampString, "string", ""},
};

constexpr bool ShapesFollowEnumOrder() {
  for (size_t i = 0; i < kShapes.size(); ++i) {
    if (static_cast<size_t>(kShapes[i].encoding) != i) return false;
  }
  return true;
}
static_assert(ShapesFollowEnumOrder());

struct TypeRule {
  Db2Type type;
  AvroEncoding encoding;  // under decimal handling "precise" and for TIMESTAMP(6)
};

// Indexed by Db2Type. DECIMAL, DECFLOAT and TIMESTAMP are refined by EncodingOf.
constexpr std::array kTypeRules = {
    TypeRule{Db2Type::kSmallint, AvroEncoding::kInt},
    TypeRule{Db2Type::kInteger, AvroEncoding::kInt},
    TypeRule{Db2Type::kBigint, AvroEncoding::kLong},
    TypeRule{Db2Type::kDecimal, AvroEncoding::kDecimalBytes},
    TypeRule{Db2Type::kDecfloat, AvroEncoding::kDecFloatString},
    TypeRule{Db2Type::kReal, AvroEncoding::kFloat},
    TypeRule{Db2Type::kDouble, AvroEncoding::kDouble},
    TypeRule{Db2Type::kChar, AvroEncoding::kString},
    TypeRule{Db2Type::kVarchar, AvroEncoding::kString},
    TypeRule{Db2Type::kLongVarchar, AvroEncoding::kString},
    TypeRule{Db2Type::kCharForBitData, AvroEncoding::kBytes},
    TypeRule{Db2Type::kVarcharForBitData, AvroEncoding::kBytes},
    TypeRule{Db2Type::kLongVarcharForBitData, AvroEncoding::kBytes},
    TypeRule{Db2Type::kBinary, AvroEncoding::kBytes},
    TypeRule{Db2Type::kVarbinary, AvroEncoding::kBytes},
    TypeRule{Db2Type::kGraphic, AvroEncoding::kString},
    TypeRule{Db2Type::kVargraphic, AvroEncoding::kString},
    TypeRule{Db2Type::kLongVargraphic, AvroEncoding::kString},
    TypeRule{Db2Type::kDate, AvroEncoding::kDate},
    TypeRule{Db2Type::kTime, AvroEncoding::kTimeMillis},
    TypeRule{Db2Type::kTimestamp, AvroEncoding::kTimestampMicros},
    TypeRule{Db2Type::kClob, AvroEncoding::kString},
    TypeRule{Db2Type::kBlob, AvroEncoding::kBytes},
    TypeRule{Db2Type::kDbclob, AvroEncoding::kString},
    TypeRule{Db2Type::kXml, AvroEncoding::kXmlString},
    TypeRule{Db2Type::kBoolean, AvroEncoding::kBoolean},
};

constexpr bool RulesFollowEnumOrder() {
  for (size_t i = 0; i < kTypeRules.size(); ++i) {
    if (static_cast<size_t>(kTypeRules[i].type) != i) return false;
  }
  return true;
}
static_assert(RulesFollowEnumOrder());

// Timestamp digits each Avro timestamp type keeps; beyond microseconds only a string keeps all
// 12 (timestamp-nanos is Avro 1.12 only, and its int64 spans 1677..2262, not Db2's 0001..9999).
constexpr int32_t kMillisDigits = 3;
constexpr int32_t kMicrosDigits = 6;

AvroEncoding EncodingOf(const model::ColumnSchema& column, DecimalHandling decimal_handling) {
  const AvroEncoding encoding = kTypeRules[static_cast<size_t>(column.type)].encoding;
  switch (encoding) {
    case AvroEncoding::kDecimalBytes:
      if (decimal_handling == DecimalHandling::kString) return AvroEncoding::kDecimalString;
      if (decimal_handling == DecimalHandling::kDouble) return AvroEncoding::kDecimalDouble;
      return encoding;
    case AvroEncoding::kDecFloatString:
      return decimal_handling == DecimalHandling::kDouble ? AvroEncoding::kDecFloatDouble
                                                          : encoding;
    case AvroEncoding::kTimestampMicros:
      if (column.scale <= kMillisDigits) return AvroEncoding::kTimestampMillis;
      if (column.scale <= kMicrosDigits) return AvroEncoding::kTimestampMicros;
      return AvroEncoding::kTimestampString;
    default:
      return encoding;
  }
}

void WriteColumnType(const AvroColumn& column, JsonWriter& json) {
  const AvroShape& shape = kShapes[static_cast<size_t>(column.encoding)];
  if (shape.logical_type.empty()) {
    json.String(shape.type);
    return;
  }
  json.BeginObject();
  json.Key("type");
  json.String(shape.type);
  json.Key("logicalType");
  json.String(shape.logical_type);
  if (column.encoding == AvroEncoding::kDecimalBytes) {
    json.Key("precision");
    json.Int(column.precision);
    json.Key("scale");
    json.Int(column.scale);
  }
  json.EndObject();
}

// {"name": "ID", "type": "int"} or, nullable, {"name": "NOTE", "type": ["null", "string"],
// "default": null}.
void WriteField(const AvroColumn& column, JsonWriter& json) {
  json.BeginObject();
  json.Key("name");
  json.String(column.field_name);
  json.Key("type");
  if (column.nullable) {
    json.BeginArray();
    json.String("null");
    WriteColumnType(column, json);
    json.EndArray();
    json.Key("default");
    json.Null();
  } else {
    WriteColumnType(column, json);
  }
  json.EndObject();
}

void BeginRecord(std::string_view name, std::string_view name_space, JsonWriter& json) {
  json.BeginObject();
  json.Key("type");
  json.String("record");
  json.Key("name");
  json.String(name);
  if (!name_space.empty()) {
    json.Key("namespace");
    json.String(name_space);
  }
  json.Key("fields");
  json.BeginArray();
}

void EndRecord(JsonWriter& json) {
  json.EndArray();
  json.EndObject();
}

void WriteRecord(std::string_view name, std::string_view name_space,
                 const std::vector<AvroColumn>& columns, JsonWriter& json) {
  BeginRecord(name, name_space, json);
  for (const AvroColumn& column : columns) WriteField(column, json);
  EndRecord(json);
}

// {"name": n, "type": t} where t is a primitive type name or a union of two.
void WriteSimpleField(std::string_view name, std::string_view type, JsonWriter& json) {
  json.BeginObject();
  json.Key("name");
  json.String(name);
  json.Key("type");
  json.String(type);
  json.EndObject();
}

void WriteOptionalField(std::string_view name, std::string_view type, JsonWriter& json) {
  json.BeginObject();
  json.Key("name");
  json.String(name);
  json.Key("type");
  json.BeginArray();
  json.String("null");
  json.String(type);
  json.EndArray();
  json.Key("default");
  json.Null();
  json.EndObject();
}

// io.debezium.connector.db2.Source, field for field (Db2SourceInfoStructMaker and Debezium's
// common source fields).
void WriteSourceRecord(JsonWriter& json) {
  BeginRecord("Source", "io.debezium.connector.db2", json);
  WriteSimpleField("version", "string", json);
  WriteSimpleField("connector", "string", json);
  WriteSimpleField("name", "string", json);
  WriteSimpleField("ts_ms", "long", json);
  // Debezium's optional snapshot field defaults to "false", so the string branch comes first.
  json.BeginObject();
  json.Key("name");
  json.String("snapshot");
  json.Key("type");
  json.BeginArray();
  json.String("string");
  json.String("null");
  json.EndArray();
  json.Key("default");
  json.String("false");
  json.EndObject();
  WriteSimpleField("db", "string", json);
  WriteOptionalField("sequence", "string", json);
  WriteOptionalField("ts_us", "long", json);
  WriteOptionalField("ts_ns", "long", json);
  WriteSimpleField("schema", "string", json);
  WriteSimpleField("table", "string", json);
  WriteOptionalField("change_lsn", "string", json);
  WriteOptionalField("commit_lsn", "string", json);
  EndRecord(json);
}

// Debezium's transaction block (event.block); db2kafka leaves it null, as Debezium does unless
// provide.transaction.metadata is on.
void WriteTransactionField(JsonWriter& json) {
  json.BeginObject();
  json.Key("name");
  json.String("transaction");
  json.Key("type");
  json.BeginArray();
  json.String("null");
  BeginRecord("block", "event", json);
  WriteSimpleField("id", "string", json);
  WriteSimpleField("total_order", "long", json);
  WriteSimpleField("data_collection_order", "long", json);
  EndRecord(json);
  json.EndArray();
  json.Key("default");
  json.Null();
  json.EndObject();
}

// Debezium's Envelope: before and after share the Value record, then source, transaction, op and
// the processing times.
std::string EnvelopeSchema(const AvroTableLayout& layout) {
  std::string schema;
  JsonWriter json(schema);
  BeginRecord("Envelope", layout.full_name_prefix, json);
  json.BeginObject();
  json.Key("name");
  json.String("before");
  json.Key("type");
  json.BeginArray();
  json.String("null");
  WriteRecord("Value", layout.full_name_prefix, layout.columns, json);
  json.EndArray();
  json.Key("default");
  json.Null();
  json.EndObject();
  WriteOptionalField("after", layout.full_name_prefix + ".Value", json);
  json.BeginObject();
  json.Key("name");
  json.String("source");
  json.Key("type");
  WriteSourceRecord(json);
  json.EndObject();
  WriteTransactionField(json);
  WriteSimpleField("op", "string", json);
  WriteOptionalField("ts_ms", "long", json);
  WriteOptionalField("ts_us", "long", json);
  WriteOptionalField("ts_ns", "long", json);
  EndRecord(json);
  return schema;
}

base::Status CheckUniqueFieldNames(const model::TableSchema& table,
                                   const std::vector<AvroColumn>& columns) {
  std::map<std::string_view, size_t> column_of_field;
  for (const AvroColumn& column : columns) {
    const auto [earlier, unique] = column_of_field.emplace(column.field_name, column.index);
    if (unique) continue;
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      table.QualifiedName() + ": columns " + table.columns[earlier->second].name +
                          " and " + table.columns[column.index].name +
                          " both become the Avro field name " + column.field_name +
                          " (characters Avro names cannot hold become '_'); rename one of them "
                          "with objects[].columns.rename");
  }
  return {};
}

}  // namespace

base::Result<AvroTableLayout> BuildAvroTableLayout(const model::TableSchema& table,
                                                   std::string_view logical_name,
                                                   DecimalHandling decimal_handling) {
  AvroTableLayout layout;
  layout.full_name_prefix = AvroNamespace({logical_name, table.schema, table.table});
  layout.columns.reserve(table.columns.size());
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const model::ColumnSchema& column = table.columns[i];
    layout.columns.push_back(AvroColumn{.index = i,
                                        .field_name = AvroName(column.name),
                                        .encoding = EncodingOf(column, decimal_handling),
                                        .nullable = column.nullable,
                                        .precision = column.precision,
                                        .scale = column.scale});
  }
  if (base::Status unique = CheckUniqueFieldNames(table, layout.columns); !unique) {
    return base::Fail(std::move(unique).error());
  }
  for (size_t index : table.KeyColumnIndexes()) layout.key_columns.push_back(layout.columns[index]);
  if (!layout.key_columns.empty()) {
    JsonWriter json(layout.key_schema);
    WriteRecord("Key", layout.full_name_prefix, layout.key_columns, json);
  }
  layout.value_schema = EnvelopeSchema(layout);
  return layout;
}

std::string SchemaChangeKeySchema(std::string_view logical_name) {
  std::string schema;
  JsonWriter json(schema);
  BeginRecord("SchemaChangeKey", AvroNamespace({logical_name}), json);
  WriteSimpleField("databaseName", "string", json);
  EndRecord(json);
  return schema;
}

std::string SchemaChangeValueSchema(std::string_view logical_name) {
  std::string schema;
  JsonWriter json(schema);
  BeginRecord("SchemaChangeValue", AvroNamespace({logical_name}), json);
  json.BeginObject();
  json.Key("name");
  json.String("source");
  json.Key("type");
  WriteSourceRecord(json);
  json.EndObject();
  WriteSimpleField("ts_ms", "long", json);
  WriteSimpleField("databaseName", "string", json);
  WriteOptionalField("schemaName", "string", json);
  WriteOptionalField("tableName", "string", json);
  WriteSimpleField("ddl", "string", json);
  EndRecord(json);
  return schema;
}

std::string AvroName(std::string_view name) {
  std::string valid;
  valid.reserve(name.size());
  for (const char byte : name) {
    const auto c = static_cast<unsigned char>(byte);
    const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (letter || (digit && !valid.empty())) {
      valid += static_cast<char>(c);
    } else if ((c & 0xC0) != 0x80) {  // one '_' per UTF-8 character, not per byte
      valid += '_';
    }
  }
  return valid.empty() ? "_" : valid;
}

std::string AvroNamespace(std::initializer_list<std::string_view> parts) {
  std::string name_space;
  for (std::string_view part : parts) {
    if (part.empty()) continue;
    if (!name_space.empty()) name_space += '.';
    name_space += AvroName(part);
  }
  return name_space;
}

}  // namespace db2kafka::encode::detail
