#include "backtest/sweep.h"

#include <cstdio>
#include <optional>

#include "backtest/config.h"
#include "backtest/parallel_runs.h"
#include "backtest/report_json.h"

namespace dealer::backtest {
namespace {

// format_ratio's text (what --json shows) as a Decimal: an error past Decimal's range (a Sharpe ratio
// over a near-zero deviation could get there).
Result<Decimal> ratio(std::string_view name, double value) {
  auto d = Decimal::parse(format_ratio(value));
  if (!d)
    return make_error(Errc::kOverflow, std::string(name) + " " + format_ratio(value) + " is out of range");
  return d;
}

Decimal money(int64_t units, Currency currency) { return Decimal(units, currency.decimals()); }

std::string point_name(const SweepGrid& grid, size_t point) {
  std::string out;
  const auto values = grid.values(point);
  for (size_t d = 0; d < values.size(); ++d)
    out += (d ? " " : "") + grid.dimensions()[d].key + "=" + values[d];
  return out;
}

// Every point's setup, built before any replay.
Result<std::vector<BacktestSetup>> prepare(const SweepInput& in, const std::vector<size_t>& points) {
  std::vector<BacktestSetup> setups;
  setups.reserve(points.size());
  for (size_t point : points) {
    auto setup = sweep_point_setup(in, point);
    if (!setup) return setup.error();
    setups.push_back(std::move(*setup));
  }
  return setups;
}

Result<SweepRow> run_point(const SweepInput& in, size_t point, BacktestSetup setup, ProgressHook* progress) {
  auto report = replay_sweep_point(in, point, std::move(setup), in.trades, progress);
  if (!report) return report.error();
  return sweep_point_row(in, point, *report);
}

}  // namespace

Result<BacktestSetup> sweep_point_setup(const SweepInput& in, size_t point) {
  const size_t c = in.grid->config_of(point);
  auto setup = parse_backtest_config(in.config_texts[c], in.grid->dimensions().front().values[c],
                                     in.grid->overrides(point));
  if (!setup)
    return make_error(Errc::kConfig,
                      "sweep point " + point_name(*in.grid, point) + ": " + setup.error().message);
  if (setup->config.pair != in.pair)
    return make_error(Errc::kConfig, "sweep point " + point_name(*in.grid, point) + " trades " +
                                         setup->config.pair.code() + ", but the tape is read as " +
                                         in.pair.code() + ": a sweep replays one pair");
  return setup;
}

Result<Report> replay_sweep_point(const SweepInput& in, size_t point, BacktestSetup setup,
                                  std::span<const Trade> trades, ProgressHook* progress) {
  try {
    auto bt = Backtest::create(std::move(setup.config), std::move(setup.strategies));
    if (!bt) return bt.error();
    return (*bt)->run(trades, progress);
  } catch (const std::exception& e) {  // MoneyOverflow: absurd input past validation, for this point only
    return make_error(Errc::kOverflow, "sweep point " + point_name(*in.grid, point) + ": " + e.what());
  }
}

Result<SweepRow> sweep_point_row(const SweepInput& in, size_t point, const Report& report) {
  auto row = sweep_row(point, in.grid->values(point), report);
  if (!row)
    return make_error(row.error().code,
                      "sweep point " + point_name(*in.grid, point) + ": " + row.error().message);
  return row;
}

bool operator==(const SweepRow& a, const SweepRow& b) {
  // Nullable's own == is ambiguous between optional's overloads: compare as optionals.
  using Optional = const std::optional<Decimal>&;
  return a.point == b.point && a.values == b.values && a.trades_replayed == b.trades_replayed &&
         a.fills == b.fills && a.fees == b.fees && a.pnl == b.pnl && a.return_pct == b.return_pct &&
         a.max_drawdown_pct == b.max_drawdown_pct && Optional(a.sharpe) == Optional(b.sharpe);
}

Result<SweepRow> sweep_row(size_t point, std::vector<std::string> values, const Report& r) {
  SweepRow row;
  row.point = static_cast<int64_t>(point);
  row.values = std::move(values);
  row.trades_replayed = static_cast<int64_t>(r.trades_replayed);
  row.fills = static_cast<int64_t>(r.fills.size());
  row.fees = money(r.fees, r.pair.quote);
  row.pnl = money(r.pnl, r.pair.quote);
  auto return_pct = ratio("return_pct", r.return_pct);
  auto drawdown = ratio("max_drawdown_pct", r.max_drawdown_pct);
  if (!return_pct) return return_pct.error();
  if (!drawdown) return drawdown.error();
  row.return_pct = *return_pct;
  row.max_drawdown_pct = *drawdown;
  if (r.sharpe) {
    auto sharpe = ratio("sharpe", *r.sharpe);
    if (!sharpe) return sharpe.error();
    row.sharpe = *sharpe;
  }
  return row;
}

Result<std::vector<SweepRow>> run_sweep(const SweepInput& in, Shard shard, unsigned threads,
                                        ProgressHook* progress) {
  return run_sweep_points(in, in.grid->points(shard), threads, progress);
}

Result<std::vector<SweepRow>> run_sweep_points(const SweepInput& in, const std::vector<size_t>& points,
                                               unsigned threads, ProgressHook* progress, RowSink* sink) {
  auto setups = prepare(in, points);
  if (!setups) return setups.error();
  std::vector<std::optional<Result<SweepRow>>> rows(points.size());
  run_parallel(points.size(), threads, [&](size_t i) {
    rows[i].emplace(run_point(in, points[i], std::move((*setups)[i]), progress));
    if (sink && *rows[i]) sink->finished(**rows[i]);
  });

  std::vector<SweepRow> out;
  out.reserve(rows.size());
  for (auto& row : rows) {
    if (!*row) return row->error();
    out.push_back(std::move(**row));
  }
  return out;
}

std::string sweep_fingerprint(const std::vector<std::string>& config_texts, std::span<const Trade> trades) {
  // FNV-1a, 64 bits: a check that shards replayed the same inputs, not a defence against forgery.
  uint64_t h = 14695981039346656037ull;
  const auto mix = [&](const void* data, size_t n) {
    for (size_t i = 0; i < n; ++i) h = (h ^ static_cast<const unsigned char*>(data)[i]) * 1099511628211ull;
  };
  for (const std::string& text : config_texts) mix(text.data(), text.size() + 1);  // with its '\0'
  for (const Trade& t : trades) {
    const int64_t fields[] = {t.tid, t.price.raw(), t.amount.raw()};
    mix(fields, sizeof fields);
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

}  // namespace dealer::backtest
