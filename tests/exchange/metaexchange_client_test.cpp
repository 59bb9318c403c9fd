// The Metaexchange client against the real `dealer exchange` process over loopback.
#include "exchange/metaexchange/client.h"

#include <gtest/gtest.h>

#include "support/await.h"
#include "support/sim_process.h"

namespace dealer::testing {
namespace {

using namespace metaexchange;

// A regular market and an order-book market.
std::string config(const std::string& extra = "") {
  return "metaexchange:\n  confirm_seconds: 0\n  markets:\n"
         "    - {symbol_pair: bitBTC_BTC, ask: \"1.006\", bid: \"0.994\", ask_max: \"1\", bid_max: \"0.8\"}\n"
         "    - {symbol_pair: bitUSD_BTC, ask: \"0.0016\", bid: \"0.0015\", ask_max: \"2\", bid_max: \"1000\", has_orderbook: true}\n" +
         extra;
}

class MetaexchangeClientTest : public ::testing::Test {
 protected:
  std::unique_ptr<Client> client(const SimProcess& sim) {
    ClientOptions o;
    o.base_url = "http://127.0.0.1:" + std::to_string(sim.meta_port());
    o.per_second = 1000;
    o.burst = 1000;
    o.backoff = BackoffPolicy{8, std::chrono::milliseconds(50), std::chrono::milliseconds(400)};
    auto c = Client::create(io_, o);
    EXPECT_TRUE(c.ok());
    return std::move(*c);
  }
  template <class T, class F>
  Result<T> await(F start) {
    return await_result<T>(io_, start);
  }
  std::string deposit(const SimProcess& sim, const std::string& target, const std::string& amount) {
    const auto r = sim.meta("/sim/metaexchange/deposit", target + "&amount=" + amount);
    const size_t at = r.body.find("\"txid\":\"");
    return at == std::string::npos ? "" : r.body.substr(at + 8, 64);
  }

  boost::asio::io_context io_;
};

TEST_F(MetaexchangeClientTest, EveryV1Endpoint) {
  SimProcess sim(config());
  auto c = client(sim);
  auto markets = await<std::vector<Market>>([&](auto cb) { c->all_markets(cb); });
  ASSERT_TRUE(markets.ok()) << markets.error().describe();
  EXPECT_EQ(markets->size(), 2u);
  auto m = await<Market>([&](auto cb) { c->market("bitBTC_BTC", cb); });
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->ask.to_string(), "1.006");
  auto d = await<DepositDetails>([&](auto cb) { c->submit_address({"bitBTC_BTC", "monsterer", OrderType::kBuy, {}, {}, {}}, cb); });
  ASSERT_TRUE(d.ok()) << d.error().describe();
  const std::string txid = deposit(sim, "deposit_address=" + d->deposit_address, "0.5");
  auto t = await<Transaction>([&](auto cb) { c->order_status(txid, cb); });
  ASSERT_TRUE(t.ok()) << t.error().describe();
  EXPECT_EQ(t->status, metaexchange::OrderStatus::kCompleted);
  EXPECT_EQ(t->amount.to_string(), "0.49701789");  // 0.5 / 1.006, rounded to 1e-8
  auto mine = await<std::vector<Transaction>>([&](auto cb) { c->my_last_transactions(d->deposit_address, false, 10, cb); });
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->size(), 1u);
  auto last = await<std::vector<Transaction>>([&](auto cb) { c->last_transactions(std::string("bitBTC_BTC"), 10, cb); });
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->size(), 1u);
}

TEST_F(MetaexchangeClientTest, EveryV2Endpoint) {
  SimProcess sim(config());
  auto c = client(sim);
  auto q = await<Quote>([&](auto cb) { c->quote("bitBTC_BTC", OrderType::kBuy, Decimal(5, 1), cb); });
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->result.to_string(), "0.49701789");
  auto sell = await<DepositDetails>([&](auto cb) {
    c->submit_address({"bitUSD_BTC", "1AAXCcSjgsgoTnQLqUfPh7qRsUyvbYSbGW", OrderType::kSellLimit, Decimal(16, 4), std::string("alice-bts"), 3600}, cb);
  });
  ASSERT_TRUE(sell.ok()) << sell.error().describe();
  ASSERT_TRUE(sell->memo.has_value());
  const std::string txid = deposit(sim, "memo=" + *sell->memo, "500");
  auto book = await<OrderBook>([&](auto cb) { c->order_book("bitUSD_BTC", 10, cb); });
  ASSERT_TRUE(book.ok());
  ASSERT_EQ(book->asks.size(), 1u);
  EXPECT_EQ(book->asks[0].amount.to_string(), "500");
  const std::vector<std::string> me = {"1AAXCcSjgsgoTnQLqUfPh7qRsUyvbYSbGW"};
  auto open = await<std::vector<OpenOrder>>([&](auto cb) { c->my_open_orders("bitUSD_BTC", me, cb); });
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ(open->front().status, metaexchange::OrderStatus::kPlaced);
  auto mine = await<std::vector<Transaction>>([&](auto cb) { c->my_last_transactions_v2("bitUSD_BTC", me, 10, cb); });
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->size(), 1u);
  auto outputs = await<std::vector<Transaction>>([&](auto cb) { c->order_statuses(txid, cb); });
  ASSERT_TRUE(outputs.ok());
  EXPECT_EQ(outputs->size(), 1u);
}

TEST_F(MetaexchangeClientTest, ErrorObjectsBecomeTypedErrors) {
  SimProcess sim(config());
  auto c = client(sim);
  auto m = await<Market>([&](auto cb) { c->market("NOPE_BTC", cb); });
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(error_code(m.error()), ErrorCode::kUnknownMarket);
  auto t = await<Transaction>([&](auto cb) { c->order_status("00", cb); });
  EXPECT_EQ(error_code(t.error()), ErrorCode::kOrderNotFound);
  auto bad = await<DepositDetails>([&](auto cb) { c->submit_address({"bitBTC_BTC", "Not An Account", OrderType::kBuy, {}, {}, {}}, cb); });
  EXPECT_EQ(error_code(bad.error()), ErrorCode::kInvalidAddress);
}

TEST_F(MetaexchangeClientTest, RateLimitIsWaitedOutForReads) {
  SimProcess sim(config("rate_limits:\n  endpoints:\n    getMarket: {per_second: 4, burst: 1}\n"));
  auto c = client(sim);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(await<Market>([&](auto cb) { c->market("bitBTC_BTC", cb); }).ok()) << i;
}

TEST_F(MetaexchangeClientTest, LostSubmitAddressAnswerIsAmbiguous) {
  SimProcess sim(config());
  auto c = client(sim);
  sim.post("/sim/faults", "drop_percent=100", {}, sim.meta_port());
  auto d = await<DepositDetails>([&](auto cb) { c->submit_address({"bitBTC_BTC", "monsterer", OrderType::kBuy, {}, {}, {}}, cb); });
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, Errc::kAmbiguous);
}

}  // namespace
}  // namespace dealer::testing
