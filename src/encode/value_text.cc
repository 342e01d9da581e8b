#include "encode/value_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace db2kafka::encode {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kSecondsPerDay = 86'400;
constexpr int64_t kPicosPerMicro = 1'000'000;

// Writes `value` as exactly `width` digits, zero-padded (value < 10^width); returns the end.
char* WritePadded(char* at, uint32_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    at[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return at + width;
}

// "YYYY-MM-DD" for years 0..9999 (valid Db2 dates are 1..9999); returns the end.
char* WriteDate(char* at, const model::Date& date) {
  at = WritePadded(at, static_cast<uint32_t>(date.year) % 10000, 4);
  *at++ = '-';
  at = WritePadded(at, date.month % 100, 2);
  *at++ = '-';
  return WritePadded(at, date.day % 100, 2);
}

char* WriteTime(char* at, const model::Time& time) {
  at = WritePadded(at, time.hour % 100, 2);
  *at++ = ':';
  at = WritePadded(at, time.minute % 100, 2);
  *at++ = ':';
  return WritePadded(at, time.second % 100, 2);
}

// Returns "NaN" and the infinities as Java prints them, or empty for finite values.
template <typename Float>
std::string_view NonFiniteText(Float value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  return {};
}

template <typename Float>
void AppendFloatingText(std::string& out, Float value) {
  if (std::string_view text = NonFiniteText(value); !text.empty()) {
    out.append(text);
    return;
  }
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

// Days since 1970-01-01 as a proleptic Gregorian date (Howard Hinnant's civil_from_days).
model::Date DateFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_index = (5 * day_of_year + 2) / 153;
  const int64_t day = day_of_year - (153 * month_index + 2) / 5 + 1;
  const int64_t month = month_index < 10 ? month_index + 3 : month_index - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return {static_cast<int16_t>(year), static_cast<uint8_t>(month), static_cast<uint8_t>(day)};
}

int64_t FloorDivide(int64_t value, int64_t divisor) {
  const int64_t quotient = value / divisor;
  return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient;
}

}  // namespace

void AppendIntegerText(std::string& out, int64_t value) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

void AppendDecimalText(std::string& out, const model::Decimal& decimal) {
  // 38 digits fit in Int128; a fraction needs scale + 1 digits at most. 80 covers a scale of 78,
  // beyond any DECIMAL (31) or DECFLOAT-derived value a row check lets through.
  constexpr int kMaxDigits = 80;
  const int min_digits = decimal.scale > 0 ? decimal.scale + 1 : 1;
  if (min_digits > kMaxDigits) {
    std::fprintf(stderr, "AppendDecimalText: scale %d is beyond any Db2 decimal\n", decimal.scale);
    std::abort();
  }
  char digits[kMaxDigits];
  int at = kMaxDigits;
  model::UInt128 magnitude = decimal.unscaled < 0 ? -static_cast<model::UInt128>(decimal.unscaled)
                                                  : static_cast<model::UInt128>(decimal.unscaled);
  // Int128 division is slow; peel 19-digit chunks with one division each, then use uint64_t.
  constexpr uint64_t kChunk = 10'000'000'000'000'000'000u;
  while (magnitude > UINT64_MAX) {
    auto chunk = static_cast<uint64_t>(magnitude % kChunk);
    magnitude /= kChunk;
    for (int i = 0; i < 19; ++i, chunk /= 10) digits[--at] = static_cast<char>('0' + chunk % 10);
  }
  auto low = static_cast<uint64_t>(magnitude);
  do {
    digits[--at] = static_cast<char>('0' + low % 10);
    low /= 10;
  } while (low != 0);
  while (kMaxDigits - at < min_digits) digits[--at] = '0';
  // Sign, digits, point, and zeros for a negative scale, in one text.
  char text[kMaxDigits + 2];
  char* end = text;
  if (decimal.unscaled < 0) *end++ = '-';
  const int count = kMaxDigits - at;
  if (decimal.scale <= 0) {
    for (int i = at; i < kMaxDigits; ++i) *end++ = digits[i];
    out.append(text, end);
    if (decimal.unscaled != 0) out.append(static_cast<size_t>(-decimal.scale), '0');
    return;
  }
  const int integer_digits = count - decimal.scale;
  for (int i = 0; i < integer_digits; ++i) *end++ = digits[at + i];
  *end++ = '.';
  for (int i = integer_digits; i < count; ++i) *end++ = digits[at + i];
  out.append(text, end);
}

