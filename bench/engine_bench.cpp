// Core::on_trades throughput with one watch_price strategy whose triggers never fire: the cost of the
// engine's hot path per trade (events/s), for a batch of one trade per call (a live poll) and of 1000
// (a backtest reading a tape).
#include <benchmark/benchmark.h>

#include <vector>

#include "bench_support.h"
#include "engine/core.h"
#include "strategies/registry.h"

namespace {

using namespace dealer;

void BM_CoreOnTradesWatchPriceIdle(benchmark::State& state) {
  engine::Core core;
  auto strategies =
      strategies::StrategyRegistry::builtin().from_document(bench::kIdleStrategies, "bench.yaml");
  if (!strategies || !core.add_strategy(std::move(strategies->front())).ok()) {
    state.SkipWithError("could not set up the strategy");
    return;
  }
  const engine::Pair pair{Currency::btc(), Currency::usd()};
  // Prices wander between 13 and 14 USD: no trigger is ever met.
  std::vector<Trade> trades(static_cast<size_t>(state.range(0)));
  for (size_t i = 0; i < trades.size(); ++i) {
    trades[i].tid = static_cast<int64_t>(i);
    trades[i].price = Price(1'300'000 + static_cast<int64_t>(i * 7919 % 100'000));
    trades[i].amount = Amount(100'000'000);
  }
  int64_t t = 0;
  for (auto _ : state) {
    auto effects = core.on_trades(wall_from_us(++t), pair, trades);
    benchmark::DoNotOptimize(effects.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CoreOnTradesWatchPriceIdle)->Arg(1)->Arg(1000);

}  // namespace
