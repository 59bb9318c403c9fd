// Walk-forward optimisation (`dealer backtest --walk-forward TRAIN/TEST[/STEP] --sweep ... --rank M`):
// windows start at the first trade's second and move on by STEP; in each, every grid point replays the
// training span, the best by the rank metric (ties by point order) is chosen, and that point replays
// the test span that follows. Every span is replayed exactly as `--from START --to END` replays it: a
// fresh backtest from the config's balances, strategies that start empty (no position, no armed rule,
// no indicator history carries over from the training span or from an earlier window).
//
// Overall: the stitched out-of-sample P&L (the sum of the test spans), the same for the point that
// ranks best over the whole out-of-sample period in hindsight (its P&L over the same test spans), and
// for buy-and-hold over them; the hindsight's minus the out-of-sample P&L is the cost of choosing
// without hindsight.
//
// The runs (every point on every training span and on the whole period, then the chosen points on the
// test spans) are jobs of run_parallel: the result depends on nothing but the inputs, on any number of
// threads. Called from one thread.
#pragma once

#include <string>
#include <vector>

#include "backtest/sweep.h"
#include "backtest/sweep_table.h"

namespace dealer::backtest {

struct WalkForwardSpec {
  std::string train_text, test_text, step_text;  // as given ("30d"); step defaults to the test's
  int64_t train = 0, test = 0, step = 0;         // seconds, > 0
};

// "TRAIN/TEST[/STEP]", each a positive whole number of s, m, h or d ("30d/7d", "12h/2h/1h").
Result<WalkForwardSpec> parse_walk_forward(std::string_view text);

// Bounds in unix seconds as --from and --to take them (--to includes its whole second): the test span
// starts the second after the training span's last.
struct WalkForwardWindow {
  int64_t train_from = 0, train_to = 0, test_from = 0, test_to = 0;
};

// The windows from `first_second` on whose test span ends at or before `last_second`.
std::vector<WalkForwardWindow> walk_forward_windows(const WalkForwardSpec& spec, int64_t first_second,
                                                    int64_t last_second);

// A test span's figures, as the sweep shows them, with the money kept in units for the sums.
struct SpanResult {
  SweepRow row;
  int64_t pnl = 0, buy_and_hold_pnl = 0;  // quote units
  double return_pct = 0, buy_and_hold_return_pct = 0;
};

struct WindowResult {
  WalkForwardWindow window;
  SweepRow train;  // the chosen point's row over the training span
  SpanResult test;
  SpanResult hindsight_test;  // the hindsight point over this test span
};

struct WalkForwardResult {
  WalkForwardSpec spec;
  RankMetric rank = RankMetric::kPnl;
  std::vector<SweepAxis> grid;
  Currency quote = Currency::usd();
  std::vector<WindowResult> windows;
  SweepRow hindsight;  // the hindsight point's row over the whole out-of-sample period

  int64_t oos_pnl() const;
  double oos_return_pct() const;  // the sum of the test spans' returns (each starts afresh)
  int64_t hindsight_pnl() const;
  double hindsight_return_pct() const;
  int64_t buy_and_hold_pnl() const;
  double buy_and_hold_return_pct() const;
};

// How many trades run_walk_forward replays in all (for a progress line): every point over every
// training span and the whole out-of-sample period, two points over every test span.
size_t walk_forward_trades(const SweepInput& input, const WalkForwardSpec& spec);

// The two halves of run_walk_forward, so that the training runs can be sharded (walk_forward_shard.h):
// the rows of `points` (ascending) on each window's training span and then on the whole out-of-sample
// period; and from every point's rows there (each span's rows all points, ascending), the choice and
// the test runs.
Result<std::vector<std::vector<SweepRow>>> walk_forward_training(const SweepInput& input,
                                                                 const WalkForwardSpec& spec,
                                                                 const std::vector<size_t>& points,
                                                                 unsigned threads,
                                                                 ProgressHook* progress = nullptr);
Result<WalkForwardResult> walk_forward_testing(const SweepInput& input, const WalkForwardSpec& spec,
                                               RankMetric rank,
                                               const std::vector<std::vector<SweepRow>>& rows,
                                               unsigned threads, ProgressHook* progress = nullptr);

// `input.trades` is the whole (--from/--to selected) tape. Errors: a tape too short for one window, a
// span without trades (named), and whatever a sweep point's config or replay gives.
Result<WalkForwardResult> run_walk_forward(const SweepInput& input, const WalkForwardSpec& spec,
                                           RankMetric rank, unsigned threads,
                                           ProgressHook* progress = nullptr);

}  // namespace dealer::backtest
