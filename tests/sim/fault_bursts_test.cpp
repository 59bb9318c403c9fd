// The simulator's bursts of rate-limit refusals and its latency spikes (faults of config/exchange.yaml),
// driven in-process through Simulator::handle: a burst refuses a given number of requests in a row
// with 403 before they are executed, a spike delays an answer by its length on top of latency_ms, and
// /sim/stats counts both apart from the refusals of the real rate limits.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include "core/crypto.h"
#include "sim/simulator.h"
#include "support/test_accounts.h"

namespace dealer::testing {
namespace {

class SimFaultBursts : public ::testing::Test {
 protected:
  void start(const std::string& faults_yaml) {
    auto c = sim::parse_exchange_config(std::string("accounts:\n  - {name: alice, key: ") + kAliceKey +
                                            ", secret: \"" + kAliceSecret + "\", rights: [get_info]}\n" +
                                            faults_yaml,
                                        ".");
    ASSERT_TRUE(c.ok()) << c.error().describe();
    sim_ = std::make_unique<sim::Simulator>(io_, *c, std::vector<Trade>{}, clock_, clock_, clock_);
  }
  net::Reply ticker() { return sim_->handle({"GET", "/api/1/BTCUSD/public/ticker", {}, "", "10.0.0.1"}); }
  net::Reply info(const std::string& nonce) {
    const std::string body = "nonce=" + nonce;
    net::HttpRequest r{"POST", "/api/1/generic/private/info", {}, body, "10.0.0.1"};
    r.headers.emplace_back("Rest-Key", kAliceKey);
    r.headers.emplace_back("Rest-Sign", *mtgox_sign(kAliceSecret, body));
    return sim_->handle(r);
  }
  int control(const std::string& form) {
    return sim_->handle({"POST", "/sim/faults", {}, form, "1"}).response.status;
  }
  boost::json::value stats() {
    return boost::json::parse(sim_->handle({"GET", "/sim/stats", {}, "", "1"}).response.body);
  }

  boost::asio::io_context io_;
  ManualClock clock_{1'356'998'400'000'000};
  std::unique_ptr<sim::Simulator> sim_;
};

TEST_F(SimFaultBursts, ABurstRefusesItsLengthOfRequestsUnexecutedThenServesAgain) {
  start("faults: {rate_limit_burst_percent: \"100\", rate_limit_burst_length: 3}\n");
  // At 100 % every request outside a burst starts one: requests 1-3 are the first burst, 4 the second.
  EXPECT_EQ(info("1").response.status, 403);
  EXPECT_NE(info("1").response.body.find("rate_limit_exceeded"), std::string::npos);
  EXPECT_EQ(ticker().response.status, 403);
  EXPECT_EQ(ticker().response.status, 403);
  ASSERT_EQ(control("rate_limit_burst_percent=0"), 200);
  // Two refusals of the second burst are still due; then nonce 1, refused before it was looked at,
  // is still fresh: the refused calls were not executed.
  EXPECT_EQ(ticker().response.status, 403);
  EXPECT_EQ(ticker().response.status, 403);
  EXPECT_EQ(info("1").response.status, 200);
  EXPECT_EQ(ticker().response.status, 200);

  const auto s = stats();
  EXPECT_EQ(s.at("faults").at("rate_limit_burst").as_int64(), 2);
  EXPECT_EQ(s.at("faults").at("rate_limit_refused").as_int64(), 6);
  EXPECT_EQ(s.at("rate_limited").as_int64(), 0);  // the real limits (1000/s by default) refused none
  EXPECT_EQ(s.at("answers").at("4xx").as_int64(), 6);
}

TEST_F(SimFaultBursts, ASpikeDelaysAnAnswerByItsLengthOnTopOfTheLatency) {
  start("faults: {latency_ms: 5, latency_spike_percent: \"100\", latency_spike_ms: 2000}\n");
  EXPECT_EQ(ticker().delay, std::chrono::milliseconds(2005));
  ASSERT_EQ(control("latency_spike_percent=0"), 200);
  EXPECT_EQ(ticker().delay, std::chrono::milliseconds(5));
  ASSERT_EQ(control("latency_spike_percent=25&latency_spike_ms=700"), 200);
  // 4000 draws at 25 %: 1000 expected, standard deviation sqrt(4000 * 0.25 * 0.75) = 27.4; the window
  // is over 3.6 of them either side (the seed is fixed, so the outcome is too).
  int spiked = 0;
  for (int i = 0; i < 4000; ++i) spiked += ticker().delay == std::chrono::milliseconds(705);
  EXPECT_GT(spiked, 900);
  EXPECT_LT(spiked, 1100);
  EXPECT_EQ(stats().at("faults").at("latency_spike").as_int64(), spiked + 1);
}

TEST_F(SimFaultBursts, LengthsOutOfRangeAreRefused) {
  start("");
  EXPECT_EQ(control("rate_limit_burst_length=0"), 400);
  EXPECT_EQ(control("latency_spike_ms=-1"), 400);
  EXPECT_EQ(control("latency_spike_percent=101"), 400);
  EXPECT_EQ(control("rate_limit_burst_length=7&latency_spike_ms=2000"), 200);
  auto c = sim::parse_exchange_config("faults: {rate_limit_burst_length: 0}\n", ".");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("rate_limit_burst_length"), std::string::npos) << c.error().message;
}

}  // namespace
}  // namespace dealer::testing
