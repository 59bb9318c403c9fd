// A token bucket: `per_second` tokens refill continuously up to `burst`; a call takes one token or is
// refused. Time is passed in (microseconds, any monotonic timeline), so it is testable without waiting.
// Rates are not money, so plain floating point is fine here.
#pragma once

#include <algorithm>
#include <cstdint>

namespace dealer {

class TokenBucket {
 public:
  TokenBucket(double per_second, double burst) : per_second_(per_second), burst_(burst), tokens_(burst) {}

  bool try_take(int64_t now_us) {
    refill(now_us);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
  }

  // Microseconds until a token will be there (0 if one is there now).
  int64_t wait_us(int64_t now_us) {
    refill(now_us);
    if (tokens_ >= 1.0 || per_second_ <= 0) return 0;
    return static_cast<int64_t>((1.0 - tokens_) / per_second_ * 1e6) + 1;
  }

 private:
  void refill(int64_t now_us) {
    if (last_us_ >= 0 && now_us > last_us_) tokens_ = std::min(burst_, tokens_ + (now_us - last_us_) * per_second_ / 1e6);
    if (now_us > last_us_) last_us_ = now_us;
  }

  double per_second_;
  double burst_;
  double tokens_;
  int64_t last_us_ = -1;
};

}  // namespace dealer
