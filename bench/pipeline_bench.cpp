// From the exchange's bytes through the engine, in process, with the code the live driver runs:
// - tick to order: a MtGox public/trades answer is decoded and converted (exchange/mtgox/), read
//   against the poller's cursor (live/trade_page.h), handed to engine::Core::on_trades where a
//   watch_price rule fires, and the SendPlace effect becomes the signed order/add request
//   (mtgox::Client::place_call and build: the nonce written to its file, the form body, the
//   HMAC-SHA512 Rest-Sign). Every iteration places: each gets a freshly armed core, set up untimed.
// - full depth: the 2012 BTCUSD fulldepth answer (858 KB) decoded, converted and applied to the
//   core's book replica (Core::on_book).
// Each iteration is timed with steady_clock; its p50, p99 and max are reported as counters.
// Not included: the wait for the store to make the order row durable before the send (effects.h:
// write before you send) and the socket write. Usage: build/bench/dealer_bench_pipeline
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>

#include "bench_client.h"
#include "bench_support.h"
#include "engine/core.h"
#include "exchange/mtgox/client.h"
#include "exchange/mtgox/codec.h"
#include "exchange/mtgox/convert.h"
#include "live/trade_page.h"
#include "strategies/registry.h"
#include "strategies/watch_price.h"

namespace dealer {
namespace {

const engine::Pair kPair{Currency::btc(), Currency::usd()};
constexpr WallTime kNow = wall_from_us(1'365'780'010'000'000);

// tests/data/mtgox/trades.json: four trades, the first a non-primary copy (dropped), the second the
// first primary one at 72.98274, which meets buy-dip's trigger. take-profit stays unarmed, as in the
// example configuration of dealer run.
constexpr const char* kStrategies = R"(strategies:
  - id: dip-chain
    strategy: watch_price
    pair: BTCUSD
    rules:
      - {id: buy-dip, side: buy, when: "last <= 73.00", price: "73.00", amount: "1"}
      - {id: take-profit, side: sell, after: buy-dip, when: "last >= 80.00", price: "80.00", amount: "1"}
)";
constexpr int64_t kCursor = 1365779990000000;  // the poller's cursor: older than every trade of the answer
constexpr const char* kExpectedBody = "&type=bid&amount_int=100000000&price_int=7300000";

std::string test_data(const char* name) {
  return bench::read_file(std::string(DEALER_TEST_DATA_DIR) + "/mtgox/" + name);
}

// Records each iteration's time, hands it to Google Benchmark (UseManualTime) and reports percentiles
// as counters in the benchmark's own unit (Google Benchmark would print 1304 us as "1.304k").
class IterationTimes {
 public:
  explicit IterationTimes(bool in_ms = false) : in_ms_(in_ms) {}
  void add(benchmark::State& state, std::chrono::steady_clock::duration d) {
    const double seconds = std::chrono::duration<double>(d).count();
    samples_.push_back(seconds * (in_ms_ ? 1e3 : 1e6));
    state.SetIterationTime(seconds);
  }
  void report(benchmark::State& state) const {
    const bench::LatencySummary s = bench::summarize(samples_);
    const std::string unit = in_ms_ ? "_ms" : "_us";
    state.counters["p50" + unit] = s.p50;
    state.counters["p99" + unit] = s.p99;
    state.counters["max" + unit] = s.max;
  }

