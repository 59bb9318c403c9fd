// Running a sweep: every point of a SweepGrid (or of one shard of it) is its own Backtest of the
// config file with the point's overrides, over one tape read once and shared read-only by a pool of
// threads. A point's row depends on nothing but its point, so the rows are the same whatever the
// thread count or sharding (sweep_table.h sorts and prints them).
//
// All configs are parsed, and every point's overrides applied, before anything runs: a typo in a
// key stops the sweep at once. run_sweep itself is called from one thread.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "backtest/backtest.h"
#include "backtest/config.h"
#include "backtest/sweep_grid.h"
#include "core/json_binding.h"

namespace dealer::backtest {

// One grid point's outcome, in the text form of the --json report (so that a row read back from a
// shard file is the very same row).
struct SweepRow {
  int64_t point = 0;
  std::vector<std::string> values;  // one per grid dimension
  int64_t trades_replayed = 0;
  int64_t fills = 0;
  Decimal fees, pnl;                     // quote currency, its decimals
  Decimal return_pct, max_drawdown_pct;  // six decimals
  Nullable<Decimal> sharpe;              // six decimals; none as in the --json report
};

bool operator==(const SweepRow& a, const SweepRow& b);

template <class V>
void describe(V& v, SweepRow& r) {
  v("point", r.point);
  v("values", r.values);
  v("trades_replayed", r.trades_replayed);
  v("fills", r.fills);
  v("fees", r.fees);
  v("pnl", r.pnl);
  v.num("return_pct", r.return_pct);
  v.num("max_drawdown_pct", r.max_drawdown_pct);
  v.num("sharpe", r.sharpe);
}

// An error for a ratio past Decimal's range (18 digits).
Result<SweepRow> sweep_row(size_t point, std::vector<std::string> values, const Report& report);

struct SweepInput {
  const SweepGrid* grid = nullptr;
  std::vector<std::string> config_texts;  // the files of the grid's config dimension, in its order
  engine::Pair pair;                      // the tape's; every point must trade it
  std::span<const Trade> trades;
};

// The rows of `shard`'s points, ascending by point. `threads` >= 1; `progress` (optional) hears every
// run. Errors: a config that does not build at some point (named), a point on another pair, a replay
// that fails.
Result<std::vector<SweepRow>> run_sweep(const SweepInput& input, Shard shard, unsigned threads,
                                        ProgressHook* progress = nullptr);

// Told of each row as its point finishes, by the worker that ran it: from several threads at once.
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual void finished(const SweepRow& row) = 0;
};

// The same for any points of the grid (ascending, each once), telling `sink` (if any) of each row as
// it finishes (a resumed sweep runs only the points its results file lacks, sweep_resume.h).
Result<std::vector<SweepRow>> run_sweep_points(const SweepInput& input, const std::vector<size_t>& points,
                                               unsigned threads, ProgressHook* progress = nullptr,
                                               RowSink* sink = nullptr);

// The parts of run_sweep, for runs of grid points over other spans of the tape (walk_forward.h):
// point `point`'s config with its overrides applied (an error names the point); its replay over
// `trades`; its row. Thread-safe as run_sweep's workers use them (each on its own setup and report).
Result<BacktestSetup> sweep_point_setup(const SweepInput& input, size_t point);
Result<Report> replay_sweep_point(const SweepInput& input, size_t point, BacktestSetup setup,
                                  std::span<const Trade> trades, ProgressHook* progress = nullptr);
Result<SweepRow> sweep_point_row(const SweepInput& input, size_t point, const Report& report);

// A fingerprint (16 hex digits) of what a sweep's rows depend on besides the grid: the config texts
// and the replayed trades. Shards of one sweep agree on it.
std::string sweep_fingerprint(const std::vector<std::string>& config_texts, std::span<const Trade> trades);

}  // namespace dealer::backtest
