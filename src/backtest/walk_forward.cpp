#include "backtest/walk_forward.h"

#include <optional>

#include "backtest/parallel_runs.h"
#include "core/time_format.h"

namespace dealer::backtest {
namespace {

constexpr int64_t kMaxSeconds = int64_t{100} * 366 * 86400;  // a century: no sum of spans overflows

Result<int64_t> parse_duration(std::string_view text, std::string_view whole) {
  const auto bad = [&] {
    return make_error(Errc::kInvalidArgument,
                      "--walk-forward '" + std::string(whole) +
                          "': expected TRAIN/TEST[/STEP], each a whole number and s, m, h or d (30d/7d)");
  };
  if (text.size() < 2) return bad();
  int64_t unit = 0;
  switch (text.back()) {
    case 's':
      unit = 1;
      break;
    case 'm':
      unit = 60;
      break;
    case 'h':
      unit = 3600;
      break;
    case 'd':
      unit = 86400;
      break;
    default:
      return bad();
  }
  auto number = parse_int64(text.substr(0, text.size() - 1));
  if (!number || *number <= 0 || *number > kMaxSeconds / unit) return bad();
  return *number * unit;
}

int64_t seconds_of(const Trade& t) { return to_us(market::trade_time(t)) / 1'000'000; }

std::span<const Trade> span_of(std::span<const Trade> trades, int64_t from, int64_t to) {
  return select_trades(trades, wall_from_us(from * 1'000'000), wall_from_us((to + 1) * 1'000'000 - 1));
}

// A row is chosen the way the sweep table ranks: the first of the best, by point order.
size_t best_of(const std::vector<SweepRow>& rows, RankMetric rank) {
  size_t best = 0;
  for (size_t i = 1; i < rows.size(); ++i)
    if (ranks_before(rows[i], rows[best], rank)) best = i;
  return best;
}

std::string span_name(int64_t from, int64_t to) { return format_utc(from) + " to " + format_utc(to); }

// Each span's trades, or an error naming the first that has none.
Result<std::vector<std::span<const Trade>>> spans_with_trades(
    std::span<const Trade> trades, const std::vector<std::pair<int64_t, int64_t>>& bounds,
    const std::vector<std::string>& names) {
  std::vector<std::span<const Trade>> out;
  for (size_t i = 0; i < bounds.size(); ++i) {
    out.push_back(span_of(trades, bounds[i].first, bounds[i].second));
    if (out.back().empty())
      return make_error(Errc::kInvalidArgument,
                        names[i] + " (" + span_name(bounds[i].first, bounds[i].second) +
                            ") has no trades: a walk-forward needs trades in every span");
  }
  return out;
}

using Run = std::optional<Result<Report>>;

// Runs `jobs` of (point, trades) in parallel: the reports, or the first error in job order.
Result<std::vector<Report>> replay_all(const SweepInput& in,
                                       const std::vector<std::pair<size_t, std::span<const Trade>>>& jobs,
                                       unsigned threads, ProgressHook* progress) {
  std::vector<Run> runs(jobs.size());
  run_parallel(jobs.size(), threads, [&](size_t i) {
    auto setup = sweep_point_setup(in, jobs[i].first);
    if (!setup) {
      runs[i].emplace(setup.error());
      return;
    }
    runs[i].emplace(replay_sweep_point(in, jobs[i].first, std::move(*setup), jobs[i].second, progress));
  });
  std::vector<Report> out;
  out.reserve(runs.size());
  for (Run& run : runs) {
    if (!*run) return run->error();
    out.push_back(std::move(**run));
  }
  return out;
}

Result<SpanResult> span_result(const SweepInput& in, size_t point, const Report& r) {
  auto row = sweep_point_row(in, point, r);
  if (!row) return row.error();
  return SpanResult{std::move(*row), r.pnl, r.analysis.buy_and_hold.pnl, r.return_pct,
                    r.analysis.buy_and_hold.return_pct};
}

// A figure of one of each window's span results, summed over the windows (the stitched test spans).
template <class T>
T sum(const std::vector<WindowResult>& windows, SpanResult WindowResult::*span, T SpanResult::*figure) {
  T total{};
  for (const WindowResult& w : windows) total += (w.*span).*figure;
  return total;
}

}  // namespace

Result<WalkForwardSpec> parse_walk_forward(std::string_view text) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t slash = text.find('/', start);
    parts.push_back(text.substr(start, slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (parts.size() < 2 || parts.size() > 3)
    return make_error(Errc::kInvalidArgument, "--walk-forward '" + std::string(text) +
                                                  "': expected TRAIN/TEST[/STEP] (30d/7d, 12h/2h/1h)");
  if (parts.size() == 2) parts.push_back(parts[1]);
  WalkForwardSpec spec{std::string(parts[0]), std::string(parts[1]), std::string(parts[2])};
  int64_t* fields[] = {&spec.train, &spec.test, &spec.step};
  for (size_t i = 0; i < 3; ++i) {
    auto seconds = parse_duration(parts[i], text);
    if (!seconds) return seconds.error();
    *fields[i] = *seconds;
  }
  return spec;
}

std::vector<WalkForwardWindow> walk_forward_windows(const WalkForwardSpec& spec, int64_t first_second,
                                                    int64_t last_second) {
  std::vector<WalkForwardWindow> out;
  for (int64_t from = first_second; from + spec.train + spec.test - 1 <= last_second; from += spec.step)
    out.push_back({from, from + spec.train - 1, from + spec.train, from + spec.train + spec.test - 1});
  return out;
}

int64_t WalkForwardResult::oos_pnl() const { return sum(windows, &WindowResult::test, &SpanResult::pnl); }
double WalkForwardResult::oos_return_pct() const {
  return sum(windows, &WindowResult::test, &SpanResult::return_pct);
}
int64_t WalkForwardResult::hindsight_pnl() const {
  return sum(windows, &WindowResult::hindsight_test, &SpanResult::pnl);
}
double WalkForwardResult::hindsight_return_pct() const {
  return sum(windows, &WindowResult::hindsight_test, &SpanResult::return_pct);
}
int64_t WalkForwardResult::buy_and_hold_pnl() const {
  return sum(windows, &WindowResult::test, &SpanResult::buy_and_hold_pnl);
}
double WalkForwardResult::buy_and_hold_return_pct() const {
  return sum(windows, &WindowResult::test, &SpanResult::buy_and_hold_return_pct);
}

size_t walk_forward_trades(const SweepInput& in, const WalkForwardSpec& spec) {
  if (in.trades.empty()) return 0;
  const auto windows =
      walk_forward_windows(spec, seconds_of(in.trades.front()), seconds_of(in.trades.back()));
  if (windows.empty()) return 0;
  const size_t points = in.grid->size();
  size_t total = points * span_of(in.trades, windows.front().test_from, windows.back().test_to).size();
  for (const WalkForwardWindow& w : windows)
    total += points * span_of(in.trades, w.train_from, w.train_to).size() +
             2 * span_of(in.trades, w.test_from, w.test_to).size();
  return total;
}

namespace {

// The windows and their spans' trades: each window's training and test span, then the whole
// out-of-sample period.
struct Plan {
  std::vector<WalkForwardWindow> windows;
  std::vector<std::span<const Trade>> spans;
  std::span<const Trade> train(size_t w) const { return spans[2 * w]; }
  std::span<const Trade> test(size_t w) const { return spans[2 * w + 1]; }
  std::span<const Trade> whole() const { return spans.back(); }
};

Result<Plan> plan(const SweepInput& in, const WalkForwardSpec& spec) {
  if (in.trades.empty()) return make_error(Errc::kInvalidArgument, "no trades to replay");
  const int64_t first = seconds_of(in.trades.front());
  const int64_t last = seconds_of(in.trades.back());
  Plan plan{walk_forward_windows(spec, first, last), {}};
  if (plan.windows.empty())
    return make_error(Errc::kInvalidArgument, "--walk-forward " + spec.train_text + "/" + spec.test_text +
                                                  ": the trades (" + span_name(first, last) +
                                                  ") are too short for one training and one test span");
  std::vector<std::pair<int64_t, int64_t>> bounds;
  std::vector<std::string> names;
  for (size_t w = 0; w < plan.windows.size(); ++w) {
    bounds.emplace_back(plan.windows[w].train_from, plan.windows[w].train_to);
    names.push_back("window " + std::to_string(w + 1) + "'s training span");
    bounds.emplace_back(plan.windows[w].test_from, plan.windows[w].test_to);
    names.push_back("window " + std::to_string(w + 1) + "'s test span");
  }
  bounds.emplace_back(plan.windows.front().test_from, plan.windows.back().test_to);
  names.push_back("the out-of-sample period");
  auto spans = spans_with_trades(in.trades, bounds, names);
  if (!spans) return spans.error();
  plan.spans = std::move(*spans);
  return plan;
}

}  // namespace

Result<std::vector<std::vector<SweepRow>>> walk_forward_training(const SweepInput& in,
                                                                 const WalkForwardSpec& spec,
                                                                 const std::vector<size_t>& points,
                                                                 unsigned threads, ProgressHook* progress) {
  auto p = plan(in, spec);
  if (!p) return p.error();
  for (size_t point : points)  // a typo stops the run before anything replays
    if (auto setup = sweep_point_setup(in, point); !setup) return setup.error();
  const size_t training_spans = p->windows.size() + 1;
  std::vector<std::pair<size_t, std::span<const Trade>>> jobs;
  for (size_t s = 0; s < training_spans; ++s)
    for (size_t point : points) jobs.emplace_back(point, s < p->windows.size() ? p->train(s) : p->whole());
  auto trained = replay_all(in, jobs, threads, progress);
  if (!trained) return trained.error();
  std::vector<std::vector<SweepRow>> rows(training_spans);
  for (size_t j = 0; j < jobs.size(); ++j) {
    auto row = sweep_point_row(in, jobs[j].first, (*trained)[j]);
    if (!row) return row.error();
    rows[j / points.size()].push_back(std::move(*row));
  }
  return rows;
}

Result<WalkForwardResult> walk_forward_testing(const SweepInput& in, const WalkForwardSpec& spec,
                                               RankMetric rank,
                                               const std::vector<std::vector<SweepRow>>& rows,
                                               unsigned threads, ProgressHook* progress) {
  auto p = plan(in, spec);
  if (!p) return p.error();
  const size_t windows = p->windows.size();
  bool whole = rows.size() == windows + 1;
  for (size_t s = 0; whole && s < rows.size(); ++s) {
    whole = rows[s].size() == in.grid->size();
    for (size_t i = 0; whole && i < rows[s].size(); ++i) whole = rows[s][i].point == static_cast<int64_t>(i);
  }
  if (!whole)
    return make_error(Errc::kInvalidArgument, "the training rows do not hold every point on each of the " +
                                                  std::to_string(windows + 1) + " training spans");
  WalkForwardResult out{spec, rank, in.grid->dimensions(), in.pair.quote, {}, {}};
  const size_t hindsight = best_of(rows.back(), rank);
  out.hindsight = rows.back()[hindsight];
  // The chosen point on each test span, then the hindsight point on each.
  std::vector<std::pair<size_t, std::span<const Trade>>> jobs;
  for (size_t w = 0; w < windows; ++w) jobs.emplace_back(best_of(rows[w], rank), p->test(w));
  for (size_t w = 0; w < windows; ++w) jobs.emplace_back(hindsight, p->test(w));
  auto tested = replay_all(in, jobs, threads, progress);
  if (!tested) return tested.error();
  for (size_t w = 0; w < windows; ++w) {
    const size_t chosen = jobs[w].first;
    auto test = span_result(in, chosen, (*tested)[w]);
    auto hindsight_test = span_result(in, hindsight, (*tested)[windows + w]);
    if (!test) return test.error();
    if (!hindsight_test) return hindsight_test.error();
    out.windows.push_back({p->windows[w], rows[w][chosen], std::move(*test), std::move(*hindsight_test)});
  }
  return out;
}

Result<WalkForwardResult> run_walk_forward(const SweepInput& in, const WalkForwardSpec& spec, RankMetric rank,
                                           unsigned threads, ProgressHook* progress) {
  std::vector<size_t> points(in.grid->size());
  for (size_t i = 0; i < points.size(); ++i) points[i] = i;
  auto rows = walk_forward_training(in, spec, points, threads, progress);
  if (!rows) return rows.error();
  return walk_forward_testing(in, spec, rank, *rows, threads, progress);
}

}  // namespace dealer::backtest
