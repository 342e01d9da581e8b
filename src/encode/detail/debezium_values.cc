#include "encode/detail/debezium_values.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <system_error>
#include <vector>

#include "encode/value_text.h"

namespace db2kafka::encode::detail {
namespace {

constexpr char kUpperHex[] = "0123456789ABCDEF";

void AppendUnicodeEscape(std::string& out, uint32_t unit) {
  out.append("\\u");
  for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kUpperHex[(unit >> shift) & 15]);
}

// The code point of the valid UTF-8 sequence at text[0] and its length, or length 0. Not
// json_writer.cc's validator: Jackson escapes characters beyond U+FFFF, so the code point is
// needed.
size_t DecodeUtf8(std::string_view text, uint32_t& code_point) {
  const auto lead = static_cast<uint8_t>(text[0]);
  size_t length = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code_point = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code_point = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code_point = lead & 0x07;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (size_t i = 1; i < length; ++i) {
    const auto next = static_cast<uint8_t>(text[i]);
    if ((next & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (next & 0x3F);
  }
  static constexpr uint32_t kSmallestForLength[] = {0, 0, 0x80, 0x800, 0x10000};
  const bool overlong = code_point < kSmallestForLength[length];
  const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
  return overlong || surrogate || code_point > 0x10FFFF ? 0 : length;
}

// Decimal digits of |value| into the end of `buffer`; returns where they start.
char* UnsignedDigits(model::Int128 value, char* buffer_end) {
  // |Int128 minimum| never occurs: DECIMAL and DECFLOAT coefficients have at most 38 digits.
  model::UInt128 magnitude =
      value < 0 ? static_cast<model::UInt128>(-value) : static_cast<model::UInt128>(value);
  char* at = buffer_end;
  do {
    *--at = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  } while (magnitude != 0);
  return at;
}

// Drops leading bytes that only repeat the sign, as BigInteger.toByteArray() does.
size_t FirstSignificantByte(const uint8_t* bytes, size_t size) {
  size_t first = 0;
  while (first + 1 < size) {
    const bool redundant_zero = bytes[first] == 0x00 && (bytes[first + 1] & 0x80) == 0;
    const bool redundant_ones = bytes[first] == 0xFF && (bytes[first + 1] & 0x80) != 0;
    if (!redundant_zero && !redundant_ones) break;
    ++first;
  }
  return first;
}

// Java's Double.toString layout for the shortest scientific digits std::to_chars found: plain
// notation for 1e-3 <= |v| < 1e7, else d.dddE<exponent>; always a digit after the point.
void AppendJavaLayout(std::string& out, std::string_view scientific) {
  if (scientific.front() == '-') {
    out.push_back('-');
    scientific.remove_prefix(1);
  }
  const size_t e_at = scientific.find('e');
  char digits[24];
  size_t digit_count = 0;
  for (char c : scientific.substr(0, e_at)) {
    if (c != '.') digits[digit_count++] = c;
  }
  while (digit_count > 1 && digits[digit_count - 1] == '0') --digit_count;
  int exponent = 0;
  std::string_view exponent_text = scientific.substr(e_at + 1);
  if (exponent_text.front() == '+') exponent_text.remove_prefix(1);
  std::from_chars(exponent_text.data(), exponent_text.data() + exponent_text.size(), exponent);

  if (exponent >= -3 && exponent < 7) {
    if (exponent < 0) {
      out.append("0.");
      out.append(static_cast<size_t>(-exponent - 1), '0');
      out.append(digits, digit_count);
      return;
    }
    const auto integer_digits = static_cast<size_t>(exponent) + 1;
    if (digit_count <= integer_digits) {
      out.append(digits, digit_count);
      out.append(integer_digits - digit_count, '0');
      out.append(".0");
      return;
    }
    out.append(digits, integer_digits);
    out.push_back('.');
    out.append(digits + integer_digits, digit_count - integer_digits);
    return;
  }
  out.push_back(digits[0]);
  out.push_back('.');
  if (digit_count == 1) {
    out.push_back('0');
  } else {
    out.append(digits + 1, digit_count - 1);
  }
  out.push_back('E');
  char exponent_buffer[8];
  auto [end, ec] =
      std::to_chars(exponent_buffer, exponent_buffer + sizeof exponent_buffer, exponent);
  out.append(exponent_buffer, end);
}

template <typename Floating>
void AppendJavaFloating(std::string& out, Floating value) {
  if (std::isnan(value)) {
    out.append(R"("NaN")");
    return;
  }
  if (std::isinf(value)) {
    out.append(value > 0 ? R"("Infinity")" : R"("-Infinity")");
    return;
  }
  if (value == 0) {
    out.append(std::signbit(value) ? "-0.0" : "0.0");
    return;
  }
  char buffer[48];
  auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  const bool one_digit = buffer[(value < 0 ? 1 : 0) + 1] == 'e';
  if (one_digit) {
    // Java prints at least two digits and then takes the two-digit decimal nearest the value
    // ("4.9E-324", not "5.0E-324"), when that still reads back to it.
    char two[48];
    auto [two_end, two_ec] =
        std::to_chars(two, two + sizeof two, value, std::chars_format::scientific, 1);
    Floating back = 0;
    std::from_chars(two, two_end, back);
    if (back == value) {
      AppendJavaLayout(out, std::string_view(two, static_cast<size_t>(two_end - two)));
      return;
    }
  }
  AppendJavaLayout(out, std::string_view(buffer, static_cast<size_t>(end - buffer)));
}

}  // namespace

// Differs from AppendJsonString on purpose: upper-case \u00XX and escaped surrogate pairs, as
// Jackson writes them, so the output matches Kafka Connect's byte for byte.
void AppendJacksonString(std::string& out, std::string_view utf8) {
  out.push_back('"');
  size_t plain_start = 0;
  size_t i = 0;
  auto flush_plain = [&] { out.append(utf8.data() + plain_start, i - plain_start); };
  while (i < utf8.size()) {
    const auto c = static_cast<uint8_t>(utf8[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      uint32_t code_point = 0;
      const size_t length = DecodeUtf8(utf8.substr(i), code_point);
      if (length > 0 && length < 4) {
        i += length;
        continue;
      }
      flush_plain();
      if (length == 4) {
        AppendUnicodeEscape(out, 0xD800 + ((code_point - 0x10000) >> 10));
        AppendUnicodeEscape(out, 0xDC00 + ((code_point - 0x10000) & 0x3FF));
        i += 4;
      } else {
        out.append("\xEF\xBF\xBD");  // U+FFFD
        ++i;
      }
      plain_start = i;
      continue;
    }
    flush_plain();
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      default:
        AppendUnicodeEscape(out, c);
    }
    plain_start = ++i;
  }
  flush_plain();
  out.push_back('"');
}

void AppendDebeziumBase64(std::string& out, std::string_view bytes) { AppendBase64(out, bytes); }

std::string TwosComplementBytes(model::Int128 unscaled, int32_t ten_power) {
  // Magnitude in base-2^32 limbs, least significant first, multiplied up by powers of ten.
  model::UInt128 magnitude =
      unscaled < 0 ? static_cast<model::UInt128>(-unscaled) : static_cast<model::UInt128>(unscaled);
  std::vector<uint32_t> limbs;
  for (; magnitude != 0; magnitude >>= 32) limbs.push_back(static_cast<uint32_t>(magnitude));
  for (int32_t left = limbs.empty() ? 0 : ten_power; left > 0;) {
    const int32_t step = left < 9 ? left : 9;
    uint32_t factor = 1;
    for (int32_t i = 0; i < step; ++i) factor *= 10;
    uint64_t carry = 0;
    for (uint32_t& limb : limbs) {
      const uint64_t product = uint64_t{limb} * factor + carry;
      limb = static_cast<uint32_t>(product);
      carry = product >> 32;
    }
    if (carry != 0) limbs.push_back(static_cast<uint32_t>(carry));
    left -= step;
  }
  // Big-endian with a leading zero byte so the sign survives negation.
  std::vector<uint8_t> bytes(1 + limbs.size() * 4, 0);
  for (size_t i = 0; i < limbs.size(); ++i) {
    for (size_t b = 0; b < 4; ++b) {
      bytes[bytes.size() - 1 - (i * 4 + b)] = static_cast<uint8_t>(limbs[i] >> (8 * b));
    }
  }
  if (unscaled < 0) {
    bool carry = true;
    for (size_t i = bytes.size(); i-- > 0;) {
      bytes[i] = static_cast<uint8_t>(~bytes[i]);
      if (carry) carry = ++bytes[i] == 0;
    }
  }
  const size_t first = FirstSignificantByte(bytes.data(), bytes.size());
  return {reinterpret_cast<const char*>(bytes.data()) + first, bytes.size() - first};
}

void AppendTwosComplementBase64(std::string& out, model::Int128 unscaled) {
  std::array<uint8_t, 16> bytes;
  auto bits = static_cast<model::UInt128>(unscaled);
  for (size_t i = bytes.size(); i-- > 0; bits >>= 8) bytes[i] = static_cast<uint8_t>(bits);
  const size_t first = FirstSignificantByte(bytes.data(), bytes.size());
  AppendDebeziumBase64(out, std::string_view(reinterpret_cast<const char*>(bytes.data()) + first,
                                             bytes.size() - first));
}

void AppendJavaDouble(std::string& out, double value) { AppendJavaFloating(out, value); }

void AppendJavaFloat(std::string& out, float value) { AppendJavaFloating(out, value); }

void AppendPlainDecimal(std::string& out, model::Int128 unscaled, int32_t scale) {
  char buffer[48];
  char* const end = buffer + sizeof buffer;
  const char* digits = UnsignedDigits(unscaled, end);
  auto digit_count = static_cast<size_t>(end - digits);
  if (unscaled < 0) out.push_back('-');
  if (scale <= 0) {
    out.append(digits, digit_count);
    if (unscaled != 0) out.append(static_cast<size_t>(-static_cast<int64_t>(scale)), '0');
    return;
  }
  const auto fraction_digits = static_cast<size_t>(scale);
  if (digit_count <= fraction_digits) {
    out.append("0.");
    out.append(fraction_digits - digit_count, '0');
    out.append(digits, digit_count);
    return;
  }
  out.append(digits, digit_count - fraction_digits);
  out.push_back('.');
  out.append(digits + digit_count - fraction_digits, fraction_digits);
}

double DecimalToDouble(model::Int128 unscaled, int32_t scale) {
  char buffer[64];
  char* const digits_end = buffer + 48;
  char* digits = UnsignedDigits(unscaled, digits_end);
  const auto digit_count = static_cast<int64_t>(digits_end - digits);
  char* at = digits_end;
  *at++ = 'e';
  at = std::to_chars(at, buffer + sizeof buffer, -static_cast<int64_t>(scale)).ptr;
  double magnitude = 0;
  auto [ptr, ec] = std::from_chars(digits, at, magnitude);
  if (ec == std::errc::result_out_of_range) {
    // Past the double range: infinity when the number is large, zero when it is tiny.
    const int64_t decimal_exponent = digit_count - 1 - scale;
    magnitude = decimal_exponent > 0 ? HUGE_VAL : 0.0;
  }
  return unscaled < 0 ? -magnitude : magnitude;
}

void AppendLsnText(std::string& out, std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto byte = static_cast<uint8_t>(bytes[i]);
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 15]);
    if (i == 3 || i == 7) out.push_back(':');
  }
}

}  // namespace db2kafka::encode::detail
