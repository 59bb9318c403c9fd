// Clock: the one source of "now". Injected everywhere, so that live, paper, the simulator's replay and
// backtests differ only in which clock is wired in.
#pragma once

#include <chrono>
#include <cstdint>

namespace dealer {

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since the Unix epoch, in the clock's own timeline.
  virtual int64_t now_us() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t now_us() const override {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// Monotonic microseconds (not wall time): for measuring intervals, rate limits and deadlines.
class SteadyClock final : public Clock {
 public:
  int64_t now_us() const override {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
};

// A timeline that starts at `origin_us` and runs `speed` times faster than the steady clock: the
// simulator replays a 2013 tape at 60x with this.
class ScaledClock final : public Clock {
 public:
  ScaledClock(int64_t origin_us, int64_t speed) : origin_us_(origin_us), speed_(speed), start_(std::chrono::steady_clock::now()) {}
  int64_t now_us() const override {
    const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start_);
    return origin_us_ + elapsed.count() * speed_;
  }

 private:
  int64_t origin_us_;
  int64_t speed_;
  std::chrono::steady_clock::time_point start_;
};

// A clock that moves only when told: tests and backtests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t now_us = 0) : now_us_(now_us) {}
  int64_t now_us() const override { return now_us_; }
  void set(int64_t now_us) { now_us_ = now_us; }
  void advance(int64_t us) { now_us_ += us; }

 private:
  int64_t now_us_;
};

}  // namespace dealer
