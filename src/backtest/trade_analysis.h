// What a backtest report says about its trades beyond the equity curve (docs/backtesting.md): the round
// trips, each strategy's own figures, statistics of the closed round trips, and buy-and-hold over the same
// span. Plain values; round_trips.h and trade_stats.h compute them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backtest/chart_series.h"
#include "core/money.h"
#include "core/time.h"

namespace dealer::backtest {

struct RoundTrip {
  std::string strategy;
  WallTime entry_time, exit_time;  // an open one: exit at the last trade
  Price entry_price, exit_price;   // an open one: exit at the last price
  Amount amount;                   // > 0 bought then sold (long), < 0 sold then bought back (short)
  int64_t fees = 0;                // quote units: the entry's share and the exit's
  int64_t pnl = 0;                 // quote units, after fees
  bool open = false;

  Micros holding() const { return exit_time - entry_time; }
  bool operator==(const RoundTrip&) const = default;
};

// One strategy's own figures when a config runs several (and when it runs one).
struct StrategyFigures {
  std::string strategy;
  int64_t fills = 0;
  int64_t fees = 0;         // quote units
  int64_t pnl = 0;          // quote units: its round trips', open ones marked at the last price
  int64_t round_trips = 0;  // closed ones
  bool operator==(const StrategyFigures&) const = default;
};

// Over the closed round trips (an open one has no outcome yet); ratios are doubles, for reports only.
struct TradeStats {
  int64_t closed = 0;
  std::optional<double> win_rate;       // share with pnl > 0, 0..1; none without a closed one
  std::optional<double> profit_factor;  // gross profit over gross loss; none without a loss
  std::optional<int64_t> expectancy;    // mean pnl, quote units, rounded half away from zero
  std::optional<double> avg_holding_seconds;
  Micros max_holding{0};
  int64_t largest_win = 0, largest_loss = 0;  // quote units; 0 when there is none
  // Of the equity: mean daily return over its downside deviation (target 0, over all days) x sqrt(365),
  // none with fewer than two days or no losing day; the return annualised (simply: x 365 days / span)
  // over the max drawdown, none without a drawdown.
  std::optional<double> sortino, calmar;
};

// The start's equity (marked at the first price) put into the item at the first trade and held.
struct BuyAndHold {
  int64_t pnl = 0;  // quote units
  double return_pct = 0;
  double max_drawdown_pct = 0;
};

// `start_equity` (quote units) put into the item at the first trade's price, marked at every trade,
// one trade at a time (the backtest streams a tape through it): a few compares per trade, the
// drawdown worked out only at a new low since the last peak, where the largest one must be.
class BuyAndHoldTracker {
 public:
  void start(Price first, int64_t start_equity);
  void add(Price price) {
    last_ = price;
    if (price > peak_) {
      peak_ = trough_ = price;
    } else if (price < trough_) {
      trough_ = price;
      new_low();
    }
  }
  BuyAndHold finish() const;

 private:
  void new_low();

  int64_t start_equity_ = 0;
  Price first_, last_, peak_, trough_;
  double max_drawdown_pct_ = 0;
};

struct TradeAnalysis {
  std::vector<RoundTrip> round_trips;
  std::vector<StrategyFigures> per_strategy;
  TradeStats stats;
  BuyAndHold buy_and_hold;
  std::vector<SeriesPoint> buy_and_hold_equity;  // at the points of Report::prices
};

}  // namespace dealer::backtest
