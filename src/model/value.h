// One column value of a row, owned, independent of where it was read (DRDA snapshot rows, CD-table
// rows) and of where it goes (every encoder reads the same Value). The alternatives are the logical
// kinds of Db2's types; which Db2 type a value belongs to is the column's business (TableSchema).
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "base/error.h"

namespace db2kafka::model {

// 31-digit DECIMAL and 34-digit DECFLOAT coefficients fit in 127 bits with room to spare.
__extension__ using Int128 = __int128;
__extension__ using UInt128 = unsigned __int128;

// Order matters: ValueKind is the index of the alternative in Value's variant.
enum class ValueKind : uint8_t {
  kNull,
  kInt16,
  kInt32,
  kInt64,
  kDecimal,
  kDecFloat,
  kFloat32,
  kFloat64,
  kString,  // CHAR, VARCHAR, LONG VARCHAR, GRAPHIC, VARGRAPHIC, CLOB, DBCLOB: UTF-8
  kBytes,   // FOR BIT DATA, BINARY, VARBINARY, BLOB
  kDate,
  kTime,
  kTimestamp,
  kBoolean,
  kXml,  // serialized XML document, UTF-8
};
std::string_view ValueKindName(ValueKind kind);

struct Null {
  friend bool operator==(const Null&, const Null&) = default;
};

// Exact: value = unscaled × 10^-scale. A negative zero read from the wire is normalized to 0.
struct Decimal {
  Int128 unscaled = 0;
  int32_t scale = 0;

  // "-12.340" for {-12340, 3}; "0.00" for {0, 2}. No exponent, every scale digit kept.
  std::string ToString() const;
  // Parses "-12.340", "+5", ".5"; the scale is the number of digits after the point. Rejects
  // exponents and more than 38 digits.
  static base::Result<Decimal> Parse(std::string_view text);
  // Number of significant digits of |unscaled| (0 has 1).
  int32_t DigitCount() const;
  friend bool operator==(const Decimal&, const Decimal&) = default;
};

// DECFLOAT(16) or DECFLOAT(34), kept as Db2 prints it ("1.23E+5", "-0", "NaN", "-Infinity",
// "sNaN") because its exponent range exceeds every fixed decimal; encoders that need numbers
// parse it (FiniteDecimal()).
struct DecFloat {
  std::string text;
  // Finite values as an exact Decimal (scale may be negative for large exponents);
  // InvalidArgument for NaN and infinities.
  base::Result<Decimal> FiniteDecimal() const;
  friend bool operator==(const DecFloat&, const DecFloat&) = default;
};

struct String {
  std::string utf8;
  friend bool operator==(const String&, const String&) = default;
};

struct Bytes {
  std::string data;
  friend bool operator==(const Bytes&, const Bytes&) = default;
};

struct Xml {
  std::string utf8;
  friend bool operator==(const Xml&, const Xml&) = default;
};

// Proleptic Gregorian calendar date, as Db2 has no time zone on DATE.
struct Date {
  int16_t year = 1970;
  uint8_t month = 1;
  uint8_t day = 1;

  int32_t DaysSinceEpoch() const;
  std::string ToString() const;  // "2024-01-31"
  bool IsValid() const;
  friend auto operator<=>(const Date&, const Date&) = default;
};

struct Time {
  uint8_t hour = 0;
  uint8_t minute = 0;
  uint8_t second = 0;

  int32_t SecondOfDay() const { return hour * 3600 + minute * 60 + second; }
  std::string ToString() const;  // "13:14:15"
  bool IsValid() const;
  friend auto operator<=>(const Time&, const Time&) = default;
};

// Db2 TIMESTAMP(p), p = 0..12 fractional digits, no time zone: read as UTC by every encoder, as
// Debezium does. The fraction is kept in picoseconds so all 12 digits survive.
struct Timestamp {
  Date date;
  Time time;
  int64_t picoseconds = 0;  // 0 .. 999'999'999'999
  uint8_t precision = 6;    // fractional digits the column declares

  int64_t EpochSeconds() const;
  // "2024-01-31T13:14:15.123456" with exactly `precision` fractional digits.
  std::string ToString() const;
  bool IsValid() const;
  friend auto operator<=>(const Timestamp&, const Timestamp&) = default;
};

class Value {
 public:
  using Storage = std::variant<Null, int16_t, int32_t, int64_t, Decimal, DecFloat, float, double,
                               String, Bytes, Date, Time, Timestamp, bool, Xml>;

  Value() = default;
  template <typename T>
  requires std::is_constructible_v<Storage, T&&>
  // Implicit so rows read naturally ({Value(1), Value(String{"a"})}); the constraint keeps it from
  // hiding the copy and move constructors.
  // NOLINTNEXTLINE(google-explicit-constructor,bugprone-forwarding-reference-overload)
  Value(T&& value) : storage_(std::forward<T>(value)) {}

  ValueKind kind() const { return static_cast<ValueKind>(storage_.index()); }
  bool is_null() const { return kind() == ValueKind::kNull; }

  // The alternative of type T; aborts when the kind differs (a broken invariant, not bad input:
  // encoders check kinds against the column first, see row_check.h).
  template <typename T>
  const T& As() const {
    const T* value = std::get_if<T>(&storage_);
    if (value == nullptr) AbortWrongKind(kind());
    return *value;
  }
  template <typename T>
  const T* TryAs() const {
    return std::get_if<T>(&storage_);
  }
  const Storage& storage() const { return storage_; }

  // For messages and test failures: "DECIMAL 12.34", "STRING \"abc\"", "NULL".
  std::string DebugString() const;

  friend bool operator==(const Value&, const Value&) = default;

 private:
  [[noreturn]] static void AbortWrongKind(ValueKind actual);
  Storage storage_;
};

static_assert(std::variant_size_v<Value::Storage> == static_cast<size_t>(ValueKind::kXml) + 1);

}  // namespace db2kafka::model
