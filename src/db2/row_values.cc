#include "db2/row_values.h"

#include <array>
#include <bit>
#include <limits>
#include <string>

#include "base/status_macros.h"
#include "drda/decfloat.h"
#include "drda/value_decoder.h"

namespace db2kafka::db2 {
namespace {

using model::ValueKind;

// Every unscaled value of up to 38 digits fits model::Int128.
constexpr int kMaxDecimalPrecision = 38;
constexpr int kMaxFractionDigits = 12;
// CCSID 65535 marks character data that is really binary (FOR BIT DATA).
constexpr uint16_t kBinaryCcsid = 65535;

constexpr std::array<uint64_t, 19> kPowersOf10 = {1ULL,
                                                  10ULL,
                                                  100ULL,
                                                  1'000ULL,
                                                  10'000ULL,
                                                  100'000ULL,
                                                  1'000'000ULL,
                                                  10'000'000ULL,
                                                  100'000'000ULL,
                                                  1'000'000'000ULL,
                                                  10'000'000'000ULL,
                                                  100'000'000'000ULL,
                                                  1'000'000'000'000ULL,
                                                  10'000'000'000'000ULL,
                                                  100'000'000'000'000ULL,
                                                  1'000'000'000'000'000ULL,
                                                  10'000'000'000'000'000ULL,
                                                  100'000'000'000'000'000ULL,
                                                  1'000'000'000'000'000'000ULL};

std::string ColumnLabel(const drda::Column& column) {
  return "column " + column.name + " (" +
         std::string(column.type != nullptr ? column.type->name : "unknown type") + ")";
}

// The value as text for a message: printable ASCII kept, anything else as '?', at most 64 bytes.
std::string Printable(std::string_view text) {
  std::string shown;
  for (char c : text.substr(0, 64)) shown += c >= 0x20 && c < 0x7F ? c : '?';
  if (text.size() > 64) shown += "...";
  return shown;
}

[[gnu::cold]] base::Error Malformed(const drda::Column& column, std::string_view text) {
  return base::MakeError(
      base::ErrorCode::kProtocol,
      ColumnLabel(column) + " holds a malformed value \"" + Printable(text) + "\"");
}

[[gnu::cold]] base::Error WrongSize(const drda::Column& column, size_t size) {
  return base::MakeError(base::ErrorCode::kProtocol,
                         ColumnLabel(column) + " has a " + std::to_string(size) + "-byte value");
}

std::string_view AsText(std::span<const uint8_t> bytes) { return drda::AsText(bytes); }

// `count` ASCII digits at `p` as a number; false when one is not a digit.
inline bool ReadDigits(const char* p, int count, int& value) {
  int result = 0;
  for (int i = 0; i < count; ++i) {
    const unsigned digit = static_cast<unsigned char>(p[i]) - unsigned{'0'};
    if (digit > 9) return false;
    result = result * 10 + static_cast<int>(digit);
  }
  value = result;
  return true;
}

// "YYYY-MM-DD" at the start of `p` (at least 10 bytes).
bool ReadDate(const char* p, model::Date& date) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (!ReadDigits(p, 4, year) || p[4] != '-' || !ReadDigits(p + 5, 2, month) || p[7] != '-' ||
      !ReadDigits(p + 8, 2, day)) {
    return false;
  }
  date = {static_cast<int16_t>(year), static_cast<uint8_t>(month), static_cast<uint8_t>(day)};
  return date.IsValid();
}

// "HH.MM.SS" (Db2) or "HH:MM:SS" (Derby) at the start of `p` (at least 8 bytes).
bool ReadTime(const char* p, model::Time& time) {
  int hour = 0;
  int minute = 0;
  int second = 0;
  const char separator = p[2];
  if ((separator != '.' && separator != ':') || p[5] != separator || !ReadDigits(p, 2, hour) ||
      !ReadDigits(p + 3, 2, minute) || !ReadDigits(p + 6, 2, second)) {
    return false;
  }
  time = {static_cast<uint8_t>(hour), static_cast<uint8_t>(minute), static_cast<uint8_t>(second)};
  return time.IsValid();
}

// UTF-16BE as UTF-8 under drda::DecodeUtf16's rules (a lone surrogate becomes U+FFFD), with the
// string sized once: one 2-byte unit never needs more than 3 bytes of UTF-8, a surrogate pair
// (two units) needs 4.
bool Utf16ToUtf8(std::span<const uint8_t> bytes, std::string& utf8) {
  if (bytes.size() % 2 != 0) return false;
  utf8.resize(bytes.size() / 2 * 3);
  char* out = utf8.data();
  for (size_t i = 0; i < bytes.size(); i += 2) {
    auto code_point = static_cast<uint32_t>(bytes[i] << 8 | bytes[i + 1]);
    if (code_point < 0x80) {
      *out++ = static_cast<char>(code_point);
      continue;
    }
    if (code_point >= 0xD800 && code_point <= 0xDBFF && i + 3 < bytes.size()) {
      const auto low = static_cast<uint32_t>(bytes[i + 2] << 8 | bytes[i + 3]);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      }
    }
    if (code_point >= 0xD800 && code_point <= 0xDFFF) code_point = 0xFFFD;
    if (code_point < 0x800) {
      *out++ = static_cast<char>(0xC0 | code_point >> 6);
      *out++ = static_cast<char>(0x80 | (code_point & 0x3F));
    } else if (code_point < 0x10000) {
      *out++ = static_cast<char>(0xE0 | code_point >> 12);
      *out++ = static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
      *out++ = static_cast<char>(0x80 | (code_point & 0x3F));
    } else {
      *out++ = static_cast<char>(0xF0 | code_point >> 18);
      *out++ = static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
      *out++ = static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
      *out++ = static_cast<char>(0x80 | (code_point & 0x3F));
    }
  }
  utf8.resize(static_cast<size_t>(out - utf8.data()));
  return true;
}

