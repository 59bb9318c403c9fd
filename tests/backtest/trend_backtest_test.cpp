// config/trend.yaml over the bundled tape (data/mtgox-trades-btcusd-2013-01-01.csv), results asserted
// and explained; recomputed independently by tests/backtest/trend_backtest_check.py (Python over the CSV,
// run by hand: same orders, fills, fees and P&L).
#include <gtest/gtest.h>

#include "backtest/example_backtest.h"

namespace dealer::backtest {
namespace {

// Seconds EMAs of 30 min and 2 h; 2 BTC per buy at last + 0.2 %, sells at last - 0.2 %; a 1 % trailing
// stop; fee 0.6 %, fill model through, 1000 USD. The tape drifts from 13.51 to 13.30 in a 13.1-13.6
// range, so the crossings are frequent and small: three rounds of buy high, sell low, and a fourth buy still
// held at the end.
//   03:56 crossed above at 13.52889: buy 2 at 13.55595, fills on three trades below it;
//   04:35 crossed below at 13.47770: sell 2 at 13.45074, fills on the next trade above it;
//   05:17 crossed above at 13.54995: buy 2 at 13.57705 (four fills); 08:00 crossed below at 13.48262:
//   sell 2 at 13.45565; 21:20 above at 13.34092: buy 2 at 13.36760; 22:25 below at 13.25550: sell 2 at
//   13.22899; 22:48 above at 13.31999: buy 2 at 13.34663 (four fills), still held at the end.
// The stop never fires: no position falls 1 % below its peak before a crossing below sells it.
// Each round trip loses the two slippages and the small reversal: the three closed rounds cost
// (13.55595 - 13.45074 + 13.57705 - 13.45565 + 13.36760 - 13.22899) x 2 = 0.73044 USD. Fees are 0.6 % of
// each fill's notional, half away from zero: 1.12778 USD in all. USD: 1000 - 0.73044 - 1.12778 - the
// open buy 2 x 13.34663 (26.69326) = 971.44852, with 2 BTC. P&L, the 2 BTC marked at the last trade
// 13.30413: 971.44852 + 26.60826 - 1000 = -1.94322 USD.
TEST(TrendBacktest, ExampleConfigOverTheBundledTape) {
  const Report r = run_example("trend.yaml");

  EXPECT_EQ(r.orders, 7u);
  ASSERT_EQ(r.fills.size(), 15u);
  expect_fills_of(r, {{Side::kBid, "13.55595"},
                                       {Side::kAsk, "13.45074"},
                                       {Side::kBid, "13.57705"},
                                       {Side::kAsk, "13.45565"},
                                       {Side::kBid, "13.36760"},
                                       {Side::kAsk, "13.22899"},
                                       {Side::kBid, "13.34663"}});
  EXPECT_EQ(r.fees, 112'778);
  EXPECT_EQ(r.pnl, -194'322);
  EXPECT_EQ(total_of(r.final_balances, Currency::usd()), 97'144'852);
  EXPECT_EQ(total_of(r.final_balances, Currency::btc()), 200'000'000);
}

}  // namespace
}  // namespace dealer::backtest
