// dealer backtest: the strategies of a config file over a recorded trade file, with the shared fill
// model, printing a summary and optionally writing the JSON report (README "Backtesting").
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "backtest/config.h"
#include "backtest/progress_line.h"
#include "backtest/report_html.h"
#include "backtest/report_json.h"
#include "backtest/sweep_table.h"
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

// The sweep's grid points (or one shard of them) over the tape, as a ranked table and a shard file.
int run_sweep(const BacktestOptions& o, backtest::RankMetric rank, engine::Pair pair,
              std::span<const Trade> trades) {
  std::vector<backtest::SweepAxis> axes;
  for (const std::string& text : o.sweeps) {
    auto axis = backtest::parse_sweep_axis(text);
    if (!axis) return usage(axis.error().message);
    axes.push_back(std::move(*axis));
  }
  backtest::Shard shard;
  if (!o.shard.empty()) {
    auto parsed = backtest::parse_shard(o.shard);
    if (!parsed) return usage(parsed.error().message);
    shard = *parsed;
  }
  auto grid = backtest::SweepGrid::create(o.configs, std::move(axes));
  if (!grid) return usage(grid.error().message);
  backtest::SweepInput input{&*grid, {}, pair, trades};
  for (const std::string& path : o.configs) {
    auto text = config::read_file(path);
    if (!text) return usage(text.error().message);
    input.config_texts.push_back(std::move(*text));
  }
  const unsigned threads =
      o.threads > 0 ? static_cast<unsigned>(o.threads) : std::max(1u, std::thread::hardware_concurrency());

  const SteadyClock clock;
  backtest::ProgressLine progress(grid->points(shard).size() * trades.size(), stderr,
                                  backtest::ProgressLine::on_terminal(stderr), clock);
  auto rows = backtest::run_sweep(input, shard, threads, &progress);
  progress.finish();
  if (!rows) {
    if (rows.error().code == Errc::kConfig) return usage(rows.error().message);
    std::fprintf(stderr, "dealer backtest: %s\n", rows.error().message.c_str());
    return kExitFailure;
  }
  const backtest::SweepFile file{std::string(backtest::kSweepFormat),
                                 grid->dimensions(),
                                 backtest::sweep_fingerprint(input.config_texts, trades),
                                 std::string(pair.quote.code()),
                                 static_cast<int64_t>(shard.index),
                                 static_cast<int64_t>(shard.count),
                                 std::move(*rows)};
  std::fputs(backtest::sweep_table(file, rank).c_str(), stdout);
  if (!o.json.empty() && !write_file(o.json, encode_json(file) + '\n')) return kExitFailure;
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
  if (o.sweep() && !o.html.empty())
    return usage("--html reports one backtest; a sweep (--sweep, several --config, --shard) prints a table");
  auto rank = backtest::parse_rank_metric(o.rank);  // an error with or without a sweep
  if (!rank) return usage(rank.error().message);
  auto setup = backtest::load_backtest_config(o.configs.front());
  if (!setup) {
    std::fprintf(stderr, "dealer backtest: %s\n", setup.error().message.c_str());
    return kExitUsage;
  }
  if (auto format = input::detect_trade_input(o.trades);
      format && *format == input::TradeInputFormat::kTape && !o.sweep())
    return run_tape_backtest(o, *setup, from, to);
  auto input = input::load_trade_input(
      o.trades, input::command_read_options("dealer backtest", setup->config.pair.quote, o.strict));
  if (!input) return failure(input.error().message);
  input::print_bad_line_count("dealer backtest", input->summary);
  const auto selected = backtest::select_trades(input->trades, from, to);
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
