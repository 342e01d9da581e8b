#include "runner/retry_policy.h"

#include <algorithm>

namespace db2kafka::runner {
namespace {

constexpr std::chrono::milliseconds kFirstDelay{1000};
constexpr std::chrono::milliseconds kLongestDelay{60'000};

}  // namespace

FailureKind ClassifyFailure(const base::Error& error) {
  switch (error.code) {
    case base::ErrorCode::kUnavailable:
    case base::ErrorCode::kDeadlineExceeded:
      return FailureKind::kConnection;
    default:
      return error.retriable ? FailureKind::kOther : FailureKind::kFatal;
  }
}

RetryPolicy::RetryPolicy(RetryWindows windows, const base::Clock& clock)
    : windows_(windows), clock_(clock) {}

std::optional<std::chrono::milliseconds> RetryPolicy::NextDelay(const base::Error& error,
                                                                bool progressed) {
  const FailureKind kind = ClassifyFailure(error);
  if (kind == FailureKind::kFatal) return std::nullopt;
  const int64_t now_us = clock_.NowMicros();
  if (progressed || !streak_start_us_) {
    streak_start_us_ = now_us;
    attempts_ = 0;
  }
  ++attempts_;
  const std::chrono::microseconds window =
      kind == FailureKind::kConnection ? windows_.connection : windows_.other;
  deadline_us_ = *streak_start_us_ + window.count();
  if (now_us >= deadline_us_) return std::nullopt;
  std::chrono::milliseconds delay = kFirstDelay;
  for (int i = 1; i < attempts_ && delay < kLongestDelay; ++i) delay *= 2;
  delay = std::min(
      {delay, kLongestDelay, std::chrono::milliseconds((deadline_us_ - now_us + 999) / 1000)});
  return delay;
}

}  // namespace db2kafka::runner
