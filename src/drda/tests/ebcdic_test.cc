#include "drda/ebcdic.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace db2kafka::drda {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Bytes(std::initializer_list<uint8_t> bytes) { return {bytes.begin(), bytes.end()}; }

// Expected bytes come from Python's cp500 codec, not from our tables.
struct Golden {
  std::string text;
  std::string ebcdic;
};

TEST(Ebcdic, EncodesAndDecodesConnectStrings) {
  const std::vector<Golden> goldens = {
      {"Apache Derby",
       Bytes({0xC1, 0x97, 0x81, 0x83, 0x88, 0x85, 0x40, 0xC4, 0x85, 0x99, 0x82, 0xA8})},
      {"QTDSQLASC", Bytes({0xD8, 0xE3, 0xC4, 0xE2, 0xD8, 0xD3, 0xC1, 0xE2, 0xC3})},
      {"DNC10140", Bytes({0xC4, 0xD5, 0xC3, 0xF1, 0xF0, 0xF1, 0xF4, 0xF0})},
      {"testdb", Bytes({0xA3, 0x85, 0xA2, 0xA3, 0x84, 0x82})},
      {"pässwörd", Bytes({0x97, 0x43, 0xA2, 0xA2, 0xA6, 0xCC, 0x99, 0x84})},
  };
  for (const Golden& golden : goldens) {
    const auto ebcdic = Utf8ToEbcdic(golden.text);
    ASSERT_TRUE(ebcdic) << golden.text << ": " << ebcdic.error().ToString();
    EXPECT_EQ(*ebcdic, golden.ebcdic) << golden.text;
    EXPECT_EQ(EbcdicToUtf8(golden.ebcdic), golden.text);
  }
}

// The characters where CCSID 500 differs from CCSID 37 ([ ] ! ^ |) plus the everyday ones, and
// controls whose IBM mapping (NEL at 0x15, LF at 0x25) is easy to get swapped.
TEST(Ebcdic, MapsSingleCharactersLikeCcsid500) {
  const std::vector<std::pair<std::string, uint8_t>> cases = {
      {"A", 0xC1},      {"a", 0x81},      {"0", 0xF0},      {" ", 0x40},
      {".", 0x4B},      {"/", 0x61},      {"[", 0x4A},      {"]", 0x5A},
      {"!", 0x4F},      {"|", 0xBB},      {"^", 0x5F},      {"\n", 0x25},
      {"\u0085", 0x15}, {"\u00A0", 0x41}, {"\u00E9", 0x51}, {"ß", 0x59},
      {"\u00A2", 0xB0}, {"\u00FF", 0xDF}, {"\u009F", 0xFF}, {std::string(1, '\0'), 0x00},
  };
  for (const auto& [text, byte] : cases) {
    const auto ebcdic = Utf8ToEbcdic(text);
    ASSERT_TRUE(ebcdic) << ebcdic.error().ToString();
    EXPECT_EQ(*ebcdic, std::string(1, static_cast<char>(byte))) << text;
    EXPECT_EQ(EbcdicToUtf8(std::string(1, static_cast<char>(byte))), text);
  }
}

// Every printable byte at once, as Python's cp500 codec decodes bytes 0x40..0xFF.
TEST(Ebcdic, DecodesThePrintableHalfLikeCp500) {
  const std::string expected =
      " \u00A0âäàáãåçñ[.<(+!"   // 0x4_
      "&éêëèíîïìß]$*);^"        // 0x5_
      "-/ÂÄÀÁÃÅÇÑ¦,%_>?"        // 0x6_
      "øÉÊËÈÍÎÏÌ`:#@'=\""       // 0x7_
      "Øabcdefghi«»ðýþ±"        // 0x8_
      "°jklmnopqrªºæ¸Æ¤"        // 0x9_
      "µ~stuvwxyz¡¿ÐÝÞ®"        // 0xA_
      "¢£¥·©§¶¼½¾¬|¯¨´×"        // 0xB_
      "{ABCDEFGHI\u00ADôöòóõ"   // 0xC_
      "}JKLMNOPQR¹ûüùúÿ"        // 0xD_
      "\\÷STUVWXYZ²ÔÖÒÓÕ"       // 0xE_
      "0123456789³ÛÜÙÚ\u009F";  // 0xF_
  std::string bytes;
  for (int byte = 0x40; byte < 0x100; ++byte) bytes += static_cast<char>(byte);
  EXPECT_EQ(EbcdicToUtf8(bytes), expected);
  const auto ebcdic = Utf8ToEbcdic(expected);
  ASSERT_TRUE(ebcdic) << ebcdic.error().ToString();
  EXPECT_EQ(*ebcdic, bytes);
}

