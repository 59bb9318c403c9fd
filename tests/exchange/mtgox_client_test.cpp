// The MtGox client against the real `dealer exchange` process over loopback, error paths included.
#include "exchange/mtgox/client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>

#include "core/form.h"
#include "net/http_server.h"
#include "support/await.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"
#include "support/test_support.h"

namespace dealer::testing {
namespace {


std::string config(bool liquidity, const std::string& extra = "") {
  return std::string("accounts:\n") + "  - {name: alice, key: " + kAliceKey + ", secret: \"" + kAliceSecret +
         "\", rights: [get_info, trade, merchant], balances: {BTC: \"10\", USD: \"1000\"}}\n" +
         "  - {name: bob, key: " + kBobKey + ", secret: \"" + kBobSecret +
         "\", rights: [get_info, trade], balances: {BTC: \"10\", USD: \"1000\"}}\n" + "market:\n  trades: " +
         DEALER_TEST_DATA_DIR + "/../../data/mtgox-trades-btcusd-2013-01-01.csv\n  speed: 0\n  liquidity: {enabled: " +
         (liquidity ? "true" : "false") + "}\n" + extra;
}

class ClientTest : public ::testing::Test {
 protected:
  std::unique_ptr<mtgox::Client> client(const SimProcess& sim, const char* key = kAliceKey, const char* secret = kAliceSecret,
                                        std::function<void(mtgox::ClientOptions&)> tweak = {}) {
    mtgox::ClientOptions o;
    o.base_url = "http://127.0.0.1:" + std::to_string(sim.port());
    o.key = key;
    o.secret_base64 = secret;
    o.per_second = 1000;
    o.burst = 1000;
    o.backoff = BackoffPolicy{6, std::chrono::milliseconds(20), std::chrono::milliseconds(200)};
    o.http.io_timeout = std::chrono::milliseconds(2000);
    if (tweak) tweak(o);
    auto c = mtgox::Client::create(io_, o, wall_);
    EXPECT_TRUE(c.ok()) << c.error().describe();
    return std::move(*c);
  }

  template <class T, class F>
  Result<T> await(F start) {
    return await_result<T>(io_, start);
  }

  // Runs the event loop until nothing is in flight; a task waiting on virtual time is not.
  void settle() {
    io_.restart();
    io_.run();
  }

  // A local stand-in server that answers each request with `answer(n, body)` (n counts from 1),
  // after `delay`.
  uint16_t stand_in(std::function<net::HttpResponse(int, const std::string&)> answer,
                    std::chrono::milliseconds delay = std::chrono::milliseconds(0)) {
    server_ = std::make_unique<net::HttpServer>(io_, [this, answer, delay](const net::HttpRequest& r) {
      return net::Reply{answer(++requests_, r.body), delay};
    });
    return *server_->listen("127.0.0.1", 0);
  }

  boost::asio::io_context io_;
  SystemClock wall_;
  std::unique_ptr<net::HttpServer> server_;
  int requests_ = 0;
};

net::HttpResponse json(int status, std::string body) { return {status, "application/json", std::move(body), {}}; }
uint64_t nonce_of(const std::string& body) { return std::stoull(*find_field(*parse_form(body), "nonce")); }

TEST_F(ClientTest, EveryPublicCall) {
  SimProcess sim(config(true));
  auto c = client(sim);
  auto t = await<Ticker>([&](auto cb) { c->ticker(cb); });
  ASSERT_TRUE(t.ok()) << t.error().describe();
  EXPECT_EQ(t->last, Price(1330413));  // the tape's last trade
  EXPECT_EQ(t->volume, Amount(2816891145963));
  EXPECT_LT(t->buy, t->sell);  // the liquidity provider's quotes
  auto page = await<std::vector<Trade>>([&](auto cb) { c->trades_since(0, cb); });
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->size(), 1000u);
  EXPECT_EQ(page->front().tid, 1356998659486096);
  auto day = await<std::vector<Trade>>([&](auto cb) { c->trades_since(std::nullopt, cb); });
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(day->size(), 2331u);
  auto depth = await<Depth>([&](auto cb) { c->depth(false, cb); });
  ASSERT_TRUE(depth.ok());
  EXPECT_EQ(depth->asks.size(), 5u);  // five levels a side by default
  auto full = await<Depth>([&](auto cb) { c->depth(true, cb); });
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->bids.size(), 5u);
  EXPECT_TRUE(await<std::vector<mtgox::CancelledTid>>([&](auto cb) { c->cancelled_trades(cb); })->empty());
  EXPECT_EQ(await<mtgox::CurrencyInfo>([&](auto cb) { c->currency_info(*Currency::from_code("JPY"), cb); })->decimals, 3);
  EXPECT_TRUE(await<mtgox::HotpKey>([&](auto cb) { c->hotp_gen(cb); }).ok());
  EXPECT_TRUE(await<mtgox::Lag>([&](auto cb) { c->lag(cb); }).ok());
}

