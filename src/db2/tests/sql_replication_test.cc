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

TEST(SequenceBefore, DecrementsUnsignedWithBorrowAtTheSameWidth) {
  EXPECT_EQ(SequenceBefore(std::string("\x00\x01\x05", 3)), std::string("\x00\x01\x04", 3));
  EXPECT_EQ(SequenceBefore(std::string("\x00\x01\x00", 3)), std::string("\x00\x00\xff", 3));
  EXPECT_EQ(SequenceBefore(std::string("\x80\x00", 2)), std::string("\x7f\xff", 2));
  EXPECT_EQ(SequenceBefore(std::string(10, '\0')), std::nullopt);
}

}  // namespace
}  // namespace db2kafka::db2
