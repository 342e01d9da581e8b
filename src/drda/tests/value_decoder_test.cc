#include "drda/value_decoder.h"

#include <gtest/gtest.h>

#include <vector>

namespace db2kafka::drda {
namespace {

Column DecimalColumn(int precision, int scale) {
  Column column;
  column.name = "D";
  column.fdoca_type = 0x0F;
  column.length = static_cast<uint16_t>(precision << 8 | scale);
  column.type = FindWireType(column.fdoca_type);
  return column;
}

TEST(DecodeDecimal, ReadsPackedDecimalsExactly) {
  const std::vector<uint8_t> price = {0x00, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56, 0x7C};  // DEC(15,2)
  EXPECT_EQ(DecodeDecimal(DecimalColumn(15, 2), price).value(), "12345.67");
  const std::vector<uint8_t> negative = {0x00, 0x05, 0x0D};  // DEC(5,2) -0.50
  EXPECT_EQ(DecodeDecimal(DecimalColumn(5, 2), negative).value(), "-0.50");
  const std::vector<uint8_t> negative_zero = {0x00, 0x00, 0x0D};
  EXPECT_EQ(DecodeDecimal(DecimalColumn(5, 2), negative_zero).value(), "0.00");
  const std::vector<uint8_t> integer = {0x04, 0x2F};  // DEC(3,0) with sign F
  EXPECT_EQ(DecodeDecimal(DecimalColumn(3, 0), integer).value(), "42");
  // DEC(31,0) max: 31 nines.
  std::vector<uint8_t> max(16, 0x99);
  max.back() = 0x9C;
  EXPECT_EQ(DecodeDecimal(DecimalColumn(31, 0), max).value(), std::string(31, '9'));
  std::vector<uint8_t> fraction(16, 0x00);
  fraction[0] = 0x10;  // 31 digits and the sign fill all 32 nibbles
  fraction.back() = 0x0D;
  EXPECT_EQ(DecodeDecimal(DecimalColumn(31, 31), fraction).value(),
            "-0." + std::string("1") + std::string(30, '0'));
}

TEST(DecodeDecimal, RejectsBadNibblesSignsAndSizes) {
  EXPECT_FALSE(DecodeDecimal(DecimalColumn(3, 0), std::vector<uint8_t>{0x4A, 0x2C}));
  EXPECT_FALSE(DecodeDecimal(DecimalColumn(3, 0), std::vector<uint8_t>{0x04, 0x25}));
  EXPECT_FALSE(DecodeDecimal(DecimalColumn(3, 0), std::vector<uint8_t>{0x04}));
}

TEST(DecodeInteger, FollowsTheServerByteOrder) {
  Column column;
  column.name = "I";
  column.type = FindWireType(0x02);
  const std::vector<uint8_t> bytes = {0xFF, 0xFF, 0xFF, 0xFE};
  EXPECT_EQ(DecodeInteger(column, bytes, base::ByteOrder::kBigEndian).value(), -2);
  EXPECT_EQ(DecodeInteger(column, bytes, base::ByteOrder::kLittleEndian).value(),
            static_cast<int32_t>(0xFEFFFFFF));
  EXPECT_FALSE(DecodeInteger(column, std::vector<uint8_t>{1, 2, 3}, base::ByteOrder::kBigEndian));
}

TEST(DecodeFloating, ReadsRealAndDouble) {
  Column column;
  column.name = "F";
  column.type = FindWireType(0x0A);
  EXPECT_EQ(DecodeFloating(column, std::vector<uint8_t>{0x3F, 0xC0, 0x00, 0x00},
                           base::ByteOrder::kBigEndian)
                .value(),
            1.5);
  EXPECT_EQ(DecodeFloating(column, std::vector<uint8_t>{0x40, 0x02, 0, 0, 0, 0, 0, 0},
                           base::ByteOrder::kBigEndian)
                .value(),
            2.25);
}

TEST(DecodeUtf16, HandlesSurrogatePairsAndLoneSurrogates) {
  EXPECT_EQ(DecodeUtf16(std::vector<uint8_t>{0x00, 0x41, 0x00, 0xE9}).value(), "A\xC3\xA9");
  EXPECT_EQ(DecodeUtf16(std::vector<uint8_t>{0xD8, 0x3D, 0xDE, 0x00}).value(), "\xF0\x9F\x98\x80");
  EXPECT_EQ(DecodeUtf16(std::vector<uint8_t>{0xDC, 0x00}).value(), "\xEF\xBF\xBD");
  EXPECT_FALSE(DecodeUtf16(std::vector<uint8_t>{0x00}));
}

}  // namespace
}  // namespace db2kafka::drda
