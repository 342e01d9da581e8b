// Writes column values in the Avro binary form their AvroColumn plan says, straight into the
// record buffer: no value is rendered into a temporary string on the heap.
#pragma once

#include <string_view>

#include "encode/avro_writer.h"
#include "encode/detail/avro_registry_schema.h"
#include "model/value.h"

namespace db2kafka::encode::detail {

// The union branch for nullable columns, then the value. The value has already passed
// model::CheckValueFits for its column. False only for a DECFLOAT whose text is not a number
// (double handling), which Db2 never sends.
bool WriteAvroField(const AvroColumn& column, const model::Value& value, AvroWriter& writer);

// Decimal's unscaled value as Avro's decimal bytes: big-endian two's complement, shortest form
// (as Java's BigInteger.toByteArray, which Kafka Connect and Debezium use).
void WriteDecimalBytes(const model::Decimal& decimal, AvroWriter& writer);

// A Db2 log sequence number as the string Debezium's Lsn.toString() gives: lower-case hex with ':'
// after the 4th and 8th byte ("00000000:0000b6a0:0000000000000001").
void WriteLsnString(std::string_view raw, AvroWriter& writer);

}  // namespace db2kafka::encode::detail
