#include "model/instant.h"

#include <gtest/gtest.h>

namespace db2kafka::model {
namespace {

TEST(Instant, ParsesUtcOffsetsAndFractions) {
  EXPECT_EQ(ParseInstant("1970-01-01T00:00:00Z").value(), 0);
  EXPECT_EQ(ParseInstant("2024-05-01T08:00:00Z").value(), 1'714'550'400'000'000);
  EXPECT_EQ(ParseInstant("2024-05-01T10:00:00+02:00").value(), 1'714'550'400'000'000);
  EXPECT_EQ(ParseInstant("2024-05-01T07:30:00-00:30").value(), 1'714'550'400'000'000);
  EXPECT_EQ(ParseInstant("2024-05-01 08:00:00.25Z").value(), 1'714'550'400'250'000);
  EXPECT_EQ(ParseInstant("2024-05-01T08:00:00.123456789Z").value(), 1'714'550'400'123'456);
}

TEST(Instant, RefusesWhatIsNotAnInstantWithAZone) {
  for (const char* bad : {"2024-05-01T08:00:00", "2024-05-01", "2024-02-30T00:00:00Z",
                          "2024-05-01T08:00:00.Z", "2024-05-01T08:00:00.1234567890Z",
                          "2024-05-01T08:00:00+0200", "yesterday", "2024-05-01T08:00:00Zx"}) {
    const auto parsed = ParseInstant(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().code, base::ErrorCode::kInvalidArgument);
    EXPECT_NE(parsed.error().message.find("ISO-8601"), std::string::npos);
  }
}

TEST(Instant, TimestampLiteralIsUtcWithSixDigits) {
  EXPECT_EQ(TimestampLiteral(1'714'550'400'250'000), "2024-05-01 08:00:00.250000");
  EXPECT_EQ(TimestampLiteral(0), "1970-01-01 00:00:00.000000");
  EXPECT_EQ(TimestampLiteral(-1), "1969-12-31 23:59:59.999999");
}

}  // namespace
}  // namespace db2kafka::model
