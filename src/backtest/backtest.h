// Backtest: the second driver of engine::Core. It replays recorded trades of one pair through the
// same strategy objects that trade live, with a virtual clock (each trade's time) and the shared
// FillModel in place of an exchange. For each trade, in this order (README "Backtesting"):
//   1. orders active before the trade fill against it (FillModel);
//   2. the strategies hear their fills (Core::on_fill), and may place (a chained rule arms now);
//   3. the strategies see the trade (Core::on_trades) and may place; new orders fill from the next
//      trade on at the earliest.
// Effects are carried out in process, in their order: Persist* are recorded in memory (the fills and
// decisions of the report), SendPlace and SendCancel go to the fill model and are answered at once
// (on_placed, on_place_rejected, on_cancelled, on_cancel_failed). Balances come from the fill model
// through Core::on_balances whenever they changed. There is no depth in a trade tape: RequestBook is
// not answered; nothing is ever ambiguous, so RequestReconcile does not arise.
//
// A trade that leads to no order and no fill does not allocate. Ownership: owns the core, its
// strategies and the fill model. Not thread-safe; run() once.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "backtest/chart_series.h"
#include "backtest/metrics.h"
#include "backtest/trade_analysis.h"
#include "engine/core.h"
#include "market/fill_model.h"

namespace dealer::backtest {

struct BacktestConfig {
  engine::Pair pair{Currency::btc(), Currency::usd()};
  std::vector<Balance> balances;  // totals at the start; nothing reserved
  market::FillRule rule = market::FillRule::kThrough;
  Decimal fee_percent;
  Micros latency{0};
  engine::RiskLimits risk;
};

struct FillRecord {
  WallTime time;
  Side side = Side::kBid;
  Price price;
  Amount amount;
  int64_t fee = 0;  // quote units
  engine::ClientId order_id = 0;
  std::string strategy;
};

struct Report {
  engine::Pair pair;
  size_t trades_replayed = 0;
  size_t orders = 0;  // orders the strategies sent (accepted or rejected by the fill model)
  std::vector<FillRecord> fills;
  std::vector<engine::Decision> decisions;  // refusals, rejections and the strategies' own lines
  int64_t fees = 0;                         // quote units
  std::vector<Balance> start_balances, final_balances;
  Price first_price, last_price;
  WallTime first_time, last_time;  // of the first and the last trade replayed
  int64_t pnl = 0;  // quote units: the end marked at the last price minus the start at the first
  double return_pct = 0;
  double max_drawdown_pct = 0;
  std::optional<double> sharpe;
  double exposure_pct = 0;
  // For charts (--html): the trade prices and the equity after each trade (quote units, marked at
  // the trade's price), each cut down to at most ChartSeries::kMaxPoints points.
  std::vector<SeriesPoint> prices, equity;
  TradeAnalysis analysis;  // round trips, their statistics, buy-and-hold (trade_stats.h)
};

// Told how far replays are: `trades` more were replayed, every kProgressEvery trades and at the end.
// A sweep's runs share one hook, from several threads.
class ProgressHook {
 public:
  static constexpr size_t kProgressEvery = 1 << 16;
  virtual ~ProgressHook() = default;
  virtual void replayed(size_t trades) = 0;
};

// The trades whose time is in [from, to] (either bound optional), by their times (trade_file.h keeps
// tids increasing).
std::span<const Trade> select_trades(std::span<const Trade> trades, std::optional<WallTime> from,
                                     std::optional<WallTime> to);

class Backtest {
 public:
  // Every strategy must trade config.pair.
  static Result<std::unique_ptr<Backtest>> create(BacktestConfig config,
                                                  std::vector<std::unique_ptr<engine::Strategy>> strategies);

  // Replays the trades, oldest first, telling `hook` (if any) how far it is. An error only for an
  // empty tape.
  Result<Report> run(std::span<const Trade> trades, ProgressHook* hook = nullptr);

  // The same replay fed in batches (a tape read a block at a time, never whole in memory): begin() with
  // the first trade and how many there are in all, replay() every batch in order (the first trade
  // included), finish() with the last trade. run() is these three over one span.
  void begin(const Trade& first, size_t count);
  void replay(std::span<const Trade> trades, ProgressHook* hook);
  Report finish(const Trade& last);

 private:
  explicit Backtest(BacktestConfig config);
  void replay(const Trade& trade);
  void deliver_fills(WallTime now, const Trade& trade, std::span<const market::FillEvent> events);
  void refresh_balances();  // the pair's balances from the fill model
  void push_balances(WallTime now);
  // Carries out `effects` and whatever the core's answers to them cause, in order.
  void carry_out(WallTime now, std::span<const engine::Effect> effects);
  void carry_out_one(WallTime now, const engine::Effect& effect);
  int64_t equity(Price price) const;
  int64_t marked_equity(Price price);  // equity(price), reused while nothing it depends on moved

  BacktestConfig config_;
  engine::Core core_;
  market::FillModel fills_;
  std::vector<engine::Effect> queue_;
  std::vector<Balance> balances_;  // the config's currencies, refreshed from the fill model
  bool balances_dirty_ = true;
  // The last valuation and what it was made from (none before the first trade).
  struct Mark {
    bool made = false;
    Price price;
    int64_t item = 0, quote = 0;
    int64_t equity = 0;
  };
  Mark mark_;
  int64_t item_divisor_;      // 10^(the item's decimals), for the valuation
  BuyAndHoldTracker buy_and_hold_;
  int64_t start_equity_ = 0;  // marked at the first trade's price
  EquityMetrics metrics_;
  ChartSeries price_chart_, equity_chart_;
  Report report_;
};

}  // namespace dealer::backtest
