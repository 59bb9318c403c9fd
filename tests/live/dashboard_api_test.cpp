// The dashboard's HTTP rules (live/status_server.h, live/dashboard_auth.h) on the pure request handler,
// no socket: which requests reach a control and which are refused (no or wrong token, a foreign Origin,
// a cookie without the Origin, a foreign Host, a read-only dashboard), the login, and GET /api/state
// from a core the test drives by hand (every figure follows from what the test did).
#include <gtest/gtest.h>

#include "core/json_binding.h"
#include "engine/engine_test_support.h"
#include "live/status_server.h"

namespace dealer::live {
namespace {

using namespace dealer::testing;

constexpr const char* kToken = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
constexpr const char* kHost = "127.0.0.1:9100";

class Idle : public engine::Strategy {
 public:
  using Strategy::Strategy;
};

// One bid (0.5 BTC at 13.40) on the first trade; its state says whether it placed.
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

net::HttpRequest request(std::string method, std::string target, net::Headers headers = {}) {
  return net::HttpRequest{std::move(method), std::move(target), std::move(headers), "", "127.0.0.1"};
}

net::Headers bearer(std::string token = kToken) {
  return {{"Host", kHost}, {"Authorization", "Bearer " + token}};
}

class DashboardApiTest : public ::testing::Test {
 protected:
  DashboardApiTest() {
    EXPECT_TRUE(core.add_strategy(std::make_unique<OneBid>("bidder", kBtcUsd)).ok());
    (void)core.restore(at_s(1), {});
  }

  StatusSources sources(bool controls = true) {
    StatusSources s{core, metrics, clock, {}, "paper", kBtcUsd, {{"bidder", "one_bid"}}};
    s.access =
        DashboardAccess{kToken, listen_hosts("127.0.0.1", 9100), listen_origins("127.0.0.1", 9100), controls};
    s.control = [this](const ControlRequest& r) {
      requests.push_back(r);
      return ControlOutcome{200, "done"};
    };
    return s;
  }