TEST_F(ClientTest, EveryPrivateCall) {
  SimProcess sim(config(false));
  auto alice = client(sim);
  auto bob = client(sim, kBobKey, kBobSecret);
  auto ask = await<std::string>([&](auto cb) { bob->place({Side::kAsk, Amount(50000000), Price(2000000)}, cb); });
  ASSERT_TRUE(ask.ok()) << ask.error().describe();
  auto bid = await<std::string>([&](auto cb) { alice->place({Side::kBid, Amount(20000000), Price(2000000)}, cb); });
  ASSERT_TRUE(bid.ok()) << bid.error().describe();
  auto fills = await<OrderFills>([&](auto cb) { alice->order_result(Side::kBid, *bid, cb); });
  ASSERT_TRUE(fills.ok()) << fills.error().describe();
  EXPECT_EQ(fills->total_amount, Amount(20000000));
  EXPECT_EQ(fills->total_spent, Cost(400000));  // 0.2 BTC at 20 USD
  ASSERT_EQ(fills->trades.size(), 1u);
  EXPECT_GT(fills->trades[0].date, 1356998659);
  auto open = await<std::vector<Order>>([&](auto cb) { bob->open_orders(cb); });
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ((*open)[0].amount, Amount(30000000));
  EXPECT_TRUE(await<bool>([&](auto cb) { bob->cancel(*ask, cb); }).value());
  auto again = await<bool>([&](auto cb) { bob->cancel(*ask, cb); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().token, "order_not_found");
  auto account = await<AccountInfo>([&](auto cb) { alice->account(cb); });
  ASSERT_TRUE(account.ok());
  for (const Balance& b : account->balances)
    if (b.currency == Currency::usd()) {
      EXPECT_EQ(b.total, Funds(100000000 - 400000));
    }
  EXPECT_TRUE(await<mtgox::Info>([&](auto cb) { alice->info(cb); }).ok());
  EXPECT_TRUE(await<std::string>([&](auto cb) { alice->idkey(cb); }).ok());
  EXPECT_TRUE(await<std::vector<mtgox::Order>>([&](auto cb) { alice->orders(cb); })->empty());
  EXPECT_EQ(await<std::vector<mtgox::PrivateTrade>>([&](auto cb) { alice->my_trades(cb); })->size(), 1u);
  auto merchant = await<mtgox::MerchantOrder>([&](auto cb) {
    alice->merchant_order({Amount(150000000), "http://shop/ok", "http://shop/no", "a sale", "", "order-1"}, cb);
  });
  ASSERT_TRUE(merchant.ok()) << merchant.error().describe();
  EXPECT_EQ(merchant->transaction.size(), 36u);
  auto market = await<std::string>([&](auto cb) { alice->place({Side::kBid, Amount(1000000), std::nullopt}, cb); });
  EXPECT_TRUE(market.ok());  // a market order, with nothing to fill it: accepted and dropped
}

TEST_F(ClientTest, BadSignatureAndStaleNonceAreFinalErrors) {
  SimProcess sim(config(false));
  auto forger = client(sim, kAliceKey, kBobSecret);
  auto forged = await<AccountInfo>([&](auto cb) { forger->account(cb); });
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(forged.error().token, "login_error_invalid_rest_sign");
  // Another process used a nonce far ahead; this client's own nonces are now stale.
  const std::string ahead = ::testing::TempDir() + "/ahead.nonce";
  std::ofstream(ahead) << "99999999999999999\n";
  auto first = client(sim, kAliceKey, kAliceSecret, [&](auto& o) { o.nonce_file = ahead; });
  ASSERT_TRUE(await<AccountInfo>([&](auto cb) { first->account(cb); }).ok());
  auto behind = client(sim);
  auto stale = await<AccountInfo>([&](auto cb) { behind->account(cb); });
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().token, "login_error_invalid_nonce");
}

