// Rate limits of the simulator, driven in-process through Simulator::handle with manual clocks: who
// a request is counted against (address for public calls, signed-in key for private ones) and that the
// limiter's memory stays bounded whatever the requests carry.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "core/crypto.h"
#include "exchange/mtgox/codec.h"
#include "sim/rate_limiter.h"
#include "sim/simulator.h"
#include "support/test_accounts.h"
#include "support/test_support.h"

namespace dealer::testing {
namespace {

// Alice and Bob, no tape; `limits` is the rate_limits section.
sim::ExchangeConfig config(const std::string& limits) {
  auto c = sim::parse_exchange_config(std::string("accounts:\n") + "  - {name: alice, key: " + kAliceKey +
                                          ", secret: \"" + kAliceSecret + "\", rights: [get_info, trade]}\n" +
                                          "  - {name: bob, key: " + kBobKey + ", secret: \"" + kBobSecret +
                                          "\", rights: [get_info, trade]}\n" + "rate_limits:\n" + limits,
                                      ".");
  EXPECT_TRUE(c.ok()) << c.error().describe();
  return *c;
}

class RateLimits : public ::testing::Test {
 protected:
  void start(const std::string& limits) {
    sim_ = std::make_unique<sim::Simulator>(io_, config(limits), std::vector<Trade>{}, exchange_clock_,
                                            steady_clock_, exchange_clock_);
  }

  net::HttpResponse get(const std::string& target, const std::string& remote,
                        const std::string& rest_key = "") {
    net::HttpRequest r{"GET", target, {}, "", remote};
    if (!rest_key.empty()) r.headers.emplace_back("Rest-Key", rest_key);
    return sim_->handle(r).response;
  }
  net::HttpResponse signed_post(const std::string& target, const std::string& body, const char* key,
                                const char* secret, const std::string& remote = "10.0.0.1") {
    net::HttpRequest r{
        "POST", target, {{"Rest-Key", key}, {"Rest-Sign", *mtgox_sign(secret, body)}}, body, remote};
    return sim_->handle(r).response;
  }
  net::HttpResponse info(const char* key, const char* secret, int64_t nonce,
                         const std::string& remote = "10.0.0.1") {
    return signed_post("/api/1/generic/private/info", "nonce=" + std::to_string(nonce), key, secret, remote);
  }

