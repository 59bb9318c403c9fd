#include "backtest/trade_stats.h"

#include <algorithm>
#include <cmath>

#include "backtest/round_trips.h"

namespace dealer::backtest {
namespace {

constexpr double kSecondsPerYear = 365.0 * 86400.0;

// value x num / den, rounded half away from zero (den > 0).
int64_t scaled(int64_t value, int64_t num, int64_t den) {
  const __int128 product = static_cast<__int128>(value) * num;
  const __int128 half = den / 2;
  const __int128 q = product >= 0 ? (product + half) / den : (product - half) / den;
  if (q > INT64_MAX || q < INT64_MIN) throw_money_overflow("x", value, num);
  return static_cast<int64_t>(q);
}

std::optional<double> sortino(std::span<const double> daily_returns) {
  const size_t n = daily_returns.size();
  if (n < 2) return std::nullopt;
  double mean = 0, downside = 0;
  for (double r : daily_returns) {
    mean += r;
    if (r < 0) downside += r * r;
  }
  if (downside <= 0) return std::nullopt;
  mean /= static_cast<double>(n);
  return mean / std::sqrt(downside / static_cast<double>(n)) * std::sqrt(365.0);
}

std::optional<double> calmar(double return_pct, double max_drawdown_pct, Micros span) {
  if (max_drawdown_pct <= 0 || span.count() <= 0) return std::nullopt;
  const double years = static_cast<double>(span.count()) / 1e6 / kSecondsPerYear;
  return return_pct / years / max_drawdown_pct;
}

}  // namespace

TradeStats trade_stats(std::span<const RoundTrip> round_trips, std::span<const double> daily_returns,
                       double return_pct, double max_drawdown_pct, Micros span) {
  TradeStats s;
  int64_t wins = 0, gross_profit = 0, gross_loss = 0, total = 0;
  Micros held{0};
  for (const RoundTrip& r : round_trips) {
    if (r.open) continue;
    ++s.closed;
    total += r.pnl;
    held += r.holding();
    s.max_holding = std::max(s.max_holding, r.holding());
    if (r.pnl > 0) {
      ++wins;
      gross_profit += r.pnl;
      s.largest_win = std::max(s.largest_win, r.pnl);
    } else if (r.pnl < 0) {
      gross_loss -= r.pnl;
      s.largest_loss = std::min(s.largest_loss, r.pnl);
    }
  }
  if (s.closed > 0) {
    const double n = static_cast<double>(s.closed);
    s.win_rate = static_cast<double>(wins) / n;
    s.expectancy = scaled(total, 1, s.closed);
    s.avg_holding_seconds = static_cast<double>(held.count()) / 1e6 / n;
  }
  if (gross_loss > 0) s.profit_factor = static_cast<double>(gross_profit) / static_cast<double>(gross_loss);
  s.sortino = sortino(daily_returns);
  s.calmar = calmar(return_pct, max_drawdown_pct, span);
  return s;
}

void BuyAndHoldTracker::start(Price first, int64_t start_equity) {
  *this = BuyAndHoldTracker();
  start_equity_ = start_equity;
  first_ = last_ = peak_ = trough_ = first;
}

void BuyAndHoldTracker::new_low() {
  if (start_equity_ <= 0 || first_.raw() <= 0) return;
  const int64_t peak = scaled(start_equity_, peak_.raw(), first_.raw());
  const int64_t value = scaled(start_equity_, trough_.raw(), first_.raw());
  if (peak <= 0) return;
  const double drawdown = 100.0 * static_cast<double>(peak - value) / static_cast<double>(peak);
  max_drawdown_pct_ = std::max(max_drawdown_pct_, drawdown);
}

BuyAndHold BuyAndHoldTracker::finish() const {
  BuyAndHold b;
  if (start_equity_ <= 0 || first_.raw() <= 0) return b;
  b.max_drawdown_pct = max_drawdown_pct_;
  b.pnl = scaled(start_equity_, last_.raw(), first_.raw()) - start_equity_;
  b.return_pct = 100.0 * static_cast<double>(b.pnl) / static_cast<double>(start_equity_);
  return b;
}

BuyAndHold buy_and_hold(std::span<const Trade> trades, int64_t start_equity) {
  if (trades.empty()) return {};
  BuyAndHoldTracker tracker;
  tracker.start(trades.front().price, start_equity);
  for (const Trade& t : trades) tracker.add(t.price);
  return tracker.finish();
}

std::vector<SeriesPoint> buy_and_hold_curve(std::span<const SeriesPoint> prices, Price first_price,
                                            int64_t start_equity) {
  std::vector<SeriesPoint> out;
  if (first_price.raw() <= 0) return out;
  out.reserve(prices.size());
  for (const SeriesPoint& p : prices)
    out.push_back(SeriesPoint{p.time, scaled(start_equity, p.value, first_price.raw())});
  return out;
}

void analyse_trades(Report& r, const BuyAndHold& buy_and_hold, int64_t start_equity,
                    std::span<const double> daily_returns) {
  TradeAnalysis& a = r.analysis;
  a.round_trips = pair_round_trips(r.fills, r.pair, r.last_price, r.last_time);
  a.per_strategy = per_strategy(r.fills, a.round_trips);
  a.stats =
      trade_stats(a.round_trips, daily_returns, r.return_pct, r.max_drawdown_pct, r.last_time - r.first_time);
  a.buy_and_hold = buy_and_hold;
  a.buy_and_hold_equity = buy_and_hold_curve(r.prices, r.first_price, start_equity);
}

}  // namespace dealer::backtest