template <typename T>
bool Fits(int64_t value) {
  return value >= std::numeric_limits<T>::min() && value <= std::numeric_limits<T>::max();
}

}  // namespace

base::Result<model::Decimal> DecodePackedDecimal(const drda::Column& column,
                                                 std::span<const uint8_t> bytes) {
  const int precision = column.precision();
  const int scale = column.scale();
  if (precision < 1 || precision > kMaxDecimalPrecision || scale > precision ||
      bytes.size() != static_cast<size_t>(precision) / 2 + 1) {
    return base::Fail(WrongSize(column, bytes.size()));
  }
  // Two digits per byte, the last byte one digit and the sign; an even precision leaves the first
  // nibble unused. Digits gather in 64 bits, 18 at a time, before they are folded into 128.
  model::UInt128 magnitude = 0;
  uint64_t chunk = 0;
  int chunk_digits = 0;
  const size_t last = bytes.size() - 1;
  for (size_t i = 0; i < last; ++i) {
    unsigned high = bytes[i] >> 4;
    const unsigned low = bytes[i] & 0x0F;
    if (high > 9 || low > 9) {
      return base::Fail(base::ErrorCode::kProtocol,
                        ColumnLabel(column) + " holds an invalid packed decimal");
    }
    if (i == 0 && precision % 2 == 0) high = 0;
    chunk = chunk * 100 + uint64_t{high} * 10 + low;
    chunk_digits += 2;
    if (chunk_digits == 18) {
      magnitude = magnitude * kPowersOf10[18] + chunk;
      chunk = 0;
      chunk_digits = 0;
    }
  }
  const unsigned final_digit = bytes[last] >> 4;
  const unsigned sign = bytes[last] & 0x0F;
  if (final_digit > 9) {
    return base::Fail(base::ErrorCode::kProtocol,
                      ColumnLabel(column) + " holds an invalid packed decimal");
  }
  if (sign < 0x0A) {
    return base::Fail(base::ErrorCode::kProtocol,
                      ColumnLabel(column) + " holds a packed decimal without a sign");
  }
  magnitude = magnitude * kPowersOf10[chunk_digits + 1] + (chunk * 10 + final_digit);
  const auto value = static_cast<model::Int128>(magnitude);
  // 0xB and 0xD are minus; a negative zero is still zero.
  return model::Decimal{sign == 0x0B || sign == 0x0D ? -value : value, scale};
}

base::Result<model::Date> ParseDate(const drda::Column& column, std::string_view text) {
  model::Date date;
  if (text.size() != 10 || !ReadDate(text.data(), date)) return base::Fail(Malformed(column, text));
  return date;
}

base::Result<model::Time> ParseTime(const drda::Column& column, std::string_view text) {
  model::Time time;
  if (text.size() != 8 || !ReadTime(text.data(), time)) return base::Fail(Malformed(column, text));
  return time;
}

