// The edge checks (model/plausible.h, issue 18) of the MtGox conversion and the Metaexchange codec:
// impossible values in real answers (the recorded fixtures, changed by hand) are refused, naming the
// value, and a refusal is warned about once (exchange/refusal_log.h).
#include <gtest/gtest.h>

#include "exchange/metaexchange/codec.h"
#include "exchange/mtgox/codec.h"
#include "exchange/mtgox/convert.h"
#include "exchange/refusal_log.h"
#include "model/plausible.h"
#include "support/test_support.h"

namespace dealer::mtgox {
namespace {

using testing::read_test_file;

std::vector<Trade> recorded_trades() {
  auto trades = decode_response<std::vector<Trade>>(read_test_file("mtgox/mtgox-trades-btcpln-2012-02.json"),
                                                    Envelope::kRaw);
  EXPECT_TRUE(trades.ok());
  return trades.ok() ? *trades : std::vector<Trade>{};
}

Depth recorded_depth() {
  auto d = decode_response<Depth>(read_test_file("mtgox/mtgox-depth-btcusd-2013-04-13.json"));
  EXPECT_TRUE(d.ok());
  return d.ok() ? *d : Depth{};
}

void expect_refused(const Error& e, std::string_view names) {
  EXPECT_EQ(e.token, kImplausibleToken);
  EXPECT_NE(e.message.find(names), std::string::npos) << e.message;
}

TEST(MtGoxEdge, RecordedAnswersPassTheChecks) {
  EXPECT_TRUE(trades_in(recorded_trades()).refused.empty());
  EXPECT_EQ(trades_in(recorded_trades()).trades.size(), 169u);
  auto depth = depth_in(recorded_depth(), Currency::usd());
  EXPECT_TRUE(depth.ok()) << depth.error().describe();
}

// Issue 18 case 1: a negative price_int in public/trades. Only that trade is refused.
TEST(MtGoxEdge, ATradeWithANegativeOrZeroPriceIsRefusedAloneTheRestTaken) {
  std::vector<Trade> wire = recorded_trades();
  wire[3].price_int = Price(-500000);
  wire[7].amount_int = Amount(0);
  wire[9].date = 1000;  // 1970
  const TradesIn in = trades_in(wire);
  EXPECT_EQ(in.trades.size(), 166u);
  ASSERT_EQ(in.refused.size(), 3u);
  // PLN has 5 decimals: -500000 is -5.
  EXPECT_EQ(in.refused[0], "trade " + std::to_string(wire[3].tid) + ": price -5 PLN is not above zero");
  EXPECT_EQ(in.refused[1], "trade " + std::to_string(wire[7].tid) + ": amount 0 BTC is not above zero");
  EXPECT_EQ(in.refused[2],
            "trade " + std::to_string(wire[9].tid) + ": date 1000 is outside 2009-01-03 to 2100-01-01");
  for (const dealer::Trade& t : in.trades) EXPECT_GT(t.price.raw(), 0);
}

TEST(MtGoxEdge, UnsortedCrossedOrNonPositiveDepthIsRefusedWhole) {
  Depth unsorted = recorded_depth();
  std::swap(unsorted.asks[0], unsorted.asks[1]);
  expect_refused(depth_in(unsorted, Currency::usd()).error(), "asks are not in ascending order");

  Depth shuffled_bids = recorded_depth();
  std::swap(shuffled_bids.bids[5], shuffled_bids.bids[6]);
  expect_refused(depth_in(shuffled_bids, Currency::usd()).error(), "bids are not in order");

  // The fixture's best bid is 113 and best ask 114 (USD): a bid of 114.5 at the top crosses.
  Depth crossed = recorded_depth();
  crossed.bids.back().price_int = Price(11450000);
  expect_refused(depth_in(crossed, Currency::usd()).error(),
                 "crossed: best bid 114.5 USD is not below best ask 114 USD");

  Depth negative = recorded_depth();
  negative.bids[0].price_int = Price(-1);
  expect_refused(depth_in(negative, Currency::usd()).error(), "bid at -0.00001 USD: price is not above zero");

  Depth empty_level = recorded_depth();
  empty_level.asks[2].amount_int = Amount(0);
  expect_refused(depth_in(empty_level, Currency::usd()).error(), "amount 0 BTC is not above zero");
}

TEST(MtGoxEdge, BidsSentBestFirstAreSortedToo) {
  Depth d = recorded_depth();
  std::reverse(d.bids.begin(), d.bids.end());
  EXPECT_TRUE(depth_in(d, Currency::usd()).ok());
}

TEST(MtGoxEdge, ANegativeBalanceRefusesTheAccountAnswer) {
  auto info = decode_response<Info>(read_test_file("mtgox/info.json"), Envelope::kRaw);
  ASSERT_TRUE(info.ok());
  ASSERT_FALSE(info->Wallets.entries.empty());
  auto& [code, wallet] = info->Wallets.entries.front();
  const Currency c = *Currency::from_code(code);
  wallet.Balance = make_value(-1, c);
  auto account = to_domain(*info);
  ASSERT_FALSE(account.ok());
  expect_refused(account.error(), "wallet " + code + ": balance -" + format_units_trimmed(1, c.decimals()));
}

TEST(MtGoxEdge, AnOpenOrderWithoutAmountOrPriceIsRefused) {
  auto orders = decode_response<std::vector<Order>>(read_test_file("mtgox/orders.json"));
  ASSERT_TRUE(orders.ok());
  ASSERT_FALSE(orders->empty());
  Order zero = orders->front();
  zero.amount = make_value(0, Currency::btc());
  expect_refused(to_domain(zero).error(), "amount 0 BTC is not above zero");
  Order free = orders->front();
  ASSERT_TRUE(free.price);
  free.price = make_value(0, free.currency);
  expect_refused(to_domain(free).error(),
                 "price 0 " + std::string(free.currency.code()) + " is not above zero");
}

TEST(MtGoxEdge, AFillOfNoAmountOrNegativePriceRefusesTheOrderResult) {
  auto wire = decode_response<OrderResult>(read_test_file("mtgox/order_result.json"));
  ASSERT_TRUE(wire.ok());
  OrderResult negative = *wire;
  negative.trades[0].price = make_value(-10083227, Currency::usd());
  expect_refused(to_domain(negative, Side::kAsk, Currency::usd()).error(),
                 "price -100.83227 USD is not above zero");
  OrderResult nothing = *wire;
  nothing.trades[0].amount = make_value(0, Currency::btc());
  expect_refused(to_domain(nothing, Side::kAsk, Currency::usd()).error(), "amount 0 BTC is not above zero");
  PrivateTrade fee_back{wire->trades[0], std::string("Zda8917a"), make_value(-5000, Currency::usd())};
  expect_refused(to_own_trade(fee_back, Currency::usd()).error(), "fee -0.05 USD is below zero");
}

TEST(MtGoxEdge, ANegativeTickerPriceRefusesTheTicker) {
  auto wire = decode_response<Ticker>(read_test_file("mtgox/ticker.json"));
  ASSERT_TRUE(wire.ok());
  wire->last = make_value(-500000, wire->last.currency);
  expect_refused(to_domain(*wire).error(), "ticker last -5 USD is below zero");
}

TEST(MetaexchangeEdge, SeedsPassANegativeValueOrAnEmptyLevelIsRefused) {
  namespace mx = metaexchange;
  auto seed = [](const char* name) { return read_test_file(std::string("metaexchange/") + name); };
  auto passes = [](const auto& decoded) { EXPECT_TRUE(decoded.ok()) << decoded.error().describe(); };
  passes(mx::decode_response<std::vector<mx::Market>>(seed("seed-v1-getAllMarkets.json")));
  passes(mx::decode_response<std::vector<mx::Transaction>>(seed("seed-v1-getLastTransactions.json")));
  passes(mx::decode_response<std::vector<mx::OpenOrder>>(seed("seed-v2-getMyOpenOrders.json")));
  // Its bids are not in order of price: the gateway's book is not checked for order.
  passes(mx::decode_response<mx::OrderBook>(seed("seed-v2-getOrderbook.json")));

  auto quote = mx::decode_response<mx::Quote>(R"({"result":"1.5","remaining":"-0.1"})");
  ASSERT_FALSE(quote.ok());
  expect_refused(quote.error(), "quote: remaining -0.1 is below zero");
  auto book = mx::decode_response<mx::OrderBook>(R"({"bids":[{"price":"0.00003","amount":"0"}],"asks":[]})");
  ASSERT_FALSE(book.ok());
  expect_refused(book.error(), "order book bid: amount 0 is not above zero");
  std::string market = seed("seed-v1-getMarket.json");
  const std::string fee = R"("ask_fee_percent":"0")";
  market.replace(market.find(fee), fee.size(), R"("ask_fee_percent":"100")");
  auto refused = mx::decode_response<mx::Market>(market);
  ASSERT_FALSE(refused.ok());
  expect_refused(refused.error(), "market bitBTC_BTC: ask_fee_percent 100 is 100 % or more");
}

TEST(RefusalLog, TheSameRefusalIsWarnedAboutOnceAnotherOneAgain) {
  std::vector<std::string> lines;
  RefusalLog log("MtGox", [&lines](std::string_view m) { lines.emplace_back(m); });
  for (int poll = 0; poll < 5; ++poll)
    log.items("BTCUSD/public/trades", 30, {"trade 7: price -5 USD is not above zero"});
  log.items("BTCUSD/public/trades", 30, {});
  log.answer("BTCUSD/public/depth", "asks are not in ascending order of price");
  log.answer("BTCUSD/public/depth", "asks are not in ascending order of price");
  log.items("BTCUSD/public/trades", 31,
            {"trade 8: amount 0 BTC is not above zero", "trade 9: price 0 USD is not above zero"});
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0],
            "MtGox BTCUSD/public/trades: refused 1 of 30 items (trade 7: price -5 USD is not above zero), "
            "took the rest");
  EXPECT_EQ(lines[1],
            "MtGox BTCUSD/public/depth: refused the answer: asks are not in ascending order of price");
  EXPECT_EQ(lines[2],
            "MtGox BTCUSD/public/trades: refused 2 of 31 items (trade 8: amount 0 BTC is not above zero; "
            "and 1 more), took the rest");
  EXPECT_EQ(log.warnings(), 3);
}

}  // namespace
}  // namespace dealer::mtgox