  boost::asio::io_context io;
  engine::Core core;
  Metrics metrics;
  ManualClock clock{1'764'115'200'000'000};  // 2025-11-26 00:00:00 UTC
  std::vector<ControlRequest> requests;
};

TEST_F(DashboardApiTest, EachControlPathReachesItsControlWithTheTokenAndTheAddress) {
  StatusServer server(io, sources());
  const std::vector<std::pair<std::string, ControlAction>> paths = {
      {"/api/orders/7/cancel", ControlAction::kCancel},
      {"/api/strategies/bidder/pause", ControlAction::kPause},
      {"/api/strategies/bidder/pause?cancel=true", ControlAction::kPause},
      {"/api/strategies/bidder/resume", ControlAction::kResume},
      {"/api/halt", ControlAction::kHalt},
      {"/api/resume", ControlAction::kResumeTrading},
      {"/api/reload", ControlAction::kReload},
  };
  for (const auto& [path, action] : paths) {
    const net::Reply reply = server.handle(request("POST", path, bearer()));
    EXPECT_EQ(reply.response.status, 200) << path << ": " << reply.response.body;
    EXPECT_EQ(reply.response.body, R"({"ok":true,"message":"done"})") << path;
  }
  ASSERT_EQ(requests.size(), paths.size());
  for (size_t i = 0; i < paths.size(); ++i) {
    EXPECT_EQ(requests[i].action, paths[i].second) << paths[i].first;
    EXPECT_EQ(requests[i].remote, "127.0.0.1");
  }
  EXPECT_EQ(requests[0].target, "7");
  EXPECT_EQ(requests[1].target, "bidder");
  EXPECT_FALSE(requests[1].cancel_orders);
  EXPECT_TRUE(requests[2].cancel_orders);
  EXPECT_EQ(requests[3].target, "bidder");
  EXPECT_TRUE(requests[4].target.empty());
}

TEST_F(DashboardApiTest, NoOrAWrongTokenIs401AndReachesNothing) {
  StatusServer server(io, sources());
  std::string almost = kToken;
  almost.back() = '0';
  const std::vector<net::Headers> refused = {
      {{"Host", kHost}},
      bearer(almost),
      bearer(""),
      bearer(std::string(kToken) + "0"),
      {{"Host", kHost}, {"Authorization", std::string("Basic ") + kToken}},
      {{"Host", kHost}, {"Cookie", std::string("dealer_token=") + almost}},
      {{"Host", kHost}, {"Cookie", std::string("other=") + kToken}},
  };
  for (const net::Headers& headers : refused) {
    for (const char* path : {"/api/halt", "/api/orders/1/cancel", "/api/strategies/bidder/pause"})
      EXPECT_EQ(server.handle(request("POST", path, headers)).response.status, 401) << path;
    EXPECT_EQ(server.handle(request("GET", "/api/state", headers)).response.status, 401);
    EXPECT_EQ(server.handle(request("GET", "/api/events", headers)).response.status, 401);
    const net::Reply page = server.handle(request("GET", "/", headers));
    EXPECT_EQ(page.response.status, 401);
    EXPECT_NE(page.response.body.find("action=\"/login\""), std::string::npos) << "the login form";
  }
  EXPECT_TRUE(requests.empty());
  EXPECT_FALSE(core.halted());
}

TEST_F(DashboardApiTest, AForeignOriginOrACookieWithoutTheOriginIsRefused) {
  StatusServer server(io, sources());
  const std::string cookie = std::string("a=b; dealer_token=") + kToken;
  auto with = [&](net::Headers h, std::vector<std::pair<std::string, std::string>> more) {
    for (auto& m : more) h.push_back(std::move(m));
    return h;
  };
  const std::vector<net::Headers> refused = {
      with(bearer(), {{"Origin", "http://evil.example"}}),
      with(bearer(), {{"Origin", "http://127.0.0.1:9101"}}),
      with(bearer(), {{"Origin", "http://127.0.0.1"}}),
      with(bearer(), {{"Origin", "https://127.0.0.1:9100"}}),
      with(bearer(), {{"Origin", "null"}}),
      {{"Host", kHost}, {"Cookie", cookie}},
      {{"Host", kHost}, {"Cookie", cookie}, {"Origin", "http://evil.example"}},
  };
  for (const net::Headers& headers : refused) {
    const net::Reply reply = server.handle(request("POST", "/api/halt", headers));
    EXPECT_EQ(reply.response.status, 403) << reply.response.body;
  }
  EXPECT_TRUE(requests.empty());

  // The page's own requests, and curl's (no Origin at all), go through.
  EXPECT_EQ(server
                .handle(request("POST", "/api/halt",
                                {{"Host", kHost}, {"Cookie", cookie}, {"Origin", "http://127.0.0.1:9100"}}))
                .response.status,
            200);
  EXPECT_EQ(server.handle(request("POST", "/api/halt", with(bearer(), {{"Origin", "http://localhost:9100"}})))
                .response.status,
            200);
  EXPECT_EQ(server.handle(request("POST", "/api/halt", bearer())).response.status, 200);
  EXPECT_EQ(requests.size(), 3u);
  // A cookie is enough to read.
  EXPECT_EQ(
      server.handle(request("GET", "/api/state", {{"Host", kHost}, {"Cookie", cookie}})).response.status,
      200);
}

TEST_F(DashboardApiTest, AHostThatIsNotTheListenAddressIsRefusedEverywhere) {
  StatusServer server(io, sources());
  for (const char* host :
       {"evil.example:9100", "evil.example", "127.0.0.1:80", "127.0.0.2:9100", "[::1]:9100"}) {
    auto headers = bearer();
    headers[0].second = host;
    for (const char* path : {"/", "/api/state", "/status", "/metrics"})
      EXPECT_EQ(server.handle(request("GET", path, headers)).response.status, 403) << host << path;
    EXPECT_EQ(server.handle(request("POST", "/api/halt", headers)).response.status, 403) << host;
  }
  EXPECT_TRUE(requests.empty());
  for (const char* host : {"localhost:9100", "127.0.0.1", "localhost"})
    EXPECT_EQ(server.handle(request("GET", "/metrics", {{"Host", host}})).response.status, 200) << host;
  EXPECT_EQ(server.handle(request("GET", "/metrics", {{"Host", kHost}})).response.status, 200)
      << "/metrics needs no token";
}

TEST_F(DashboardApiTest, ControlsFalseIsReadOnly) {
  StatusServer server(io, sources(false));
  const net::Reply refused = server.handle(request("POST", "/api/halt", bearer()));
  EXPECT_EQ(refused.response.status, 403);
  EXPECT_NE(refused.response.body.find("read-only"), std::string::npos) << refused.response.body;
  EXPECT_TRUE(requests.empty());
  const net::Reply state = server.handle(request("GET", "/api/state", bearer()));
  ASSERT_EQ(state.response.status, 200);
  auto decoded = decode_json<DashboardState>(state.response.body);
  ASSERT_TRUE(decoded.ok()) << decoded.error().describe();
  EXPECT_FALSE(decoded->controls);
}

TEST_F(DashboardApiTest, LoginSetsAnHttpOnlyStrictCookieAndTheLinkTokenRedirects) {
  StatusServer server(io, sources());
  auto login = request("POST", "/login", {{"Host", kHost}, {"Origin", "http://127.0.0.1:9100"}});
  login.body = std::string("token=") + kToken;
  const net::Reply ok = server.handle(login);
  EXPECT_EQ(ok.response.status, 303);
  const std::string cookie(net::find_header(ok.response.headers, "Set-Cookie"));
  EXPECT_EQ(cookie, std::string("dealer_token=") + kToken + "; Path=/; HttpOnly; SameSite=Strict");
  EXPECT_EQ(net::find_header(ok.response.headers, "Location"), "/");

  login.body = "token=wrong";
  EXPECT_EQ(server.handle(login).response.status, 401);
  login.body = std::string("token=") + kToken;
  login.headers[1].second = "http://evil.example";
  EXPECT_EQ(server.handle(login).response.status, 403) << "a foreign site cannot log a browser in";

  const net::Reply link = server.handle(request("GET", std::string("/?token=") + kToken, {{"Host", kHost}}));
  EXPECT_EQ(link.response.status, 303);
  EXPECT_EQ(net::find_header(link.response.headers, "Set-Cookie"), cookie);
  EXPECT_EQ(server.handle(request("GET", "/?token=nope", {{"Host", kHost}})).response.status, 401);

  const net::Reply page = server.handle(
      request("GET", "/", {{"Host", kHost}, {"Cookie", "dealer_token=" + std::string(kToken)}}));
  EXPECT_EQ(page.response.status, 200);
  EXPECT_EQ(page.response.content_type, "text/html; charset=utf-8");
  EXPECT_NE(page.response.body.find("/lightweight-charts.js"), std::string::npos);
  const net::Reply library = server.handle(request("GET", "/lightweight-charts.js", bearer()));
  EXPECT_EQ(library.response.status, 200);
  EXPECT_NE(library.response.body.find("Lightweight Charts"), std::string::npos);
  EXPECT_NE(library.response.body.find("Apache License 2.0"), std::string::npos)
      << "its licence header stays";
}

TEST_F(DashboardApiTest, WithoutATokenOnlyTheOpenRoutesAnswer) {
  StatusSources s = sources();
  s.access.token.clear();
  StatusServer server(io, std::move(s));
  EXPECT_EQ(server.handle(request("GET", "/api/state", bearer(""))).response.status, 401);
  EXPECT_EQ(server.handle(request("GET", "/?token=", {{"Host", kHost}})).response.status, 401);
  EXPECT_EQ(server.handle(request("GET", "/status", {{"Host", kHost}})).response.status, 200);
}

TEST_F(DashboardApiTest, RoutesAreATableOfMethodAndPath) {
  StatusServer server(io, sources());
  EXPECT_EQ(server.handle(request("GET", "/api/halt", bearer())).response.status, 405);
  EXPECT_EQ(server.handle(request("POST", "/api/state", bearer())).response.status, 405);
  EXPECT_EQ(server.handle(request("POST", "/api/orders//cancel", bearer())).response.status, 404);
  EXPECT_EQ(server.handle(request("POST", "/api/orders/1/cancel/x", bearer())).response.status, 404);
  EXPECT_EQ(server.handle(request("POST", "/api/strategies/bidder", bearer())).response.status, 404);
  EXPECT_EQ(server.handle(request("GET", "/nothing", bearer())).response.status, 404);
  EXPECT_TRUE(requests.empty());
}

TEST_F(DashboardApiTest, StateShowsOrdersBookEquityAndPnl) {
  const std::vector<Balance> start{{Currency::btc(), Funds(1'000'000'000), Funds(0)},
                                   {Currency::usd(), Funds(100'000'000), Funds(0)}};
  (void)core.on_balances(at_s(2), start);
  const std::vector<Trade> trades{trade_at("13.50")};
  (void)core.on_trades(at_s(3), kBtcUsd, trades);
  (void)core.on_placed(at_s(4), 1, "oid-1");
  Depth depth;
  depth.bids = {DepthLevel{usd("13.40"), btc("2")}, DepthLevel{usd("13.30"), btc("1")}};
  depth.asks = {DepthLevel{usd("13.60"), btc("0.25")}};
  (void)core.on_book(at_s(5), kBtcUsd, depth);
  StatusServer server(io, sources());

  auto first =
      decode_json<DashboardState>(server.handle(request("GET", "/api/state", bearer())).response.body);
  ASSERT_TRUE(first.ok()) << first.error().describe();
  EXPECT_EQ(first->status.mode, "paper");
  ASSERT_EQ(first->status.open_orders.size(), 1u);
  EXPECT_EQ(first->status.open_orders[0].price, "13.4");
  ASSERT_EQ(first->book.bids.size(), 2u);
  EXPECT_EQ(first->book.bids[0].price, "13.4");
  EXPECT_EQ(first->book.bids[0].amount, "2");
  ASSERT_EQ(first->book.asks.size(), 1u);
  EXPECT_EQ(first->book.asks[0].amount, "0.25");
  // 10 BTC at 13.50 plus 1000 USD: 1135 USD; no change yet.
  EXPECT_EQ(first->valuation, "USD");
  ASSERT_EQ(first->equity.size(), 1u);
  EXPECT_EQ(first->equity[0].equity, "1135");
  EXPECT_EQ(first->pnl_since_start, "0");

  // The price falls to 13.00 a minute later: 10 x 13.00 + 1000 = 1130, 5 USD down since start.
  clock.advance(60'000'000);
  const std::vector<Trade> lower{trade_at("13.00")};
  (void)core.on_trades(at_s(65), kBtcUsd, lower);
  auto later =
      decode_json<DashboardState>(server.handle(request("GET", "/api/state", bearer())).response.body);
  ASSERT_TRUE(later.ok());
  ASSERT_EQ(later->equity.size(), 2u);
  EXPECT_EQ(later->equity[1].equity, "1130");
  EXPECT_EQ(later->pnl_since_start, "-5");
  EXPECT_EQ(later->pnl_today, "-5");
  EXPECT_TRUE(later->status.strategies[0].paused == false);

  // Paused shows, in /status too.
  ASSERT_TRUE(core.pause(at_s(66), "bidder", false).ok());
  EXPECT_TRUE(server.report().strategies[0].paused);
}

}  // namespace
}  // namespace dealer::live
