// The MtGox client's own cost per call, without the network: building a signed private request (nonce,
// form encoding, HMAC-SHA512, base64) and decoding the answer into domain types. Usage:
//   build/bench/dealer_bench_client
#include <benchmark/benchmark.h>

#include <boost/asio/io_context.hpp>

#include "bench_client.h"
#include "bench_support.h"
#include "exchange/mtgox/codec.h"
#include "exchange/mtgox/convert.h"

namespace dealer {
namespace {

std::string fixture(const char* name) {
  return bench::read_file(std::string(DEALER_TEST_DATA_DIR) + "/mtgox/" + name);
}

// order/add: sign and serialise the request, parse the answer (buy.json).
void BM_SignedOrderAddOverhead(benchmark::State& state) {
  boost::asio::io_context io;
  SystemClock clock;
  auto client = bench::make_bench_client(io, clock);
  const std::string answer = fixture("buy.json");
  const auto call = client->place_call(OrderRequest{Side::kBid, Amount(100'000'000), Price(1'300'000)});
  for (auto _ : state) {
    auto request = client->build(call);
    benchmark::DoNotOptimize(request);
    auto oid = mtgox::decode_response<std::string>(answer);
    benchmark::DoNotOptimize(oid);
  }
}
BENCHMARK(BM_SignedOrderAddOverhead);

// info: a signed read whose answer (info.json, 2.4 KB) is decoded and converted to the domain model.
void BM_SignedInfoOverhead(benchmark::State& state) {
  boost::asio::io_context io;
  SystemClock clock;
  auto client = bench::make_bench_client(io, clock);
  const std::string answer = fixture("info.json");
  const mtgox::Client::Call call{"info", "generic/private/info", {}, true, false};
  for (auto _ : state) {
    auto request = client->build(call);
    benchmark::DoNotOptimize(request);
    auto info = mtgox::decode_response<mtgox::Info>(answer, mtgox::Envelope::kRaw);
    auto account = mtgox::to_domain(*info);
    benchmark::DoNotOptimize(account);
  }
}
BENCHMARK(BM_SignedInfoOverhead);

}  // namespace
}  // namespace dealer
