#include "backtest/metrics.h"

#include <cmath>

namespace dealer::backtest {

void EquityMetrics::enter_day(WallTime at) {
  day_start_ = std::chrono::floor<std::chrono::days>(at);
  next_day_start_ = day_start_ + std::chrono::days(1);
}

void EquityMetrics::start(WallTime at, int64_t equity, int64_t item) {
  start_item_ = item;
  peak_ = trough_ = equity_ = day_open_equity_ = equity;
  enter_day(at);
  first_ = last_ = at;
  daily_returns_.reserve(366);
}

void EquityMetrics::sample(WallTime at, int64_t equity, int64_t item) {
  // Per trade, so nothing here divides unless something changed: a new day (either way: a tape's
  // times may step back), or a new low of the equity.
  if (at >= next_day_start_ || at < day_start_) {
    close_day();
    enter_day(at);
  }
  if (in_position_) exposed_ += at - last_;
  last_ = at;
  in_position_ = item != start_item_;
  equity_ = equity;
  // Under one peak the deepest drawdown is at the lowest equity: only a new low needs the division.
  if (equity > peak_) {
    peak_ = trough_ = equity;
  } else if (equity < trough_) {
    trough_ = equity;
    if (peak_ > 0) {
      const double drawdown = 100.0 * static_cast<double>(peak_ - equity) / static_cast<double>(peak_);
      if (drawdown > max_drawdown_pct_) max_drawdown_pct_ = drawdown;
    }
  }
}

void EquityMetrics::close_day() {
  if (day_open_equity_ != 0) {
    daily_returns_.push_back(static_cast<double>(equity_) / static_cast<double>(day_open_equity_) - 1.0);
  }
  day_open_equity_ = equity_;
}

void EquityMetrics::finish(WallTime at) {
  if (in_position_) exposed_ += at - last_;
  last_ = at;
  close_day();
}

std::optional<double> EquityMetrics::sharpe() const {
  const size_t n = daily_returns_.size();
  if (n < 2) return std::nullopt;
  double mean = 0;
  for (double r : daily_returns_) mean += r;
  mean /= static_cast<double>(n);
  double variance = 0;
  for (double r : daily_returns_) variance += (r - mean) * (r - mean);
  variance /= static_cast<double>(n - 1);
  if (variance <= 0) return std::nullopt;
  return mean / std::sqrt(variance) * std::sqrt(365.0);
}

double EquityMetrics::exposure_pct() const {
  const auto span = last_ - first_;
  if (span.count() <= 0) return 0;
  return 100.0 * static_cast<double>(exposed_.count()) / static_cast<double>(span.count());
}

}  // namespace dealer::backtest
