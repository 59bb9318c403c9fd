// dealer backtest: the strategies of a config file over a recorded trade file, with the shared fill
// model, printing a summary and optionally writing the JSON report (README "Backtesting").
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "backtest/config.h"
#include "backtest/progress_line.h"
#include "backtest/report_html.h"
#include "backtest/report_json.h"
#include "backtest/sweep_resume.h"
#include "backtest/sweep_table.h"
#include "backtest/walk_forward_report.h"
#include "backtest/walk_forward_shard.h"
#include "cli/commands.h"
#include "core/time_format.h"
#include "input/trade_input.h"
#include "market/tape_file.h"

namespace dealer::cli {
namespace {

struct BacktestOptions {
  std::vector<std::string> configs;
  std::string trades;
  std::string from;
  std::string to;
  std::string json;
  bool strict = false;
  std::string html;
  std::vector<std::string> sweeps;
  std::string rank = "pnl";
  std::string shard;
  std::string walk_forward;
  std::vector<std::string> trained;  // walk-forward training shard files
  bool resume = false;
  int64_t threads = 0;  // 0: one per core

  // Several configs, a --sweep or a --shard: a table of runs rather than one report.
  bool sweep() const { return configs.size() > 1 || !sweeps.empty() || !shard.empty(); }
};

int usage(const std::string& message) {
  std::fprintf(stderr, "dealer backtest: %s\n", message.c_str());
  return kExitUsage;
}

// "2013-01-01 12:00:00" (UTC) or unix seconds, up to the year 9999 (so microseconds fit int64).
std::optional<WallTime> parse_time(const std::string& text) {
  constexpr int64_t kLastSecond = 253'402'300'799;  // 9999-12-31 23:59:59
  std::optional<int64_t> seconds = parse_utc(text);
  if (!seconds) {
    if (auto number = parse_int64(text)) seconds = *number;
  }
  if (!seconds || *seconds < 0 || *seconds > kLastSecond) return std::nullopt;
  return wall_from_us(*seconds * 1'000'000);
}

bool parse_bound(const std::string& name, const std::string& text, std::optional<WallTime>& out) {
  if (text.empty()) return true;
  out = parse_time(text);
  if (!out)
    std::fprintf(
        stderr,
        "dealer backtest: %s: expected \"YYYY-MM-DD HH:MM:SS\" (UTC) or unix seconds up to the year 9999, "
        "got '%s'\n",
        name.c_str(), text.c_str());
  return out.has_value();
}

void print_summary(const backtest::Report& r, double wall_seconds) {
  const int qd = r.pair.quote.decimals();
  const std::string quote(r.pair.quote.code());
  for (const engine::Decision& d : r.decisions) {
    std::printf("%s %s %s\n", backtest::format_time(d.time).c_str(), d.strategy_id.c_str(), d.reason.c_str());
  }
  std::printf("%zu trades of %s, %zu orders, %zu fills, fees %s %s\n", r.trades_replayed,
              r.pair.code().c_str(), r.orders, r.fills.size(), format_units(r.fees, qd).c_str(),
              quote.c_str());
  for (size_t i = 0; i < r.final_balances.size(); ++i) {
    const Currency c = r.final_balances[i].currency;
    std::printf("%s %s -> %s\n", std::string(c.code()).c_str(),
                format_units(r.start_balances[i].total.raw(), c.decimals()).c_str(),
                format_units(r.final_balances[i].total.raw(), c.decimals()).c_str());
  }
  std::printf("price %s -> %s, pnl %s %s (%.4f %%), max drawdown %.4f %%, exposure %.4f %%\n",
              format_units(r.first_price.raw(), qd).c_str(), format_units(r.last_price.raw(), qd).c_str(),
              format_units(r.pnl, qd).c_str(), quote.c_str(), r.return_pct, r.max_drawdown_pct,
              r.exposure_pct);
  std::printf("%.3f s, %.0f trades/s\n", wall_seconds,
              wall_seconds > 0 ? static_cast<double>(r.trades_replayed) / wall_seconds : 0.0);
}

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (out.flush()) return true;
  std::fprintf(stderr, "dealer backtest: cannot write '%s'\n", path.c_str());
  return false;
}

unsigned thread_count(const BacktestOptions& o) {
  return o.threads > 0 ? static_cast<unsigned>(o.threads) : std::max(1u, std::thread::hardware_concurrency());
}

// The grid of --config and --sweep, and the config texts its points start from.
struct GridInput {
  backtest::SweepGrid grid;
  std::vector<std::string> config_texts;
};

Result<GridInput> grid_input(const BacktestOptions& o) {
  std::vector<backtest::SweepAxis> axes;
  for (const std::string& text : o.sweeps) {
    auto axis = backtest::parse_sweep_axis(text);
    if (!axis) return axis.error();
    axes.push_back(std::move(*axis));
  }
  auto grid = backtest::SweepGrid::create(o.configs, std::move(axes));
  if (!grid) return grid.error();
  GridInput out{std::move(*grid), {}};
  for (const std::string& path : o.configs) {
    auto text = config::read_file(path);
    if (!text) return text.error();
    out.config_texts.push_back(std::move(*text));
  }
  return out;
}

// Sweeps and walk-forward runs can take hours: off a terminal (a CI log, a Slurm job's output) their
// progress line still prints, a whole line every few seconds.
backtest::ProgressLine::Style long_run_style() {
  return backtest::ProgressLine::on_terminal(stderr) ? backtest::ProgressLine::Style::kInPlace
                                                     : backtest::ProgressLine::Style::kLog;
}

int run_failed(const Error& e) {
  if (e.code == Errc::kConfig) return usage(e.message);
  std::fprintf(stderr, "dealer backtest: %s\n", e.message.c_str());
  return kExitFailure;
}

// Every grid point on each window's training span, the best on its test span (walk_forward.h).
// One shard of a walk-forward's training runs, written to --json (walk_forward_shard.h).
int train_walk_forward_shard(const BacktestOptions& o, const backtest::SweepInput& input,
                             const backtest::WalkForwardSpec& spec, backtest::WalkForwardShard file) {
  auto shard = backtest::parse_shard(o.shard);
  if (!shard) return usage(shard.error().message);
  if (o.json.empty())
    return usage("--walk-forward with --shard writes its training rows to --json OUT: give it");
  const auto points = input.grid->points(*shard);
  const SteadyClock clock;
  backtest::ProgressLine progress(
      backtest::walk_forward_trades(input, spec) * points.size() / input.grid->size(), stderr, true, clock,
      long_run_style());
  auto rows = backtest::walk_forward_training(input, spec, points, thread_count(o), &progress);
  progress.finish();
  if (!rows) return run_failed(rows.error());
  file.shard = static_cast<int64_t>(shard->index);
  file.shards = static_cast<int64_t>(shard->count);
  for (auto& span : *rows) file.spans.push_back({std::move(span)});
  if (!write_file(o.json, encode_json(file) + '\n')) return kExitFailure;
  std::printf("walk-forward training shard %zu/%zu: %zu points on %zu spans, in %s\n", shard->index,
              shard->count, points.size(), file.spans.size(), o.json.c_str());
  return kExitOk;
}

// Every grid point on each window's training span, the best on its test span (walk_forward.h); the
// training runs from --trained shard files if given.
int run_walk_forward(const BacktestOptions& o, backtest::RankMetric rank, engine::Pair pair,
                     std::span<const Trade> trades) {
  if (o.resume) return usage("--resume continues a sweep; a walk-forward run starts over");
  auto spec = backtest::parse_walk_forward(o.walk_forward);
  if (!spec) return usage(spec.error().message);
  auto in = grid_input(o);
  if (!in) return usage(in.error().message);
  const backtest::SweepInput input{&in->grid, in->config_texts, pair, trades};
  const backtest::WalkForwardShard want{std::string(backtest::kWalkForwardFormat),
                                        spec->train_text + "/" + spec->test_text + "/" + spec->step_text,
                                        in->grid.dimensions(),
                                        backtest::sweep_fingerprint(input.config_texts, trades),
                                        std::string(pair.quote.code()),
                                        0,
                                        1,
                                        {}};
  if (!o.shard.empty()) return train_walk_forward_shard(o, input, *spec, want);
  const SteadyClock clock;
  backtest::ProgressLine progress(backtest::walk_forward_trades(input, *spec), stderr, true, clock,
                                  long_run_style());
  Result<backtest::WalkForwardResult> result = make_error(Errc::kInvalidArgument, "not run");
  if (o.trained.empty()) {
    result = backtest::run_walk_forward(input, *spec, rank, thread_count(o), &progress);
  } else {
    std::vector<std::pair<std::string, std::string>> named;
    for (const std::string& path : o.trained) {
      auto text = config::read_file(path);
      if (!text) return run_failed(text.error());
      named.emplace_back(path, std::move(*text));
    }
    auto rows = backtest::merge_walk_forward_shards(named, want);
    if (!rows) return run_failed(rows.error());
    result = backtest::walk_forward_testing(input, *spec, rank, *rows, thread_count(o), &progress);
  }
  progress.finish();
  if (!result) return run_failed(result.error());
  std::fputs(backtest::walk_forward_table(*result).c_str(), stdout);
  if (!o.json.empty() && !write_file(o.json, backtest::walk_forward_json(*result) + '\n'))
    return kExitFailure;
  if (!o.html.empty() && !write_file(o.html, backtest::walk_forward_html(*result))) return kExitFailure;
  return kExitOk;
}

// Told of every finished point: the results file (durably, first), the best so far on the progress
// line, and the test hook DEALER_SWEEP_KILL_AFTER=K, which SIGKILLs the sweep once K rows are in the
// results file (tests/cli/sweep_resume_command_test.cpp: a crash at a known point, without timing).
class SweepSinks final : public backtest::RowSink {
 public:
  // `earlier`: the rows of a resumed run, the best among them the best so far.
  SweepSinks(backtest::SweepResults* results, backtest::ProgressLine& progress, backtest::RankMetric rank,
             std::string quote, const std::vector<backtest::SweepRow>& earlier)
      : results_(results), progress_(progress), rank_(rank), quote_(std::move(quote)) {
    if (const char* k = std::getenv("DEALER_SWEEP_KILL_AFTER"))
      if (auto n = parse_int64(k)) kill_after_ = *n;
    for (const backtest::SweepRow& row : earlier) keep_if_best(row);
  }

