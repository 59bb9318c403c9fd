// Codec throughput: decoding real MtGox depth/fulldepth answers and a 1,000-trade trades answer, and
// encoding the latter. Reports bytes/s of JSON text. Built by default, never run by the tests:
//   build/bench/dealer_bench_codec
#include <benchmark/benchmark.h>

#include <stdexcept>

#include "bench_support.h"
#include "exchange/mtgox/codec.h"
#include "exchange/mtgox/convert.h"
#include "market/trade_file.h"

namespace dealer {
namespace {

using bench::read_file;

// A wrapped BTCUSD/public/trades answer holding the first 1,000 trades of the bundled MtGox tape.
std::string thousand_trades_response() {
  auto tape = read_trade_file(std::string(DEALER_DATA_DIR) + "/mtgox-trades-btcusd-2013-01-01.csv", Currency::usd());
  if (!tape) throw std::runtime_error(tape.error().describe());
  std::vector<mtgox::Trade> wire;
  for (size_t i = 0; i < 1000; ++i) wire.push_back(mtgox::to_wire((*tape)[i]));
  return mtgox::encode_response(wire);
}

template <class T>
void decode(benchmark::State& state, const std::string& text, mtgox::Envelope envelope) {
  for (auto _ : state) {
    auto r = mtgox::decode_response<T>(text, envelope);
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      return;
    }
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void BM_DecodeDepth(benchmark::State& state) {
  static const std::string text = read_file(std::string(DEALER_TEST_DATA_DIR) + "/mtgox/mtgox-depth-btcusd-2013-04-13.json");
  decode<mtgox::Depth>(state, text, mtgox::Envelope::kWrapped);
}
BENCHMARK(BM_DecodeDepth);

void BM_DecodeFullDepth(benchmark::State& state) {
  static const std::string text = read_file(std::string(DEALER_TEST_DATA_DIR) + "/mtgox/mtgox-fulldepth-btcusd-2012-02-07.json");
  decode<mtgox::Depth>(state, text, mtgox::Envelope::kRaw);
}
BENCHMARK(BM_DecodeFullDepth);

void BM_DecodeTrades1000(benchmark::State& state) {
  static const std::string text = thousand_trades_response();
  decode<std::vector<mtgox::Trade>>(state, text, mtgox::Envelope::kWrapped);
}
BENCHMARK(BM_DecodeTrades1000);

void BM_EncodeTrades1000(benchmark::State& state) {
  static const std::string text = thousand_trades_response();
  const auto trades = *mtgox::decode_response<std::vector<mtgox::Trade>>(text);
  for (auto _ : state) benchmark::DoNotOptimize(mtgox::encode_response(trades));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_EncodeTrades1000);

}  // namespace
}  // namespace dealer
