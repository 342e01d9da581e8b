#include "runner/retry_policy.h"

#include <gtest/gtest.h>

namespace db2kafka::runner {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

constexpr int64_t kStart = 1'700'000'000'000'000;

TEST(RetryPolicy, ClassifiesByCodeAndRetriability) {
  EXPECT_EQ(ClassifyFailure(base::MakeError(base::ErrorCode::kUnavailable, "lost")),
            FailureKind::kConnection);
  EXPECT_EQ(ClassifyFailure(base::MakeError(base::ErrorCode::kDeadlineExceeded, "timeout")),
            FailureKind::kConnection);
  EXPECT_EQ(ClassifyFailure(base::MakeError(base::ErrorCode::kAborted, "deadlock")),
            FailureKind::kOther);
  base::Error locked = base::MakeError(base::ErrorCode::kInternal, "lock timeout");
  locked.retriable = true;
  EXPECT_EQ(ClassifyFailure(locked), FailureKind::kOther);
  for (const base::ErrorCode code :
       {base::ErrorCode::kInvalidArgument, base::ErrorCode::kDataLoss,
        base::ErrorCode::kUnauthenticated, base::ErrorCode::kFailedPrecondition,
        base::ErrorCode::kInternal}) {
    EXPECT_EQ(ClassifyFailure(base::MakeError(code, "x")), FailureKind::kFatal);
  }
}

TEST(RetryPolicy, BacksOffDoublingUpToAMinuteAndGivesUpWhenTheWindowIsSpent) {
  base::ManualClock clock(kStart);
  RetryPolicy policy({.connection = minutes(10), .other = minutes(1)}, clock);
  const base::Error lost = base::MakeError(base::ErrorCode::kUnavailable, "lost");
  std::vector<int64_t> delays;
  while (auto delay = policy.NextDelay(lost, false)) {
    delays.push_back(delay->count());
    clock.Advance(delay->count() * 1000);
  }
  ASSERT_GE(delays.size(), 8u);
  EXPECT_EQ(delays[0], 1000);
  EXPECT_EQ(delays[1], 2000);
  EXPECT_EQ(delays[5], 32'000);
  EXPECT_EQ(delays[6], 60'000);
  int64_t total = 0;
  for (const int64_t delay : delays) total += delay;
  EXPECT_EQ(total, 10 * 60'000) << "the last wait ends at the window's end";
  EXPECT_EQ(policy.deadline_us(), kStart + 10 * 60'000'000LL);
}

TEST(RetryPolicy, OtherErrorsHaveTheShorterWindow) {
  base::ManualClock clock(kStart);
  RetryPolicy policy({.connection = minutes(10), .other = minutes(1)}, clock);
  const base::Error deadlock = base::MakeError(base::ErrorCode::kAborted, "deadlock");
  ASSERT_TRUE(policy.NextDelay(deadlock, false));
  clock.Advance(61'000'000);
  EXPECT_FALSE(policy.NextDelay(deadlock, false));
}

TEST(RetryPolicy, ProgressStartsANewStreak) {
  base::ManualClock clock(kStart);
  RetryPolicy policy({.connection = minutes(10), .other = minutes(1)}, clock);
  const base::Error lost = base::MakeError(base::ErrorCode::kUnavailable, "lost");
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(policy.NextDelay(lost, false));
  clock.Advance(9 * 60'000'000LL);
  const auto delay = policy.NextDelay(lost, true);
  ASSERT_TRUE(delay);
  EXPECT_EQ(*delay, milliseconds(1000));
  EXPECT_EQ(policy.attempts(), 1);
  clock.Advance(5 * 60'000'000LL);
  EXPECT_TRUE(policy.NextDelay(lost, false)) << "the window counts from the new streak";
}

TEST(RetryPolicy, FatalErrorsAreNeverRetried) {
  base::ManualClock clock(kStart);
  RetryPolicy policy({}, clock);
  EXPECT_FALSE(policy.NextDelay(base::MakeError(base::ErrorCode::kDataLoss, "gap"), false));
}

}  // namespace
}  // namespace db2kafka::runner
