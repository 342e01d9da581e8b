// Appends big-endian integers and bytes to a growing buffer, for encoders of wire formats.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace db2kafka::base {

class ByteWriter {
 public:
  void U8(uint8_t value) { bytes_.push_back(value); }
  void U16(uint16_t value) {
    bytes_.push_back(static_cast<uint8_t>(value >> 8));
    bytes_.push_back(static_cast<uint8_t>(value));
  }
  void U32(uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      bytes_.push_back(static_cast<uint8_t>(value >> shift));
    }
  }
  void U64(uint64_t value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes_.push_back(static_cast<uint8_t>(value >> shift));
    }
  }
  void Bytes(std::span<const uint8_t> bytes) {
    bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
  }
  void Chars(std::string_view text) { bytes_.insert(bytes_.end(), text.begin(), text.end()); }
  // Overwrites two bytes written earlier, for length fields known only at the end.
  void PatchU16(size_t position, uint16_t value) {
    bytes_[position] = static_cast<uint8_t>(value >> 8);
    bytes_[position + 1] = static_cast<uint8_t>(value);
  }

  size_t size() const { return bytes_.size(); }
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  std::vector<uint8_t> Take() { return std::move(bytes_); }

 private:
  std::vector<uint8_t> bytes_;
};

}  // namespace db2kafka::base
