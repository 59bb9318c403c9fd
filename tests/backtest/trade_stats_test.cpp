// Statistics of the closed round trips, Sortino, Calmar and buy-and-hold, each worked out by hand, and
// the example config's whole analysis over the bundled tape.
#include "backtest/trade_stats.h"

#include <gtest/gtest.h>

#include <cmath>

#include "backtest/example_backtest.h"
#include "market/timed_trade.h"

namespace dealer::backtest {
namespace {

using dealer::testing::btc;
using dealer::testing::timed_trade;
using dealer::testing::usd;

WallTime at_s(int64_t s) { return wall_from_us(s * 1'000'000); }

RoundTrip trip(int64_t held_s, int64_t pnl, bool open = false) {
  return RoundTrip{"a", at_s(0), at_s(held_s), usd("1"), usd("1"), btc("1"), 0, pnl, open};
}

// Closed: +300 (10 s), -100 (20 s), +200 (30 s), -50 (40 s); the open +1000 (1000 s) does not count.
//   win rate 2 / 4 = 0.5; profit factor (300 + 200) / (100 + 50) = 10 / 3; expectancy 350 / 4 = 87.5,
//   half away from zero 88; holding (10 + 20 + 30 + 40) / 4 = 25 s, longest 40 s; largest win 300,
//   largest loss -100.
// Daily returns 0.1, -0.05, 0.02: mean 0.07 / 3; downside deviation sqrt(0.05^2 / 3).
// Return 10 % over half a year (182.5 days) is 20 % a year, over a 5 % drawdown: Calmar 4.
TEST(TradeStats, ClosedRoundTripsSortinoAndCalmar) {
  const std::vector<RoundTrip> trips{trip(10, 300), trip(20, -100), trip(30, 200), trip(40, -50),
                                     trip(1000, 1000, true)};
  const std::vector<double> daily{0.1, -0.05, 0.02};
  const TradeStats s = trade_stats(trips, daily, 10.0, 5.0, Micros(int64_t{15'768'000} * 1'000'000));
  EXPECT_EQ(s.closed, 4);
  EXPECT_EQ(s.win_rate, 0.5);
  ASSERT_TRUE(s.profit_factor);
  EXPECT_NEAR(*s.profit_factor, 10.0 / 3.0, 1e-12);
  EXPECT_EQ(s.expectancy, 88);
  EXPECT_EQ(s.avg_holding_seconds, 25.0);
  EXPECT_EQ(s.max_holding, Micros(40'000'000));
  EXPECT_EQ(s.largest_win, 300);
  EXPECT_EQ(s.largest_loss, -100);
  ASSERT_TRUE(s.sortino);
  EXPECT_NEAR(*s.sortino, (0.07 / 3) / std::sqrt(0.0025 / 3) * std::sqrt(365.0), 1e-9);
  ASSERT_TRUE(s.calmar);
  EXPECT_NEAR(*s.calmar, 4.0, 1e-9);
}

// -87.5 rounds half away from zero to -88; without a loss, a losing day or a drawdown there is no
// profit factor, Sortino or Calmar; without a closed round trip no win rate or expectancy.
TEST(TradeStats, NoneWhereTheRatioHasNoDenominator) {
  const std::vector<RoundTrip> losses{trip(1, -100), trip(1, -75)};
  EXPECT_EQ(trade_stats(losses, {}, 0, 0, Micros(1)).expectancy, -88);
  EXPECT_EQ(trade_stats(losses, {}, 0, 0, Micros(1)).profit_factor, 0.0);
  const std::vector<RoundTrip> wins{trip(1, 5)};
  const std::vector<double> up{0.01, 0.02};
  const TradeStats s = trade_stats(wins, up, 3.0, 0.0, Micros(1'000'000));
  EXPECT_FALSE(s.profit_factor);
  EXPECT_FALSE(s.sortino);
  EXPECT_FALSE(s.calmar);
  const TradeStats none = trade_stats({}, {}, 0, 0, Micros(0));
  EXPECT_FALSE(none.win_rate);
  EXPECT_FALSE(none.expectancy);
  EXPECT_FALSE(none.avg_holding_seconds);
}

// 1000 USD into BTC at 10, then 12, 9, 11: worth 1000, 1200, 900, 1100. P&L 100 USD, 10 %; the fall
// from 1200 to 900 is 25 %. At 3 then 10 then 2, 100 units are worth 333.3 -> 333 and 66.7 -> 67.
TEST(BuyAndHold, TheStartEquityHeldInTheItem) {
  const std::vector<Trade> tape{timed_trade(1, "10", "1"), timed_trade(2, "12", "1"),
                                timed_trade(3, "9", "1"), timed_trade(4, "11", "1")};
  const BuyAndHold b = buy_and_hold(tape, usd("1000").raw());
  EXPECT_EQ(b.pnl, usd("100").raw());
  EXPECT_NEAR(b.return_pct, 10.0, 1e-12);
  EXPECT_NEAR(b.max_drawdown_pct, 25.0, 1e-12);

  const std::vector<SeriesPoint> prices{
      {at_s(1), usd("3").raw()}, {at_s(2), usd("10").raw()}, {at_s(3), usd("2").raw()}};
  const std::vector<SeriesPoint> curve{{at_s(1), 100}, {at_s(2), 333}, {at_s(3), 67}};
  EXPECT_EQ(buy_and_hold_curve(prices, usd("3"), 100), curve);
}

// config/backtest.yaml over the bundled tape (fills of tests/backtest/backtest_test.cpp): buys of
// 1.49233208 (notional 2007187, fee 12043) and 0.50766792 (682813, fee 4097) at 13.45, one sell of 2 at
// 13.36 (2672000, fee 16032), which closes the two lots in order:
//   1) exit share 2672000 x 1.49233208 / 2 = 1993755.6 -> 1993755, fee 16032 x ... = 11962.5 -> 11962:
//      pnl 1993755 - 2007187 - 12043 - 11962 = -37437, held 132.568688 - 104.626117 = 27.942571 s;
//   2) the rest, 678245 and fee 4070: pnl 678245 - 682813 - 4097 - 4070 = -12735, held 27.834675 s.
// Their sum is the run's P&L, -50172. No win: win rate 0, profit factor 0, expectancy -25086.
// Buy-and-hold: 1000 USD at 13.51001 held to 13.30413: 100000000 x 1330413 / 1351001 = 98476092.9 ->
// 98476093, P&L -1523907 (-1.523907 %); the tape's peak after the start is 13.56 (1003.70022 USD) and
// the lowest price after it 13.16123 (974.18359): drawdown 2951663 / 100370022.
TEST(TradeStats, ExampleConfigOverTheBundledTape) {
  const Report r = run_example("backtest.yaml");
  const TradeAnalysis& a = r.analysis;
  ASSERT_EQ(a.round_trips.size(), 2u);
  EXPECT_EQ(a.round_trips[0].pnl, -37437);
  EXPECT_EQ(a.round_trips[0].fees, 12043 + 11962);
  EXPECT_EQ(a.round_trips[0].amount, btc("1.49233208"));
  EXPECT_EQ(a.round_trips[0].holding(), Micros(27'942'571));
  EXPECT_EQ(a.round_trips[1].pnl, -12735);
  EXPECT_EQ(a.round_trips[1].holding(), Micros(27'834'675));
  EXPECT_FALSE(a.round_trips[1].open);
  EXPECT_EQ(a.stats.win_rate, 0.0);
  EXPECT_EQ(a.stats.profit_factor, 0.0);
  EXPECT_EQ(a.stats.expectancy, -25086);
  EXPECT_EQ(a.stats.largest_loss, -37437);
  EXPECT_NEAR(*a.stats.avg_holding_seconds, (27.942571 + 27.834675) / 2, 1e-9);
  const std::vector<StrategyFigures> figures{{"dip-chain", 3, 32172, -50172, 2}};
  EXPECT_EQ(a.per_strategy, figures);
  EXPECT_EQ(a.buy_and_hold.pnl, -1523907);
  EXPECT_NEAR(a.buy_and_hold.return_pct, -1.523907, 1e-12);
  EXPECT_NEAR(a.buy_and_hold.max_drawdown_pct, 100.0 * 2951663 / 100370022, 1e-9);
  EXPECT_EQ(a.buy_and_hold_equity.size(), r.prices.size());
}

}  // namespace
}  // namespace dealer::backtest
