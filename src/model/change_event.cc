#include "model/change_event.h"

#include <algorithm>
#include <array>

#include "base/hex.h"
#include "base/status_macros.h"

namespace db2kafka::model {
namespace {

constexpr size_t kWidestSequence = 16;

std::strong_ordering CompareSequences(std::string_view a, std::string_view b) {
  const size_t width = std::max({a.size(), b.size(), kWidestSequence});
  for (size_t i = 0; i < width; ++i) {
    const size_t a_pad = width - a.size();
    const size_t b_pad = width - b.size();
    const auto a_byte = i < a_pad ? uint8_t{0} : static_cast<uint8_t>(a[i - a_pad]);
    const auto b_byte = i < b_pad ? uint8_t{0} : static_cast<uint8_t>(b[i - b_pad]);
    if (a_byte != b_byte) return a_byte <=> b_byte;
  }
  return std::strong_ordering::equal;
}

base::Result<std::string> BytesFromHex(std::string_view hex, std::string_view whole) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string bytes;
  bool valid = hex.size() % 2 == 0 && hex.size() <= 2 * kWidestSequence;
  for (size_t i = 0; valid && i < hex.size(); i += 2) {
    const int high = nibble(hex[i]);
    const int low = nibble(hex[i + 1]);
    valid = high >= 0 && low >= 0;
    bytes += static_cast<char>(high * 16 + low);
  }
  if (!valid) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "not a position: \"" + std::string(whole) +
                          "\" — expected <commit sequence hex>:<intent sequence hex>, each 20 or "
                          "32 hex digits, as db2kafka status prints it");
  }
  return bytes;
}

}  // namespace

std::string_view OperationName(Operation operation) {
  static constexpr std::array<std::string_view, 6> kNames = {
      "SNAPSHOT_READ", "INSERT", "UPDATE", "DELETE", "DDL", "HEARTBEAT"};
  return kNames[static_cast<size_t>(operation)];
}

std::string Position::ToHex() const {
  if (empty()) return "";
  return base::HexLower(commit_sequence) + ":" + base::HexLower(intent_sequence);
}

base::Result<Position> Position::FromHex(std::string_view text) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    return tl::unexpected(BytesFromHex("x", text).error());  // the malformed-position message
  }
  Position position;
  DB2KAFKA_ASSIGN_OR_RETURN(position.commit_sequence, BytesFromHex(text.substr(0, colon), text));
  DB2KAFKA_ASSIGN_OR_RETURN(position.intent_sequence, BytesFromHex(text.substr(colon + 1), text));
  return position;
}

std::strong_ordering operator<=>(const Position& a, const Position& b) {
  const std::strong_ordering by_commit = CompareSequences(a.commit_sequence, b.commit_sequence);
  if (std::is_neq(by_commit)) return by_commit;
  return CompareSequences(a.intent_sequence, b.intent_sequence);
}

}  // namespace db2kafka::model
