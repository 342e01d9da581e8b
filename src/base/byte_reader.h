// Bounds-checked reading of a byte span, for decoders of wire formats. Every read that would run
// past the end returns a Protocol error naming the offset, never reads out of bounds.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "base/error.h"

namespace db2kafka::base {

enum class ByteOrder { kBigEndian, kLittleEndian };

class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  size_t position() const { return position_; }
  size_t remaining() const { return bytes_.size() - position_; }
  bool empty() const { return position_ == bytes_.size(); }

  Result<uint8_t> U8();
  Result<uint16_t> U16(ByteOrder order = ByteOrder::kBigEndian);
  Result<uint32_t> U32(ByteOrder order = ByteOrder::kBigEndian);
  Result<uint64_t> U64(ByteOrder order = ByteOrder::kBigEndian);
  Result<int16_t> I16(ByteOrder order = ByteOrder::kBigEndian);
  Result<int32_t> I32(ByteOrder order = ByteOrder::kBigEndian);
  Result<int64_t> I64(ByteOrder order = ByteOrder::kBigEndian);
  Result<std::span<const uint8_t>> Bytes(size_t count);
  Result<std::string_view> Chars(size_t count);
  Result<std::span<const uint8_t>> Rest();
  Status Skip(size_t count);

 private:
  Status Need(size_t count) const;

  std::span<const uint8_t> bytes_;
  size_t position_ = 0;
};

// Unchecked loads for callers that checked the length once for a whole field.
inline uint16_t LoadU16(const uint8_t* p, ByteOrder order) {
  return order == ByteOrder::kBigEndian ? static_cast<uint16_t>(p[0] << 8 | p[1])
                                        : static_cast<uint16_t>(p[1] << 8 | p[0]);
}
inline uint32_t LoadU32(const uint8_t* p, ByteOrder order) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    value = value << 8 | p[order == ByteOrder::kBigEndian ? i : 3 - i];
  }
  return value;
}
inline uint64_t LoadU64(const uint8_t* p, ByteOrder order) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) {
    value = value << 8 | p[order == ByteOrder::kBigEndian ? i : 7 - i];
  }
  return value;
}

}  // namespace db2kafka::base