base::Result<model::Timestamp> ParseTimestamp(const drda::Column& column, std::string_view text,
                                              int declared_precision) {
  // "YYYY-MM-DD-HH.MM.SS" and ".f" up to 12 digits; a blank or 'T' between date and time and ':'
  // between the time's fields are taken too.
  constexpr size_t kWithoutFraction = 19;
  model::Timestamp timestamp;
  const char* p = text.data();
  const bool shape_ok =
      (text.size() == kWithoutFraction ||
       (text.size() > kWithoutFraction + 1 &&
        text.size() <= kWithoutFraction + 1 + kMaxFractionDigits && p[kWithoutFraction] == '.')) &&
      (p[10] == '-' || p[10] == ' ' || p[10] == 'T');
  if (!shape_ok || !ReadDate(p, timestamp.date) || !ReadTime(p + 11, timestamp.time)) {
    return base::Fail(Malformed(column, text));
  }
  const int digits =
      text.size() == kWithoutFraction ? 0 : static_cast<int>(text.size() - kWithoutFraction - 1);
  int64_t fraction = 0;
  for (int i = 0; i < digits; ++i) {
    const unsigned digit = static_cast<unsigned char>(p[kWithoutFraction + 1 + i]) - unsigned{'0'};
    if (digit > 9) return base::Fail(Malformed(column, text));
    fraction = fraction * 10 + digit;
  }
  timestamp.picoseconds = fraction * static_cast<int64_t>(kPowersOf10[kMaxFractionDigits - digits]);
  if (timestamp.time.hour == 24 && timestamp.picoseconds != 0) {
    return base::Fail(Malformed(column, text));
  }
  if (declared_precision < 0) {
    timestamp.precision = static_cast<uint8_t>(digits);
    return timestamp;
  }
  // Digits beyond the declared ones may be sent as zeros (Derby always sends nine); anything else
  // there would be cut off by every encoder, so it is an error rather than a silent truncation.
  if (digits > declared_precision &&
      fraction % static_cast<int64_t>(kPowersOf10[digits - declared_precision]) != 0) {
    return base::Fail(base::ErrorCode::kProtocol,
                      ColumnLabel(column) + " holds \"" + Printable(text) +
                          "\", more fractional digits than its declared TIMESTAMP(" +
                          std::to_string(declared_precision) + ")");
  }
  timestamp.precision = static_cast<uint8_t>(declared_precision);
  return timestamp;
}

base::Result<RowValueDecoder> RowValueDecoder::Create(
    std::vector<drda::Column> columns, base::ByteOrder byte_order,
    std::span<const model::ColumnSchema> declared) {
  if (!declared.empty() && declared.size() != columns.size()) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      std::to_string(declared.size()) + " declared columns for a result of " +
                          std::to_string(columns.size()) + " columns");
  }
  std::vector<Plan> plans;
  plans.reserve(columns.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    DB2KAFKA_ASSIGN_OR_RETURN(Plan plan, PlanFor(columns[i]));
    if (!declared.empty()) DB2KAFKA_TRY(ApplyDeclared(columns[i], declared[i], plan));
    plans.push_back(plan);
  }
  return RowValueDecoder(std::move(columns), byte_order, std::move(plans));
}

base::Result<RowValueDecoder::Plan> RowValueDecoder::PlanFor(const drda::Column& column) {
  if (column.type == nullptr) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "column " + column.name + " has no known wire type");
  }
  switch (column.type->kind) {
    case drda::ValueKind::kSmallInt:
      return Plan{Source::kInteger, ValueKind::kInt16, -1};
    case drda::ValueKind::kInteger:
      return Plan{Source::kInteger, ValueKind::kInt32, -1};
    case drda::ValueKind::kBigInt:
      return Plan{Source::kInteger, ValueKind::kInt64, -1};
    case drda::ValueKind::kDecimal:
      return Plan{Source::kDecimal, ValueKind::kDecimal, -1};
    case drda::ValueKind::kDecFloat:
      return Plan{Source::kDecFloat, ValueKind::kDecFloat, -1};
    case drda::ValueKind::kReal:
      return Plan{Source::kFloating, ValueKind::kFloat32, -1};
    case drda::ValueKind::kDouble:
      return Plan{Source::kFloating, ValueKind::kFloat64, -1};
    case drda::ValueKind::kChar:
    case drda::ValueKind::kVarChar:
    case drda::ValueKind::kClob:
      return Plan{Source::kUtf8,
                  column.ccsid == kBinaryCcsid ? ValueKind::kBytes : ValueKind::kString, -1};
    case drda::ValueKind::kGraphic:
    case drda::ValueKind::kDbClob:
      return Plan{Source::kUtf16, ValueKind::kString, -1};
    case drda::ValueKind::kBinary:
    case drda::ValueKind::kBlob:
    case drda::ValueKind::kRowId:
      return Plan{Source::kBytes, ValueKind::kBytes, -1};
    case drda::ValueKind::kXml:
      return Plan{Source::kUtf8, ValueKind::kXml, -1};
    case drda::ValueKind::kBoolean:
      return Plan{Source::kBoolean, ValueKind::kBoolean, -1};
    case drda::ValueKind::kDate:
      return Plan{Source::kDate, ValueKind::kDate, -1};
    case drda::ValueKind::kTime:
      return Plan{Source::kTime, ValueKind::kTime, -1};
    case drda::ValueKind::kTimestamp:
      return Plan{Source::kTimestamp, ValueKind::kTimestamp, -1};
    case drda::ValueKind::kLocator:
      break;
  }
  return base::Fail(
      base::ErrorCode::kInvalidArgument,
      ColumnLabel(column) + " has no model value; select the LOB itself, not a locator");
}

