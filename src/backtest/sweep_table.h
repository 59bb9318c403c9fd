// A sweep's results: the shard file (`--shard I/N --json OUT`), merging shard files
// (`dealer sweep-merge`), and the table ranked by one metric. The table is made from rows alone, so a
// sweep run on one machine, on N threads, or as shards merged later prints the same bytes.
//
// Shard file (JSON, keys fixed): {"format":"dealer-sweep-1", "grid":[{"key","values"}...] (the config
// files first), "inputs": fingerprint of the config texts and trades, "quote": currency of fees and
// pnl, "shard": I, "shards": N, "rows": [SweepRow...]}.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "backtest/sweep.h"

namespace dealer::backtest {

inline constexpr std::string_view kSweepFormat = "dealer-sweep-1";

struct SweepFile {
  std::string format{kSweepFormat};
  std::vector<SweepAxis> grid;
  std::string inputs;
  std::string quote;
  int64_t shard = 0, shards = 1;
  std::vector<SweepRow> rows;
};

template <class V>
void describe(V& v, SweepFile& f) {
  v("format", f.format);
  v("grid", f.grid);
  v("inputs", f.inputs);
  v("quote", f.quote);
  v("shard", f.shard);
  v("shards", f.shards);
  v("rows", f.rows);
}

// Read back; `name` (the file) heads errors. A file that is not a shard file says so, as does a row
// whose values do not match the grid.
Result<SweepFile> decode_sweep_file(std::string_view text, const std::string& name);

// The shards of one sweep as one file with every row: an error naming the file that belongs to
// another sweep (and what differs), a shard given twice, or a missing shard.
Result<SweepFile> merge_sweep_files(const std::vector<std::pair<std::string, SweepFile>>& named);

enum class RankMetric { kPnl, kReturnPct, kMaxDrawdownPct, kSharpe, kFills, kFees };
// pnl, return_pct, sharpe and fills rank highest first; max_drawdown_pct and fees lowest first.
Result<RankMetric> parse_rank_metric(std::string_view name);
std::string_view rank_metric_name(RankMetric rank);
// Whether `a` ranks before `b`: by the metric, best first, then by point (a missing sharpe last).
bool ranks_before(const SweepRow& a, const SweepRow& b, RankMetric rank);
inline constexpr std::string_view kRankMetrics = "pnl, return_pct, max_drawdown_pct, sharpe, fills, fees";

// A title line, then a header and one aligned row per point, best first by `rank` (a missing
// sharpe last; ties by point number).
std::string sweep_table(const SweepFile& file, RankMetric rank);

}  // namespace dealer::backtest
