#include "encode/detail/dts_values.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace db2kafka::encode::detail {
namespace {

using model::Db2Type;

// Db2 SQLTYPE codes (not-null form; the nullable code is one higher). REAL and DOUBLE share 480
// (SQLDA tells them apart by length; here Float.precision does), and FOR BIT DATA shares the
// character codes (here the value is a BinaryObject instead of a Character).
constexpr int32_t kSqlDate = 384, kSqlTime = 388, kSqlTimestamp = 392, kSqlBlob = 404,
                  kSqlClob = 408, kSqlDbclob = 412, kSqlVarchar = 448, kSqlChar = 452,
                  kSqlLongVarchar = 456, kSqlVargraphic = 464, kSqlGraphic = 468,
                  kSqlLongVargraphic = 472, kSqlFloat = 480, kSqlDecimal = 484, kSqlBigint = 492,
                  kSqlInteger = 496, kSqlSmallint = 500, kSqlVarbinary = 908, kSqlBinary = 912,
                  kSqlXml = 988, kSqlDecfloat = 996, kSqlBoolean = 2436;

// Integer.precision is the type's decimal digits (JDBC COLUMN_SIZE); Float.precision its binary
// mantissa digits, as FLOAT(p) declares them (REAL = FLOAT(24), DOUBLE = FLOAT(53)).
constexpr std::array<DtsTypeInfo, 26> kDtsTypes = {{
    {Db2Type::kSmallint, kSqlSmallint, DtsValueType::kInteger, 5, ""},
    {Db2Type::kInteger, kSqlInteger, DtsValueType::kInteger, 10, ""},
    {Db2Type::kBigint, kSqlBigint, DtsValueType::kInteger, 19, ""},
    {Db2Type::kDecimal, kSqlDecimal, DtsValueType::kDecimal, 0, ""},
    {Db2Type::kDecfloat, kSqlDecfloat, DtsValueType::kDecimal, 0, ""},
    {Db2Type::kReal, kSqlFloat, DtsValueType::kFloat, 24, ""},
    {Db2Type::kDouble, kSqlFloat, DtsValueType::kFloat, 53, ""},
    {Db2Type::kChar, kSqlChar, DtsValueType::kCharacter, 0, ""},
    {Db2Type::kVarchar, kSqlVarchar, DtsValueType::kCharacter, 0, ""},
    {Db2Type::kLongVarchar, kSqlLongVarchar, DtsValueType::kCharacter, 0, ""},
    {Db2Type::kCharForBitData, kSqlChar, DtsValueType::kBinaryObject, 0, "BINARY"},
    {Db2Type::kVarcharForBitData, kSqlVarchar, DtsValueType::kBinaryObject, 0, "BINARY"},
    {Db2Type::kLongVarcharForBitData, kSqlLongVarchar, DtsValueType::kBinaryObject, 0, "BINARY"},
    {Db2Type::kBinary, kSqlBinary, DtsValueType::kBinaryObject, 0, "BINARY"},
    {Db2Type::kVarbinary, kSqlVarbinary, DtsValueType::kBinaryObject, 0, "BINARY"},
    {Db2Type::kGraphic, kSqlGraphic, DtsValueType::kCharacter, 0, ""},
    {Db2Type::kVargraphic, kSqlVargraphic, DtsValueType::kCharacter, 0, ""},
    {Db2Type::kLongVargraphic, kSqlLongVargraphic, DtsValueType::kCharacter, 0, ""},
    {Db2Type::kDate, kSqlDate, DtsValueType::kDateTime, 0, ""},
    {Db2Type::kTime, kSqlTime, DtsValueType::kDateTime, 0, ""},
    {Db2Type::kTimestamp, kSqlTimestamp, DtsValueType::kDateTime, 0, ""},
    {Db2Type::kClob, kSqlClob, DtsValueType::kTextObject, 0, "TEXT"},
    {Db2Type::kBlob, kSqlBlob, DtsValueType::kBinaryObject, 0, "BLOB"},
    {Db2Type::kDbclob, kSqlDbclob, DtsValueType::kTextObject, 0, "TEXT"},
    {Db2Type::kXml, kSqlXml, DtsValueType::kTextObject, 0, "XML"},
    {Db2Type::kBoolean, kSqlBoolean, DtsValueType::kInteger, 1, ""},
}};

constexpr bool TableFollowsEnumOrder() {
  for (size_t i = 0; i < kDtsTypes.size(); ++i) {
    if (static_cast<size_t>(kDtsTypes[i].type) != i) return false;
  }
  return true;
}
static_assert(TableFollowsEnumOrder());
static_assert(kDtsTypes.size() == static_cast<size_t>(Db2Type::kBoolean) + 1);

// Character.charset: a name Java's Charset.forName, Python's codecs and the DTS SDK's charset
// mapper all accept; every string value is UTF-8 by the time it reaches an encoder.
constexpr std::string_view kCharset = "utf8";

template <typename Number>
void AppendNumber(std::string& out, Number value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

void AppendPadded(std::string& out, uint64_t value, int width) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  const auto digits = static_cast<int>(result.ptr - buffer);
  if (digits < width) out.append(static_cast<size_t>(width - digits), '0');
  out.append(buffer, result.ptr);
}

// Decimal digits of a 128-bit magnitude into `digits` (room for 39), returning their count.
// 128-bit division is slow; a 38-digit number needs only two of them, the rest is 64-bit.
size_t FormatMagnitude(char* digits, model::UInt128 magnitude) {
  constexpr uint64_t kTenPow19 = 10'000'000'000'000'000'000ULL;
  uint64_t chunks[2];
  int count = 0;
  while (magnitude > std::numeric_limits<uint64_t>::max() && count < 2) {
    chunks[count++] = static_cast<uint64_t>(magnitude % kTenPow19);
    magnitude /= kTenPow19;
  }
  char* end = std::to_chars(digits, digits + 20, static_cast<uint64_t>(magnitude)).ptr;
  while (count > 0) {
    uint64_t chunk = chunks[--count];
    for (int i = 18; i >= 0; --i) {
      end[i] = static_cast<char>('0' + chunk % 10);
      chunk /= 10;
    }
    end += 19;
  }
  return static_cast<size_t>(end - digits);
}

// "-12.340" for {-12340, 3}, as model::Decimal::ToString, without a temporary string.
void AppendDecimal(std::string& out, const model::Decimal& decimal) {
  const bool negative = decimal.unscaled < 0;
  const auto unscaled = static_cast<model::UInt128>(decimal.unscaled);
  char digits[64];
  const size_t count = FormatMagnitude(digits, negative ? model::UInt128{0} - unscaled : unscaled);
  if (negative) out.push_back('-');
  if (decimal.scale <= 0) {
    out.append(digits, count);
    if (decimal.unscaled != 0) out.append(static_cast<size_t>(-decimal.scale), '0');
    return;
  }
  const auto scale = static_cast<size_t>(decimal.scale);
  if (count > scale) {
    out.append(digits, count - scale);
    out.push_back('.');
    out.append(digits + count - scale, scale);
  } else {
    out.append("0.");
    out.append(scale - count, '0');
    out.append(digits, count);
  }
}

struct DecFloatForm {
  std::string_view text;
  int32_t scale = 0;  // as java.math.BigDecimal.scale() of the text: 1.23E+5 has -3
};

// Finite values keep Db2's text, which java.math.BigDecimal and Python's decimal read as is.
// NaN, -NaN, sNaN and -sNaN all become "NaN" and infinities lose a '+' sign: the DTS SDK reads
// a Decimal that is not a number only as NaN, Infinity or -Infinity and throws on anything else.
DecFloatForm DtsDecFloat(std::string_view text) {
  if (text.find_first_of("Ii") != std::string_view::npos) {  // before NaN: "Infinity" has an n
    return {text.starts_with('-') ? "-Infinity" : "Infinity", 0};
  }
  if (text.find_first_of("Nn") != std::string_view::npos) return {"NaN", 0};
  const size_t exponent_at = text.find_first_of("Ee");
  const std::string_view mantissa = text.substr(0, exponent_at);
  const size_t point = mantissa.find('.');
  int32_t scale =
      point == std::string_view::npos ? 0 : static_cast<int32_t>(mantissa.size() - point - 1);
  if (exponent_at != std::string_view::npos) {
    std::string_view exponent = text.substr(exponent_at + 1);
    if (exponent.starts_with('+')) exponent.remove_prefix(1);
    int32_t value = 0;
    std::from_chars(exponent.data(), exponent.data() + exponent.size(), value);
    scale -= value;
  }
  return {text, scale};
}

// An Avro int (zig-zag varint) into a local buffer: the small records below are assembled on the
// stack and appended at once, which costs a fraction of one string append per field.
char* PutInt(char* at, int32_t value) {
  auto zigzag = (static_cast<uint32_t>(value) << 1) ^ static_cast<uint32_t>(value >> 31);
  while (zigzag >= 0x80) {
    *at++ = static_cast<char>((zigzag & 0x7f) | 0x80);
    zigzag >>= 7;
  }
  *at++ = static_cast<char>(zigzag);
  return at;
}

// One [null, int] field: branch 1 (zig-zag 2) and the int, or branch 0.
char* PutPresent(char* at, int32_t value) {
  *at++ = 2;
  return PutInt(at, value);
}
char* PutAbsent(char* at, int count) {
  for (int i = 0; i < count; ++i) *at++ = 0;
  return at;
}

// Integer{precision, value}: the value is the decimal text of the number.
void WriteInteger(AvroWriter& writer, int32_t precision, const model::Value& value) {
  char digits[24];
  char* digits_end = digits;
  switch (value.kind()) {
    case model::ValueKind::kInt16:
      digits_end = std::to_chars(digits, digits + sizeof digits, value.As<int16_t>()).ptr;
      break;
    case model::ValueKind::kInt32:
      digits_end = std::to_chars(digits, digits + sizeof digits, value.As<int32_t>()).ptr;
      break;
    case model::ValueKind::kInt64:
      digits_end = std::to_chars(digits, digits + sizeof digits, value.As<int64_t>()).ptr;
      break;
    default:  // BOOLEAN: MySQL's BOOL is TINYINT(1), so DTS consumers expect 1 and 0
      *digits_end++ = value.As<bool>() ? '1' : '0';
      break;
  }
  char bytes[48];
  char* at = PutInt(bytes, precision);
  const auto count = static_cast<int32_t>(digits_end - digits);
  at = PutInt(at, count);
  std::memcpy(at, digits, static_cast<size_t>(count));
  writer.Fixed(std::string_view(bytes, static_cast<size_t>(at + count - bytes)));
}

// DateTime{year, month, day, hour, minute, second, millis}, each [null, int]. DATE fills the
// date, TIME the time; `millis` holds nanoseconds (see docs/FORMATS.md: the DTS SDK's
// LazyRecordDeserializer reads it so for every source but MySQL and PostgreSQL), so TIMESTAMP
// keeps 9 of its up to 12 fractional digits; TIMESTAMP(0) leaves it null.
void WriteDateTime(AvroWriter& writer, const model::ColumnSchema& column,
                   const model::Value& value) {
  const model::Date* date = nullptr;
  const model::Time* time = nullptr;
  const auto* timestamp = value.TryAs<model::Timestamp>();
  if (timestamp != nullptr) {
    date = &timestamp->date;
    time = &timestamp->time;
  } else {
    date = value.TryAs<model::Date>();
    time = value.TryAs<model::Time>();
  }
  char bytes[48];
  char* at = bytes;
  if (date != nullptr) {
    at = PutPresent(at, date->year);
    at = PutPresent(at, date->month);
    at = PutPresent(at, date->day);
  } else {
    at = PutAbsent(at, 3);
  }
  if (time != nullptr) {
    at = PutPresent(at, time->hour);
    at = PutPresent(at, time->minute);
    at = PutPresent(at, time->second);
  } else {
    at = PutAbsent(at, 3);
  }
  if (timestamp != nullptr && column.scale > 0) {
    at = PutPresent(at, static_cast<int32_t>(timestamp->picoseconds / 1000));
  } else {
    at = PutAbsent(at, 1);
  }
  writer.Fixed(std::string_view(bytes, static_cast<size_t>(at - bytes)));
}

void AppendDate(std::string& out, const model::Date& date) {
  AppendPadded(out, static_cast<uint64_t>(date.year), 4);
  out.push_back('-');
  AppendPadded(out, date.month, 2);
  out.push_back('-');
  AppendPadded(out, date.day, 2);
}

void AppendTime(std::string& out, const model::Time& time) {
  AppendPadded(out, time.hour, 2);
  out.push_back(':');
  AppendPadded(out, time.minute, 2);
  out.push_back(':');
  AppendPadded(out, time.second, 2);
}

// Java's spelling of the values to_chars writes as "nan" and "inf".
template <typename Float>
void AppendFloating(std::string& out, Float value) {
  if (std::isnan(value)) {
    out.append("NaN");
  } else if (std::isinf(value)) {
    out.append(value > 0 ? "Infinity" : "-Infinity");
  } else {
    AppendNumber(out, value);
  }
}

// RFC 4648 with padding, as java.util.Base64 writes it.
void AppendBase64(std::string& out, std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const auto byte = [&bytes](size_t i) { return uint32_t{static_cast<uint8_t>(bytes[i])}; };
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t group = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kAlphabet[(group >> shift) & 63]);
  }
  if (const size_t rest = bytes.size() - i; rest > 0) {
    const uint32_t group = byte(i) << 16 | (rest == 2 ? byte(i + 1) << 8 : 0);
    out.push_back(kAlphabet[group >> 18]);
    out.push_back(kAlphabet[(group >> 12) & 63]);
    out.push_back(rest == 2 ? kAlphabet[(group >> 6) & 63] : '=');
    out.push_back('=');
  }
}

}  // namespace

