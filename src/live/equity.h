// EquityTracker: the account's equity over time, the balances valued at the last trade price (the
// quote currency's total plus the item's total times the last price), for the dashboard's equity curve
// and P&L and for /metrics (dealer_equity, dealer_pnl). P&L since start is against the first valuation
// after the bot started; P&L today against the first valuation of the current UTC day (or since start,
// if it started today). Integers in the quote currency's units throughout; the curve keeps one point
// per `spacing`, at most kMaxPoints (the oldest go first).
//
// Ownership: a plain value. Not thread-safe: fed and read on the io_context thread.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <span>

#include "core/money.h"
#include "core/time.h"
#include "engine/pair.h"
#include "model/model.h"

namespace dealer::live {

struct EquityPoint {
  WallTime time;
  int64_t equity = 0;  // quote units
};

// The valuation, or none while the quote balance or the last price is unknown.
std::optional<int64_t> equity_of(engine::Pair pair, std::span<const Balance> balances,
                                 std::optional<Price> last);

class EquityTracker {
 public:
  static constexpr size_t kMaxPoints = 2000;

  explicit EquityTracker(Micros spacing = std::chrono::seconds(10)) : spacing_(spacing) {}

  void observe(WallTime now, std::optional<int64_t> equity);

  std::optional<int64_t> last() const { return last_; }
  std::optional<int64_t> pnl_since_start() const;
  std::optional<int64_t> pnl_today() const;
  const std::deque<EquityPoint>& curve() const { return curve_; }

 private:
  Micros spacing_;
  std::optional<int64_t> start_;
  std::optional<int64_t> day_start_;
  int64_t day_ = -1;  // days since the epoch of day_start_
  std::optional<int64_t> last_;
  std::deque<EquityPoint> curve_;
};

}  // namespace dealer::live