TEST_F(ClientTest, RateLimitedReadsSucceedAfterBackoff) {
  SimProcess sim(config(false, "rate_limits:\n  endpoints:\n    ticker: {per_second: 5, burst: 1}\n"));
  auto c = client(sim);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(await<Ticker>([&](auto cb) { c->ticker(cb); }).ok()) << i;
}

TEST_F(ClientTest, ReadsRideOutA500BurstADroppedConnectionAndATruncatedBody) {
  SimProcess sim(config(false));
  VirtualScheduler time;
  auto c = client(sim, kAliceKey, kAliceSecret, [&](auto& o) { o.scheduler = &time; });
  for (const char* fault : {"error_500_percent", "drop_percent", "truncate_percent", "malformed_percent"}) {
    sim.post("/sim/faults", std::string(fault) + "=100");
    std::optional<Result<Ticker>> t;
    c->ticker([&](Result<Ticker> r) { t.emplace(std::move(r)); });
    settle();
    // The first attempt failed, and a retry now waits for its backoff on virtual time.
    ASSERT_FALSE(t.has_value()) << fault;
    ASSERT_EQ(time.pending(), 1u) << fault;
    sim.post("/sim/faults", std::string(fault) + "=0");
    time.advance(std::chrono::seconds(1));  // past the first backoff (at most base = 20 ms)
    settle();
    ASSERT_TRUE(t.has_value()) << fault;
    EXPECT_TRUE(t->ok()) << fault << ": " << t->error().describe();
  }
}

TEST_F(ClientTest, PrivateCallsStartedTogetherAllSucceed) {
  SimProcess sim(config(false));
  auto c = client(sim);
  // Without one nonce in flight per key, these race on separate connections and the simulator
  // refuses whichever smaller nonce arrives second.
  constexpr int kCalls = 8;
  std::vector<std::optional<Status>> results(kCalls);
  for (int i = 0; i < kCalls; ++i) {
    if (i % 2) c->account([&, i](Result<AccountInfo> r) { results[i] = r.ok() ? Status{} : Status(r.error()); });
    else c->open_orders([&, i](Result<std::vector<Order>> r) { results[i] = r.ok() ? Status{} : Status(r.error()); });
  }
  settle();
  for (int i = 0; i < kCalls; ++i) {
    ASSERT_TRUE(results[i].has_value()) << i;
    EXPECT_TRUE(results[i]->ok()) << i << ": " << results[i]->error().describe();
  }
}

