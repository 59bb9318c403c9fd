// The benchmarks' shared helpers (bench/): their figures are only as good as these.
#include "bench/bench_support.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "bench/bench_client.h"

namespace dealer::bench {
namespace {

TEST(BenchSummary, NearestRankPercentilesOfShuffledSamples) {
  // 1..100 in a scrambled order: by nearest rank the 50th smallest is 50 and the 99th is 99.
  std::vector<double> samples;
  for (int i = 0; i < 100; ++i) samples.push_back(static_cast<double>((i * 37) % 100 + 1));
  const LatencySummary s = summarize(samples);
  EXPECT_EQ(s.p50, 50);
  EXPECT_EQ(s.p99, 99);
  EXPECT_EQ(s.max, 100);
}

TEST(BenchSummary, TailOfASmallSetIsItsLargestSample) {
  // Three samples: rank ceil(0.5 * 3) = 2 is the middle one; ceil(0.99 * 3) = 3 is the largest.
  const LatencySummary s = summarize({7, 3, 5});
  EXPECT_EQ(s.p50, 5);
  EXPECT_EQ(s.p99, 7);
  EXPECT_EQ(s.max, 7);
}

TEST(BenchSummary, NoSamplesGiveZeros) {
  const LatencySummary s = summarize({});
  EXPECT_EQ(s.p50, 0);
  EXPECT_EQ(s.p99, 0);
  EXPECT_EQ(s.max, 0);
}

TEST(BenchReadFile, ReadsTheWholeFileAndThrowsWhenMissing) {
  // tests/data/mtgox/buy.json is 69 bytes (wc -c) and starts with the MtGox envelope.
  const std::string text = read_file(std::string(DEALER_TEST_DATA_DIR) + "/mtgox/buy.json");
  EXPECT_EQ(text.size(), 69u);
  EXPECT_EQ(text.substr(0, 2), "{\"");
  EXPECT_THROW(read_file(std::string(DEALER_TEST_DATA_DIR) + "/mtgox/no-such-file.json"), std::runtime_error);
}

TEST(BenchClient, SignsOrderAddWithTheSimulatorAccount) {
  boost::asio::io_context io;
  SystemClock clock;
  auto client = make_bench_client(io, clock);
  auto request =
      client->build(client->place_call(OrderRequest{Side::kAsk, Amount(150'000'000), Price(1'380'000)}));
  ASSERT_TRUE(request.ok()) << request.error().describe();
  EXPECT_EQ(request->target, "/api/1/BTCUSD/private/order/add");
  // alice's key in config/exchange.yaml; 1.5 BTC and 13.80 USD in MtGox integer units.
  EXPECT_EQ(request->header("Rest-Key"), "0b5bd1a5-3f16-4a8b-8ae3-3c0b1b4a0d11");
  EXPECT_NE(request->body.find("&type=ask&amount_int=150000000&price_int=1380000"), std::string::npos);
  EXPECT_FALSE(request->header("Rest-Sign").empty());
}

}  // namespace
}  // namespace dealer::bench
