// The gateway's deposit plan and quote (market/gateway_quote.h), shared by the simulator and the
// gateway_arbitrage strategy. Figures by hand, in units of 1e-8, from the seed's example market
// bitBTC_BTC (tests/data/seeds/metaexchange-api.txt: ask 1.006, bid 0.994, ask_max 1, bid_max 0.8).
#include "market/gateway_quote.h"

#include <gtest/gtest.h>

namespace dealer::market {
namespace {

GatewayPricing seed_market() {
  GatewayPricing m;
  m.ask = 100'600'000;
  m.bid = 99'400'000;
  m.ask_max = 100'000'000;
  m.bid_max = 80'000'000;
  m.bid_fee_percent = Decimal(2, 1);  // 0.2 %
  return m;
}

TEST(GatewayQuote, RegularMarketConvertsAtAskOrBidLessTheFee) {
  // Sell 0.5 bitBTC at bid 0.994: 0.497 BTC, less 0.2 % (0.000994) = 0.496006.
  auto sell =
      quote_of(seed_market(), false, plan_gateway_deposit(seed_market(), "bitBTC", false, {}, 50'000'000));
  ASSERT_TRUE(sell);
  EXPECT_EQ(sell->receive, 49'600'600);
  EXPECT_EQ(sell->remaining, 0);
  // Buy with 0.503 BTC at ask 1.006: 0.5 bitBTC, no ask fee.
  auto buy = quote_of(seed_market(), true, plan_gateway_deposit(seed_market(), "BTC", true, {}, 50'300'000));
  ASSERT_TRUE(buy);
  EXPECT_EQ(buy->receive, 50'000'000);
}

TEST(GatewayQuote, RegularMarketRefundsADepositOverItsMaximumInFull) {
  const GatewayPlan at_max = plan_gateway_deposit(seed_market(), "bitBTC", false, {}, 80'000'000);
  EXPECT_EQ(at_max.refund_over_max, 0);
  const GatewayPlan over = plan_gateway_deposit(seed_market(), "bitBTC", false, {}, 80'000'001);
  EXPECT_EQ(over.refund_over_max, 80'000'001);
  EXPECT_TRUE(over.fills.empty());
  EXPECT_EQ(over.refund_note, "Over 0.8 bitBTC!");
  auto q = quote_of(seed_market(), false, over);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->receive, 0);
  EXPECT_EQ(q->remaining, 80'000'001);
}

TEST(GatewayQuote, OrderBookMarketTradesAgainstMakersAndRefundsTheRest) {
  GatewayPricing m = seed_market();
  m.has_orderbook = true;
  // A buy of 1.2 BTC (max 1: 0.2 refunded) against a maker selling 0.3 bitBTC at 1.0: 0.3 fills for
  // 0.3 BTC, 0.7 BTC finds no counterpart.
  const GatewayMaker makers[] = {{7, 100'000'000, 30'000'000}};
  const GatewayPlan p = plan_gateway_deposit(m, "BTC", true, {}, 120'000'000, makers);
  EXPECT_EQ(p.refund_over_max, 20'000'000);
  ASSERT_EQ(p.fills.size(), 1u);
  EXPECT_EQ(p.fills[0].maker, 7);
  EXPECT_EQ(p.fills[0].base, 30'000'000);
  EXPECT_EQ(p.fills[0].quote, 30'000'000);
  EXPECT_EQ(p.unfilled, 70'000'000);
  auto q = quote_of(m, true, p);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->remaining, 90'000'000);
}

}  // namespace
}  // namespace dealer::market
