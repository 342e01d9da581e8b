#include "kafka/partitioner.h"

#include "base/status_macros.h"

namespace db2kafka::kafka {
namespace {

constexpr char32_t kReplacementCharacter = 0xFFFD;

// Decodes one code point from UTF-8 at `at`, advancing it. Malformed sequences yield U+FFFD and
// consume one byte, like Java's decoder with REPLACE.
char32_t NextCodePoint(std::string_view text, size_t& at) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) {
    ++at;
    return lead;
  }
  size_t length = 0;
  char32_t code_point = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, code_point = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, code_point = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, code_point = lead & 0x07, minimum = 0x10000;
  } else {
    ++at;
    return kReplacementCharacter;
  }
  if (at + length > text.size()) {
    ++at;
    return kReplacementCharacter;
  }
  for (size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) {
      ++at;
      return kReplacementCharacter;
    }
    code_point = (code_point << 6) | (byte(at + i) & 0x3F);
  }
  const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
  if (code_point < minimum || code_point > 0x10FFFF || surrogate) {
    ++at;
    return kReplacementCharacter;
  }
  at += length;
  return code_point;
}

}  // namespace

base::Result<PartitionPolicy> ParsePartitionPolicy(std::string_view name) {
  if (name == "partition0") return PartitionPolicy::kPartition0;
  if (name == "table") return PartitionPolicy::kTable;
  if (name == "primary_key") return PartitionPolicy::kPrimaryKey;
  return base::Fail(base::ErrorCode::kInvalidArgument,
                    "unknown partition policy \"" + std::string(name) +
                        "\"; use partition0, table or primary_key");
}

int32_t JavaStringHashCode(std::string_view utf8) {
  // Java's int arithmetic wraps; unsigned arithmetic gives the same bits without UB.
  uint32_t hash = 0;
  const auto add_unit = [&hash](uint32_t unit) { hash = hash * 31u + unit; };
  for (size_t at = 0; at < utf8.size();) {
    const char32_t code_point = NextCodePoint(utf8, at);
    if (code_point >= 0x10000) {
      const char32_t offset = code_point - 0x10000;
      add_unit(0xD800 + (offset >> 10));
      add_unit(0xDC00 + (offset & 0x3FF));
    } else {
      add_unit(code_point);
    }
  }
  return static_cast<int32_t>(hash);
}

int32_t PartitionForHash(int32_t hash, int32_t partition_count) {
  DB2KAFKA_CHECK(partition_count > 0);
  const int32_t remainder = hash % partition_count;  // C++ and Java agree: sign of the dividend
  return remainder < 0 ? -remainder : remainder;
}

std::string TableKey(std::string_view schema, std::string_view table) {
  std::string key(schema);
  key += '.';
  key += table;
  return key;
}

std::string PrimaryKeyKey(std::span<const std::string_view> values) {
  std::string key;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) key += '|';
    key += values[i];
  }
  return key;
}

int32_t ChoosePartition(PartitionPolicy policy, std::string_view key, int32_t partition_count) {
  if (policy == PartitionPolicy::kPartition0 || key.empty()) return 0;
  return PartitionForHash(JavaStringHashCode(key), partition_count);
}

}  // namespace db2kafka::kafka
