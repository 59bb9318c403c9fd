#include "backtest/sweep_table.h"

#include <algorithm>
#include <array>
#include <set>

#include "core/text_table.h"

namespace dealer::backtest {
namespace {

constexpr std::array<std::string_view, 6> kMetricNames = {"pnl",    "return_pct", "max_drawdown_pct",
                                                          "sharpe", "fills",      "fees"};

std::string grid_text(const std::vector<SweepAxis>& grid) {
  std::string out;
  for (const SweepAxis& axis : grid) {
    out += (out.empty() ? "" : " ") + axis.key + "=";
    for (size_t i = 0; i < axis.values.size(); ++i) out += (i ? "," : "") + axis.values[i];
  }
  return out;
}

size_t grid_size(const std::vector<SweepAxis>& grid) {
  size_t n = 1;
  for (const SweepAxis& axis : grid) n *= axis.values.size();
  return n;
}

}  // namespace

Result<SweepFile> decode_sweep_file(std::string_view text, const std::string& name) {
  auto file = decode_json<SweepFile>(text);
  if (!file) return make_error(Errc::kParse, name + ": not a sweep shard file: " + file.error().message);
  if (file->format != kSweepFormat)
    return make_error(Errc::kParse,
                      name + ": format '" + file->format + "', expected " + std::string(kSweepFormat));
  // The table has one column per grid dimension: a row with more or fewer values cannot be shown.
  for (const SweepRow& row : file->rows)
    if (row.values.size() != file->grid.size())
      return make_error(Errc::kParse, name + ": point " + std::to_string(row.point) + " has " +
                                          std::to_string(row.values.size()) + " values for a grid of " +
                                          std::to_string(file->grid.size()) + " dimensions");
  return file;
}

Result<SweepFile> merge_sweep_files(const std::vector<std::pair<std::string, SweepFile>>& named) {
  if (named.empty()) return make_error(Errc::kInvalidArgument, "no shard files to merge");
  const auto& [first_name, first] = named.front();
  SweepFile merged{std::string(kSweepFormat), first.grid, first.inputs, first.quote, 0, 1, {}};
  std::set<int64_t> shards;
  for (const auto& [name, f] : named) {
    const std::string other = name + " is not a shard of the same sweep as " + first_name + ": ";
    if (f.grid != first.grid)
      return make_error(Errc::kInvalidArgument,
                        other + "its grid is " + grid_text(f.grid) + ", not " + grid_text(first.grid));
    if (f.inputs != first.inputs || f.quote != first.quote)
      return make_error(
          Errc::kInvalidArgument,
          other + "same grid, but other inputs (a config file's text, the trades or --from/--to differ)");
    if (f.shards != first.shards)
      return make_error(Errc::kInvalidArgument, other + "it is cut into " + std::to_string(f.shards) +
                                                    " shards, not " + std::to_string(first.shards));
    if (!shards.insert(f.shard).second)
      return make_error(Errc::kInvalidArgument, name + ": shard " + std::to_string(f.shard) + "/" +
                                                    std::to_string(f.shards) + " is given twice");
    merged.rows.insert(merged.rows.end(), f.rows.begin(), f.rows.end());
  }
  for (int64_t s = 0; s < first.shards; ++s)
    if (!shards.contains(s))
      return make_error(Errc::kInvalidArgument, "shard " + std::to_string(s) + "/" +
                                                    std::to_string(first.shards) +
                                                    " is missing (run it with --shard " + std::to_string(s) +
                                                    "/" + std::to_string(first.shards) + ")");
  std::sort(merged.rows.begin(), merged.rows.end(),
            [](const SweepRow& a, const SweepRow& b) { return a.point < b.point; });
  // Every point once: a hand-edited or truncated shard must not pass as the whole sweep.
  bool whole = merged.rows.size() == grid_size(first.grid);
  for (size_t i = 0; whole && i < merged.rows.size(); ++i)
    whole = merged.rows[i].point == static_cast<int64_t>(i);
  if (!whole)
    return make_error(Errc::kInvalidArgument, "the shards hold " + std::to_string(merged.rows.size()) +
                                                  " rows for a grid of " +
                                                  std::to_string(grid_size(first.grid)) +
                                                  " points (a shard file was cut short or edited)");
  return merged;
}

bool ranks_before(const SweepRow& a, const SweepRow& b, RankMetric rank) {
  const auto by = [&](const auto& x, const auto& y, bool highest_first) {
    if (x != y) return highest_first ? x > y : x < y;
    return a.point < b.point;
  };
  switch (rank) {
    case RankMetric::kPnl:
      return by(a.pnl, b.pnl, true);
    case RankMetric::kReturnPct:
      return by(a.return_pct, b.return_pct, true);
    case RankMetric::kMaxDrawdownPct:
      return by(a.max_drawdown_pct, b.max_drawdown_pct, false);
    case RankMetric::kFills:
      return by(a.fills, b.fills, true);
    case RankMetric::kFees:
      return by(a.fees, b.fees, false);
    case RankMetric::kSharpe:
      if (a.sharpe.has_value() != b.sharpe.has_value()) return a.sharpe.has_value();
      if (!a.sharpe) return a.point < b.point;
      return by(*a.sharpe, *b.sharpe, true);
  }
  return false;
}

std::string_view rank_metric_name(RankMetric rank) { return kMetricNames[static_cast<size_t>(rank)]; }

Result<RankMetric> parse_rank_metric(std::string_view name) {
  for (size_t i = 0; i < kMetricNames.size(); ++i)
    if (kMetricNames[i] == name) return static_cast<RankMetric>(i);
  return make_error(Errc::kInvalidArgument,
                    "--rank '" + std::string(name) + "': expected one of " + std::string(kRankMetrics));
}

std::string sweep_table(const SweepFile& file, RankMetric rank) {
  std::vector<SweepRow> rows = file.rows;
  std::sort(rows.begin(), rows.end(),
            [&](const SweepRow& a, const SweepRow& b) { return ranks_before(a, b, rank); });

  // The rank, the parameters (left-aligned), then the figures (right-aligned).
  std::vector<std::string> header{"rank"};
  for (const SweepAxis& axis : file.grid) header.push_back(axis.key);
  for (std::string_view m : {"fills", "fees", "pnl", "return_pct", "max_drawdown_pct", "sharpe"})
    header.emplace_back(m);
  std::vector<bool> right(header.size(), true);
  std::fill(right.begin() + 1, right.begin() + 1 + static_cast<ptrdiff_t>(file.grid.size()), false);
  TextTable table(std::move(header), std::move(right));
  for (size_t i = 0; i < rows.size(); ++i) {
    const SweepRow& r = rows[i];
    std::vector<std::string> line{std::to_string(i + 1)};
    line.insert(line.end(), r.values.begin(), r.values.end());
    for (const std::string& text :
         {std::to_string(r.fills), r.fees.to_string(), r.pnl.to_string(), r.return_pct.to_string(),
          r.max_drawdown_pct.to_string(), r.sharpe ? r.sharpe->to_string() : std::string("-")})
      line.push_back(text);
    table.add(std::move(line));
  }
  return std::to_string(rows.size()) + " points, ranked by " + std::string(rank_metric_name(rank)) +
         " (fees and pnl in " + file.quote + ", ratios in %, sharpe of daily returns)\n" + table.render();
}

}  // namespace dealer::backtest
