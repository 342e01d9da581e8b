#include "model/change_event.h"

#include <gtest/gtest.h>

namespace db2kafka::model {
namespace {

Position At(std::string commit, std::string intent) {
  return {std::move(commit), std::move(intent)};
}

TEST(Position, TenAndSixteenByteSequencesCompareAfterPadding) {
  const std::string ten_byte(10, '\x01');
  std::string sixteen_byte(16, '\0');
  sixteen_byte.replace(6, 10, ten_byte);
  EXPECT_EQ(At(ten_byte, ten_byte), At(sixteen_byte, sixteen_byte));
  std::string larger = sixteen_byte;
  larger[5] = '\x01';
  EXPECT_LT(At(ten_byte, ten_byte), At(larger, ten_byte));
  EXPECT_LT(At(ten_byte, std::string(10, '\x01')), At(ten_byte, std::string(10, '\x02')));
}

TEST(Position, ComparesBytesUnsigned) {
  EXPECT_LT(At(std::string(10, '\x7f'), ""), At(std::string(10, '\x80'), ""));
}

TEST(Position, HexRoundTrips) {
  const Position position = At(std::string("\x00\x01\xab\xff\x00\x00\x00\x00\x00\x09", 10),
                               std::string("\x00\x01\xab\xff\x00\x00\x00\x00\x00\x0a", 10));
  EXPECT_EQ(position.ToHex(), "0001abff000000000009:0001abff00000000000a");
  auto parsed = Position::FromHex(position.ToHex());
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  EXPECT_EQ(parsed->commit_sequence, position.commit_sequence);
  EXPECT_EQ(parsed->intent_sequence, position.intent_sequence);
}

TEST(Position, RejectsMalformedHexWithAHint) {
  for (const char* bad : {"", "00", "0g:00", "000:00", "00:0"}) {
    auto parsed = Position::FromHex(bad);
    ASSERT_FALSE(parsed.has_value()) << bad;
    EXPECT_NE(parsed.error().message.find("commit sequence hex"), std::string::npos);
  }
}

}  // namespace
}  // namespace db2kafka::model
