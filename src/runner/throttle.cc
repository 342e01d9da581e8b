#include "runner/throttle.h"

#include <algorithm>
#include <utility>

namespace db2kafka::runner {
namespace {

// The time `amount` takes at `per_second`, appended to a budget that cannot start in the past.
int64_t Spend(int64_t free_at_us, int64_t now_us, int64_t amount, int64_t per_second) {
  const int64_t start = std::max(free_at_us, now_us);
  // In double: amount × 1e6 would overflow int64 for byte counts above ~9 TB; microsecond
  // precision is plenty for pacing.
  const auto cost =
      static_cast<int64_t>(static_cast<double>(amount) * 1e6 / static_cast<double>(per_second));
  return start + cost;
}

}  // namespace

Throttle::Throttle(int64_t max_rows_per_second, int64_t max_bytes_per_second,
                   const base::Clock& clock, Sleep sleep)
    : max_rows_per_second_(max_rows_per_second),
      max_bytes_per_second_(max_bytes_per_second),
      clock_(clock),
      sleep_(std::move(sleep)) {}

int64_t Throttle::Acquire(int64_t rows, int64_t bytes) {
  if (!limited()) return 0;
  const int64_t now = clock_.NowMicros();
  // The wait is for the budget already spent: this batch goes now if the earlier ones are paid
  // for, and its own cost delays the next one.
  int64_t wait_until = now;
  if (max_rows_per_second_ > 0) {
    wait_until = std::max(wait_until, rows_free_at_us_);
    rows_free_at_us_ = Spend(rows_free_at_us_, now, rows, max_rows_per_second_);
  }
  if (max_bytes_per_second_ > 0) {
    wait_until = std::max(wait_until, bytes_free_at_us_);
    bytes_free_at_us_ = Spend(bytes_free_at_us_, now, bytes, max_bytes_per_second_);
  }
  const int64_t wait = wait_until - now;
  if (wait > 0) sleep_(wait);
  return wait;
}

}  // namespace db2kafka::runner
