#include "base/byte_reader.h"

#include <string>

namespace db2kafka::base {

Status ByteReader::Need(size_t count) const {
  if (count <= remaining()) return {};
  return Fail(ErrorCode::kProtocol, "truncated: " + std::to_string(count) +
                                        " bytes needed at offset " + std::to_string(position_) +
                                        ", " + std::to_string(remaining()) + " left");
}

Result<uint8_t> ByteReader::U8() {
  if (Status ok = Need(1); !ok) return Fail(std::move(ok).error());
  return bytes_[position_++];
}

Result<uint16_t> ByteReader::U16(ByteOrder order) {
  if (Status ok = Need(2); !ok) return Fail(std::move(ok).error());
  const uint16_t value = LoadU16(bytes_.data() + position_, order);
  position_ += 2;
  return value;
}

Result<uint32_t> ByteReader::U32(ByteOrder order) {
  if (Status ok = Need(4); !ok) return Fail(std::move(ok).error());
  const uint32_t value = LoadU32(bytes_.data() + position_, order);
  position_ += 4;
  return value;
}

Result<uint64_t> ByteReader::U64(ByteOrder order) {
  if (Status ok = Need(8); !ok) return Fail(std::move(ok).error());
  const uint64_t value = LoadU64(bytes_.data() + position_, order);
  position_ += 8;
  return value;
}

Result<int16_t> ByteReader::I16(ByteOrder order) {
  return U16(order).map([](uint16_t v) { return static_cast<int16_t>(v); });
}
Result<int32_t> ByteReader::I32(ByteOrder order) {
  return U32(order).map([](uint32_t v) { return static_cast<int32_t>(v); });
}
Result<int64_t> ByteReader::I64(ByteOrder order) {
  return U64(order).map([](uint64_t v) { return static_cast<int64_t>(v); });
}

Result<std::span<const uint8_t>> ByteReader::Bytes(size_t count) {
  if (Status ok = Need(count); !ok) return Fail(std::move(ok).error());
  std::span<const uint8_t> bytes = bytes_.subspan(position_, count);
  position_ += count;
  return bytes;
}

Result<std::string_view> ByteReader::Chars(size_t count) {
  return Bytes(count).map([](std::span<const uint8_t> bytes) {
    return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  });
}

Result<std::span<const uint8_t>> ByteReader::Rest() { return Bytes(remaining()); }

Status ByteReader::Skip(size_t count) {
  if (Status ok = Need(count); !ok) return ok;
  position_ += count;
  return {};
}

}  // namespace db2kafka::base
