#include "runner/throttle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "base/clock.h"

namespace db2kafka::runner {
namespace {

using ::testing::AllOf;
using ::testing::Ge;
using ::testing::Le;

constexpr int64_t kSecond = 1'000'000;

// A manual clock whose sleeps move it forward, so elapsed time is exactly what the throttle waited.
class PacedSender {
 public:
  PacedSender(int64_t rows_per_second, int64_t bytes_per_second)
      : clock_(1'700'000'000 * kSecond),
        throttle_(rows_per_second, bytes_per_second, clock_, [this](int64_t micros) {
          EXPECT_GT(micros, 0) << "a sleep of nothing";
          sleeps_.push_back(micros);
          clock_.Advance(micros);
        }) {}

  // Sends `batches` batches and returns the manual microseconds it took.
  int64_t Send(int batches, int64_t rows, int64_t bytes) {
    const int64_t start = clock_.NowMicros();
    for (int i = 0; i < batches; ++i) {
      const int64_t before = clock_.NowMicros();
      const int64_t waited = throttle_.Acquire(rows, bytes);
      EXPECT_EQ(clock_.NowMicros() - before, waited) << "Acquire reports what it slept";
    }
    return clock_.NowMicros() - start;
  }

  base::ManualClock& clock() { return clock_; }
  Throttle& throttle() { return throttle_; }
  const std::vector<int64_t>& sleeps() const { return sleeps_; }

 private:
  base::ManualClock clock_;
  Throttle throttle_;
  std::vector<int64_t> sleeps_;
};

TEST(Throttle, UnlimitedNeverSleeps) {
  PacedSender sender(0, 0);
  EXPECT_FALSE(sender.throttle().limited());
  EXPECT_EQ(sender.Send(1000, 1'000'000, 1'000'000'000), 0);
  EXPECT_TRUE(sender.sleeps().empty());
}

TEST(Throttle, RowLimitPacesBatches) {
  PacedSender sender(1000, 0);
  EXPECT_TRUE(sender.throttle().limited());
  // 10 × 100 rows at 1000 rows/s: the first goes at once, each later one 0.1 s after the one
  // before, so 1000 rows are sent within the second (and the next batch would wait until 1.0 s).
  EXPECT_THAT(sender.Send(10, 100, 1'000'000'000), AllOf(Ge(9 * kSecond / 10), Le(kSecond)));
  EXPECT_EQ(sender.sleeps().size(), 9u);
  // Over a long run the rate converges on the limit.
  EXPECT_THAT(sender.Send(100, 100, 1), AllOf(Ge(99 * kSecond / 10), Le(10 * kSecond)));
}

TEST(Throttle, ByteLimitPacesBatches) {
  PacedSender sender(0, 1'000'000);
  EXPECT_TRUE(sender.throttle().limited());
  EXPECT_THAT(sender.Send(10, 1'000'000, 100'000), AllOf(Ge(9 * kSecond / 10), Le(kSecond)));
}

TEST(Throttle, StricterLimitWins) {
  {
    // Rows allow 10 batches a second, bytes only 2: bytes decide.
    PacedSender sender(1000, 200'000);
    EXPECT_THAT(sender.Send(10, 100, 100'000), AllOf(Ge(45 * kSecond / 10), Le(5 * kSecond)));
  }
  {
    // The other way round: rows decide.
    PacedSender sender(200, 1'000'000);
    EXPECT_THAT(sender.Send(10, 100, 100'000), AllOf(Ge(45 * kSecond / 10), Le(5 * kSecond)));
  }
  {
    // Both limits equally strict: no double wait.
    PacedSender sender(1000, 1'000'000);
    EXPECT_THAT(sender.Send(10, 100, 100'000), AllOf(Ge(9 * kSecond / 10), Le(kSecond)));
  }
}

TEST(Throttle, IdleTimeDoesNotBankABurst) {
  PacedSender sender(1000, 1'000'000);
  sender.Send(10, 100, 100'000);
  sender.clock().Advance(10 * kSecond);
  // After ten idle seconds the next ten batches are paced as if the sender had just started,
  // not sent at once on ten seconds of saved-up budget.
  EXPECT_THAT(sender.Send(10, 100, 100'000), AllOf(Ge(9 * kSecond / 10), Le(kSecond)));
}

TEST(Throttle, OneHugeBatchDelaysTheNext) {
  PacedSender sender(1000, 0);
  // A batch larger than a second's budget goes now, and the next one waits for it to be paid.
  EXPECT_EQ(sender.throttle().Acquire(5000, 0), 0);
  EXPECT_EQ(sender.throttle().Acquire(1, 0), 5 * kSecond);
}

TEST(Throttle, HugeByteCountsDoNotOverflow) {
  PacedSender sender(0, 1'000'000);
  // 20 TB at 1 MB/s: bytes × 1e6 is beyond int64, the wait (2e7 s) is not.
  EXPECT_EQ(sender.throttle().Acquire(1, 20'000'000'000'000), 0);
  EXPECT_EQ(sender.throttle().Acquire(1, 1), 20'000'000 * kSecond);
}

}  // namespace
}  // namespace db2kafka::runner
