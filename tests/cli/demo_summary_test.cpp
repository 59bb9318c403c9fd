// The demo's summary over a history written by hand: counts, what the fills cost, the fees the balances
// show (MtGox reports none per trade) and the P&L marked at the last trade, each worked out below.
#include <gtest/gtest.h>

#include "demo/summary.h"
#include "store/store.h"
#include "store/store_fixture.h"

namespace dealer::demo {
namespace {

using store::testing::kNewYear2013Us;
using store::testing::sample_fill;
using store::testing::sample_order;

class DemoSummaryTest : public store::testing::StoreTest {
 protected:
  // Writes `rows` to a new history at db_path() and waits until they are committed.
  void write(std::vector<store::WriteOp> rows) {
    auto s = store::Store::open({db_path()});
    ASSERT_TRUE(s.ok()) << s.error().describe();
    ASSERT_TRUE((*s)->submit(std::move(rows)).ok());
    ASSERT_TRUE((*s)->flush().ok());
  }
};

store::BalanceRow balance(int64_t time_us, const char* currency, int64_t total) {
  return store::BalanceRow{time_us, currency, total, 0, store::RunMode::kLive};
}

TEST_F(DemoSummaryTest, FeesFromTheBalancesAndPnlMarkedAtTheLastTrade) {
  const engine::Pair btcusd{Currency::btc(), Currency::usd()};
  store::OrderRow bid = sample_order("1", 1);  // buy 2 BTC at 13.45
  bid.state = "filled";
  bid.filled_amount_int = 200'000'000;
  store::OrderRow ask = sample_order("2", 2);
  ask.side = Side::kAsk;
  ask.state = "cancelled";
  ask.filled_amount_int = 33'333'333;
  // A buy of 2 BTC at 13.48: 26.96 USD = 2696000 units. A sell of 0.33333333 BTC at 13.54:
  // 4.5133332882 USD, rounded to 4.51333 = 451333 units. MtGox gives no fee: 0 in both rows.
  store::FillRow buy = sample_fill(1'356'998'460'000'001, "1");
  buy.price_int = 1'348'000;
  buy.amount_int = 200'000'000;
  buy.fee_int = 0;
  store::FillRow sell = sample_fill(1'356'998'460'000'002, "2");
  sell.side = Side::kAsk;
  sell.price_int = 1'354'000;
  sell.amount_int = 33'333'333;
  sell.fee_int = 0;
  // The exchange's balances before and after, with its 0.6 % fee in what each side received:
  // BTC 10 + 2 - 0.012 - 0.33333333 = 11.65466667; USD 1000 - 26.96 + 4.51333 - 0.02708 (0.6 % of
  // 4.51333 = 0.02707998, rounded) = 977.52625.
  const int64_t t = kNewYear2013Us;
  write({bid, ask, buy, sell, balance(t, "BTC", 1'000'000'000), balance(t, "USD", 100'000'000),
         balance(t + 1, "BTC", 1'165'466'667), balance(t + 1, "USD", 97'752'625),
         store::TradeRow{"BTCUSD", 2, t, 1'330'413, 1, Side::kBid, "limit"},
         store::TradeRow{"BTCUSD", 1, t, 1'300'000, 1, Side::kAsk, "limit"}});

  auto s = summarize(db_path(), btcusd, 2331);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(s->trades_replayed, 2331);
  EXPECT_EQ(s->trades_seen, 2);
  EXPECT_EQ(s->orders, 2);
  EXPECT_EQ(s->orders_by_state, (std::map<std::string, int64_t>{{"cancelled", 1}, {"filled", 1}}));
  EXPECT_EQ(s->fills, 2);
  EXPECT_EQ(s->bought_int, 200'000'000);
  EXPECT_EQ(s->sold_int, 33'333'333);
  EXPECT_EQ(s->paid_int, 2'696'000);
  EXPECT_EQ(s->received_int, 451'333);
  EXPECT_EQ(s->item_fees_int, 1'200'000);  // 0.012 BTC
  EXPECT_EQ(s->quote_fees_int, 2'708);     // 0.02708 USD
  // The last trade is the highest tid (2), whatever the order written: 13.30413.
  EXPECT_EQ(s->last_price_int, 1'330'413);
  // USD -22.47375 + BTC 1.65466667 x 13.30413 (= 22.0139004843471, rounded to 22.01390) = -0.45985.
  EXPECT_EQ(s->pnl_int, -45'985);

  const std::string text = format_summary(*s, btcusd);
  EXPECT_NE(text.find("orders            2 (1 cancelled, 1 filled)"), std::string::npos) << text;
  EXPECT_NE(text.find("bought 2 BTC for 26.96 USD, sold 0.33333333 BTC for 4.51333 USD"), std::string::npos)
      << text;
  EXPECT_NE(text.find("fees              0.012 BTC on buys, 0.02708 USD on sells"), std::string::npos)
      << text;
  EXPECT_NE(text.find("P&L               -0.45985 USD"), std::string::npos) << text;
  EXPECT_NE(text.find("dealer history --store " + db_path()), std::string::npos) << text;
}

}  // namespace
}  // namespace dealer::demo
