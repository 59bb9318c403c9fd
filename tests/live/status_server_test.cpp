// live/status_server.h without sockets: /status and /metrics built from a core the test drives by hand
// (every expected figure follows from what the test did), the routing, the person's table of
// `dealer status`, and the `status` key of the run configuration (loopback only).
#include "live/status_server.h"

#include <gtest/gtest.h>

#include "core/json_binding.h"
#include "engine/engine_test_support.h"
#include "live/bot_config.h"
#include "live/logging.h"
#include "support/prometheus_text.h"

namespace dealer::live {
namespace {

using namespace dealer::testing;

// Places one bid (0.5 BTC at 13.40) on the first trade it sees; its state says whether it did.
class OneBid : public engine::Strategy {
 public:
  using Strategy::Strategy;
  void on_trades(engine::StrategyContext& ctx, std::span<const Trade>) override {
    if (!placed_) placed_ = ctx.place(Side::kBid, usd("13.40"), btc("0.5"), "test").ok();
  }
  std::string save_state() const override { return placed_ ? "placed" : "waiting"; }

 private:
  bool placed_ = false;
};

Balance balance(Currency c, int64_t total, int64_t held) { return Balance{c, Funds(total), Funds(held)}; }

class StatusServerTest : public ::testing::Test {
 protected:
  StatusServerTest() {
    EXPECT_TRUE(core.add_strategy(std::make_unique<OneBid>("bidder", kBtcUsd)).ok());
    (void)core.restore(at_s(1), {});
    const std::vector<Balance> balances{balance(Currency::btc(), 1'000'000'000, 0),
                                        balance(Currency::usd(), 100'000'000, 0)};
    (void)core.on_balances(at_s(2), balances);
    const std::vector<Trade> trades{trade_at("13.50")};
    (void)core.on_trades(at_s(3), kBtcUsd, trades);
    (void)core.on_placed(at_s(4), 1, "oid-1");
  }

  StatusSources sources() {
    return StatusSources{core,
                         metrics,
                         clock,
                         [](Feed f) -> std::optional<Micros> {
                           if (f == Feed::kTicker) return std::chrono::milliseconds(1500);
                           return std::nullopt;
                         },
                         "live",
                         kBtcUsd,
                         {{"bidder", "one_bid"}}};
  }

  boost::asio::io_context io;
  engine::Core core;
  Metrics metrics;
  ManualClock clock{1'764'115'200'000'000};  // 2025-11-26 00:00:00 UTC
};

TEST_F(StatusServerTest, StatusShowsStrategiesBalancesOrdersFeedsAndErrors) {
  StatusServer server(io, sources());
  log_warn("ticker: HTTP 503: busy (again in 1000 ms)");
  const net::Reply reply = server.handle(net::HttpRequest{"GET", "/status", {}, "", "127.0.0.1"});
  ASSERT_EQ(reply.response.status, 200);
  EXPECT_EQ(reply.response.content_type, "application/json");
  auto report = decode_json<StatusReport>(reply.response.body);
  ASSERT_TRUE(report.ok()) << report.error().describe();

  EXPECT_EQ(report->mode, "live");
  EXPECT_EQ(report->pair, "BTCUSD");
  EXPECT_FALSE(report->halted);
  ASSERT_EQ(report->strategies.size(), 1u);
  EXPECT_EQ(report->strategies[0].id, "bidder");
  EXPECT_EQ(report->strategies[0].kind, "one_bid");
  EXPECT_TRUE(report->strategies[0].enabled);
  EXPECT_EQ(report->strategies[0].state, "placed");
  // 1'000'000'000 BTC units at 1e-8 = 10; 100'000'000 USD units at 1e-5 = 1000.
  ASSERT_EQ(report->balances.size(), 2u);
  EXPECT_EQ(report->balances[0].currency, "BTC");
  EXPECT_EQ(report->balances[0].total, "10");
  EXPECT_EQ(report->balances[1].currency, "USD");
  EXPECT_EQ(report->balances[1].total, "1000");
  ASSERT_EQ(report->open_orders.size(), 1u);
  const StatusOrder& o = report->open_orders[0];
  EXPECT_EQ(o.client_id, 1);
  EXPECT_EQ(o.strategy, "bidder");
  EXPECT_EQ(o.side, "buy");
  EXPECT_EQ(o.price, "13.4");
  EXPECT_EQ(o.amount, "0.5");
  EXPECT_EQ(o.filled, "0");
  EXPECT_EQ(o.state, "open");
  EXPECT_EQ(o.exchange_id, "oid-1");
  ASSERT_EQ(report->feeds.size(), 4u);
  EXPECT_EQ(report->feeds[0].feed, "ticker");
  EXPECT_EQ(report->feeds[0].age_seconds, Decimal(1500, 3));
  EXPECT_FALSE(report->feeds[1].age_seconds.has_value());
  ASSERT_EQ(report->errors.size(), 1u);
  EXPECT_EQ(report->errors[0].time, "2025-11-26 00:00:00");
  EXPECT_EQ(report->errors[0].where, "ticker");
  EXPECT_EQ(report->errors[0].message, "HTTP 503: busy (again in 1000 ms)");

  const std::string table = format_status(*report);
  EXPECT_NE(table.find("dealer live BTCUSD"), std::string::npos) << table;
  EXPECT_NE(table.find("open orders (1)"), std::string::npos) << table;
  EXPECT_NE(table.find("oid-1"), std::string::npos) << table;
  EXPECT_NE(table.find("1.500 s ago"), std::string::npos) << table;
  EXPECT_NE(table.find("HTTP 503"), std::string::npos) << table;
}

TEST_F(StatusServerTest, MetricsAreValidPrometheusText) {
  metrics.order(OrderEvent::kPlaced);
  StatusServer server(io, sources());
  const net::Reply reply = server.handle(net::HttpRequest{"GET", "/metrics", {}, "", "127.0.0.1"});
  ASSERT_EQ(reply.response.status, 200);
  EXPECT_EQ(reply.response.content_type, "text/plain; version=0.0.4; charset=utf-8");
  const auto parsed = parse_prometheus_text(reply.response.body);
  EXPECT_TRUE(parsed.errors.empty()) << reply.response.body;
  EXPECT_EQ(parsed.samples.at("dealer_orders_total{event=\"placed\"}"), 1);
  EXPECT_EQ(parsed.samples.at("dealer_feed_age_seconds{feed=\"ticker\"}"), 1.5);
  EXPECT_EQ(parsed.samples.at("dealer_halted"), 0);
}

TEST_F(StatusServerTest, OnlyGetOnTwoPaths) {
  StatusServer server(io, sources());
  // `/` is the dashboard now (tests/live/dashboard_api_test.cpp): without a token, 401.
  EXPECT_EQ(server.handle(net::HttpRequest{"GET", "/", {}, "", ""}).response.status, 401);
  EXPECT_EQ(server.handle(net::HttpRequest{"GET", "/nothing", {}, "", ""}).response.status, 404);
  EXPECT_EQ(server.handle(net::HttpRequest{"GET", "/statusx", {}, "", ""}).response.status, 404);
  EXPECT_EQ(server.handle(net::HttpRequest{"POST", "/status", {}, "", ""}).response.status, 405);
  EXPECT_EQ(server.handle(net::HttpRequest{"GET", "/status?x=1", {}, "", ""}).response.status, 200);
}

TEST_F(StatusServerTest, KillSwitchShowsAsHalted) {
  (void)core.stop(at_s(5), false);
  StatusServer server(io, sources());
  const StatusReport report = server.report();
  EXPECT_TRUE(report.halted);
  EXPECT_EQ(report.halt_reason, "stopping");
  EXPECT_NE(format_status(report).find("HALTED: stopping"), std::string::npos);
}

// --- the `status` key of the run configuration ----------------------------------------------------

std::string config_with(const std::string& status_block) {
  return "exchange: {kind: mtgox, base_url: \"http://127.0.0.1:1\", pair: BTCUSD}\n"
         "store: {path: /tmp/x.sqlite}\n"
         "strategies:\n"
         "  - {id: s1, strategy: watch_price, pair: BTCUSD, rules: [{id: r, side: buy, when: \"last <= 1\", "
         "price: \"1\", amount: \"1\"}]}\n" +
         status_block;
}

TEST(StatusConfig, LoopbackAddressesOnly) {
  auto off = parse_bot_config(config_with(""), "bot.yaml");
  ASSERT_TRUE(off.ok()) << off.error().describe();
  EXPECT_FALSE(off->status.has_value());
  EXPECT_EQ(off->strategy_kinds.at("s1"), "watch_price");

  auto v4 = parse_bot_config(config_with("status: {listen: \"127.0.0.2:9100\"}\n"), "bot.yaml");
  ASSERT_TRUE(v4.ok()) << v4.error().describe();
  EXPECT_EQ(v4->status->host, "127.0.0.2");
  EXPECT_EQ(v4->status->port, 9100);
  auto v6 = parse_bot_config(config_with("status: {listen: \"[::1]:0\"}\n"), "bot.yaml");
  ASSERT_TRUE(v6.ok()) << v6.error().describe();
  EXPECT_EQ(v6->status->host, "::1");
  EXPECT_EQ(v6->status->port, 0);

  // Line 5 is the status line; the listen value starts at column 18 (counted by hand).
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"0.0.0.0:9100", "not a loopback address"}, {"192.168.1.2:9100", "not a loopback address"},
      {"[::]:9100", "not a loopback address"},    {"localhost:9100", "not an IP address"},
      {"127.0.0.1:65536", "not a port"},          {"127.0.0.1", "expected ADDRESS:PORT"},
  };
  for (const auto& [listen, problem] : refused) {
    auto c = parse_bot_config(config_with("status: {listen: \"" + listen + "\"}\n"), "bot.yaml");
    ASSERT_FALSE(c.ok()) << listen;
    EXPECT_EQ(c.error().message.rfind("bot.yaml:5:18: status.listen: ", 0), 0u) << c.error().message;
    EXPECT_NE(c.error().message.find(problem), std::string::npos) << c.error().message;
  }
}

TEST(StatusConfig, KeysNeedingRestartAreNamed) {
  auto a = parse_bot_config(config_with(""), "bot.yaml");
  auto b = parse_bot_config(config_with("status: {listen: \"127.0.0.1:1\"}\nrisk: {max_open_orders: 3}\n"),
                            "bot.yaml");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(keys_needing_restart(*a, *a).empty());
  EXPECT_EQ(keys_needing_restart(*a, *b), (std::vector<std::string>{"risk", "status"}));
}

}  // namespace
}  // namespace dealer::live
