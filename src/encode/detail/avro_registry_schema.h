// The Avro schemas of the avro_registry format, generated from a TableSchema, and the per-column
// plan the encoder follows to write values that match them. Both come from one type table, so a
// schema and the bytes written under it cannot disagree.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "encode/encoder.h"
#include "model/table_schema.h"

namespace db2kafka::encode::detail {

// How one column's values are written (Avro type, logical type, unit).
enum class AvroEncoding : uint8_t {
  kInt,              // SMALLINT, INTEGER → int
  kLong,             // BIGINT → long
  kFloat,            // REAL → float
  kDouble,           // DOUBLE → double
  kBoolean,          // BOOLEAN → boolean
  kString,           // character types, CLOB, DBCLOB → string
  kXmlString,        // XML → string
  kBytes,            // FOR BIT DATA, BINARY, VARBINARY, BLOB → bytes
  kDecimalBytes,     // DECIMAL → bytes, logical type decimal(precision, scale)
  kDecimalString,    // DECIMAL under decimal handling "string" → "-12.30"
  kDecimalDouble,    // DECIMAL under decimal handling "double"
  kDecFloatString,   // DECFLOAT → string as Db2 prints it ("1.5E+10", "NaN")
  kDecFloatDouble,   // DECFLOAT under decimal handling "double"
  kDate,             // DATE → int, logical type date (days since 1970-01-01)
  kTimeMillis,       // TIME → int, logical type time-millis
  kTimestampMillis,  // TIMESTAMP(0..3) → long, logical type timestamp-millis
  kTimestampMicros,  // TIMESTAMP(4..6) → long, logical type timestamp-micros
  kTimestampString,  // TIMESTAMP(7..12) → string "2024-01-31T13:14:15.123456789012"
};

struct AvroColumn {
  size_t index = 0;        // in TableSchema::columns
  std::string field_name;  // the column name made a valid Avro name
  AvroEncoding encoding = AvroEncoding::kString;
  bool nullable = true;   // written as the union ["null", T]
  int32_t precision = 0;  // DECIMAL
  int32_t scale = 0;      // DECIMAL scale; TIMESTAMP fractional digits
};

// Everything the encoder needs about one table, built once.
struct AvroTableLayout {
  std::string full_name_prefix;  // "<logical>.<SCHEMA>.<TABLE>" made valid, e.g. "task.APP.ORDERS"
  std::vector<AvroColumn> columns;      // every column, in table order
  std::vector<AvroColumn> key_columns;  // key order; empty for a table without a key
  std::string key_schema;               // empty for a table without a key
  std::string value_schema;             // the Envelope
};

// InvalidArgument when two columns of the table become the same Avro field name.
base::Result<AvroTableLayout> BuildAvroTableLayout(const model::TableSchema& table,
                                                   std::string_view logical_name,
                                                   DecimalHandling decimal_handling);

// The schemas of DDL records: key {databaseName}, value {source, ts_ms, databaseName, schemaName,
// tableName, ddl}, both named under "<logical>".
std::string SchemaChangeKeySchema(std::string_view logical_name);
std::string SchemaChangeValueSchema(std::string_view logical_name);

// A valid Avro name ([A-Za-z_][A-Za-z0-9_]*): every other character becomes '_', as Debezium's
// Avro name adjustment does ("ORDER-LINES" → "ORDER_LINES", "1ST" → "_ST"). Different names can
// become the same one.
std::string AvroName(std::string_view name);
// A dotted namespace with each part made a valid name; empty parts are dropped.
std::string AvroNamespace(std::initializer_list<std::string_view> parts);

}  // namespace db2kafka::encode::detail