TEST_F(ClientTest, SignedCallsGoOneAtATimeInNonceOrder) {
  // Each answer takes 40 ms; a signed call may leave only once the one before it was answered.
  std::vector<std::pair<std::chrono::steady_clock::time_point, uint64_t>> arrivals;
  const uint16_t port = stand_in(
      [&](int, const std::string& body) {
        arrivals.emplace_back(std::chrono::steady_clock::now(), nonce_of(body));
        return json(200, R"({"result":"success","return":"abc"})");
      },
      std::chrono::milliseconds(40));
  mtgox::ClientOptions o;
  o.base_url = "http://127.0.0.1:" + std::to_string(port);
  o.key = kAliceKey;
  o.secret_base64 = kAliceSecret;
  auto c = std::move(mtgox::Client::create(io_, o, wall_).value());
  int answered = 0;
  for (int i = 0; i < 4; ++i) c->idkey([&](Result<std::string> r) { answered += r.ok(); });
  io_.restart();
  while (answered < 4) io_.run_one();
  ASSERT_EQ(arrivals.size(), 4u);
  for (size_t i = 1; i < arrivals.size(); ++i) {
    EXPECT_GT(arrivals[i].second, arrivals[i - 1].second) << i;
    EXPECT_GE(arrivals[i].first - arrivals[i - 1].first, std::chrono::milliseconds(40)) << i;
  }
}

TEST_F(ClientTest, AnInvalidNonceIsRetriedOnceWithALargerNonce) {
  std::vector<uint64_t> nonces;
  const uint16_t port = stand_in([&](int n, const std::string& body) {
    nonces.push_back(nonce_of(body));
    if (n == 1) return json(403, R"({"result":"error","error":"Invalid nonce","token":"login_error_invalid_nonce"})");
    return json(200, R"({"result":"success","return":"abc"})");
  });
  mtgox::ClientOptions o;
  o.base_url = "http://127.0.0.1:" + std::to_string(port);
  o.key = kAliceKey;
  o.secret_base64 = kAliceSecret;
  auto c = std::move(mtgox::Client::create(io_, o, wall_).value());
  // A write: refused for its nonce, it was never executed, so it is sent again.
  auto placed = await<std::string>([&](auto cb) { c->place({Side::kBid, Amount(100000000), Price(100000)}, cb); });
  ASSERT_TRUE(placed.ok()) << placed.error().describe();
  EXPECT_EQ(*placed, "abc");
  ASSERT_EQ(nonces.size(), 2u);
  EXPECT_GT(nonces[1], nonces[0]);
}

TEST_F(ClientTest, AnInvalidNonceTwiceIsFinal) {
  const uint16_t port = stand_in([](int, const std::string&) {
    return json(403, R"({"result":"error","error":"Invalid nonce","token":"login_error_invalid_nonce"})");
  });
  mtgox::ClientOptions o;
  o.base_url = "http://127.0.0.1:" + std::to_string(port);
  o.key = kAliceKey;
  o.secret_base64 = kAliceSecret;
  auto c = std::move(mtgox::Client::create(io_, o, wall_).value());
  auto r = await<AccountInfo>([&](auto cb) { c->account(cb); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().token, "login_error_invalid_nonce");
  EXPECT_EQ(requests_, 2);
}

TEST_F(ClientTest, AnHtml404IsFinalAndNamesTheStatus) {
  const uint16_t port = stand_in([](int, const std::string&) {
    return net::HttpResponse{404, "text/html", "<html><body>Not Found</body></html>", {}};
  });
  mtgox::ClientOptions o;
  o.base_url = "http://127.0.0.1:" + std::to_string(port);
  auto c = std::move(mtgox::Client::create(io_, o, wall_).value());
  auto t = await<Ticker>([&](auto cb) { c->ticker(cb); });
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, Errc::kHttpStatus);
  EXPECT_NE(t.error().message.find("HTTP 404"), std::string::npos) << t.error().message;
  EXPECT_EQ(requests_, 1);  // never retried
}

