// How db2kafka writes one Db2 column value as a DTS Avro value (the union inside beforeImages /
// afterImages of com.alibaba.dts.formats.avro.Record), the Db2 dataTypeNumber table, and the
// text of a key value. Private to the dts_avro encoder; docs/FORMATS.md is the reader's version.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "encode/avro_writer.h"
#include "model/db2_type.h"
#include "model/table_schema.h"
#include "model/value.h"

namespace db2kafka::encode::detail {

// The DTS value records, numbered as their branch in the image item union
// [null, Integer, Character, Decimal, Float, Timestamp, DateTime, TimestampWithTimeZone,
//  BinaryGeometry, TextGeometry, BinaryObject, TextObject, EmptyObject].
enum class DtsValueType : uint8_t {
  kNull = 0,
  kInteger = 1,
  kCharacter = 2,
  kDecimal = 3,
  kFloat = 4,
  kTimestamp = 5,
  kDateTime = 6,
  kTimestampWithTimeZone = 7,
  kBinaryGeometry = 8,
  kTextGeometry = 9,
  kBinaryObject = 10,
  kTextObject = 11,
  kEmptyObject = 12,
};

struct DtsTypeInfo {
  model::Db2Type type;
  // Field.dataTypeNumber: Db2's SQLTYPE (SQLDA / DRDA SQLDARD), the not-null (even) code.
  int32_t data_type_number;
  DtsValueType value_type;
  // Integer.precision / Float.precision; 0 where the column supplies it (DECIMAL, DECFLOAT).
  int32_t precision;
  // BinaryObject.type / TextObject.type; empty for the other records.
  std::string_view object_type;
};

const DtsTypeInfo& DtsInfoOf(model::Db2Type type);

// Writes the union branch and the record of one non-NULL or NULL value of `column`. `text` is a
// scratch buffer for number text, reused so that no value allocates once it has grown.
// The value must fit the column (model::CheckValueFits).
void WriteDtsValue(AvroWriter& writer, const model::ColumnSchema& column, const model::Value& value,
                   std::string& text);

// Appends the value's text as it goes into a record key, the text encode/value_text.h's ValueText
// gives with its default options: integers and decimals as Db2 prints them (every scale digit),
// DECFLOAT as read, REAL/DOUBLE shortest round-trip ("NaN", "Infinity" as Java spells them),
// strings as is, binary as base64, DATE 2024-01-31, TIME 13:14:15, TIMESTAMP
// "2024-01-31 13:14:15.123456" (the value's declared digits), BOOLEAN true/false, NULL nothing.
void AppendKeyText(std::string& out, const model::Value& value);

}  // namespace db2kafka::encode::detail
