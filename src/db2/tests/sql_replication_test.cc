#include "db2/sql_replication.h"

#include <gtest/gtest.h>

namespace db2kafka::db2 {
namespace {

TEST(FitSequence, PadsAndStripsLeadingZeroBytesOnly) {
  const std::string ten("\x00\x00\x00\x00\x00\x00\x00\x01\x02\x03", 10);
  const std::string sixteen = std::string(6, '\0') + ten;
  EXPECT_EQ(*FitSequence(ten, 16), sixteen);
  EXPECT_EQ(*FitSequence(sixteen, 10), ten);
  EXPECT_EQ(*FitSequence(ten, 10), ten);
}

TEST(FitSequence, RefusesToDropSignificantBytes) {
  const std::string sixteen = std::string("\x01", 1) + std::string(15, '\0');
  const auto fitted = FitSequence(sixteen, 10);
  ASSERT_FALSE(fitted);
  EXPECT_EQ(fitted.error().code, base::ErrorCode::kInvalidArgument);
  EXPECT_NE(fitted.error().message.find("does not fit"), std::string::npos);
}

}  // namespace
}  // namespace db2kafka::db2