TEST_F(ClientTest, TheWholeCallHasADeadline) {
  const uint16_t port = stand_in([](int, const std::string&) { return json(500, "{}"); });
  VirtualScheduler time;
  mtgox::ClientOptions o;
  o.base_url = "http://127.0.0.1:" + std::to_string(port);
  // Each backoff is 500-1000 ms; the call may last 1200 ms: a third attempt would start past it.
  o.backoff = BackoffPolicy{10, std::chrono::milliseconds(1000), std::chrono::milliseconds(1000), std::chrono::milliseconds(1200)};
  o.scheduler = &time;
  auto c = std::move(mtgox::Client::create(io_, o, wall_).value());
  std::optional<Result<Ticker>> t;
  c->ticker([&](Result<Ticker> r) { t.emplace(std::move(r)); });
  while (!t) {
    io_.restart();
    while (!t && time.pending() == 0) io_.run_one();  // an answer, then the backoff is armed
    if (!t) time.advance(std::chrono::seconds(1));    // runs the next attempt, if any
  }
  ASSERT_FALSE(t->ok());
  EXPECT_EQ(t->error().code, Errc::kTimeout);
  EXPECT_EQ(requests_, 2);
  EXPECT_LE(time.now() - MonoTime{}, std::chrono::milliseconds(1200));
}

TEST_F(ClientTest, DestroyingAClientWithCallsInFlightAndInBackoffTouchesNothing) {
  // One call waits for an answer that never comes, one for its backoff after a 500.
  const uint16_t port = stand_in([](int, const std::string&) { return json(500, "{}"); });
  SimProcess sim(config(false));
  VirtualScheduler time;  // outlives the clients, as an engine's scheduler would
  int called = 0;
  {
    auto busy = client(sim);
    sim.post("/sim/faults", "latency_ms=500");
    busy->ticker([&](Result<Ticker>) { ++called; });
    mtgox::ClientOptions o;
    o.base_url = "http://127.0.0.1:" + std::to_string(port);
    o.scheduler = &time;
    auto backing_off = std::move(mtgox::Client::create(io_, o, wall_).value());
    backing_off->ticker([&](Result<Ticker>) { ++called; });
    io_.restart();
    while (time.pending() == 0) io_.run_one();  // the stand-in answered 500: the backoff is armed
  }
  // Both clients are gone; what is left on the loop and the timeline must neither call back nor
  // touch freed memory (run under -DDEALER_SANITIZE=ON to see it).
  EXPECT_EQ(time.pending(), 0u);
  time.advance(std::chrono::seconds(10));
  io_.restart();
  while (io_.poll() > 0) {  // the aborted handlers; the stand-in server keeps the loop from ending
  }
  EXPECT_EQ(called, 0);
}

TEST_F(ClientTest, OwnTradesShowTheFillOfACrossingPair) {
  SimProcess sim(config(false));
  auto alice = client(sim);
  auto bob = client(sim, kBobKey, kBobSecret);
  auto before = await<std::vector<OwnTrade>>([&](auto cb) { alice->own_trades(std::nullopt, cb); });
  ASSERT_TRUE(before.ok()) << before.error().describe();
  EXPECT_TRUE(before->empty());
  ASSERT_TRUE(await<std::string>([&](auto cb) { bob->place({Side::kAsk, Amount(50000000), Price(2000000)}, cb); }).ok());
  auto bid = await<std::string>([&](auto cb) { alice->place({Side::kBid, Amount(20000000), Price(2100000)}, cb); });
  ASSERT_TRUE(bid.ok()) << bid.error().describe();
  auto mine = await<std::vector<OwnTrade>>([&](auto cb) { alice->own_trades(std::nullopt, cb); });
  ASSERT_TRUE(mine.ok()) << mine.error().describe();
  ASSERT_EQ(mine->size(), 1u);
  const OwnTrade& t = mine->front();
  EXPECT_EQ(t.side, Side::kBid);
  EXPECT_EQ(t.amount, Amount(20000000));  // 0.2 BTC of bob's 0.5
  EXPECT_EQ(t.price, Price(2000000));     // at the resting ask's price, 20 USD
  EXPECT_EQ(t.price_currency, Currency::usd());
  EXPECT_GT(t.date, 1356998659);  // after the tape's first trade (2013-01-01)
  // It names its order, so an order that filled at once and vanished can still be reconciled.
  EXPECT_EQ(t.order_id, *bid);
  // Since that fill's id: nothing newer.
  auto after = await<std::vector<OwnTrade>>([&](auto cb) { alice->own_trades(t.tid, cb); });
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->empty());
  auto seller = await<std::vector<OwnTrade>>([&](auto cb) { bob->own_trades(t.tid - 1, cb); });
  ASSERT_TRUE(seller.ok());
  ASSERT_EQ(seller->size(), 1u);
  EXPECT_EQ(seller->front().side, Side::kAsk);
}

