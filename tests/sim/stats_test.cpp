// GET /sim/stats, driven in-process through Simulator::handle: every API request is counted once, by
// port and endpoint, private ones by the name of the account whose key they carry (never the key),
// answers by status class, injected faults by kind. Expected counts are the requests this test makes.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include "core/crypto.h"
#include "sim/simulator.h"
#include "support/test_accounts.h"

namespace dealer::testing {
namespace {

class SimStats : public ::testing::Test {
 protected:
  SimStats() {
    auto c =
        sim::parse_exchange_config(std::string("accounts:\n  - {name: alice, key: ") + kAliceKey +
                                       ", secret: \"" + kAliceSecret + "\", rights: [get_info, trade]}\n",
                                   ".");
    EXPECT_TRUE(c.ok()) << c.error().describe();
    sim_ = std::make_unique<sim::Simulator>(io_, *c, std::vector<Trade>{}, clock_, clock_, clock_);
  }

  net::Reply get(const std::string& target) { return sim_->handle({"GET", target, {}, "", "10.0.0.1"}); }
  net::Reply post(const std::string& target, const std::string& body, const char* key = "",
                  const char* secret = kAliceSecret) {
    net::HttpRequest r{"POST", target, {}, body, "10.0.0.1"};
    if (*key) {
      r.headers.emplace_back("Rest-Key", key);
      r.headers.emplace_back("Rest-Sign", *mtgox_sign(secret, body));
    }
    return sim_->handle(r);
  }
  boost::json::value stats() {
    const net::Reply r = get("/sim/stats");
    EXPECT_EQ(r.response.status, 200);
    return boost::json::parse(r.response.body);
  }

  boost::asio::io_context io_;
  ManualClock clock_{1'356'998'400'000'000};
  std::unique_ptr<sim::Simulator> sim_;
};

TEST_F(SimStats, CountsPublicAndPrivateCallsByEndpointAndKeyNameAndAnswersByClass) {
  // Nothing asked yet: every section is there and empty, every fault kind at zero.
  const auto empty = stats();
  EXPECT_TRUE(empty.at("requests").as_object().empty());
  EXPECT_TRUE(empty.at("answers").as_object().empty());
  for (const char* kind :
       {"error_500", "error_502", "drop", "truncate", "malformed", "mysql_error", "latency"})
    EXPECT_EQ(empty.at("faults").at(kind).as_int64(), 0) << kind;

  EXPECT_EQ(get("/api/1/BTCUSD/public/ticker").response.status, 200);
  EXPECT_EQ(get("/api/1/BTCUSD/ticker").response.status, 200);  // an alias counts as its endpoint
  EXPECT_EQ(get("/api/1/BTCUSD/public/trades?since=0").response.status, 200);
  EXPECT_EQ(get("/api/1/nonsense").response.status, 404);
  EXPECT_EQ(post("/api/1/generic/private/info", "nonce=1", kAliceKey).response.status, 200);
  EXPECT_EQ(post("/api/1/generic/private/info", "nonce=1", kAliceKey).response.status,
            403);                                                                    // replayed nonce
  EXPECT_EQ(post("/api/1/generic/private/orders", "nonce=2").response.status, 403);  // no key
  EXPECT_EQ(post("/api/1/generic/private/orders", "nonce=3", kBobKey, kBobSecret).response.status, 403);
  // Controls are not counted.
  EXPECT_EQ(get("/sim/mtgox/orders").response.status, 200);

  const auto s = stats();
  const auto& mtgox = s.at("requests").at("mtgox");
  EXPECT_EQ(mtgox.at("public").at("ticker").as_int64(), 2);
  EXPECT_EQ(mtgox.at("public").at("trades").as_int64(), 1);
  EXPECT_EQ(mtgox.at("public").at("(unknown)").as_int64(), 1);
  EXPECT_EQ(mtgox.at("public").as_object().size(), 3u);
  const auto& priv = mtgox.at("private");
  EXPECT_EQ(priv.at("alice").at("info").as_int64(), 2);
  EXPECT_EQ(priv.at("(no key)").at("orders").as_int64(), 1);
  EXPECT_EQ(priv.at("(unknown key)").at("orders").as_int64(), 1);
  EXPECT_EQ(priv.as_object().size(), 3u);
  // 2xx: two tickers, trades, the first info; 4xx: the unknown path and the three refused calls.
  EXPECT_EQ(s.at("answers").at("2xx").as_int64(), 4);
  EXPECT_EQ(s.at("answers").at("4xx").as_int64(), 4);
  EXPECT_EQ(s.at("answers").as_object().size(), 2u);
  const std::string body = get("/sim/stats").response.body;
  EXPECT_EQ(body.find(kAliceKey), std::string::npos);
  EXPECT_EQ(body.find(kBobKey), std::string::npos);
}

TEST_F(SimStats, CountsInjectedFaultsByKindAndMetaexchangeCallsOnTheirOwnPort) {
  ASSERT_EQ(post("/sim/faults", "error_500_percent=100&latency_ms=3").response.status, 200);
  EXPECT_EQ(get("/api/1/BTCUSD/public/ticker").response.status, 500);
  EXPECT_EQ(get("/api/1/BTCUSD/public/depth").response.status, 500);
  ASSERT_EQ(post("/sim/faults", "error_500_percent=0&latency_ms=0&drop_percent=100").response.status, 200);
  EXPECT_EQ(get("/api/1/BTCUSD/public/ticker").delivery, net::Delivery::kDrop);
  ASSERT_EQ(post("/sim/faults", "drop_percent=0").response.status, 200);
  EXPECT_EQ(sim_->handle_metaexchange({"GET", "/api/1/getAllMarkets", {}, "", "10.0.0.1"}).response.status,
            200);
  EXPECT_EQ(sim_->handle_metaexchange({"POST", "/api/2/nothing", {}, "", "10.0.0.1"}).response.status, 404);

  const auto s = stats();
  // Two 500s, both delayed by latency_ms; one drop after latency went back to 0.
  EXPECT_EQ(s.at("faults").at("error_500").as_int64(), 2);
  EXPECT_EQ(s.at("faults").at("latency").as_int64(), 2);
  EXPECT_EQ(s.at("faults").at("drop").as_int64(), 1);
  EXPECT_EQ(s.at("faults").at("error_502").as_int64(), 0);
  EXPECT_EQ(s.at("answers").at("5xx").as_int64(), 2);
  EXPECT_EQ(s.at("answers").at("dropped").as_int64(), 1);
  EXPECT_EQ(s.at("answers").at("2xx").as_int64(), 1);  // getAllMarkets
  EXPECT_EQ(s.at("answers").at("4xx").as_int64(), 1);  // the unknown Metaexchange call
  const auto& meta = s.at("requests").at("metaexchange");
  EXPECT_EQ(meta.at("public").at("getAllMarkets").as_int64(), 1);
  EXPECT_EQ(meta.at("public").at("(unknown)").as_int64(), 1);
  EXPECT_TRUE(meta.at("private").as_object().empty());
  EXPECT_EQ(s.at("requests").at("mtgox").at("public").at("ticker").as_int64(), 2);
}

}  // namespace
}  // namespace dealer::testing
