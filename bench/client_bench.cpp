// The MtGox client's own cost per call, without the network: building a signed private request (nonce,
// form encoding, HMAC-SHA512, base64) and decoding the answer into domain types. Usage:
//   build/bench/dealer_bench_client
#include <benchmark/benchmark.h>

#include <boost/asio/io_context.hpp>
#include <fstream>
#include <sstream>

#include "exchange/mtgox/client.h"
#include "exchange/mtgox/codec.h"
#include "exchange/mtgox/convert.h"

namespace dealer {
namespace {

std::string fixture(const char* name) {
  std::ifstream in(std::string(DEALER_TEST_DATA_DIR) + "/mtgox/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::unique_ptr<mtgox::Client> make_client(boost::asio::io_context& io, const Clock& clock) {
  mtgox::ClientOptions o;
  o.base_url = "http://127.0.0.1:1";
  o.key = "0b5bd1a5-3f16-4a8b-8ae3-3c0b1b4a0d11";
  o.secret_base64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==";
  return std::move(mtgox::Client::create(io, o, clock).value());
}

// order/add: sign and serialise the request, parse the answer (buy.json).
void BM_SignedOrderAddOverhead(benchmark::State& state) {
  boost::asio::io_context io;
  SystemClock clock;
  auto client = make_client(io, clock);
  const std::string answer = fixture("buy.json");
  const mtgox::Client::Call call{"order/add", "BTCUSD/private/order/add",
                                 {{"type", "bid"}, {"amount_int", "100000000"}, {"price_int", "1300000"}}, true, true};
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
  auto client = make_client(io, clock);
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
