// Rows per second through the SQLite history writer (src/store/store.h): public trades and own fills,
// submitted from this thread and flushed, into a fresh file under $TMPDIR (or /tmp). Arguments: rows per
// group (1: one row per submit, as fills arrive; 100: a page of trades at once) and synchronous FULL (1)
// or NORMAL (0). BM_SubmitOnly is what the io_context thread pays per submit. Usage:
//   build/bench/dealer_bench_store [--benchmark_min_time=0.5]
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "store/store.h"

namespace dealer::store {
namespace {

constexpr int kRowsPerIteration = 1000;

// A fresh database file for one benchmark run, removed afterwards (with its WAL and shm files).
class BenchFile {
 public:
  BenchFile() {
    const char* tmp = std::getenv("TMPDIR");
    dir_ = std::filesystem::path(tmp != nullptr ? tmp : "/tmp") /
           ("dealer-store-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
  }
  ~BenchFile() { std::filesystem::remove_all(dir_); }
  std::string path() const { return (dir_ / "bench.sqlite").string(); }

 private:
  std::filesystem::path dir_;
};

std::unique_ptr<Store> open_store(const BenchFile& file, bool sync_full) {
  StoreOptions options;
  options.path = file.path();
  options.sync_full = sync_full;
  return std::move(Store::open(options).value());
}

TradeRow trade(int64_t tid) {
  return TradeRow{"BTCUSD", tid, tid, 1'340'000 + tid % 1000, 100'000'000 + tid % 7, Side::kAsk, "limit"};
}

FillRow fill(int64_t trade_id) {
  FillRow f;
  f.trade_id = std::to_string(trade_id);
  f.exchange_order_id = "4f6b3bd1";
  f.pair = "BTCUSD";
  f.price_int = 1'345'000;
  f.amount_int = 100'000'000;
  f.fee_int = 8'070;
  f.fee_currency = "USD";
  f.time_us = f.seen_us = trade_id;
  return f;
}

template <class MakeRow>
void rows_through_writer(benchmark::State& state, MakeRow make_row) {
  const int group_size = static_cast<int>(state.range(0));
  BenchFile file;
  auto store = open_store(file, state.range(1) != 0);
  int64_t next = 1;
  for (auto _ : state) {
    for (int done = 0; done < kRowsPerIteration; done += group_size) {
      std::vector<WriteOp> group;
      group.reserve(group_size);
      for (int i = 0; i < group_size; ++i) group.push_back(make_row(next++));
      if (!store->submit(std::move(group), [](const Status&) {}).ok()) state.SkipWithError("submit failed");
    }
    if (!store->flush().ok()) state.SkipWithError("flush failed");
  }
  state.SetItemsProcessed(state.iterations() * kRowsPerIteration);
  state.counters["rows_per_txn"] = static_cast<double>(store->stats().ops) /
                                   static_cast<double>(std::max<int64_t>(1, store->stats().transactions));
}

void BM_Trades(benchmark::State& state) { rows_through_writer(state, trade); }
void BM_Fills(benchmark::State& state) { rows_through_writer(state, fill); }

// The caller's side alone: one fill per submit, the flush outside the timing.
void BM_SubmitOnly(benchmark::State& state) {
  BenchFile file;
  auto store = open_store(file, false);
  int64_t next = 1;
  for (auto _ : state) {
    if (!store->submit(fill(next++), [](const Status&) {}).ok()) state.SkipWithError("submit failed");
    if (next % 10'000 == 0) {
      state.PauseTiming();
      (void)store->flush();
      state.ResumeTiming();
    }
  }
}

BENCHMARK(BM_Trades)->ArgsProduct({{1, 100}, {0, 1}})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Fills)->ArgsProduct({{1}, {0, 1}})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_SubmitOnly);

}  // namespace
}  // namespace dealer::store