  void finished(const backtest::SweepRow& row) override {
    if (results_) {
      // Held to the kill, so that no other worker's row lands after the K-th.
      std::lock_guard lock(write_);
      results_->finished(row);
      if (kill_after_ > 0 && results_->rows() >= static_cast<size_t>(kill_after_)) std::raise(SIGKILL);
    }
    std::string best;
    {
      std::lock_guard lock(mutex_);
      keep_if_best(row);
      best = std::string(backtest::rank_metric_name(rank_)) + " " + metric(*best_) + " (point " +
             std::to_string(best_->point) + ")";
    }
    progress_.point_done(best);
  }

 private:
  void keep_if_best(const backtest::SweepRow& row) {
    if (!best_ || backtest::ranks_before(row, *best_, rank_)) best_ = row;
  }

  std::string metric(const backtest::SweepRow& r) const {
    switch (rank_) {
      case backtest::RankMetric::kPnl:
        return r.pnl.to_string() + " " + quote_;
      case backtest::RankMetric::kFees:
        return r.fees.to_string() + " " + quote_;
      case backtest::RankMetric::kFills:
        return std::to_string(r.fills);
      case backtest::RankMetric::kReturnPct:
        return r.return_pct.to_string() + " %";
      case backtest::RankMetric::kMaxDrawdownPct:
        return r.max_drawdown_pct.to_string() + " %";
      case backtest::RankMetric::kSharpe:
        return r.sharpe ? r.sharpe->to_string() : "-";
    }
    return "";
  }