void AppendFloatText(std::string& out, float value) { AppendFloatingText(out, value); }

void AppendDoubleText(std::string& out, double value) { AppendFloatingText(out, value); }

void AppendDateText(std::string& out, const model::Date& date) {
  if (date.year < 0 || date.year > 9999) {
    // Never valid Db2 data (row checks reject it); kept readable for messages.
    AppendIntegerText(out, date.year);
    char rest[6];
    char* at = rest;
    *at++ = '-';
    at = WritePadded(at, date.month % 100, 2);
    *at++ = '-';
    at = WritePadded(at, date.day % 100, 2);
    out.append(rest, at);
    return;
  }
  char text[10];
  out.append(text, WriteDate(text, date));
}

void AppendTimeText(std::string& out, const model::Time& time) {
  char text[8];
  out.append(text, WriteTime(text, time));
}

void AppendTimestampText(std::string& out, const model::Timestamp& timestamp, char separator) {
  if (timestamp.date.year < 0 || timestamp.date.year > 9999) {
    AppendDateText(out, timestamp.date);
    out.push_back(separator);
    AppendTimeText(out, timestamp.time);
    return;
  }
  // "YYYY-MM-DD HH:MM:SS.ffffffffffff" is 32 characters at most.
  char text[32];
  char* at = WriteDate(text, timestamp.date);
  *at++ = separator;
  at = WriteTime(at, timestamp.time);
  if (timestamp.precision > 0) {
    *at++ = '.';
    char fraction[12];
    auto picoseconds = static_cast<uint64_t>(timestamp.picoseconds) % 1'000'000'000'000;
    for (int i = 11; i >= 0; --i) {
      fraction[i] = static_cast<char>('0' + picoseconds % 10);
      picoseconds /= 10;
    }
    const int digits = timestamp.precision <= 12 ? timestamp.precision : 12;
    for (int i = 0; i < digits; ++i) *at++ = fraction[i];
  }
  out.append(text, at);
}

void AppendBase64(std::string& out, std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const auto byte = [&bytes](size_t i) {
    return static_cast<uint32_t>(static_cast<uint8_t>(bytes[i]));
  };
  const size_t start = out.size();
  out.resize(start + (bytes.size() + 2) / 3 * 4);
  char* at = out.data() + start;
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t group = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    *at++ = kAlphabet[group >> 18];
    *at++ = kAlphabet[(group >> 12) & 63];
    *at++ = kAlphabet[(group >> 6) & 63];
    *at++ = kAlphabet[group & 63];
  }
  if (const size_t rest = bytes.size() - i; rest > 0) {
    const uint32_t group = byte(i) << 16 | (rest == 2 ? byte(i + 1) << 8 : 0);
    *at++ = kAlphabet[group >> 18];
    *at++ = kAlphabet[(group >> 12) & 63];
    *at++ = rest == 2 ? kAlphabet[(group >> 6) & 63] : '=';
    *at++ = '=';
  }
}

void AppendHex(std::string& out, std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  const size_t start = out.size();
  out.resize(start + bytes.size() * 2);
  char* at = out.data() + start;
  for (char c : bytes) {
    const auto byte = static_cast<uint8_t>(c);
    *at++ = kDigits[byte >> 4];
    *at++ = kDigits[byte & 15];
  }
}

