// The Kafka Connect schemas of the debezium_json format, rendered once as the JSON text
// JsonConverter (schemas.enable=true) writes for them: a table's Key, Value and Envelope schemas
// and Debezium's io.debezium.connector.db2.Source struct, plus the column type mapping of
// Debezium's Db2 connector (time.precision.mode=adaptive, binary.handling.mode=bytes).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "encode/encoder.h"
#include "model/change_event.h"
#include "model/table_schema.h"

namespace db2kafka::encode::detail {

// How a column's values are written, decided once per table from its type and the options.
enum class DebeziumField : uint8_t {
  kInt16,
  kInt32,
  kInt64,
  kFloat32,
  kFloat64,
  kBoolean,
  kString,  // CHAR, VARCHAR, LONG VARCHAR, GRAPHIC..., CLOB, DBCLOB
  kXml,
  kBytes,          // FOR BIT DATA, BINARY, VARBINARY, BLOB: base64
  kDecimalBytes,   // org.apache.kafka.connect.data.Decimal
  kDecimalString,  // BigDecimal.toPlainString()
  kDecimalDouble,
  kDecFloatStruct,  // io.debezium.data.VariableScaleDecimal
  kDecFloatString,
  kDecFloatDouble,
  kDateDays,         // io.debezium.time.Date
  kTimeMillis,       // io.debezium.time.Time
  kTimestampMillis,  // io.debezium.time.Timestamp, TIMESTAMP(0..3)
  kTimestampMicros,  // io.debezium.time.MicroTimestamp, TIMESTAMP(4..6)
  kTimestampNanos,   // io.debezium.time.NanoTimestamp, TIMESTAMP(7..12)
};

DebeziumField FieldFor(const model::ColumnSchema& column, DecimalHandling decimal_handling);

// Appends the JSON schema of one column's field, "field" member included, as JsonConverter's
// asJsonSchema writes it.
void AppendColumnFieldSchema(std::string& out, const model::ColumnSchema& column,
                             DecimalHandling decimal_handling);

// The constant parts of a source struct value around the members that change per event
// (ts_ms, snapshot, ts_us, ts_ns, change_lsn, commit_lsn).
struct DebeziumSourceText {
  std::string head;      // "source":{"version":...,"connector":"db2","name":...,"ts_ms":
  std::string database;  // ,"db":...,"sequence":null,"ts_us":
  std::string table;     // ,"schema":...,"table":...,"change_lsn":
};
DebeziumSourceText MakeSourceText(std::string_view logical_name, std::string_view database,
                                  std::string_view schema, std::string_view table);
// Appends "source":{...} for an event; `snapshot` is "true" or "false".
void AppendSource(std::string& out, const DebeziumSourceText& text, const model::ChangeEvent& event,
                  std::string_view snapshot);
// JSON schema of io.debezium.connector.db2.Source with the "field":"source" member.
void AppendSourceFieldSchema(std::string& out);

// The text source.version carries: db2kafka's own version, as Debezium writes its own there.
std::string_view DebeziumSourceVersion();

struct DebeziumColumn {
  DebeziumField field;
  std::string json_name;  // "\"NAME\":", ready to append
  bool warned = false;    // a value written as null has been logged
};

// Everything about one table that is the same in each of its records, rendered once.
struct DebeziumTableText {
  // Held so the cache key (the schema's address) cannot be reused by another schema.
  std::shared_ptr<const model::TableSchema> table;
  std::vector<DebeziumColumn> columns;
  std::vector<size_t> key_columns;  // empty: the table has no key and its records none
  std::string value_head;           // {"schema":<Envelope>,"payload":{"before":
  std::string key_head;             // {"schema":<Key>,"payload":{
  DebeziumSourceText source;
  size_t value_size_hint = 0;  // the largest value so far, to reserve once per record
};

DebeziumTableText BuildTableText(std::shared_ptr<const model::TableSchema> table,
                                 const EncoderOptions& options);

}  // namespace db2kafka::encode::detail