// Which Values a wire representation can honestly become.
bool RowValueDecoder::Accepts(Source source, ValueKind target) {
  switch (source) {
    case Source::kInteger:
      return target == ValueKind::kInt16 || target == ValueKind::kInt32 ||
             target == ValueKind::kInt64 || target == ValueKind::kBoolean;
    case Source::kFloating:
      return target == ValueKind::kFloat32 || target == ValueKind::kFloat64;
    case Source::kUtf8:
      return target == ValueKind::kString || target == ValueKind::kBytes ||
             target == ValueKind::kXml;
    case Source::kUtf16:
      return target == ValueKind::kString || target == ValueKind::kXml;
    case Source::kDecimal:
      return target == ValueKind::kDecimal;
    case Source::kDecFloat:
      return target == ValueKind::kDecFloat;
    case Source::kBytes:
      return target == ValueKind::kBytes;
    case Source::kBoolean:
      return target == ValueKind::kBoolean;
    case Source::kDate:
      return target == ValueKind::kDate;
    case Source::kTime:
      return target == ValueKind::kTime;
    case Source::kTimestamp:
      return target == ValueKind::kTimestamp;
  }
  return false;
}

base::Status RowValueDecoder::ApplyDeclared(const drda::Column& column,
                                            const model::ColumnSchema& declared, Plan& plan) {
  const ValueKind target = model::InfoOf(declared.type).value_kind;
  if (!Accepts(plan.source, target)) {
    return base::Fail(base::ErrorCode::kFailedPrecondition,
                      "column " + declared.name + " is " + declared.TypeText() +
                          " in the catalog, but the query returns " +
                          std::string(column.type->name) +
                          "; has the table changed since it was described?");
  }
  plan.target = target;
  if (declared.type == model::Db2Type::kTimestamp) {
    if (declared.scale < 0 || declared.scale > kMaxFractionDigits) {
      return base::Fail(base::ErrorCode::kInvalidArgument,
                        "column " + declared.name + " declares TIMESTAMP(" +
                            std::to_string(declared.scale) + "); Db2 allows 0 to 12 digits");
    }
    plan.timestamp_precision = static_cast<int8_t>(declared.scale);
  }
  return {};
}

base::Status RowValueDecoder::Decode(std::span<const drda::FieldView> row,
                                     std::vector<model::Value>& values) const {
  if (row.size() != plans_.size()) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "a row of " + std::to_string(row.size()) + " fields for " +
                          std::to_string(plans_.size()) + " columns");
  }
  values.clear();
  values.reserve(plans_.size());
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i].null) {
      values.emplace_back();
      continue;
    }
    DB2KAFKA_TRY(AppendField(columns_[i], plans_[i], row[i].bytes, values));
  }
  return {};
}

