// Backtest throughput (issue 11's targets: >= 20 million trades/s in memory, >= 3 million/s from CSV,
// one core): the fill model alone with orders resting out of reach, and the whole backtest (fill
// model + engine core + an idle watch_price) over a synthetic tape in memory and from a CSV file.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "backtest/config.h"
#include "bench_support.h"
#include "market/fill_model.h"
#include "market/trade_file.h"

namespace {

using namespace dealer;

// The idle strategy with the backtest block.
const std::string kIdle = std::string(bench::kIdleStrategies) + R"(backtest:
  balances: {USD: "1000"}
  fee_percent: "0.6"
)";

std::vector<Trade> tape(size_t n) {
  std::vector<Trade> trades(n);
  for (size_t i = 0; i < n; ++i) {
    trades[i].tid = 1'357'000'000'000'000 + static_cast<int64_t>(i) * 1000;
    trades[i].date = trades[i].tid / 1'000'000;
    trades[i].price = Price(1'300'000 + static_cast<int64_t>(i * 7919 % 100'000));
    trades[i].amount = Amount(100'000'000);
    trades[i].price_currency = Currency::usd();
  }
  return trades;
}

void BM_FillModelOnTradeFourRestingOrders(benchmark::State& state) {
  market::FillModel m(market::FillModelConfig{});
  m.set_balance(Currency::usd(), 100'000'000'000);
  m.set_balance(Currency::btc(), 100'000'000'000);
  for (int i = 0; i < 2; ++i) {
    (void)m.place_limit(WallTime{}, i, Side::kBid, Price(100'000 + i), Amount(100'000'000));
    (void)m.place_limit(WallTime{}, 10 + i, Side::kAsk, Price(9'000'000 + i), Amount(100'000'000));
  }
  const std::vector<Trade> trades = tape(1000);
  for (auto _ : state) {
    for (const Trade& t : trades) benchmark::DoNotOptimize(m.on_trade(t).size());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(trades.size()));
}
BENCHMARK(BM_FillModelOnTradeFourRestingOrders);

void run_backtest(benchmark::State& state, std::span<const Trade> trades) {
  auto setup = backtest::parse_backtest_config(kIdle, "bench.yaml");
  auto bt = backtest::Backtest::create(std::move(setup->config), std::move(setup->strategies));
  if (!bt) {
    state.SkipWithError("could not set up the backtest");
    return;
  }
  auto report = (*bt)->run(trades);
  benchmark::DoNotOptimize(report->trades_replayed);
}

void BM_BacktestInMemory(benchmark::State& state) {
  const std::vector<Trade> trades = tape(static_cast<size_t>(state.range(0)));
  for (auto _ : state) run_backtest(state, trades);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_BacktestInMemory)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_BacktestFromCsv(benchmark::State& state) {
  const std::string path = "/tmp/dealer_bench_backtest_" + std::to_string(::getpid()) + ".csv";
  {
    std::ofstream out(path);
    out << "id,price,amount,type\n";
    for (const Trade& t : tape(static_cast<size_t>(state.range(0))))
      out << t.tid << ',' << format_units(t.price.raw(), 5) << ",1.0,bid\n";
  }
  for (auto _ : state) {
    auto trades = read_trade_file(path, Currency::usd());
    run_backtest(state, *trades);
  }
  std::remove(path.c_str());
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_BacktestFromCsv)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