 private:
  bool in_ms_;
  std::vector<double> samples_;
};

std::unique_ptr<engine::Strategy> strategy_from_config() {
  auto list = strategies::StrategyRegistry::builtin().from_document(kStrategies, "pipeline_bench.yaml");
  if (!list) throw std::runtime_error(list.error().describe());
  return std::move(list->front());
}

// A core as dealer run's would be at start-up: every risk check enabled (the example configuration's
// max_order_amount and max_open_orders, plus a position and a rate limit), none binding; balances
// known so the free-balance check runs; a strategy whose rules are all unfired.
std::unique_ptr<engine::Core> armed_core(const strategies::WatchPrice& prototype) {
  engine::CoreConfig config;
  config.risk.max_order_amount = Amount(500'000'000);  // 5 BTC
  config.risk.max_open_orders = 10;
  config.risk.max_position = Amount(1'000'000'000);  // 10 BTC
  config.risk.max_orders_per_minute = 60;
  auto core = std::make_unique<engine::Core>(config);
  Status added = core->add_strategy(
      std::make_unique<strategies::WatchPrice>(prototype.id(), prototype.pair(), prototype.rules()));
  if (!added) throw std::runtime_error(added.error().describe());
  const Balance balances[] = {{Currency::usd(), Funds(100'000'000'000), Funds(0)}, {Currency::btc(), Funds(1'000'000'000), Funds(0)}};
  core->on_balances(kNow, balances);  // 1,000,000 USD and 10 BTC
  return core;
}

// One poll's answer in, the signed order/add request out.
Result<net::HttpRequest> tick_to_order(engine::Core& core, mtgox::Client& client, std::string_view answer) {
  auto wire = mtgox::decode_response<std::vector<mtgox::Trade>>(answer);
  if (!wire) return std::move(wire).error();
  std::vector<Trade> trades;
  trades.reserve(wire->size());
  for (const mtgox::Trade& t : *wire) trades.push_back(mtgox::to_domain(t));
  auto page = live::read_trade_page(kCursor, std::move(trades));
  if (!page) return std::move(page).error();
  for (const engine::Effect& effect : core.on_trades(kNow, kPair, page->trades)) {
    if (const auto* place = std::get_if<engine::SendPlace>(&effect))
      return client.build(client.place_call(OrderRequest{place->side, place->amount, place->price}));
  }
  return make_error(Errc::kNotFound, "the rule did not fire: no SendPlace");
}

void tick_to_order_bench(benchmark::State& state, const std::string& answer) {
  const auto prototype = strategy_from_config();
  const auto& watch = dynamic_cast<const strategies::WatchPrice&>(*prototype);
  // The client keeps its nonces in a file, as dealer run's does, so the write per request is counted.
  struct NonceFile {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("dealer-bench-nonce-" + std::to_string(::getpid()));
    ~NonceFile() { std::filesystem::remove(path); }
  } nonce_file;
  boost::asio::io_context io;
  SystemClock clock;
  const auto client = bench::make_bench_client(io, clock, nonce_file.path.string());

  IterationTimes times;
  for (auto _ : state) {
    auto core = armed_core(watch);
    const auto start = std::chrono::steady_clock::now();
    auto request = tick_to_order(*core, *client, answer);
    const auto end = std::chrono::steady_clock::now();
    if (!request) return state.SkipWithError(request.error().describe().c_str());
    // A benchmark of the wrong request would be worthless: check what was built, untimed.
    if (request->body.find(kExpectedBody) == std::string::npos || request->header("Rest-Sign").empty())
      return state.SkipWithError(("unexpected order/add request: " + request->body).c_str());
    times.add(state, end - start);
  }
  times.report(state);
}

// The fixture as MtGox sent it: four trades, pretty-printed (1.3 KB).
void BM_TickToOrderPage(benchmark::State& state) { tick_to_order_bench(state, test_data("trades.json")); }
BENCHMARK(BM_TickToOrderPage)->UseManualTime()->Iterations(20000)->Unit(benchmark::kMicrosecond);

// What most polls bring: one new trade (the fixture's first primary one), compact as the simulator sends it.
void BM_TickToOrderOneTrade(benchmark::State& state) {
  auto page = mtgox::decode_response<std::vector<mtgox::Trade>>(test_data("trades.json"));
  if (!page || page->size() < 2) return state.SkipWithError("tests/data/mtgox/trades.json changed");
  tick_to_order_bench(state, mtgox::encode_response(std::vector<mtgox::Trade>{(*page)[1]}));
}
BENCHMARK(BM_TickToOrderOneTrade)->UseManualTime()->Iterations(20000)->Unit(benchmark::kMicrosecond);

// The 2012 full depth (858 KB, the bare payload as recorded) parsed and the book replica rebuilt.
void BM_FullDepthRebuild(benchmark::State& state) {
  const std::string answer = test_data("mtgox-fulldepth-btcusd-2012-02-07.json");
  engine::Core core;
  if (Status s = core.add_strategy(strategy_from_config()); !s)
    return state.SkipWithError(s.error().describe().c_str());
  IterationTimes times(/*in_ms=*/true);
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    auto wire = mtgox::decode_response<mtgox::Depth>(answer, mtgox::Envelope::kRaw);
    if (!wire) return state.SkipWithError(wire.error().describe().c_str());
    auto effects = core.on_book(kNow, kPair, mtgox::to_domain(*wire));
    benchmark::DoNotOptimize(effects.data());
    times.add(state, std::chrono::steady_clock::now() - start);
  }
  times.report(state);
  // A crossed snapshot would have been refused, not applied: then nothing was rebuilt.
  const engine::Book& book = *core.book(kPair);
  if (book.empty()) return state.SkipWithError("the full depth was not applied to the book");
  state.counters["levels"] = static_cast<double>(book.bids().size() + book.asks().size());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * answer.size()));
}
BENCHMARK(BM_FullDepthRebuild)->UseManualTime()->Iterations(200)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dealer
