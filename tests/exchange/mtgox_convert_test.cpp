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

}  // namespace
}  // namespace dealer::mtgox