const DtsTypeInfo& DtsInfoOf(model::Db2Type type) { return kDtsTypes[static_cast<size_t>(type)]; }

void WriteDtsValue(AvroWriter& writer, const model::ColumnSchema& column, const model::Value& value,
                   std::string& text) {
  if (value.is_null()) {
    writer.UnionBranch(static_cast<int32_t>(DtsValueType::kNull));
    return;
  }
  const DtsTypeInfo& info = DtsInfoOf(column.type);
  writer.UnionBranch(static_cast<int32_t>(info.value_type));
  switch (info.value_type) {
    case DtsValueType::kInteger:
      WriteInteger(writer, info.precision, value);
      return;
    case DtsValueType::kDecimal:
      if (const auto* decfloat = value.TryAs<model::DecFloat>()) {
        const DecFloatForm form = DtsDecFloat(decfloat->text);
        writer.String(form.text);
        writer.Int(column.precision);
        writer.Int(form.scale);
        return;
      }
      text.clear();
      AppendDecimal(text, value.As<model::Decimal>());
      writer.String(text);
      writer.Int(column.precision);
      writer.Int(column.scale);
      return;
    case DtsValueType::kFloat:
      writer.Double(value.kind() == model::ValueKind::kFloat32 ? value.As<float>()
                                                               : value.As<double>());
      writer.Int(info.precision);
      writer.Int(0);
      return;
    case DtsValueType::kCharacter:
      writer.String(kCharset);
      writer.Bytes(value.As<model::String>().utf8);
      return;
    case DtsValueType::kBinaryObject:
      writer.String(info.object_type);
      writer.Bytes(value.As<model::Bytes>().data);
      return;
    case DtsValueType::kTextObject:
      writer.String(info.object_type);
      writer.String(value.kind() == model::ValueKind::kXml ? value.As<model::Xml>().utf8
                                                           : value.As<model::String>().utf8);
      return;
    case DtsValueType::kDateTime:
      WriteDateTime(writer, column, value);
      return;
    default:
      std::fprintf(stderr, "dts_avro: no writer for DTS value type %d\n",
                   static_cast<int>(info.value_type));
      std::abort();
  }
}