  backtest::SweepResults* results_;
  backtest::ProgressLine& progress_;
  const backtest::RankMetric rank_;
  const std::string quote_;
  int64_t kill_after_ = 0;
  std::mutex write_;
  std::mutex mutex_;  // guards best_
  std::optional<backtest::SweepRow> best_;
};

// The sweep's grid points (or one shard of them) over the tape, as a ranked table and a shard file;
// with --json, each point also durably in the results file as it finishes (sweep_resume.h).
int run_sweep(const BacktestOptions& o, backtest::RankMetric rank, engine::Pair pair,
              std::span<const Trade> trades) {
  backtest::Shard shard;
  if (!o.shard.empty()) {
    auto parsed = backtest::parse_shard(o.shard);
    if (!parsed) return usage(parsed.error().message);
    shard = *parsed;
  }
  if (o.resume && o.json.empty()) return usage("--resume continues the sweep of --json OUT: give it");
  auto in = grid_input(o);
  if (!in) return usage(in.error().message);
  const backtest::SweepGrid& grid = in->grid;
  backtest::SweepInput input{&grid, in->config_texts, pair, trades};
  backtest::SweepFile file{std::string(backtest::kSweepFormat),
                           grid.dimensions(),
                           backtest::sweep_fingerprint(input.config_texts, trades),
                           std::string(pair.quote.code()),
                           static_cast<int64_t>(shard.index),
                           static_cast<int64_t>(shard.count),
                           {}};
  std::unique_ptr<backtest::SweepResults> results;
  if (!o.json.empty()) {
    auto opened = backtest::SweepResults::open(backtest::results_path(o.json), file, o.resume);
    if (!opened) return run_failed(opened.error());
    results = std::move(*opened);
    file.rows = results->earlier();
  }
  std::vector<bool> done(grid.size(), false);
  for (const backtest::SweepRow& r : file.rows) done[static_cast<size_t>(r.point)] = true;
  std::vector<size_t> points;
  for (size_t p : grid.points(shard))
    if (!done[p]) points.push_back(p);

  const SteadyClock clock;
  backtest::ProgressLine progress(points.size() * trades.size(), stderr, true, clock, long_run_style());
  progress.count_points(points.size());
  SweepSinks sinks(results.get(), progress, rank, file.quote, file.rows);
  auto rows = backtest::run_sweep_points(input, points, thread_count(o), &progress, &sinks);
  progress.finish();
  if (!rows) return run_failed(rows.error());
  if (results && !results->status()) return run_failed(results->status().error());
  file.rows.insert(file.rows.end(), rows->begin(), rows->end());
  std::sort(file.rows.begin(), file.rows.end(),
            [](const backtest::SweepRow& a, const backtest::SweepRow& b) { return a.point < b.point; });
  std::fputs(backtest::sweep_table(file, rank).c_str(), stdout);
  if (!o.json.empty()) {
    if (!write_file(o.json, encode_json(file) + '\n')) return kExitFailure;
    // The --json file holds every row now: the results file has done its work.
    if (Status removed = results->remove(); !removed) return run_failed(removed.error());
  }
  return kExitOk;
}

// The summary, and the JSON and HTML reports asked for.
int report_backtest(const BacktestOptions& o, const backtest::Report& report, double wall) {
  print_summary(report, wall);
  if (!o.json.empty() && !write_file(o.json, backtest::report_json(report, wall) + '\n')) return kExitFailure;
  if (!o.html.empty() && !write_file(o.html, backtest::report_html(report, wall))) return kExitFailure;
  return kExitOk;
}

int failure(const std::string& message) {
  std::fprintf(stderr, "dealer backtest: %s\n", message.c_str());
  return kExitFailure;
}

// A binary tape (market/tape_file.h) is replayed from its mapping a batch at a time, never copied whole.
int run_tape_backtest(const BacktestOptions& o, backtest::BacktestSetup& setup, std::optional<WallTime> from,
                      std::optional<WallTime> to) {
  auto tape = market::TapeFile::open(o.trades);
  if (!tape) return failure(tape.error().message);
  const engine::Pair pair = setup.config.pair;
  if (tape->header().item != pair.item || tape->header().quote != pair.quote)
    return failure(o.trades + ": a tape of " + std::string(tape->header().item.code()) +
                   std::string(tape->header().quote.code()) + ", the config trades " + pair.code());
  const size_t first = from ? tape->lower_bound_time(to_us(*from)) : 0;
  const size_t end = to ? tape->lower_bound_time(to_us(*to) + 1) : tape->size();
  if (first >= end) return failure(o.trades + ": no trades to replay");
  auto bt = backtest::Backtest::create(std::move(setup.config), std::move(setup.strategies));
  if (!bt) return usage(bt.error().message);
  const SteadyClock clock;
  backtest::ProgressLine progress(end - first, stderr, backtest::ProgressLine::on_terminal(stderr), clock);
  const auto started = std::chrono::steady_clock::now();
  (*bt)->begin(tape->trade(first), end - first);
  std::vector<Trade> batch(std::min(kTradeBatchSize, end - first));
  for (size_t i = first; i < end;) {
    const auto some = std::span<Trade>(batch).first(std::min(batch.size(), end - i));
    tape->copy(i, some);
    (*bt)->replay(some, &progress);
    i += some.size();
  }
  const backtest::Report report = (*bt)->finish(tape->trade(end - 1));
  progress.finish();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report_backtest(o, report, wall);
}

int run_backtest(const BacktestOptions& o) {
  std::optional<WallTime> from, to;
  if (!parse_bound("--from", o.from, from) || !parse_bound("--to", o.to, to)) return kExitUsage;
  if (to) *to += std::chrono::seconds(1) - Micros(1);  // the whole second named
  if (o.sweep() && o.walk_forward.empty() && !o.html.empty())
    return usage("--html reports one backtest; a sweep (--sweep, several --config, --shard) prints a table");
  auto rank = backtest::parse_rank_metric(o.rank);  // an error with or without a sweep
  if (!rank) return usage(rank.error().message);
  auto setup = backtest::load_backtest_config(o.configs.front());
  if (!setup) {
    std::fprintf(stderr, "dealer backtest: %s\n", setup.error().message.c_str());
    return kExitUsage;
  }
  if (auto format = input::detect_trade_input(o.trades);
      format && *format == input::TradeInputFormat::kTape && !o.sweep() && o.walk_forward.empty())
    return run_tape_backtest(o, *setup, from, to);
  auto input = input::load_trade_input(
      o.trades, input::command_read_options("dealer backtest", setup->config.pair.quote, o.strict));
  if (!input) return failure(input.error().message);
  input::print_bad_line_count("dealer backtest", input->summary);
  const auto selected = backtest::select_trades(input->trades, from, to);
  if (!o.walk_forward.empty()) return run_walk_forward(o, *rank, setup->config.pair, selected);
  if (o.sweep()) return run_sweep(o, *rank, setup->config.pair, selected);
  auto bt = backtest::Backtest::create(std::move(setup->config), std::move(setup->strategies));
  if (!bt) return usage(bt.error().message);
  const SteadyClock clock;
  backtest::ProgressLine progress(selected.size(), stderr, backtest::ProgressLine::on_terminal(stderr),
                                  clock);
  const auto started = std::chrono::steady_clock::now();
  auto report = (*bt)->run(selected, &progress);
  progress.finish();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!report) return failure(o.trades + ": " + report.error().message);
  return report_backtest(o, *report, wall);
}

}  // namespace

