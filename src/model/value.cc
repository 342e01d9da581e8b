#include "model/value.h"

#include <array>
#include <cstdio>
#include <cstdlib>

#include "base/hex.h"
#include "base/status_macros.h"

namespace db2kafka::model {
namespace {

constexpr std::array<std::string_view, 15> kKindNames = {
    "NULL",   "INT16", "INT32", "INT64", "DECIMAL",   "DECFLOAT", "FLOAT32", "FLOAT64",
    "STRING", "BYTES", "DATE",  "TIME",  "TIMESTAMP", "BOOLEAN",  "XML"};
static_assert(kKindNames.size() == std::variant_size_v<Value::Storage>);

// The largest number of decimal digits whose every value fits in Int128.
constexpr int kMaxDecimalDigits = 38;

std::string UnsignedDigits(Int128 value) {
  // Int128 minimum never occurs: 38 digits is below its magnitude, so negation is safe.
  UInt128 magnitude = value < 0 ? static_cast<UInt128>(-value) : static_cast<UInt128>(value);
  char buffer[48];
  int at = sizeof buffer;
  do {
    buffer[--at] = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  } while (magnitude != 0);
  return {buffer + at, sizeof buffer - at};
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
int32_t DaysFromCivil(int year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const int year_of_era = year - era * 400;
  const int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

}  // namespace

std::string_view ValueKindName(ValueKind kind) { return kKindNames[static_cast<size_t>(kind)]; }

std::string Decimal::ToString() const {
  std::string digits = UnsignedDigits(unscaled);
  std::string text = unscaled < 0 ? "-" : "";
  if (scale <= 0) {
    text += digits;
    if (unscaled != 0) text.append(static_cast<size_t>(-scale), '0');
    return text;
  }
  const auto fraction_digits = static_cast<size_t>(scale);
  if (digits.size() <= fraction_digits) digits.insert(0, fraction_digits - digits.size() + 1, '0');
  text.append(digits, 0, digits.size() - fraction_digits);
  text += '.';
  text.append(digits, digits.size() - fraction_digits);
  return text;
}

base::Result<Decimal> Decimal::Parse(std::string_view text) {
  const std::string_view original = text;
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  Decimal decimal;
  int digit_count = 0;
  bool seen_point = false;
  bool seen_digit = false;
  for (char c : text) {
    if (c == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') {
      return base::Fail(base::ErrorCode::kInvalidArgument,
                        "not a decimal number: \"" + std::string(original) + "\"");
    }
    seen_digit = true;
    if (decimal.unscaled != 0 || c != '0') ++digit_count;
    if (digit_count > kMaxDecimalDigits) {
      return base::Fail(
          base::ErrorCode::kInvalidArgument,
          "decimal number has more than 38 digits: \"" + std::string(original) + "\"");
    }
    decimal.unscaled = decimal.unscaled * 10 + (c - '0');
    if (seen_point) ++decimal.scale;
  }
  if (!seen_digit) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "not a decimal number: \"" + std::string(original) + "\"");
  }
  if (negative) decimal.unscaled = -decimal.unscaled;
  return decimal;
}

int32_t Decimal::DigitCount() const {
  // Every encoder checks each decimal against its column, so this counts without building text.
  const UInt128 magnitude =
      unscaled < 0 ? static_cast<UInt128>(-unscaled) : static_cast<UInt128>(unscaled);
  int32_t digits = 1;
  for (UInt128 bound = 10; digits < kMaxDecimalDigits + 1 && magnitude >= bound; bound *= 10) {
    ++digits;
  }
  return digits;
}

base::Result<Decimal> DecFloat::FiniteDecimal() const {
  const size_t exponent_at = text.find_first_of("Ee");
  if (text.find_first_of("IiNn") != std::string::npos) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "DECFLOAT " + text + " has no exact decimal value");
  }
  DB2KAFKA_ASSIGN_OR_RETURN(Decimal decimal,
                            Decimal::Parse(std::string_view(text).substr(0, exponent_at)));
  if (exponent_at != std::string::npos) {
    const std::string exponent_text = text.substr(exponent_at + 1);
    char* end = nullptr;
    const int64_t exponent = std::strtoll(exponent_text.c_str(), &end, 10);
    if (exponent_text.empty() || *end != '\0' || exponent < -6200 || exponent > 6200) {
      return base::Fail(base::ErrorCode::kInvalidArgument,
                        "not a DECFLOAT number: \"" + text + "\"");
    }
    decimal.scale -= static_cast<int32_t>(exponent);
  }
  return decimal;
}

int32_t Date::DaysSinceEpoch() const { return DaysFromCivil(year, month, day); }

bool Date::IsValid() const {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

std::string Date::ToString() const {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

// Db2 accepts 24:00:00 as the end of a day.
bool Time::IsValid() const {
  return (hour < 24 && minute < 60 && second < 60) || (hour == 24 && minute == 0 && second == 0);
}

std::string Time::ToString() const {
  char buffer[12];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d:%02d", hour, minute, second);
  return buffer;
}

int64_t Timestamp::EpochSeconds() const {
  return int64_t{date.DaysSinceEpoch()} * 86400 + time.SecondOfDay();
}

bool Timestamp::IsValid() const {
  return date.IsValid() && time.IsValid() && picoseconds >= 0 && picoseconds < 1'000'000'000'000 &&
         precision <= 12;
}

std::string Timestamp::ToString() const {
  std::string text = date.ToString() + "T" + time.ToString();
  if (precision > 0) {
    char fraction[16];
    std::snprintf(fraction, sizeof fraction, "%012lld", static_cast<long long>(picoseconds));
    text += '.';
    text.append(fraction, precision);
  }
  return text;
}

std::string Value::DebugString() const {
  std::string kind_name(ValueKindName(kind()));
  return std::visit(
      [&](const auto& value) -> std::string {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, Null>) {
          return kind_name;
        } else if constexpr (std::is_same_v<T, bool>) {
          return kind_name + (value ? " true" : " false");
        } else if constexpr (std::is_arithmetic_v<T>) {
          return kind_name + " " + std::to_string(value);
        } else if constexpr (std::is_same_v<T, Decimal> || std::is_same_v<T, Date> ||
                             std::is_same_v<T, Time> || std::is_same_v<T, Timestamp>) {
          return kind_name + " " + value.ToString();
        } else if constexpr (std::is_same_v<T, DecFloat>) {
          return kind_name + " " + value.text;
        } else if constexpr (std::is_same_v<T, Bytes>) {
          return kind_name + " x'" + base::HexLower(value.data) + "'";
        } else {
          return kind_name + " \"" + value.utf8 + "\"";
        }
      },
      storage_);
}

void Value::AbortWrongKind(ValueKind actual) {
  std::fprintf(stderr, "model::Value: read as another kind than its own (%s)\n",
               std::string(ValueKindName(actual)).c_str());
  std::abort();
}

}  // namespace db2kafka::model
