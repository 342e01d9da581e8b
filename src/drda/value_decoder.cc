#include "drda/value_decoder.h"

#include <bit>
#include <cstring>

namespace db2kafka::drda {
namespace {

base::Error SizeError(const Column& column, size_t size) {
  return base::MakeError(base::ErrorCode::kProtocol,
                         "column " + column.name + " (" + std::string(column.type->name) +
                             ") has a " + std::to_string(size) + "-byte value");
}

}  // namespace

base::Result<int64_t> DecodeInteger(const Column& column, std::span<const uint8_t> bytes,
                                    base::ByteOrder order) {
  switch (bytes.size()) {
    case 2:
      return static_cast<int16_t>(base::LoadU16(bytes.data(), order));
    case 4:
      return static_cast<int32_t>(base::LoadU32(bytes.data(), order));
    case 8:
      return static_cast<int64_t>(base::LoadU64(bytes.data(), order));
    default:
      return base::Fail(SizeError(column, bytes.size()));
  }
}

base::Result<double> DecodeFloating(const Column& column, std::span<const uint8_t> bytes,
                                    base::ByteOrder order) {
  if (bytes.size() == 4) {
    return static_cast<double>(std::bit_cast<float>(base::LoadU32(bytes.data(), order)));
  }
  if (bytes.size() == 8) return std::bit_cast<double>(base::LoadU64(bytes.data(), order));
  return base::Fail(SizeError(column, bytes.size()));
}

base::Result<std::string> DecodeDecimal(const Column& column, std::span<const uint8_t> bytes) {
  const int precision = column.precision();
  const int scale = column.scale();
  if (bytes.size() != static_cast<size_t>(precision) / 2 + 1 || scale > precision) {
    return base::Fail(SizeError(column, bytes.size()));
  }
  // Nibbles: an even precision leaves one unused leading nibble; the last nibble is the sign.
  std::string digits;
  digits.reserve(bytes.size() * 2);
  for (size_t i = 0; i < bytes.size(); ++i) {
    const uint8_t high = bytes[i] >> 4;
    const uint8_t low = bytes[i] & 0x0F;
    if (high > 9 || (low > 9 && i + 1 < bytes.size())) {
      return base::Fail(base::ErrorCode::kProtocol,
                        "column " + column.name + " holds an invalid packed decimal");
    }
    digits += static_cast<char>('0' + high);
    if (i + 1 < bytes.size()) digits += static_cast<char>('0' + low);
  }
  const uint8_t sign = bytes.back() & 0x0F;
  if (sign < 0x0A) {
    return base::Fail(base::ErrorCode::kProtocol,
                      "column " + column.name + " holds a packed decimal without a sign");
  }
  const bool negative = sign == 0x0B || sign == 0x0D;
  digits = digits.substr(digits.size() - static_cast<size_t>(precision));
  std::string integer_part = digits.substr(0, digits.size() - static_cast<size_t>(scale));
  const std::string fraction = digits.substr(digits.size() - static_cast<size_t>(scale));
  const size_t first_digit = integer_part.find_first_not_of('0');
  integer_part = first_digit == std::string::npos ? "0" : integer_part.substr(first_digit);
  std::string text = integer_part;
  if (scale > 0) text += "." + fraction;
  const bool zero = text.find_first_not_of("0.") == std::string::npos;
  // A negative zero is still zero; SQL has no signed zero for DECIMAL.
  if (negative && !zero) text.insert(0, "-");
  return text;
}

base::Result<std::string> DecodeUtf16(std::span<const uint8_t> bytes) {
  if (bytes.size() % 2 != 0) {
    return base::Fail(base::ErrorCode::kProtocol,
                      "UTF-16 data of odd length " + std::to_string(bytes.size()));
  }
  std::string utf8;
  for (size_t i = 0; i < bytes.size(); i += 2) {
    auto code_point = static_cast<uint32_t>(bytes[i] << 8 | bytes[i + 1]);
    if (code_point >= 0xD800 && code_point <= 0xDBFF && i + 3 < bytes.size()) {
      const auto low = static_cast<uint32_t>(bytes[i + 2] << 8 | bytes[i + 3]);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      }
    }
    if (code_point >= 0xD800 && code_point <= 0xDFFF) code_point = 0xFFFD;  // a lone surrogate
    if (code_point < 0x80) {
      utf8 += static_cast<char>(code_point);
    } else if (code_point < 0x800) {
      utf8 += static_cast<char>(0xC0 | code_point >> 6);
      utf8 += static_cast<char>(0x80 | (code_point & 0x3F));
    } else if (code_point < 0x10000) {
      utf8 += static_cast<char>(0xE0 | code_point >> 12);
      utf8 += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
      utf8 += static_cast<char>(0x80 | (code_point & 0x3F));
    } else {
      utf8 += static_cast<char>(0xF0 | code_point >> 18);
      utf8 += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
      utf8 += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
      utf8 += static_cast<char>(0x80 | (code_point & 0x3F));
    }
  }
  return utf8;
}

bool DecodeBoolean(std::span<const uint8_t> bytes) {
  for (uint8_t byte : bytes) {
    if (byte != 0) return true;
  }
  return false;
}

}  // namespace db2kafka::drda