TEST_F(ClientTest, PersistentMySqlBodyEndsAsExchangeBusy) {
  SimProcess sim(config(false));
  auto c = client(sim, kAliceKey, kAliceSecret, [](auto& o) { o.backoff.read_attempts = 3; });
  sim.post("/sim/faults", "mysql_error_percent=100");
  auto t = await<Ticker>([&](auto cb) { c->ticker(cb); });
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, Errc::kExchangeBusy);
  EXPECT_NE(t.error().message.find("3 attempts"), std::string::npos) << t.error().message;
}

TEST_F(ClientTest, ResponseOverTheSizeCapIsAnError) {
  SimProcess sim(config(true));
  auto c = client(sim, kAliceKey, kAliceSecret, [](auto& o) {
    o.http.max_response_bytes = 4096;
    o.backoff.read_attempts = 1;
  });
  auto trades = await<std::vector<Trade>>([&](auto cb) { c->trades_since(0, cb); });
  ASSERT_FALSE(trades.ok());
  EXPECT_NE(trades.error().message.find("larger than 4096"), std::string::npos) << trades.error().message;
}

TEST_F(ClientTest, AServerThatNeverAnswersHitsTheDeadline) {
  // A listening socket that accepts connections (the kernel does) and never answers.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  const int port = bind_loopback(fd);
  ASSERT_GT(port, 0);
  ASSERT_EQ(listen(fd, 4), 0);
  mtgox::ClientOptions o;
  o.base_url = "http://127.0.0.1:" + std::to_string(port);
  o.backoff.read_attempts = 2;
  o.backoff.base = std::chrono::milliseconds(10);
  o.http.io_timeout = std::chrono::milliseconds(300);
  auto c = mtgox::Client::create(io_, o, wall_);
  ASSERT_TRUE(c.ok());
  const auto start = std::chrono::steady_clock::now();
  auto t = await<Ticker>([&](auto cb) { (*c)->ticker(cb); });
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, Errc::kTimeout);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, std::chrono::milliseconds(600));  // two attempts of 300 ms
  EXPECT_LT(took, std::chrono::milliseconds(3000));
  close(fd);
}

TEST_F(ClientTest, LostOrderAnswerIsAmbiguousAndReconciliationFindsExactlyOneOrder) {
  SimProcess sim(config(false));
  auto c = client(sim);
  sim.post("/sim/faults", "drop_percent=100");
  const OrderRequest request{Side::kBid, Amount(12345678), Price(100000)};  // far below the market: it rests
  auto placed = await<std::string>([&](auto cb) { c->place(request, cb); });
  ASSERT_FALSE(placed.ok());
  EXPECT_EQ(placed.error().code, Errc::kAmbiguous);
  sim.post("/sim/faults", "drop_percent=0");
  // Reconcile: the open orders show whether it was placed; it was, once, so nothing is resent.
  auto open = await<std::vector<Order>>([&](auto cb) { c->open_orders(cb); });
  ASSERT_TRUE(open.ok());
  int matching = 0;
  for (const Order& o : *open) matching += o.side == request.side && o.amount == request.amount && o.price == *request.limit;
  EXPECT_EQ(matching, 1);
  EXPECT_EQ(open->size(), 1u);
}

TEST_F(ClientTest, PrivateCallsNeedAKey) {
  SimProcess sim(config(false));
  auto c = client(sim, "", "");
  auto r = await<AccountInfo>([&](auto cb) { c->account(cb); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::kConfig);
  EXPECT_TRUE(await<Ticker>([&](auto cb) { c->ticker(cb); }).ok());
}

}  // namespace
}  // namespace dealer::testing
