// Avro binary encoding (Avro 1.11 specification, "Binary Encoding") of the primitive types, into a
// caller-owned string so one buffer serves a whole record without per-field allocations.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace db2kafka::encode {

class AvroWriter {
 public:
  explicit AvroWriter(std::string& out) : out_(out) {}

  void Null() {}
  void Boolean(bool value) { out_.push_back(value ? '\1' : '\0'); }
  void Int(int32_t value) { Long(value); }
  // Zig-zag then base-128 varint, low groups first.
  void Long(int64_t value) {
    uint64_t zigzag = (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
    char buffer[10];
    size_t size = 0;
    while (zigzag >= 0x80) {
      buffer[size++] = static_cast<char>((zigzag & 0x7f) | 0x80);
      zigzag >>= 7;
    }
    buffer[size++] = static_cast<char>(zigzag);
    out_.append(buffer, size);
  }
  void Float(float value) { AppendLittleEndian(std::bit_cast<uint32_t>(value)); }
  void Double(double value) { AppendLittleEndian(std::bit_cast<uint64_t>(value)); }
  // bytes and string share one encoding: a long length, then the bytes.
  void Bytes(std::string_view bytes) {
    Long(static_cast<int64_t>(bytes.size()));
    out_.append(bytes);
  }
  void String(std::string_view utf8) { Bytes(utf8); }
  void Fixed(std::string_view bytes) { out_.append(bytes); }
  // A union value starts with the zero-based index of the branch it takes.
  void UnionBranch(int32_t index) { Long(index); }
  void Enum(int32_t symbol_index) { Long(symbol_index); }
  // Arrays and maps: one block with `count` items, then the items, then EndBlocks().
  void BlockStart(int64_t count) {
    if (count > 0) Long(count);
  }
  void EndBlocks() { Long(0); }

  std::string& out() { return out_; }

 private:
  template <typename T>
  void AppendLittleEndian(T bits) {
    char buffer[sizeof(T)];
    for (size_t i = 0; i < sizeof(T); ++i) buffer[i] = static_cast<char>(bits >> (8 * i));
    out_.append(buffer, sizeof(T));
  }

  std::string& out_;
};

}  // namespace db2kafka::encode
