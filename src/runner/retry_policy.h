// How long a failing task keeps trying before it gives up: retry.connection_minutes for a server
// that cannot be reached (connection refused or lost, timeouts), retry.other_minutes for other
// transient errors (a deadlock, a server resource limit), as DTS's "Retry Time for Failed
// Connections" and "Retry Time for Other Issues" do. Errors that need a human (bad input,
// refused credentials, a pruned gap, a changed task file) are never retried.
//
// A window opens at the first failure of a streak and closes when the time is spent; an attempt
// that moved the task forward (a new checkpoint) ends the streak. Waits between attempts double
// from one second up to a minute, never past the window's end.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/error.h"

namespace db2kafka::runner {

enum class FailureKind { kConnection, kOther, kFatal };

FailureKind ClassifyFailure(const base::Error& error);

struct RetryWindows {
  std::chrono::minutes connection{720};
  std::chrono::minutes other{10};
};

class RetryPolicy {
 public:
  RetryPolicy(RetryWindows windows, const base::Clock& clock);

  // After a failed attempt: how long to wait before the next one, or nullopt to give up (a fatal
  // error, or its window is spent). `progressed`: the attempt wrote a new checkpoint.
  std::optional<std::chrono::milliseconds> NextDelay(const base::Error& error, bool progressed);

  int attempts() const { return attempts_; }  // failed attempts in the current streak
  // When the current streak gives up for the last error's kind; microseconds since the epoch.
  int64_t deadline_us() const { return deadline_us_; }

 private:
  RetryWindows windows_;
  const base::Clock& clock_;
  std::optional<int64_t> streak_start_us_;
  int attempts_ = 0;
  int64_t deadline_us_ = 0;
};

}  // namespace db2kafka::runner
