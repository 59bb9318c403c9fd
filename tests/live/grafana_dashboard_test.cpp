// contrib/grafana/dealer.json against /metrics: every series a panel queries is one that /metrics
// serves (from a status server over a core with balances, a trade and an open order, so that every
// gauge has a sample), and the operator's series of issue 20 are all on the dashboard. The
// dealer_notify_* series are the notifier's (its own branch): listed by name until it serves them.
// Also the new money gauges of /metrics, worked out by hand.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <regex>
#include <set>

#include "engine/engine_test_support.h"
#include "live/status_server.h"
#include "support/prometheus_text.h"

namespace dealer::live {
namespace {

using namespace dealer::testing;

const std::set<std::string> kNotifySeries = {"dealer_notify_pending", "dealer_notify_failures_total"};

class OneBid : public engine::Strategy {
 public:
  using Strategy::Strategy;
  void on_trades(engine::StrategyContext& ctx, std::span<const Trade>) override {
    if (!placed_) placed_ = ctx.place(Side::kBid, usd("13.40"), btc("0.5"), "test").ok();
  }

 private:
  bool placed_ = false;
};

void collect_exprs(const boost::json::value& v, std::vector<std::string>& out) {
  if (v.is_object()) {
    for (const auto& [key, member] : v.as_object()) {
      if (key == "expr" && member.is_string()) out.emplace_back(member.as_string());
      collect_exprs(member, out);
    }
  } else if (v.is_array()) {
    for (const auto& element : v.as_array()) collect_exprs(element, out);
  }
}

class GrafanaTest : public ::testing::Test {
 protected:
  GrafanaTest() {
    EXPECT_TRUE(core.add_strategy(std::make_unique<OneBid>("bidder", kBtcUsd)).ok());
    (void)core.restore(at_s(1), {});
    // 10 BTC (2 in orders elsewhere) and 1000 USD; the last trade at 13.50.
    const std::vector<Balance> balances{{Currency::btc(), Funds(1'000'000'000), Funds(200'000'000)},
                                        {Currency::usd(), Funds(100'000'000), Funds(0)}};
    (void)core.on_balances(at_s(2), balances);
    const std::vector<Trade> trades{trade_at("13.50")};
    (void)core.on_trades(at_s(3), kBtcUsd, trades);
    (void)core.on_placed(at_s(4), 1, "oid-1");
    metrics.decision_latency.observe(0.001);
    metrics.exchange_attempt("/api/1/BTCUSD/public/ticker", true);
  }
  StatusSources sources() {
    return StatusSources{
        core,   metrics, clock, [](Feed) -> std::optional<Micros> { return std::chrono::seconds(1); },
        "live", kBtcUsd, {}};
  }

  boost::asio::io_context io;
  engine::Core core;
  Metrics metrics;
  ManualClock clock{1'764'115'200'000'000};
};

TEST_F(GrafanaTest, MoneyGaugesAreTheCoresFigures) {
  StatusServer server(io, sources());
  const PromText first = parse_prometheus_text(server.metrics_text());
  ASSERT_TRUE(first.errors.empty()) << first.errors.front();
  const auto& s = first.samples;
  EXPECT_EQ(s.at("dealer_balance{currency=\"BTC\"}"), 10);
  EXPECT_EQ(s.at("dealer_balance{currency=\"USD\"}"), 1000);
  // 10 x 13.50 + 1000.
  EXPECT_EQ(s.at("dealer_equity{currency=\"USD\"}"), 1135);
  EXPECT_EQ(s.at("dealer_pnl{currency=\"USD\"}"), 0);
  EXPECT_EQ(s.at("dealer_open_orders"), 1);
  EXPECT_EQ(s.at("dealer_position"), 0);

  // Our bid fills: position +0.5 BTC. The balances then say 10.5 BTC and 993.3 USD (0.5 x 13.40 paid),
  // the price is 13.40: 10.5 x 13.40 + 993.3 = 1134, 1 USD below the 1135 at start.
  (void)core.on_fill(at_s(5), fill_of("t1", "oid-1", Side::kBid, "13.40", "0.5", at_s(5)));
  const std::vector<Balance> after{{Currency::btc(), Funds(1'050'000'000), Funds(0)},
                                   {Currency::usd(), Funds(99'330'000), Funds(0)}};
  (void)core.on_balances(at_s(6), after);
  const std::vector<Trade> trades{trade_at("13.40")};
  (void)core.on_trades(at_s(7), kBtcUsd, trades);
  const PromText later = parse_prometheus_text(server.metrics_text());
  EXPECT_EQ(later.samples.at("dealer_position"), 0.5);
  EXPECT_EQ(later.samples.at("dealer_open_orders"), 0);
  EXPECT_EQ(later.samples.at("dealer_equity{currency=\"USD\"}"), 1134);
  EXPECT_EQ(later.samples.at("dealer_pnl{currency=\"USD\"}"), -1);
}

TEST_F(GrafanaTest, EverySeriesTheDashboardQueriesIsServed) {
  std::ifstream in(std::string(DEALER_SOURCE_DIR) + "/contrib/grafana/dealer.json");
  ASSERT_TRUE(in) << "contrib/grafana/dealer.json";
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  boost::system::error_code ec;
  const boost::json::value dashboard = boost::json::parse(text, ec);
  ASSERT_FALSE(ec) << ec.message();
  std::vector<std::string> exprs;
  collect_exprs(dashboard, exprs);
  ASSERT_GE(exprs.size(), 10u);

  StatusServer server(io, sources());
  const PromText served = parse_prometheus_text(server.metrics_text());
  ASSERT_TRUE(served.errors.empty());
  std::set<std::string> series;
  for (const auto& [sample, value] : served.samples) series.insert(sample.substr(0, sample.find('{')));

  std::set<std::string> queried;
  static const std::regex kName(R"(\bdealer_[a-z_]+)");
  for (const std::string& expr : exprs) {
    for (std::sregex_iterator it(expr.begin(), expr.end(), kName), end; it != end; ++it)
      queried.insert(it->str());
  }
  for (const std::string& name : queried) {
    EXPECT_TRUE(series.contains(name) || kNotifySeries.contains(name))
        << name << " is queried but not served";
  }
  for (const char* wanted :
       {"dealer_balance", "dealer_equity", "dealer_position", "dealer_open_orders", "dealer_pnl",
        "dealer_notify_pending", "dealer_notify_failures_total", "dealer_halted", "dealer_feed_age_seconds",
        "dealer_decision_latency_seconds_bucket"}) {
    EXPECT_TRUE(queried.contains(wanted)) << wanted << " is not on the dashboard";
  }
}

}  // namespace
}  // namespace dealer::live
