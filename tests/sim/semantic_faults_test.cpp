// The simulator's semantic faults (sim/semantic_faults.h): at 100 % each changes the answers of its
// calls as documented, and only those; at 0 % nothing is drawn. Answers are made by hand here and the
// expected changes worked out from them.
#include "sim/semantic_faults.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "core/crypto.h"
#include "exchange/mtgox/codec.h"
#include "exchange/mtgox/convert.h"
#include "sim/simulator.h"
#include "support/test_accounts.h"

namespace dealer::sim {
namespace {

mtgox::Trade wire_trade(int64_t tid, int64_t price) {
  return mtgox::to_wire(dealer::Trade{tid, 1'357'000'000, Price(price), Amount(100'000'000), Currency::usd(),
                                      Currency::btc(), Side::kBid, true, "limit"});
}

net::HttpResponse answer_of(const auto& payload) {
  return {200, "application/json", mtgox::encode_response(payload), {}};
}

template <class W>
W decoded(const net::HttpResponse& r) {
  auto w = mtgox::decode_response<W>(r.body);
  EXPECT_TRUE(w.ok()) << r.body;
  return w.ok() ? *w : W{};
}

FaultConfig with(Decimal FaultConfig::*share) {
  FaultConfig c;
  c.*share = Decimal(100, 0);
  return c;
}

const std::vector<mtgox::Trade> kTrades = {wire_trade(10, 1'350'000), wire_trade(20, 1'351'000),
                                           wire_trade(30, 1'352'000)};

std::vector<int64_t> prices(const std::vector<mtgox::Trade>& ts) {
  std::vector<int64_t> out;
  for (const auto& t : ts) out.push_back(t.price_int.raw());
  return out;
}
std::vector<int64_t> tids(const std::vector<mtgox::Trade>& ts) {
  std::vector<int64_t> out;
  for (const auto& t : ts) out.push_back(t.tid);
  return out;
}

TEST(SemanticFaults, ANegativePriceNegatesOneTradeOfThePage) {
  SemanticFaults f(1);
  const auto out = decoded<std::vector<mtgox::Trade>>(
      f.rewrite(with(&FaultConfig::negative_price_percent), "trades", answer_of(kTrades)));
  ASSERT_EQ(out.size(), 3u);
  int negative = 0;
  for (size_t i = 0; i < 3; ++i) {
    const int64_t p = out[i].price_int.raw();
    EXPECT_TRUE(p == kTrades[i].price_int.raw() || p == -kTrades[i].price_int.raw());
    negative += p < 0;
    // The decimal twin says the same as the integer.
    EXPECT_EQ(out[i].price, Decimal(p, 5).normalized());
  }
  EXPECT_EQ(negative, 1);
  EXPECT_EQ(tids(out), tids(kTrades));
}

TEST(SemanticFaults, ATinyPriceIsOneUnit) {
  SemanticFaults f(1);
  const auto out = decoded<std::vector<mtgox::Trade>>(
      f.rewrite(with(&FaultConfig::tiny_price_percent), "trades", answer_of(kTrades)));
  const auto p = prices(out);
  EXPECT_EQ(std::count(p.begin(), p.end(), 1), 1);  // 0.00001 USD
}

TEST(SemanticFaults, RepeatedAndBackwardTids) {
  SemanticFaults f(1);
  const auto repeated = tids(decoded<std::vector<mtgox::Trade>>(
      f.rewrite(with(&FaultConfig::repeated_tid_percent), "trades", answer_of(kTrades))));
  ASSERT_EQ(repeated.size(), 4u);
  EXPECT_TRUE(std::is_sorted(repeated.begin(), repeated.end()));
  EXPECT_EQ(std::adjacent_find(repeated.begin(), repeated.end()) != repeated.end(), true);

  const auto backward = tids(decoded<std::vector<mtgox::Trade>>(
      f.rewrite(with(&FaultConfig::backward_tid_percent), "trades", answer_of(kTrades))));
  ASSERT_EQ(backward.size(), 3u);
  EXPECT_FALSE(std::is_sorted(backward.begin(), backward.end()));
  EXPECT_TRUE(std::is_permutation(backward.begin(), backward.end(), tids(kTrades).begin()));
}

mtgox::Depth wire_depth() {
  dealer::Depth d;
  d.asks = {{Price(1'360'000), Amount(100'000'000), 1}, {Price(1'370'000), Amount(200'000'000), 1}};
  d.bids = {{Price(1'330'000), Amount(100'000'000), 1}, {Price(1'340'000), Amount(300'000'000), 1}};
  return mtgox::to_wire(d, Currency::usd());
}

TEST(SemanticFaults, CrossedAndUnsortedDepth) {
  SemanticFaults f(1);
  const auto crossed = decoded<mtgox::Depth>(
      f.rewrite(with(&FaultConfig::crossed_depth_percent), "depth", answer_of(wire_depth())));
  // The best bid (the last, 13.40) moves to one unit above the best ask 13.60.
  EXPECT_EQ(crossed.bids.back().price_int, Price(1'360'001));
  EXPECT_EQ(crossed.asks.front().price_int, Price(1'360'000));

  const auto unsorted = decoded<mtgox::Depth>(
      f.rewrite(with(&FaultConfig::unsorted_depth_percent), "fulldepth", answer_of(wire_depth())));
  EXPECT_EQ(unsorted.asks.front().price_int, Price(1'370'000));
  EXPECT_EQ(unsorted.asks.back().price_int, Price(1'360'000));
}

TEST(SemanticFaults, OverstatedFillsMultiplyEveryAmountOfOrderResult) {
  mtgox::OrderResult r;
  r.order_id = "o1";
  mtgox::OrderTrade t;
  t.trade_id = 5;
  t.currency = Currency::usd();
  t.item = Currency::btc();
  t.type = Side::kAsk;
  t.amount = mtgox::make_value(200'000'000, Currency::btc());
  t.price = mtgox::make_value(1'350'000, Currency::usd());
  t.spent = mtgox::make_value(2'700'000, Currency::usd());
  t.date = "2013-01-01 00:00:00";
  r.trades = {t};
  r.total_amount = mtgox::make_value(200'000'000, Currency::btc());
  r.total_spent = mtgox::make_value(2'700'000, Currency::usd());
  r.avg_cost = mtgox::make_value(1'350'000, Currency::usd());
  FaultConfig c = with(&FaultConfig::overstated_fill_percent);  // x100 by default
  SemanticFaults f(1);
  const auto out = decoded<mtgox::OrderResult>(f.rewrite(c, "order/result", answer_of(r)));
  EXPECT_EQ(out.total_amount.value_int, 20'000'000'000);
  ASSERT_EQ(out.trades.size(), 1u);
  EXPECT_EQ(out.trades[0].amount.value_int, 20'000'000'000);  // 200 BTC for the 2 sold
  EXPECT_EQ(out.trades[0].spent.value_int, 2'700'000);
}

TEST(SemanticFaults, NothingIsDrawnOrChangedAtZeroOrOnOtherCalls) {
  SemanticFaults f(1);
  const net::HttpResponse trades = answer_of(kTrades);
  EXPECT_EQ(f.rewrite(FaultConfig{}, "trades", trades).body, trades.body);
  // A trades fault does not touch the depth, nor an error answer.
  EXPECT_EQ(f.rewrite(with(&FaultConfig::negative_price_percent), "order/add", trades).body, trades.body);
  const net::HttpResponse error{
      200, "application/json", mtgox::encode_error("Order not found", "order_not_found"), {}};
  EXPECT_EQ(f.rewrite(with(&FaultConfig::negative_price_percent), "trades", error).body, error.body);
  EXPECT_FALSE(f.denies_order(FaultConfig{}));
}

// Through the simulator: a denied order gets an id that the exchange then does not know.
TEST(SemanticFaults, ADeniedOrderHasAnIdThatOrderResultDoesNotKnow) {
  auto c =
      parse_exchange_config(std::string("accounts:\n  - {name: alice, key: ") + testing::kAliceKey +
                                ", secret: \"" + testing::kAliceSecret +
                                "\", rights: [get_info, trade], balances: {BTC: \"10\", USD: \"1000\"}}\n"
                                "faults: {denied_order_percent: \"100\"}\n",
                            ".");
  ASSERT_TRUE(c.ok()) << c.error().describe();
  boost::asio::io_context io;
  ManualClock clock{1'356'998'400'000'000};
  Simulator sim(io, *c, std::vector<Trade>{}, clock, clock, clock);
  auto signed_post = [&](const std::string& path, const std::string& body) {
    net::HttpRequest r{"POST", path, {}, body, "10.0.0.1"};
    r.headers.emplace_back("Rest-Key", testing::kAliceKey);
    r.headers.emplace_back("Rest-Sign", *mtgox_sign(testing::kAliceSecret, body));
    return sim.handle(r).response;
  };
  auto placed = mtgox::decode_response<std::string>(
      signed_post("/api/1/BTCUSD/private/order/add",
                  "nonce=1&type=bid&amount_int=100000000&price_int=1000000")
          .body);
  ASSERT_TRUE(placed.ok()) << placed.error().describe();
  const auto result = signed_post("/api/1/generic/private/order/result", "nonce=2&type=bid&order=" + *placed);
  EXPECT_NE(result.body.find("order_not_found"), std::string::npos) << result.body;
  const auto orders = mtgox::decode_response<std::vector<mtgox::Order>>(
      signed_post("/api/1/generic/private/orders", "nonce=3").body);
  ASSERT_TRUE(orders.ok());
  EXPECT_TRUE(orders->empty());
}

}  // namespace
}  // namespace dealer::sim
