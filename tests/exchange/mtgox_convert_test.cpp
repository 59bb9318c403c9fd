#include "exchange/mtgox/convert.h"

#include <gtest/gtest.h>

#include "exchange/mtgox/codec.h"
#include "support/test_support.h"

namespace dealer::mtgox {
namespace {

using testing::json_equal;
using testing::read_test_file;

TEST(MtGoxConvert, TradeToDomainAndBackReproducesTheWire) {
  const std::string seed = read_test_file("mtgox/seed-trade.json");
  auto wire = decode_response<Trade>(seed, Envelope::kRaw);
  ASSERT_TRUE(wire.ok()) << wire.error().describe();
  const dealer::Trade t = to_domain(*wire);
  EXPECT_EQ(t.tid, 1316312781670700);
  EXPECT_EQ(t.price, Price(355990));
  EXPECT_EQ(t.amount, Amount(369000960));
  EXPECT_EQ(t.price_currency.code(), "EUR");
  EXPECT_EQ(t.side, Side::kBid);
  EXPECT_TRUE(t.primary);
  EXPECT_TRUE(json_equal(seed, encode_response(to_wire(t), Envelope::kRaw)));
}

TEST(MtGoxConvert, MirroredTradesAreNotPrimary) {
  auto trades = decode_response<std::vector<Trade>>(read_test_file("mtgox/mtgox-trades-btcpln-2012-02.json"),
                                                    Envelope::kRaw);
  ASSERT_TRUE(trades.ok());
  size_t primary = 0;
  for (const auto& w : *trades) primary += to_domain(w).primary;
  // Counted independently: grep -o '"primary":"Y"' mtgox-trades-btcpln-2012-02.json | wc -l
  EXPECT_EQ(primary, 27u);
  EXPECT_EQ(trades->size(), 169u);
}

TEST(MtGoxConvert, TickerToDomainChecksCurrencies) {
  auto wire = decode_response<Ticker>(read_test_file("mtgox/ticker.json"));
  ASSERT_TRUE(wire.ok());
  auto t = to_domain(*wire);
  ASSERT_TRUE(t.ok()) << t.error().describe();
  EXPECT_EQ(t->buy, Price(553587));
  EXPECT_EQ(t->sell, Price(556031));
  EXPECT_EQ(t->volume, Amount(5582958960346));

  Ticker mixed = *wire;
  mixed.buy.currency = Currency::btc();
  EXPECT_EQ(to_domain(mixed).error().code, Errc::kInvalidArgument);
}

TEST(MtGoxConvert, MakeValueBuildsMtGoxStrings) {
  const Value v = make_value(20000000, Currency::btc());
  // orders.json: {"value":"0.20000000","value_int":"20000000","display":"0.20000000\u00a0BTC",
  //               "display_short":"0.20\u00a0BTC","currency":"BTC"}
  EXPECT_TRUE(json_equal(
      R"({"value":"0.20000000","value_int":"20000000","display":"0.20000000\u00a0BTC","display_short":"0.20\u00a0BTC","currency":"BTC"})",
      encode_json(v)));
}

TEST(MtGoxConvert, DepthThroughTheDomainKeepsEveryLevel) {
  const std::string file = read_test_file("mtgox/mtgox-depth-btcpln-2012-02.json");
  auto wire = decode_response<Depth>(file, Envelope::kRaw);
  ASSERT_TRUE(wire.ok());
  const dealer::Depth d = to_domain(*wire);
  ASSERT_EQ(d.asks.size(), wire->asks.size());
  EXPECT_EQ(d.asks[0].price, wire->asks[0].price_int);
  // Rebuilt from the integers alone, the PLN depth is the same document (its floats carry no noise).
  EXPECT_TRUE(json_equal(file, encode_response(to_wire(d, *Currency::from_code("PLN")), Envelope::kRaw)));
}

TEST(MtGoxConvert, OrdersAndAccountInfo) {
  auto orders = decode_response<std::vector<Order>>(read_test_file("mtgox/orders.json"));
  ASSERT_TRUE(orders.ok());
  auto o = to_domain((*orders)[1]);
  ASSERT_TRUE(o.ok()) << o.error().describe();
  EXPECT_EQ(o->id, "a20329fe-c0d5-4378-b204-79a7800d41e7");
  EXPECT_EQ(o->side, Side::kAsk);
  EXPECT_EQ(o->kind, OrderKind::kLimit);
  EXPECT_EQ(o->price, Price(9900000));
  EXPECT_EQ(o->amount, Amount(20000000));
  EXPECT_EQ(o->status, OrderStatus::kOpen);

  auto info = decode_response<Info>(read_test_file("mtgox/info.json"), Envelope::kRaw);
  ASSERT_TRUE(info.ok()) << info.error().describe();
  auto account = to_domain(*info);
  ASSERT_TRUE(account.ok()) << account.error().describe();
  ASSERT_EQ(account->balances.size(), 2u);
  EXPECT_EQ(account->balances[0].currency, Currency::btc());
  EXPECT_EQ(account->balances[0].total, Funds(4200000000));
  EXPECT_EQ(account->balances[1].currency.code(), "EUR");
  EXPECT_EQ(account->balances[1].total, Funds(2300000));
  EXPECT_EQ(account->rights.size(), 4u);
}

// The recorded order/result fixture: one ask fill of 0.1 BTC at 100.83227 USD, spent 10.08323 USD,
// dated 2013-07-29 21:40:17 UTC = 1375134017 (15915 days x 86400 + 21 h 40 min 17 s = 78017 s, worked out by hand).
TEST(MtGoxConvert, OrderResultChecksCurrenciesAndDates) {
  auto wire = decode_response<OrderResult>(read_test_file("mtgox/order_result.json"));
  ASSERT_TRUE(wire.ok()) << wire.error().describe();
  auto fills = to_domain(*wire, Side::kAsk, Currency::usd());
  ASSERT_TRUE(fills.ok()) << fills.error().describe();
  EXPECT_EQ(fills->total_amount, Amount(10000000));
  EXPECT_EQ(fills->total_spent, Cost(1008323));
  ASSERT_EQ(fills->trades.size(), 1u);
  EXPECT_EQ(fills->trades[0].date, 1375134017);
  EXPECT_EQ(fills->trades[0].price, Price(10083227));
  EXPECT_EQ(fills->trades[0].side, Side::kAsk);

  // The same answer read as if the client traded BTCEUR: every USD value is refused.
  auto wrong_pair = to_domain(*wire, Side::kAsk, *Currency::from_code("EUR"));
  ASSERT_FALSE(wrong_pair.ok());
  EXPECT_EQ(wrong_pair.error().code, Errc::kInvalidArgument);

  OrderResult bad_price = *wire;
  bad_price.trades[0].price.currency = *Currency::from_code("JPY");
  auto priced = to_domain(bad_price, Side::kAsk, Currency::usd());
  ASSERT_FALSE(priced.ok());
  EXPECT_NE(priced.error().message.find("trade price"), std::string::npos) << priced.error().message;

  OrderResult bad_amount = *wire;
  bad_amount.trades[0].amount.currency = Currency::usd();
  EXPECT_FALSE(to_domain(bad_amount, Side::kAsk, Currency::usd()).ok());

  OrderResult bad_total = *wire;
  bad_total.total_spent.currency = Currency::btc();
  EXPECT_FALSE(to_domain(bad_total, Side::kAsk, Currency::usd()).ok());

  OrderResult bad_date = *wire;
  bad_date.trades[0].date = "yesterday";  // was read as 0 (1970) before
  auto dated = to_domain(bad_date, Side::kAsk, Currency::usd());
  ASSERT_FALSE(dated.ok());
  EXPECT_NE(dated.error().message.find("'yesterday' is not a date"), std::string::npos) << dated.error().message;
}

TEST(MtGoxConvert, PrivateTradeFeeIsInWhatTheSideReceived) {
  auto wire = decode_response<OrderResult>(read_test_file("mtgox/order_result.json"));
  ASSERT_TRUE(wire.ok());
  PrivateTrade t{wire->trades[0], std::string("Zda8917a"), make_value(5000, Currency::usd())};  // an ask: fee in USD
  auto own = to_own_trade(t, Currency::usd());
  ASSERT_TRUE(own.ok()) << own.error().describe();
  EXPECT_EQ(own->order_id, "Zda8917a");
  ASSERT_TRUE(own->fee.has_value());
  EXPECT_EQ(std::get<Cost>(own->fee->value), Cost(5000));
  EXPECT_EQ(own->fee->currency, Currency::usd());
  t.fee = make_value(5000, Currency::btc());  // BTC on an ask: not what it received
  EXPECT_FALSE(to_own_trade(t, Currency::usd()).ok());
  t.type = Side::kBid;
  auto bid = to_own_trade(t, Currency::usd());
  ASSERT_TRUE(bid.ok());
  EXPECT_EQ(std::get<Amount>(bid->fee->value), Amount(5000));
}

}  // namespace
}  // namespace dealer::mtgox
