// Time behind a seam, so tests can fix it: encoders stamp records with "now", latency subtracts
// commit times from it, retry windows measure it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace db2kafka::base {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time, microseconds since the Unix epoch (UTC).
  virtual int64_t NowMicros() const = 0;
  int64_t NowMillis() const { return NowMicros() / 1000; }
};

class SystemClock final : public Clock {
 public:
  int64_t NowMicros() const override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  // The process-wide instance; lives for the whole program.
  static const SystemClock& Instance() {
    static const SystemClock clock;
    return clock;
  }
};

// A clock that moves only when told to; safe to read from any thread.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t now_micros = 0) : now_micros_(now_micros) {}
  int64_t NowMicros() const override { return now_micros_.load(); }
  void Set(int64_t now_micros) { now_micros_.store(now_micros); }
  void Advance(int64_t micros) { now_micros_.fetch_add(micros); }

 private:
  std::atomic<int64_t> now_micros_;
};

}  // namespace db2kafka::base
