// The full phase's max_rows_per_second / max_bytes_per_second: a pacer that makes the sender wait
// so that, over any stretch longer than a batch, neither rate is exceeded. The source is read no
// faster than Kafka is written, because readers block on the bounded queue to the sender.
#pragma once

#include <cstdint>
#include <functional>

#include "base/clock.h"

namespace db2kafka::runner {

class Throttle {
 public:
  using Sleep = std::function<void(int64_t micros)>;

  // 0 = no limit for that rate. `sleep` waits the given microseconds (tests advance a ManualClock).
  Throttle(int64_t max_rows_per_second, int64_t max_bytes_per_second, const base::Clock& clock,
           Sleep sleep);

  // Accounts for sending `rows` rows of `bytes` bytes now, waiting first when the budget is spent.
  // Returns the microseconds waited.
  int64_t Acquire(int64_t rows, int64_t bytes);

  bool limited() const { return max_rows_per_second_ > 0 || max_bytes_per_second_ > 0; }

 private:
  int64_t max_rows_per_second_;
  int64_t max_bytes_per_second_;
  const base::Clock& clock_;
  Sleep sleep_;
  // When the budget spent so far is used up at the allowed rates ("virtual time"). A sender that
  // was idle does not bank unused budget beyond now, so a pause is not followed by a burst.
  int64_t rows_free_at_us_ = 0;
  int64_t bytes_free_at_us_ = 0;
};

}  // namespace db2kafka::runner