void AppendKeyText(std::string& out, const model::Value& value) {
  switch (value.kind()) {
    case model::ValueKind::kNull:
      return;
    case model::ValueKind::kInt16:
      return AppendNumber(out, value.As<int16_t>());
    case model::ValueKind::kInt32:
      return AppendNumber(out, value.As<int32_t>());
    case model::ValueKind::kInt64:
      return AppendNumber(out, value.As<int64_t>());
    case model::ValueKind::kBoolean:
      out.append(value.As<bool>() ? "true" : "false");
      return;
    case model::ValueKind::kDecimal:
      return AppendDecimal(out, value.As<model::Decimal>());
    case model::ValueKind::kDecFloat:
      out.append(value.As<model::DecFloat>().text);
      return;
    case model::ValueKind::kFloat32:
      return AppendFloating(out, value.As<float>());
    case model::ValueKind::kFloat64:
      return AppendFloating(out, value.As<double>());
    case model::ValueKind::kString:
      out.append(value.As<model::String>().utf8);
      return;
    case model::ValueKind::kXml:
      out.append(value.As<model::Xml>().utf8);
      return;
    case model::ValueKind::kBytes:
      return AppendBase64(out, value.As<model::Bytes>().data);
    case model::ValueKind::kDate:
      return AppendDate(out, value.As<model::Date>());
    case model::ValueKind::kTime:
      return AppendTime(out, value.As<model::Time>());
    case model::ValueKind::kTimestamp: {
      const auto& timestamp = value.As<model::Timestamp>();
      AppendDate(out, timestamp.date);
      out.push_back(' ');
      AppendTime(out, timestamp.time);
      if (timestamp.precision > 0) {
        const size_t at = out.size() + 1;
        out.push_back('.');
        AppendPadded(out, static_cast<uint64_t>(timestamp.picoseconds), 12);
        out.resize(at + timestamp.precision);
      }
      return;
    }
  }
}

}  // namespace db2kafka::encode::detail