base::Status RowValueDecoder::AppendField(const drda::Column& column, const Plan& plan,
                                          std::span<const uint8_t> bytes,
                                          std::vector<model::Value>& values) const {
  switch (plan.source) {
    case Source::kInteger: {
      int64_t value = 0;
      switch (bytes.size()) {
        case 2:
          value = static_cast<int16_t>(base::LoadU16(bytes.data(), byte_order_));
          break;
        case 4:
          value = static_cast<int32_t>(base::LoadU32(bytes.data(), byte_order_));
          break;
        case 8:
          value = static_cast<int64_t>(base::LoadU64(bytes.data(), byte_order_));
          break;
        default:
          return base::Fail(WrongSize(column, bytes.size()));
      }
      switch (plan.target) {
        case ValueKind::kInt16:
          if (!Fits<int16_t>(value)) break;
          values.emplace_back(static_cast<int16_t>(value));
          return {};
        case ValueKind::kInt32:
          if (!Fits<int32_t>(value)) break;
          values.emplace_back(static_cast<int32_t>(value));
          return {};
        case ValueKind::kBoolean:
          values.emplace_back(value != 0);
          return {};
        default:
          values.emplace_back(value);
          return {};
      }
      return base::Fail(base::ErrorCode::kProtocol, ColumnLabel(column) + " holds " +
                                                        std::to_string(value) +
                                                        ", out of range for its declared type");
    }
    case Source::kDecimal: {
      DB2KAFKA_ASSIGN_OR_RETURN(model::Decimal decimal, DecodePackedDecimal(column, bytes));
      values.emplace_back(decimal);
      return {};
    }
    case Source::kDecFloat: {
      DB2KAFKA_ASSIGN_OR_RETURN(std::string text, drda::DecodeDecFloat(column, bytes, byte_order_));
      values.emplace_back(model::DecFloat{std::move(text)});
      return {};
    }
    case Source::kFloating: {
      double value = 0;
      if (bytes.size() == 4) {
        value = std::bit_cast<float>(base::LoadU32(bytes.data(), byte_order_));
      } else if (bytes.size() == 8) {
        value = std::bit_cast<double>(base::LoadU64(bytes.data(), byte_order_));
      } else {
        return base::Fail(WrongSize(column, bytes.size()));
      }
      // A REAL widened to double and narrowed back is the same float.
      if (plan.target == ValueKind::kFloat32) {
        values.emplace_back(static_cast<float>(value));
      } else {
        values.emplace_back(value);
      }
      return {};
    }
    case Source::kUtf8:
    case Source::kBytes: {
      std::string data(AsText(bytes));
      if (plan.target == ValueKind::kString) {
        values.emplace_back(model::String{std::move(data)});
      } else if (plan.target == ValueKind::kXml) {
        values.emplace_back(model::Xml{std::move(data)});
      } else {
        values.emplace_back(model::Bytes{std::move(data)});
      }
      return {};
    }
    case Source::kUtf16: {
      std::string utf8;
      if (!Utf16ToUtf8(bytes, utf8)) {
        return base::Fail(base::ErrorCode::kProtocol, ColumnLabel(column) +
                                                          " holds UTF-16 data of odd length " +
                                                          std::to_string(bytes.size()));
      }
      if (plan.target == ValueKind::kXml) {
        values.emplace_back(model::Xml{std::move(utf8)});
      } else {
        values.emplace_back(model::String{std::move(utf8)});
      }
      return {};
    }
    case Source::kBoolean:
      if (bytes.empty()) return base::Fail(WrongSize(column, 0));
      values.emplace_back(drda::DecodeBoolean(bytes));
      return {};
    case Source::kDate: {
      DB2KAFKA_ASSIGN_OR_RETURN(model::Date date, ParseDate(column, AsText(bytes)));
      values.emplace_back(date);
      return {};
    }
    case Source::kTime: {
      DB2KAFKA_ASSIGN_OR_RETURN(model::Time time, ParseTime(column, AsText(bytes)));
      values.emplace_back(time);
      return {};
    }
    case Source::kTimestamp: {
      DB2KAFKA_ASSIGN_OR_RETURN(model::Timestamp timestamp,
                                ParseTimestamp(column, AsText(bytes), plan.timestamp_precision));
      values.emplace_back(timestamp);
      return {};
    }
  }
  return base::Fail(base::ErrorCode::kInternal, ColumnLabel(column) + ": unhandled conversion");
}

base::Result<std::vector<model::Value>> RowToValues(const std::vector<drda::Column>& columns,
                                                    const std::vector<drda::FieldView>& row,
                                                    base::ByteOrder byte_order) {
  DB2KAFKA_ASSIGN_OR_RETURN(RowValueDecoder decoder, RowValueDecoder::Create(columns, byte_order));
  std::vector<model::Value> values;
  DB2KAFKA_TRY(decoder.Decode(row, values));
  return values;
}

}  // namespace db2kafka::db2
