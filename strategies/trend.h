// Trend: an EMA crossover on the trade tape. A fast and a slow exponential moving average of the trade
// price, their lengths counted in trades or in seconds (`window_unit`). When the fast EMA crosses above
// the slow one the strategy goes long (one limit buy of a fixed amount or a fraction of the free quote
// balance); when it crosses below, or when an optional trailing stop is hit (the price falls
// `trailing_stop_percent` below its peak: the buy's limit price or any higher trade since entry), it goes
// flat again by selling what it bought. Orders are limit orders at the last price plus (buy) or minus (sell)
// `slippage_percent`, never market orders. A signal while an order of the other side works cancels that
// order; the filled part is then sold (or kept) as the signal says. A refused buy waits for the next
// crossing; a refused or rejected sell is tried again 60 s (of trade time) later, not on every trade.
//
// The EMAs are indicators only and kept as doubles; every order price and amount is exact money.
// Saved state: the EMAs and their warm-up, the position the strategy holds and the peak since entry,
// its working order and whether a sell is owed, so a restart neither forgets a position nor re-warms.
//
// Ownership: owns its indicator and position. Runs on the core's thread only.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "engine/strategy.h"
#include "strategies/registry.h"

namespace dealer::strategies {

struct TrendParams {
  enum class WindowUnit { kTrades, kSeconds };
  int64_t fast = 0, slow = 0;  // window lengths, fast < slow
  WindowUnit unit = WindowUnit::kTrades;
  std::optional<Amount> amount;     // a fixed buy size, or
  std::optional<Decimal> fraction;  // a fraction in (0, 1] of the free quote balance
  Decimal slippage_percent;         // limit = last +/- this percent of last
  std::optional<Decimal> trailing_stop_percent;
};

// An exponential moving average over irregular events. In trades, alpha = 2 / (N + 1) per trade; in
// seconds, alpha = 1 - exp(-dt / N) for a trade dt seconds after the previous one (trades in the same
// second as the previous one do not move it). The first value seeds it.
class Ema {
 public:
  explicit Ema(int64_t window = 1) : window_(window) {}
  void add(double value, double alpha) {
    value_ = seeded_ ? value_ + alpha * (value - value_) : value;
    seeded_ = true;
  }
  double value() const { return value_; }
  int64_t window() const { return window_; }
  void restore(double value) {
    value_ = value;
    seeded_ = true;
  }

 private:
  int64_t window_;
  double value_ = 0;
  bool seeded_ = false;
};

class Trend final : public engine::Strategy {
 public:
  // Keys: id, strategy, pair, fast, slow, window_unit, amount | fraction, slippage_percent,
  // trailing_stop_percent. Inside a configuration build: a mistake stops it with the key's position.
  static std::unique_ptr<engine::Strategy> create(const StrategySpec& spec);

  Trend(std::string id, engine::Pair pair, TrendParams params);

  void on_trades(engine::StrategyContext& ctx, std::span<const Trade> trades) override;
  void on_order(engine::StrategyContext& ctx, const engine::OrderRecord& order, const Error* error) override;
  void on_fill(engine::StrategyContext& ctx, const engine::OrderRecord& order,
               const engine::Fill& fill) override;

  // One line: "fast slow trades first_date last_date above held peak order counted sell_owed retry_at".
  std::string save_state() const override;
  Status load_state(std::string_view text) override;
  std::string describe_state() const override;

  const TrendParams& params() const { return params_; }
  double fast_ema() const { return fast_.value(); }
  double slow_ema() const { return slow_.value(); }
  Amount held() const { return held_; }

 private:
  void update_indicator(const Trade& t);
  // +1 fast above slow, -1 below, 0 equal or still warming up.
  int relation() const;
  enum class Signal { kUp, kDown, kStop, kRetry };
  void act(engine::StrategyContext& ctx, Price last, Signal signal);
  void enter(engine::StrategyContext& ctx, Price last, const std::string& why);
  void exit(engine::StrategyContext& ctx, Price last, const std::string& why);
  bool stop_hit(Price last) const;
  const engine::OrderRecord* working(engine::StrategyContext& ctx) const;

  TrendParams params_;
  Ema fast_, slow_;
  int64_t trades_ = 0;          // trades seen (the trades unit's warm-up)
  int64_t first_date_ = 0;      // unix seconds of the first trade (the seconds unit's warm-up)
  int64_t last_date_ = 0;       // of the previous trade
  int above_ = 0;               // the last relation() that was not 0
  Amount held_;                 // bought and not yet sold by this strategy
  Price peak_;                  // highest trade price since entry
  engine::ClientId order_ = 0;  // the working order, 0 if none
  Amount counted_;              // of the working order's fills, what is already in held_
  bool sell_owed_ = false;      // a sell signal came: sell what is held (once a working buy has ended)
  int64_t retry_at_ = 0;        // unix seconds: a refused or failed sell is tried again from then on
};

}  // namespace dealer::strategies
