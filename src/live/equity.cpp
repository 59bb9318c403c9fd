#include "live/equity.h"

namespace dealer::live {

std::optional<int64_t> equity_of(engine::Pair pair, std::span<const Balance> balances,
                                 std::optional<Price> last) {
  std::optional<int64_t> quote;
  int64_t item = 0;
  for (const Balance& b : balances) {
    if (b.currency == pair.quote) quote = b.total.raw();
    if (b.currency == pair.item) item = b.total.raw();
  }
  if (!quote) return std::nullopt;
  if (item == 0) return quote;
  if (!last) return std::nullopt;
  auto value = cost_of(*last, Amount(item), pair.item.decimals());
  if (!value) return std::nullopt;  // absurd figures: nothing sensible to show
  return *quote + value->raw();
}

void EquityTracker::observe(WallTime now, std::optional<int64_t> equity) {
  if (!equity) return;
  last_ = equity;
  if (!start_) start_ = equity;
  const int64_t day = to_us(now) / (86'400LL * 1'000'000);
  if (day != day_) {
    day_ = day;
    day_start_ = equity;
  }
  if (curve_.empty() || now - curve_.back().time >= spacing_) {
    curve_.push_back(EquityPoint{now, *equity});
    if (curve_.size() > kMaxPoints) curve_.pop_front();
  } else {
    curve_.back().equity = *equity;  // the newest point shows the latest value
  }
}

std::optional<int64_t> EquityTracker::pnl_since_start() const {
  if (!last_ || !start_) return std::nullopt;
  return *last_ - *start_;
}

std::optional<int64_t> EquityTracker::pnl_today() const {
  if (!last_ || !day_start_) return std::nullopt;
  return *last_ - *day_start_;
}

}  // namespace dealer::live
