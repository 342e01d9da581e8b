#include "encode/detail/avro_registry_values.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace db2kafka::encode::detail {
namespace {

using model::Int128;
using model::UInt128;

constexpr int64_t kPicosPerMilli = 1'000'000'000;
constexpr int64_t kPicosPerMicro = 1'000'000;
constexpr int kPicosecondDigits = 12;
constexpr int32_t kSecondsPerDay = 86400;

// Writes `width` decimal digits of `value`, zero-padded, ending just before `end`.
char* PutDigits(char* at, uint64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    at[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return at + width;
}

// "-12.30" for {-1230, 2}, into `buffer` (at least 48 bytes); returns the text.
std::string_view DecimalText(const model::Decimal& decimal, char* buffer) {
  UInt128 magnitude = decimal.unscaled < 0 ? static_cast<UInt128>(-decimal.unscaled)
                                           : static_cast<UInt128>(decimal.unscaled);
  char digits[40];
  int count = 0;
  do {
    digits[count++] = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  } while (magnitude != 0);
  char* at = buffer;
  if (decimal.unscaled < 0) *at++ = '-';
  const int scale = decimal.scale > 0 ? decimal.scale : 0;
  const int integer_digits = count > scale ? count - scale : 0;
  if (integer_digits == 0) *at++ = '0';
  for (int i = 0; i < integer_digits; ++i) *at++ = digits[count - 1 - i];
  if (decimal.scale < 0 && decimal.unscaled != 0) {
    for (int i = 0; i < -decimal.scale; ++i) *at++ = '0';
  }
  if (scale > 0) {
    *at++ = '.';
    for (int i = scale - 1; i >= 0; --i) *at++ = i < count ? digits[i] : '0';
  }
  return {buffer, static_cast<size_t>(at - buffer)};
}

bool ParseDouble(std::string_view text, double& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

// Db2 prints DECFLOAT specials as "NaN", "-NaN", "sNaN", "Infinity", "-Infinity".
bool DecFloatToDouble(std::string_view text, double& value) {
  if (text.ends_with("NaN") || text.ends_with("nan")) {
    value = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  return ParseDouble(text, value);
}

// "2024-01-31T13:14:15.123456789012" with `digits` fractional digits.
std::string_view TimestampText(const model::Timestamp& timestamp, int digits, char* buffer) {
  char* at = buffer;
  at = PutDigits(at, static_cast<uint64_t>(timestamp.date.year), 4);
  *at++ = '-';
  at = PutDigits(at, timestamp.date.month, 2);
  *at++ = '-';
  at = PutDigits(at, timestamp.date.day, 2);
  *at++ = 'T';
  at = PutDigits(at, timestamp.time.hour, 2);
  *at++ = ':';
  at = PutDigits(at, timestamp.time.minute, 2);
  *at++ = ':';
  at = PutDigits(at, timestamp.time.second, 2);
  if (digits > 0) {
    char fraction[kPicosecondDigits];
    PutDigits(fraction, static_cast<uint64_t>(timestamp.picoseconds), kPicosecondDigits);
    *at++ = '.';
    for (int i = 0; i < digits; ++i) *at++ = fraction[i];
  }
  return {buffer, static_cast<size_t>(at - buffer)};
}

bool WriteValue(const AvroColumn& column, const model::Value& value, AvroWriter& writer) {
  char buffer[64];
  switch (column.encoding) {
    case AvroEncoding::kInt:
      writer.Int(value.kind() == model::ValueKind::kInt16 ? value.As<int16_t>()
                                                          : value.As<int32_t>());
      return true;
    case AvroEncoding::kLong:
      writer.Long(value.As<int64_t>());
      return true;
    case AvroEncoding::kFloat:
      writer.Float(value.As<float>());
      return true;
    case AvroEncoding::kDouble:
      writer.Double(value.As<double>());
      return true;
    case AvroEncoding::kBoolean:
      writer.Boolean(value.As<bool>());
      return true;
    case AvroEncoding::kString:
      writer.String(value.As<model::String>().utf8);
      return true;
    case AvroEncoding::kXmlString:
      writer.String(value.As<model::Xml>().utf8);
      return true;
    case AvroEncoding::kBytes:
      writer.Bytes(value.As<model::Bytes>().data);
      return true;
    case AvroEncoding::kDecimalBytes:
      WriteDecimalBytes(value.As<model::Decimal>(), writer);
      return true;
    case AvroEncoding::kDecimalString:
      writer.String(DecimalText(value.As<model::Decimal>(), buffer));
      return true;
    case AvroEncoding::kDecimalDouble: {
      double number = 0;
      if (!ParseDouble(DecimalText(value.As<model::Decimal>(), buffer), number)) return false;
      writer.Double(number);
      return true;
    }
    case AvroEncoding::kDecFloatString:
      writer.String(value.As<model::DecFloat>().text);
      return true;
    case AvroEncoding::kDecFloatDouble: {
      double number = 0;
      if (!DecFloatToDouble(value.As<model::DecFloat>().text, number)) return false;
      writer.Double(number);
      return true;
    }
    case AvroEncoding::kDate:
      writer.Int(value.As<model::Date>().DaysSinceEpoch());
      return true;
    case AvroEncoding::kTimeMillis:
      // Db2's 24:00:00 (end of day) is midnight, as JDBC's java.sql.Time and Debezium read it;
      // 86 400 000 would break every decoder that turns time-millis into a time of day.
      writer.Int((value.As<model::Time>().SecondOfDay() % kSecondsPerDay) * 1000);
      return true;
    case AvroEncoding::kTimestampMillis: {
      const auto& timestamp = value.As<model::Timestamp>();
      writer.Long(timestamp.EpochSeconds() * 1000 + timestamp.picoseconds / kPicosPerMilli);
      return true;
    }
    case AvroEncoding::kTimestampMicros: {
      const auto& timestamp = value.As<model::Timestamp>();
      writer.Long(timestamp.EpochSeconds() * 1'000'000 + timestamp.picoseconds / kPicosPerMicro);
      return true;
    }
    case AvroEncoding::kTimestampString:
      writer.String(TimestampText(value.As<model::Timestamp>(), column.scale, buffer));
      return true;
  }
  return false;
}

}  // namespace

bool WriteAvroField(const AvroColumn& column, const model::Value& value, AvroWriter& writer) {
  if (column.nullable) {
    if (value.is_null()) {
      writer.UnionBranch(0);
      return true;
    }
    writer.UnionBranch(1);
  }
  return WriteValue(column, value, writer);
}

void WriteDecimalBytes(const model::Decimal& decimal, AvroWriter& writer) {
  const auto bits = static_cast<UInt128>(decimal.unscaled);
  char bytes[16];
  for (int i = 0; i < 16; ++i) bytes[15 - i] = static_cast<char>(bits >> (8 * i));
  // Drop leading bytes that only repeat the sign of the next one.
  int start = 0;
  while (start < 15) {
    const auto lead = static_cast<unsigned char>(bytes[start]);
    const bool next_negative = (static_cast<unsigned char>(bytes[start + 1]) & 0x80) != 0;
    if (!((lead == 0x00 && !next_negative) || (lead == 0xff && next_negative))) break;
    ++start;
  }
  writer.Bytes(std::string_view(bytes + start, static_cast<size_t>(16 - start)));
}

void WriteLsnString(std::string_view raw, AvroWriter& writer) {
  static constexpr char kHex[] = "0123456789abcdef";
  char text[64];
  size_t size = 0;
  for (size_t i = 0; i < raw.size() && size + 3 <= sizeof text; ++i) {
    const auto byte = static_cast<unsigned char>(raw[i]);
    text[size++] = kHex[byte >> 4];
    text[size++] = kHex[byte & 15];
    if ((i == 3 || i == 7) && i + 1 < raw.size()) text[size++] = ':';
  }
  writer.String(std::string_view(text, size));
}

}  // namespace db2kafka::encode::detail
