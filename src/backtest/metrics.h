// EquityMetrics: the numbers a trader reads off an equity curve, gathered trade by trade without
// allocating (a day's closing equity is kept once a day): peak-to-trough drawdown, daily returns for
// the Sharpe ratio, and the time the account held a position (the item balance differed from the
// start's).
//
// Equity is in quote units: the quote balance plus the item balance marked at the trade's price.
// Ratios are doubles: they are reported, never traded on. Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/time.h"

namespace dealer::backtest {

class EquityMetrics {
 public:
  // The start: equity marked at the first price, the item balance then, the first trade's time.
  void start(WallTime at, int64_t equity, int64_t item);
  // After each trade (its fills and the strategies' reactions).
  void sample(WallTime at, int64_t equity, int64_t item);
  // Closes the last day and the last stretch of time.
  void finish(WallTime at);

  double max_drawdown_pct() const { return max_drawdown_pct_; }
  // Mean over standard deviation of the daily returns, times sqrt(365) (bitcoin trades every day);
  // none with fewer than two daily returns or no variation.
  std::optional<double> sharpe() const;
  double exposure_pct() const;
  // Each closed day's return (its closing equity over the previous close, minus 1), oldest first.
  const std::vector<double>& daily_returns() const { return daily_returns_; }

 private:
  void enter_day(WallTime at);  // the UTC day `at` falls in becomes the current one
  void close_day();

  int64_t start_item_ = 0;
  int64_t peak_ = 0;
  int64_t trough_ = 0;  // the lowest equity since the peak
  double max_drawdown_pct_ = 0;
  WallTime day_start_, next_day_start_;  // the current UTC day: [day_start_, next_day_start_)
  int64_t day_open_equity_ = 0;          // the previous day's close (the start equity for the first day)
  int64_t equity_ = 0;
  std::vector<double> daily_returns_;
  WallTime first_, last_;
  bool in_position_ = false;
  Micros exposed_{0};
};

}  // namespace dealer::backtest