void add_backtest_command(CommandLine& cli) {
  auto o = std::make_shared<BacktestOptions>();
  Command c = cli.add("backtest",
                      "Replay recorded trades through the configured strategies and report fills and P&L.");
  c.option(
       "--config", &o->configs,
       "YAML with the strategies: list and the backtest: block; repeat it to compare configs in one sweep")
      .value_name("FILE")
      .required();
  c.option("--trades", &o->trades,
           "MtGox CSV (id,price,amount,type), bitcoincharts CSV (unix_seconds,price,amount), MtGox "
           "trades JSON answers, the SQLite file of dealer record, or a tape of dealer import --format tape")
      .value_name("FILE_OR_DB")
      .required();
  c.flag("--strict", &o->strict, "Stop at the first bad line of --trades (default: report, skip, go on)");
  c.option("--from", &o->from,
           "Replay trades from this time on (\"YYYY-MM-DD HH:MM:SS\" UTC or unix seconds)")
      .value_name("T");
  c.option("--to", &o->to, "Replay trades up to this time, that second included").value_name("T");
  c.option(
       "--json", &o->json,
       "Write the report as JSON (keys in the README); for a sweep, its rows (dealer sweep-merge reads them)")
      .value_name("OUT");
  c.option("--html", &o->html, "Write the report as one self-contained HTML page with charts")
      .value_name("OUT");
  c.option("--sweep", &o->sweeps,
           "Run every combination of these values of a config key (repeatable), e.g. "
           "backtest.fee_percent=0.2,0.6")
      .value_name("KEY=V1,V2");
  c.option("--rank", &o->rank, "Sort the sweep table by: " + std::string(backtest::kRankMetrics))
      .value_name("METRIC");
  c.option("--shard", &o->shard,
           "Run only slice I of N of the sweep (0 <= I < N); --json OUT writes its rows")
      .value_name("I/N");
  c.option("--walk-forward", &o->walk_forward,
           "Walk-forward optimisation of the --sweep grid: each window's best point by --rank over TRAIN, "
           "replayed over the TEST span after it; windows move on by STEP (default TEST), e.g. 30d/7d")
      .value_name("TRAIN/TEST[/STEP]");
  c.option(
       "--trained", &o->trained,
       "With --walk-forward: take the training runs from these files of --walk-forward --shard I/N --json "
       "OUT runs (repeat it, one per shard) and run only the test spans")
      .value_name("FILE");
  c.flag("--resume", &o->resume,
         "Continue a sweep that stopped: run only the points missing from OUT.rows (of --json OUT)");
  c.option("--threads", &o->threads, 0, 1024, "Sweep runs at once (0: one per core)").value_name("N");
  c.details(
      "Fills follow the shared fill model (README \"Backtesting\"): a limit buy fills at its price on a\n"
      "later trade strictly below it (fill_model: touch: at or below), sharing each trade's amount\n"
      "among the orders in price-time priority; fees are fee_percent of each fill's notional.\n"
      "Example: dealer backtest --config config/backtest.yaml --trades "
      "data/mtgox-trades-btcusd-2013-01-01.csv\n"
      "Sweep keys: backtest.KEY, strategies.ID.KEY, and in a strategy's lists an element by its id:\n"
      "  --sweep strategies.dip-chain.rules.buy-dip.price=13.40,13.45 --sweep backtest.fee_percent=0.2,0.6\n"
      "Shards of one sweep combine with: dealer sweep-merge OUT0.json OUT1.json ...");
  c.on_run([o] { return run_backtest(*o); });
}

}  // namespace dealer::cli
