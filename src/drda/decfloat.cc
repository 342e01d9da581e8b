#include "drda/decfloat.h"

#include <array>
#include <string_view>

namespace db2kafka::drda {
namespace {

// An IEEE 754-2008 decimal interchange format: 1 sign bit, a 5-bit combination field, the
// exponent continuation, then the coefficient continuation as 10-bit declets of 3 digits each.
struct Format {
  int exponent_continuation_bits;
  int declets;
  int bias;  // subtracted from the encoded exponent
};
constexpr Format kDecimal64{.exponent_continuation_bits = 8, .declets = 5, .bias = 398};
constexpr Format kDecimal128{.exponent_continuation_bits = 12, .declets = 11, .bias = 6176};
constexpr int kMaxDigits = 34;
constexpr size_t kMaxTextSize = 48;  // "-0.000001" + 33 digits, or "-d." + 33 digits + "E-6176"

// One declet to its value 0..999 per the DPD decoding table (IEEE 754-2008 Table 3.3), with the
// bits named p q r s t u v w x y from the most significant. All 1024 declets decode: the 24
// non-canonical ones (vwx = 111, st = 11, pq != 00) ignore pq, as the standard says.
constexpr int DecodeDeclet(unsigned declet) {
  const unsigned pqr = (declet >> 7) & 7;
  const unsigned pq = (declet >> 8) & 3;
  const unsigned r = (declet >> 7) & 1;
  const unsigned stu = (declet >> 4) & 7;
  const unsigned st = (declet >> 5) & 3;
  const unsigned u = (declet >> 4) & 1;
  const unsigned v = (declet >> 3) & 1;
  const unsigned wx = (declet >> 1) & 3;
  const unsigned wxy = declet & 7;
  const unsigned y = declet & 1;
  unsigned d1 = pqr;  // hundreds
  unsigned d2 = stu;
  unsigned d3 = wxy;
  if (v == 1) {
    switch (wx) {
      case 0:  // 100: only the last digit is large
        d3 = 8 + y;
        break;
      case 1:  // 101
        d2 = 8 + u;
        d3 = st << 1 | y;
        break;
      case 2:  // 110
        d1 = 8 + r;
        d3 = pq << 1 | y;
        break;
      default:  // 111: two or three large digits, told apart by st
        switch (st) {
          case 0:
            d1 = 8 + r;
            d2 = 8 + u;
            d3 = pq << 1 | y;
            break;
          case 1:
            d1 = 8 + r;
            d2 = pq << 1 | u;
            d3 = 8 + y;
            break;
          case 2:
            d2 = 8 + u;
            d3 = 8 + y;
            break;
          default:
            d1 = 8 + r;
            d2 = 8 + u;
            d3 = 8 + y;
            break;
        }
    }
  }
  return static_cast<int>(d1 * 100 + d2 * 10 + d3);
}

constexpr std::array<uint16_t, 1024> MakeDeclets() {
  std::array<uint16_t, 1024> values{};
  for (unsigned declet = 0; declet < values.size(); ++declet) {
    values[declet] = static_cast<uint16_t>(DecodeDeclet(declet));
  }
  return values;
}
constexpr std::array<uint16_t, 1024> kDeclets = MakeDeclets();

// `count` (at most 32) bits starting `first` bits after the most significant bit of bytes[0].
uint32_t Bits(std::span<const uint8_t> bytes, int first, int count) {
  uint32_t value = 0;
  for (int i = first; i < first + count; ++i) {
    value = value << 1 | ((bytes[static_cast<size_t>(i / 8)] >> (7 - i % 8)) & 1U);
  }
  return value;
}

// The coefficient continuation's digits, most significant first, appended to `digits`.
void AppendDeclets(std::span<const uint8_t> bytes, const Format& format,
                   std::array<char, kMaxDigits>& digits, int& count) {
  const int first = 6 + format.exponent_continuation_bits;
  for (int i = 0; i < format.declets; ++i) {
    const int value = kDeclets[Bits(bytes, first + i * 10, 10)];
    digits[static_cast<size_t>(count++)] = static_cast<char>('0' + value / 100);
    digits[static_cast<size_t>(count++)] = static_cast<char>('0' + value / 10 % 10);
    digits[static_cast<size_t>(count++)] = static_cast<char>('0' + value % 10);
  }
}

std::string_view WithoutLeadingZeros(std::string_view digits) {
  const size_t first = digits.find_first_not_of('0');
  return first == std::string_view::npos ? std::string_view() : digits.substr(first);
}

// to-scientific-string of a finite number: coefficient digits (no leading zeros, "0" for zero).
std::string FormatFinite(bool negative, std::string_view coefficient, int exponent) {
  std::string text;
  text.reserve(kMaxTextSize);
  if (negative) text += '-';
  const auto digit_count = static_cast<int>(coefficient.size());
  const int adjusted = exponent + digit_count - 1;
  if (exponent <= 0 && adjusted >= -6) {
    if (exponent == 0) {
      text += coefficient;
    } else if (digit_count > -exponent) {
      const int point_at = digit_count + exponent;
      const auto point = static_cast<size_t>(point_at);
      text += coefficient.substr(0, point);
      text += '.';
      text += coefficient.substr(point);
    } else {
      text += "0.";
      text.append(static_cast<size_t>(-exponent - digit_count), '0');
      text += coefficient;
    }
    return text;
  }
  text += coefficient[0];
  if (digit_count > 1) {
    text += '.';
    text += coefficient.substr(1);
  }
  text += adjusted < 0 ? "E-" : "E+";
  text += std::to_string(adjusted < 0 ? -adjusted : adjusted);
  return text;
}

}  // namespace

base::Result<std::string> DecodeDecFloat(const Column& column, std::span<const uint8_t> bytes,
                                         [[maybe_unused]] base::ByteOrder order) {
  if (bytes.size() != 8 && bytes.size() != 16) {
    return base::Fail(base::ErrorCode::kProtocol,
                      "column " + column.name + " (DECFLOAT) has a " +
                          std::to_string(bytes.size()) +
                          "-byte value; DECFLOAT(16) takes 8 bytes and DECFLOAT(34) 16");
  }
  const Format& format = bytes.size() == 8 ? kDecimal64 : kDecimal128;
  const bool negative = (bytes[0] & 0x80) != 0;
  const uint32_t combination = Bits(bytes, 1, 5);
  std::array<char, kMaxDigits> digits{};
  int count = 0;

  if (combination >> 1 == 0xF) {  // 11110 infinity, 11111 NaN
    if ((combination & 1) == 0) return std::string(negative ? "-Infinity" : "Infinity");
    // The bit after the combination field tells sNaN from NaN; the rest of the exponent
    // continuation is ignored, and the payload is the coefficient continuation alone.
    const bool signaling = Bits(bytes, 6, 1) != 0;
    AppendDeclets(bytes, format, digits, count);
    std::string text;
    text.reserve(kMaxTextSize);
    if (negative) text += '-';
    if (signaling) text += 's';
    text += "NaN";
    text += WithoutLeadingZeros(std::string_view(digits.data(), static_cast<size_t>(count)));
    return text;
  }

  // 11xxx: the two exponent bits follow the 11 and the leading digit is 8 or 9; otherwise the
  // first two bits are the exponent's and the last three the leading digit 0..7.
  uint32_t exponent_high = combination >> 3;
  int leading_digit = static_cast<int>(combination & 7);
  if (exponent_high == 3) {
    exponent_high = (combination >> 1) & 3;
    leading_digit = 8 + static_cast<int>(combination & 1);
  }
  const auto encoded_exponent =
      static_cast<int>(exponent_high << format.exponent_continuation_bits |
                       Bits(bytes, 6, format.exponent_continuation_bits));
  digits[static_cast<size_t>(count++)] = static_cast<char>('0' + leading_digit);
  AppendDeclets(bytes, format, digits, count);
  std::string_view coefficient =
      WithoutLeadingZeros(std::string_view(digits.data(), static_cast<size_t>(count)));
  if (coefficient.empty()) coefficient = "0";
  return FormatFinite(negative, coefficient, encoded_exponent - format.bias);
}

}  // namespace db2kafka::drda
