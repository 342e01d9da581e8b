// Column values as text, for the formats that carry every value as a string (Canal JSON, Shareplex
// JSON) and for anything else that needs a value's exact text (keys, other JSON formats). The
// renderers append to a caller-owned string and allocate nothing beyond that string's growth, so an
// encoder can reuse one buffer for millions of values.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "encode/json_writer.h"
#include "model/change_event.h"
#include "model/table_schema.h"
#include "model/value.h"

namespace db2kafka::encode {

enum class BinaryText : uint8_t {
  kBase64,  // RFC 4648 with padding, as java.util.Base64 and Jackson write it
  kHex,     // lower case
};

struct ValueTextOptions {
  // Between the date and the time of a TIMESTAMP: ' ' (SQL and JDBC literal form, Canal) or 'T'
  // (ISO 8601).
  char timestamp_separator = ' ';
  BinaryText binary = BinaryText::kBase64;
};

// The text of a non-NULL value:
//   SMALLINT, INTEGER, BIGINT  decimal digits: "-32768"
//   DECIMAL                    every scale digit, no exponent: "-12.30", "0.00"
//   DECFLOAT                   as Db2 prints it: "1.23E+5", "-0", "NaN", "-Infinity"
//   REAL, DOUBLE               the shortest text that reads back to the same float or double:
//                              "0.1", "1e+300"; "NaN", "Infinity", "-Infinity" as Java spells them
//   character types, XML       the UTF-8 text itself
//   binary types               base64 or hex (options.binary)
//   DATE "2024-01-31", TIME "13:14:15", TIMESTAMP "2024-01-31 13:14:15.123456" with exactly the
//   value's declared fractional digits (0 to 12)
//   BOOLEAN                    "true" or "false"
// Returns a view of the value itself (character types, XML, DECFLOAT) or of `scratch`, which it
// overwrites. A NULL value is a caller's bug (each format writes NULL its own way): aborts.
std::string_view ValueText(const model::Value& value, std::string& scratch,
                           const ValueTextOptions& options = {});

void AppendIntegerText(std::string& out, int64_t value);
void AppendDecimalText(std::string& out, const model::Decimal& decimal);
void AppendFloatText(std::string& out, float value);
void AppendDoubleText(std::string& out, double value);
void AppendDateText(std::string& out, const model::Date& date);
void AppendTimeText(std::string& out, const model::Time& time);
// "YYYY-MM-DD<separator>HH:MM:SS[.f...]" with timestamp.precision fractional digits.
void AppendTimestampText(std::string& out, const model::Timestamp& timestamp, char separator);
void AppendBase64(std::string& out, std::string_view bytes);
void AppendHex(std::string& out, std::string_view bytes);

// Microseconds since the Unix epoch as a UTC Timestamp with `precision` fractional digits (0 to
// 6), for commit and processing times. Rounds toward the past.
model::Timestamp UtcTimestampFromMicros(int64_t epoch_micros, uint8_t precision);

// The value's text (ValueText) as a JSON string, or null for NULL: how the JSON formats whose
// values are strings write every value.
void WriteJsonValueText(JsonWriter& json, const model::Value& value, std::string& scratch,
                        const ValueTextOptions& options = {});

// The Kafka record key of the JSON formats whose values are strings (Canal JSON, Shareplex JSON):
//   {"table":"APP.ORDERS","key":{"ID":"42","LINE":"1"}}
// the destination schema and table, then the key columns (`key_columns`, in key order) with their
// text as ValueText gives it, NULL as null. Writes one JSON value through `json`.
void WriteJsonRowKey(JsonWriter& json, const model::TableSchema& table,
                     std::span<const size_t> key_columns, const model::Row& row,
                     std::string& scratch, const ValueTextOptions& options = {});

}  // namespace db2kafka::encode
