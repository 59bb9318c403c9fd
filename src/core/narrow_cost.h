// narrow_cost: price x amount in 64 bits, the fast path of cost_of (core/money.h), inline for the
// backtest, which values its equity whenever the price moves. Plain function; thread-safe.
#pragma once

#include <cstdint>
#include <optional>

namespace dealer {

// price x amount / divisor (a power of ten), rounded half away from zero as cost_of rounds, in 64 bits;
// nothing when the product does not fit them (cost_of then takes 128 bits).
inline std::optional<int64_t> narrow_cost(int64_t price, int64_t amount, int64_t divisor) {
  int64_t product = 0;
  if (__builtin_mul_overflow(price, amount, &product)) return std::nullopt;
  int64_t quotient = product / divisor;
  const int64_t remainder = product % divisor;
  const int64_t magnitude = remainder < 0 ? -remainder : remainder;
  if (magnitude >= divisor - magnitude) quotient += product < 0 ? -1 : 1;
  return quotient;
}

}  // namespace dealer
