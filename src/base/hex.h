// Lower-case hexadecimal text of bytes, for binary values in JSON and for messages.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace db2kafka::base {

inline std::string HexLower(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (uint8_t byte : bytes) {
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 15];
  }
  return hex;
}

inline std::string HexLower(std::string_view text) {
  return HexLower(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

}  // namespace db2kafka::base