TEST(Ebcdic, RoundTripsAllLatin1Characters) {
  std::string utf8;
  for (unsigned code_point = 0; code_point < 256; ++code_point) {
    if (code_point < 0x80) {
      utf8 += static_cast<char>(code_point);
    } else {
      utf8 += static_cast<char>(0xC0 | code_point >> 6);
      utf8 += static_cast<char>(0x80 | (code_point & 0x3F));
    }
  }
  const auto ebcdic = Utf8ToEbcdic(utf8);
  ASSERT_TRUE(ebcdic) << ebcdic.error().ToString();
  ASSERT_EQ(ebcdic->size(), 256u);
  EXPECT_EQ(std::set<char>(ebcdic->begin(), ebcdic->end()).size(), 256u);  // a permutation
  EXPECT_EQ(EbcdicToUtf8(*ebcdic), utf8);
}

TEST(Ebcdic, RoundTripsAllBytes) {
  std::string bytes;
  for (int byte = 0; byte < 256; ++byte) bytes += static_cast<char>(byte);
  const auto back = Utf8ToEbcdic(EbcdicToUtf8(bytes));
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(*back, bytes);
}

TEST(Ebcdic, HandlesEmptyInput) {
  EXPECT_EQ(EbcdicToUtf8(""), "");
  const auto ebcdic = Utf8ToEbcdic("");
  ASSERT_TRUE(ebcdic);
  EXPECT_EQ(*ebcdic, "");
}

TEST(Ebcdic, RejectsCharactersAboveLatin1AndNamesThem) {
  const auto chinese = Utf8ToEbcdic("db\u4E2D");
  ASSERT_FALSE(chinese);
  EXPECT_EQ(chinese.error().code, base::ErrorCode::kInvalidArgument);
  EXPECT_EQ(chinese.error().message,
            "character '\u4E2D' (U+4E2D) at byte 2 cannot be sent in EBCDIC CCSID 500, which "
            "holds only Latin-1 (U+0000..U+00FF)");

  const auto just_above = Utf8ToEbcdic("\u0100");
  ASSERT_FALSE(just_above);
  EXPECT_THAT(just_above.error().message, HasSubstr("(U+0100) at byte 0"));

  const auto emoji = Utf8ToEbcdic("a\U0001F600");
  ASSERT_FALSE(emoji);
  EXPECT_THAT(emoji.error().message, HasSubstr("(U+1F600) at byte 1"));
}

TEST(Ebcdic, ErrorDoesNotQuoteTheRestOfTheInput) {
  const auto result = Utf8ToEbcdic("hunter2\u4E2Dsecret");
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, Not(HasSubstr("hunter2")));
  EXPECT_THAT(result.error().message, Not(HasSubstr("secret")));
}

TEST(Ebcdic, RejectsMalformedUtf8AndSaysWhere) {
  const auto bad_continuation = Utf8ToEbcdic("ab\xC3\x28");
  ASSERT_FALSE(bad_continuation);
  EXPECT_EQ(bad_continuation.error().code, base::ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad_continuation.error().message,
            "malformed UTF-8 at byte 2 (0xC3 0x28); only valid UTF-8 can be converted to EBCDIC "
            "CCSID 500");

  const auto truncated = Utf8ToEbcdic("x\xE4\xB8");
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().message,
            "malformed UTF-8 at byte 1 (0xE4 0xB8, cut off at the end); only valid UTF-8 can be "
            "converted to EBCDIC CCSID 500");
}

TEST(Ebcdic, RejectsEveryKindOfIllFormedSequence) {
  const std::vector<std::string> ill_formed = {
      "\x80",              // lone continuation byte
      "\xBF",              // lone continuation byte
      "\xC0\xAF",          // overlong '/'
      "\xC1\x81",          // overlong 'A': would otherwise sneak into the Latin-1 range
      "\xE0\x80\xAF",      // overlong 3-byte
      "\xF0\x80\x80\xAF",  // overlong 4-byte
      "\xED\xA0\x80",      // UTF-16 surrogate
      "\xF4\x90\x80\x80",  // above U+10FFFF
      "\xF5\x80\x80\x80",  // lead byte never valid
      "\xFF",              // never valid
      "\xC3",              // cut off
  };
  for (const std::string& bytes : ill_formed) {
    const auto result = Utf8ToEbcdic("ok" + bytes);
    ASSERT_FALSE(result) << "accepted bytes of length " << bytes.size();
    EXPECT_THAT(result.error().message, HasSubstr("malformed UTF-8 at byte 2"));
  }
}

}  // namespace
}  // namespace db2kafka::drda
