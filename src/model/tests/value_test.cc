#include "model/value.h"

#include <gtest/gtest.h>

namespace db2kafka::model {
namespace {

TEST(Decimal, PrintsEveryScaleDigit) {
  EXPECT_EQ((Decimal{-12340, 3}).ToString(), "-12.340");
  EXPECT_EQ((Decimal{0, 2}).ToString(), "0.00");
  EXPECT_EQ((Decimal{5, 3}).ToString(), "0.005");
  EXPECT_EQ((Decimal{-5, 1}).ToString(), "-0.5");
  EXPECT_EQ((Decimal{12, 0}).ToString(), "12");
  EXPECT_EQ((Decimal{12, -3}).ToString(), "12000");
}

TEST(Decimal, ParsesAndRoundTrips31Digits) {
  const std::string max31 = "999999999999999999999999999.9999";
  auto decimal = Decimal::Parse(max31);
  ASSERT_TRUE(decimal.has_value()) << decimal.error().ToString();
  EXPECT_EQ(decimal->scale, 4);
  EXPECT_EQ(decimal->DigitCount(), 31);
  EXPECT_EQ(decimal->ToString(), max31);
  EXPECT_EQ(Decimal::Parse("-" + max31)->ToString(), "-" + max31);
}

TEST(Decimal, NegativeZeroBecomesZero) {
  auto decimal = Decimal::Parse("-0.00");
  ASSERT_TRUE(decimal.has_value());
  EXPECT_EQ(decimal->ToString(), "0.00");
  EXPECT_EQ(decimal->DigitCount(), 1);
}

TEST(Decimal, RejectsWhatIsNotADecimal) {
  for (const char* bad :
       {"", "-", ".", "1e5", "1.2.3", "12a", "1234567890123456789012345678901234567890"}) {
    EXPECT_FALSE(Decimal::Parse(bad).has_value()) << bad;
  }
}

TEST(DecFloat, FiniteValuesBecomeExactDecimals) {
  EXPECT_EQ(DecFloat{"1.23E+5"}.FiniteDecimal()->ToString(), "123000");
  EXPECT_EQ(DecFloat{"1.23E-5"}.FiniteDecimal()->ToString(), "0.0000123");
  EXPECT_EQ(DecFloat{"-0"}.FiniteDecimal()->ToString(), "0");
  EXPECT_EQ(DecFloat{"9.999999999999999999999999999999999E+6144"}.FiniteDecimal()->scale, -6111);
  for (const char* special : {"NaN", "-Infinity", "Infinity", "sNaN"}) {
    EXPECT_FALSE(DecFloat{special}.FiniteDecimal().has_value()) << special;
  }
}

TEST(Date, CountsDaysFromTheEpoch) {
  EXPECT_EQ((Date{1970, 1, 1}).DaysSinceEpoch(), 0);
  EXPECT_EQ((Date{2000, 3, 1}).DaysSinceEpoch(), 11017);
  EXPECT_EQ((Date{1, 1, 1}).DaysSinceEpoch(), -719162);
  EXPECT_EQ((Date{9999, 12, 31}).DaysSinceEpoch(), 2932896);
  EXPECT_FALSE((Date{2023, 2, 29}).IsValid());
  EXPECT_TRUE((Date{2024, 2, 29}).IsValid());
}

TEST(Timestamp, KeepsAllTwelveFractionalDigits) {
  Timestamp timestamp{{2024, 1, 31}, {13, 14, 15}, 123456789012, 12};
  EXPECT_EQ(timestamp.ToString(), "2024-01-31T13:14:15.123456789012");
  timestamp.precision = 6;
  EXPECT_EQ(timestamp.ToString(), "2024-01-31T13:14:15.123456");
  timestamp.precision = 0;
  EXPECT_EQ(timestamp.ToString(), "2024-01-31T13:14:15");
  EXPECT_EQ(timestamp.EpochSeconds(), 1706706855);
}

TEST(Value, KindFollowsTheAlternative) {
  EXPECT_EQ(Value().kind(), ValueKind::kNull);
  EXPECT_EQ(Value(int16_t{1}).kind(), ValueKind::kInt16);
  EXPECT_EQ(Value(1).kind(), ValueKind::kInt32);
  EXPECT_EQ(Value(int64_t{1}).kind(), ValueKind::kInt64);
  EXPECT_EQ(Value(1.5f).kind(), ValueKind::kFloat32);
  EXPECT_EQ(Value(1.5).kind(), ValueKind::kFloat64);
  EXPECT_EQ(Value(true).kind(), ValueKind::kBoolean);
  EXPECT_EQ(Value(String{"a"}).kind(), ValueKind::kString);
  EXPECT_EQ(Value(Xml{"<a/>"}).kind(), ValueKind::kXml);
  EXPECT_EQ(Value(Bytes{std::string("\0\1", 2)}).DebugString(), "BYTES x'0001'");
  EXPECT_EQ(Value(Decimal{-5, 1}).DebugString(), "DECIMAL -0.5");
}

TEST(ValueDeathTest, ReadingAnotherKindAborts) {
  EXPECT_DEATH((void)Value(1).As<String>(), "read as another kind");
}

}  // namespace
}  // namespace db2kafka::model
