#include "cdc/pruned_gap.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace db2kafka::cdc {
namespace {

using ::testing::HasSubstr;

model::TableSchema Table(std::string schema, std::string table) {
  model::TableSchema source;
  source.schema = std::move(schema);
  source.table = std::move(table);
  return source;
}

const std::string kBelow("\x00\x00\x00\x00\x00\x00\x01\x00\x00\x05", 10);
const std::string kPosition("\x00\x00\x00\x00\x00\x00\x01\x00\x00\x10", 10);
const std::string kAbove("\x00\x00\x00\x00\x00\x00\x01\x00\x00\x20", 10);

TEST(PrunedGap, NothingIsMissingWhileATransactionAtOrBelowThePositionIsLeft) {
  const std::vector<model::TableSchema> followed = {Table("APP", "T")};
  PruneEvidence evidence{.commit_retained_at_or_below = true,
                         .prune_points = {{"APP", "T", kAbove}}};
  EXPECT_EQ(FindPrunedGap({kPosition, "\x01"}, evidence, followed), std::nullopt);
  EXPECT_EQ(FindPrunedGap({kPosition, ""}, evidence, followed), std::nullopt);
}

TEST(PrunedGap, TheReadChangesTransactionPrunedIsAGap) {
  const std::vector<model::TableSchema> followed = {Table("APP", "T")};
  const auto gap = FindPrunedGap({kPosition, std::string("\x00\x07", 2)}, {}, followed);
  ASSERT_TRUE(gap.has_value());
  EXPECT_THAT(*gap, HasSubstr("00000000000001000010:0007"));
  EXPECT_THAT(*gap, HasSubstr("no longer in IBMSNAP_UOW"));
}

TEST(PrunedGap, AStartBetweenTransactionsIsAGapOnlyPastAFollowedTablesPrunePoint) {
  const std::vector<model::TableSchema> followed = {Table("APP", "T")};
  const model::Position start{kPosition, ""};
  // Nothing left at or below the start, as on a fresh capture schema: no gap without a prune
  // point above it.
  EXPECT_EQ(FindPrunedGap(start, {}, followed), std::nullopt);
  EXPECT_EQ(FindPrunedGap(start, {.prune_points = {{"APP", "T", kBelow}}}, followed), std::nullopt);
  EXPECT_EQ(FindPrunedGap(start, {.prune_points = {{"APP", "T", kPosition}}}, followed),
            std::nullopt);
  EXPECT_EQ(FindPrunedGap(start, {.prune_points = {{"APP", "OTHER", kAbove}}}, followed),
            std::nullopt);
  const auto gap = FindPrunedGap(start, {.prune_points = {{"APP", "T", kAbove}}}, followed);
  ASSERT_TRUE(gap.has_value());
  EXPECT_THAT(*gap, HasSubstr("APP.T"));
  EXPECT_THAT(*gap, HasSubstr("00000000000001000020"));
}

TEST(PrunedGap, PrunePointsOfTheOtherWidthCompareAsNumbers) {
  const std::vector<model::TableSchema> followed = {Table("APP", "T")};
  // A 16-byte prune point with the same value as the 10-byte start is not above it.
  const std::string wide = std::string(6, '\0') + kPosition;
  EXPECT_EQ(FindPrunedGap({kPosition, ""}, {.prune_points = {{"APP", "T", wide}}}, followed),
            std::nullopt);
}

TEST(PrunedGap, AnEmptyPositionReadsFromTheOldestChange) {
  const std::vector<model::TableSchema> followed = {Table("APP", "T")};
  EXPECT_EQ(FindPrunedGap({}, {.prune_points = {{"APP", "T", kAbove}}}, followed), std::nullopt);
}

}  // namespace
}  // namespace db2kafka::cdc