  boost::asio::io_context io_;
  ManualClock exchange_clock_{1'356'998'400'000'000};
  ManualClock steady_clock_{1'000'000};
  std::unique_ptr<sim::Simulator> sim_;
};

std::string token_of(const net::HttpResponse& r) {
  auto e = mtgox::decode_response<std::string>(r.body);
  return e.ok() ? "" : e.error().token;
}

// A random 4 KB header value, as an attacker would send to get a bucket of its own per request.
std::string random_key(std::mt19937_64& rng) {
  std::string key(4096, 'a');
  for (char& c : key) c = static_cast<char>('a' + rng() % 26);
  return key;
}

TEST_F(RateLimits, PublicCallsCountAgainstTheAddressWhateverRestKeyTheyCarry) {
  start("  endpoints:\n    ticker: {per_second: 1, burst: 5}\n");
  auto rng = seeded_rng();
  int served = 0, limited = 0;
  for (int i = 0; i < 100; ++i) {
    const auto r = get("/api/1/BTCUSD/public/ticker", "10.0.0.1", random_key(rng));
    served += r.status == 200;
    limited += r.status == 403 && token_of(r) == "rate_limit_exceeded";
  }
  // The clock stands still: the address gets its burst of 5 and nothing more.
  EXPECT_EQ(served, 5);
  EXPECT_EQ(limited, 95);
  EXPECT_EQ(sim_->limiter().size(), 1u);  // one bucket: the address's, for ticker
  EXPECT_EQ(get("/api/1/BTCUSD/public/ticker", "10.0.0.2").status, 200);  // another address has its own
  EXPECT_EQ(sim_->limiter().size(), 2u);
  steady_clock_.advance(1'000'000);  // one second refills one token
  EXPECT_EQ(get("/api/1/BTCUSD/public/ticker", "10.0.0.1").status, 200);
  EXPECT_EQ(get("/api/1/BTCUSD/public/ticker", "10.0.0.1").status, 403);
}

TEST_F(RateLimits, UnknownKeysAndForgedOrReplayedCallsTakeNoSlot) {
  start("  default: {per_second: 1, burst: 2}\n");
  auto rng = seeded_rng();
  for (int i = 0; i < 1000; ++i) {
    const auto r =
        signed_post("/api/1/generic/private/info", "nonce=1", random_key(rng).c_str(), kAliceSecret);
    ASSERT_EQ(token_of(r), "login_error_invalid_rest_key");
  }
  const auto forged = signed_post("/api/1/generic/private/info", "nonce=1", kAliceKey, kBobSecret);
  EXPECT_EQ(token_of(forged), "login_error_invalid_rest_sign");
  EXPECT_EQ(sim_->limiter().size(), 0u);

  // Alice's burst is 2: one call, ten replays of it (stale nonce), then her second call still passes.
  EXPECT_EQ(info(kAliceKey, kAliceSecret, 100).status, 200);
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(token_of(info(kAliceKey, kAliceSecret, 100)), "login_error_invalid_nonce");
  EXPECT_EQ(info(kAliceKey, kAliceSecret, 101).status, 200);
  EXPECT_EQ(token_of(info(kAliceKey, kAliceSecret, 102)), "rate_limit_exceeded");
  EXPECT_EQ(sim_->limiter().size(), 1u);
}

TEST_F(RateLimits, PrivateCallsCountAgainstTheKeyNotTheAddress) {
  start("  default: {per_second: 1, burst: 2}\n");
  // Alice and Bob behind one address each get their own burst; Alice from a second address shares hers.
  EXPECT_EQ(info(kAliceKey, kAliceSecret, 1, "10.0.0.1").status, 200);
  EXPECT_EQ(info(kAliceKey, kAliceSecret, 2, "10.0.0.2").status, 200);
  EXPECT_EQ(token_of(info(kAliceKey, kAliceSecret, 3, "10.0.0.3")), "rate_limit_exceeded");
  EXPECT_EQ(info(kBobKey, kBobSecret, 1, "10.0.0.1").status, 200);
  EXPECT_EQ(info(kBobKey, kBobSecret, 2, "10.0.0.1").status, 200);
  EXPECT_EQ(token_of(info(kBobKey, kBobSecret, 3, "10.0.0.1")), "rate_limit_exceeded");
}

TEST(RateLimiter, TableStaysBoundedUnderAFloodOfAddresses) {
  ManualClock clock(0);
  sim::RateLimitConfig limits;
  limits.fallback = {10, 10};  // a bucket is full again 1 s after its last request
  sim::RateLimiter limiter(limits, clock);
  // 100,000 addresses, one request each, 1 ms apart: about 1,000 of them were seen within any second,
  // so the table must stay near that (the sweep lets it double between sweeps), never 100,000.
  size_t largest = 0;
  for (int i = 0; i < 100'000; ++i) {
    EXPECT_TRUE(limiter.allow("address-" + std::to_string(i), "ticker"));
    clock.advance(1'000);
    largest = std::max(largest, limiter.size());
  }
  EXPECT_LE(largest, 4096u);
  // An address still limited (within its refill time) keeps its bucket through sweeps.
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter.allow("busy", "ticker"));
  EXPECT_FALSE(limiter.allow("busy", "ticker"));
  for (int i = 0; i < 5'000; ++i) limiter.allow("other-" + std::to_string(i), "ticker");  // forces a sweep
  EXPECT_FALSE(limiter.allow("busy", "ticker"));
}

}  // namespace
}  // namespace dealer::testing