std::string_view ValueText(const model::Value& value, std::string& scratch,
                           const ValueTextOptions& options) {
  scratch.clear();
  switch (value.kind()) {
    case model::ValueKind::kNull:
      std::fprintf(stderr, "encode::ValueText: NULL has no text; the format writes it\n");
      std::abort();
    case model::ValueKind::kInt16:
      AppendIntegerText(scratch, value.As<int16_t>());
      break;
    case model::ValueKind::kInt32:
      AppendIntegerText(scratch, value.As<int32_t>());
      break;
    case model::ValueKind::kInt64:
      AppendIntegerText(scratch, value.As<int64_t>());
      break;
    case model::ValueKind::kDecimal:
      AppendDecimalText(scratch, value.As<model::Decimal>());
      break;
    case model::ValueKind::kDecFloat:
      return value.As<model::DecFloat>().text;
    case model::ValueKind::kFloat32:
      AppendFloatText(scratch, value.As<float>());
      break;
    case model::ValueKind::kFloat64:
      AppendDoubleText(scratch, value.As<double>());
      break;
    case model::ValueKind::kString:
      return value.As<model::String>().utf8;
    case model::ValueKind::kBytes:
      if (options.binary == BinaryText::kBase64) {
        AppendBase64(scratch, value.As<model::Bytes>().data);
      } else {
        AppendHex(scratch, value.As<model::Bytes>().data);
      }
      break;
    case model::ValueKind::kDate:
      AppendDateText(scratch, value.As<model::Date>());
      break;
    case model::ValueKind::kTime:
      AppendTimeText(scratch, value.As<model::Time>());
      break;
    case model::ValueKind::kTimestamp:
      AppendTimestampText(scratch, value.As<model::Timestamp>(), options.timestamp_separator);
      break;
    case model::ValueKind::kBoolean:
      return value.As<bool>() ? "true" : "false";
    case model::ValueKind::kXml:
      return value.As<model::Xml>().utf8;
  }
  return scratch;
}

model::Timestamp UtcTimestampFromMicros(int64_t epoch_micros, uint8_t precision) {
  const int64_t seconds = FloorDivide(epoch_micros, kMicrosPerSecond);
  const int64_t micros = epoch_micros - seconds * kMicrosPerSecond;
  const int64_t days = FloorDivide(seconds, kSecondsPerDay);
  const int64_t second_of_day = seconds - days * kSecondsPerDay;
  model::Timestamp timestamp;
  timestamp.date = DateFromDays(days);
  timestamp.time = {static_cast<uint8_t>(second_of_day / 3600),
                    static_cast<uint8_t>(second_of_day / 60 % 60),
                    static_cast<uint8_t>(second_of_day % 60)};
  timestamp.precision = precision > 6 ? 6 : precision;
  int64_t unit = kPicosPerMicro;
  for (int digits = timestamp.precision; digits < 6; ++digits) unit *= 10;
  timestamp.picoseconds = micros * kPicosPerMicro / unit * unit;
  return timestamp;
}

void WriteJsonValueText(JsonWriter& json, const model::Value& value, std::string& scratch,
                        const ValueTextOptions& options) {
  if (value.is_null()) {
    json.Null();
  } else {
    json.String(ValueText(value, scratch, options));
  }
}

void WriteJsonRowKey(JsonWriter& json, const model::TableSchema& table,
                     std::span<const size_t> key_columns, const model::Row& row,
                     std::string& scratch, const ValueTextOptions& options) {
  json.BeginObject();
  json.Key("table");
  scratch.assign(table.schema).append(1, '.').append(table.table);
  json.String(scratch);
  json.Key("key");
  json.BeginObject();
  for (size_t index : key_columns) {
    json.Key(table.columns[index].name);
    WriteJsonValueText(json, row[index], scratch, options);
  }
  json.EndObject();
  json.EndObject();
}

}  // namespace db2kafka::encode
