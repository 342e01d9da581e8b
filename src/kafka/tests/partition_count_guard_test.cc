#include "kafka/partition_count_guard.h"

#include <gtest/gtest.h>

namespace db2kafka::kafka {
namespace {

TEST(PartitionCountGuard, RemembersTheFirstCountAndReportsAChange) {
  PartitionCountGuard guard;
  EXPECT_TRUE(guard.Observe("orders", 3));
  EXPECT_TRUE(guard.Observe("orders", 3));
  EXPECT_TRUE(guard.Observe("customers", 1));
  const base::Status changed = guard.Observe("orders", 6);
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().code, base::ErrorCode::kFailedPrecondition);
  EXPECT_NE(changed.error().message.find("topic orders had 3 partitions"), std::string::npos);
  EXPECT_NE(changed.error().message.find("now has 6"), std::string::npos);
  EXPECT_FALSE(changed.error().retriable);
  EXPECT_EQ(guard.known().at("orders"), 3);  // the task's original layout stays the reference
}

}  // namespace
}  // namespace db2kafka::kafka
