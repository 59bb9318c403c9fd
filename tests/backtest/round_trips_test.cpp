// Round trips: fills paired first in, first out per strategy, longs and shorts, partial lots, the open
// rest marked at the last price, and the per-strategy figures; every figure worked out by hand.
#include "backtest/round_trips.h"

#include <gtest/gtest.h>

#include "engine/engine_test_support.h"

namespace dealer::backtest {
namespace {

using dealer::testing::btc;
using dealer::testing::usd;

WallTime at_s(int64_t s) { return wall_from_us(s * 1'000'000); }

FillRecord fill(int64_t s, Side side, std::string_view price, std::string_view amount, int64_t fee,
                std::string strategy) {
  return FillRecord{at_s(s), side, usd(price), btc(amount), fee, 0, std::move(strategy)};
}

const engine::Pair kPair{Currency::btc(), Currency::usd()};

// USD units are 1e-5: 10 USD = 1000000.
//   a: buy 1 @ 10 (t 100, fee 6000), buy 1 @ 12 (t 200, fee 7000), sell 1.5 @ 13 (t 300, fee 9000)
//   b: sell 2 @ 11 (t 250, no fee: a short out of the start balance), buy 1 @ 9 (t 400)
//   last price 14 at t 500.
// a's sell (notional 13 x 1.5 = 1950000, fee 9000) meets a's first lot whole, then half the second:
//   1) 1 of 1.5: exit notional 1950000 x 1/1.5 = 1300000, fee 6000; entry 1000000 + 6000.
//      pnl 1300000 - 1000000 - 6000 - 6000 = 288000, fees 12000, held 200 s.
//   2) the rest, 0.5: exit 650000, fee 3000; entry half of 1200000 and of 7000: 600000 + 3500.
//      pnl 650000 - 600000 - 3500 - 3000 = 43500, fees 6500.
// b's buy of 1 @ 9 closes half its short: entry 2200000 / 2 = 1100000, exit 900000: pnl 200000.
// Open at the end, marked at 14 with no exit fee:
//   a's 0.5 left of the second buy: 700000 - 600000 - 3500 = 96500, fees 3500.
//   b's short of 1: 1100000 - 1400000 = -300000.
// Per strategy (and by cash: a pays 1006000 + 1207000, gets 1941000, holds 0.5 x 14 = 700000, i.e.
// -272000 + 700000 = 428000; b gets 2200000, pays 900000, owes 1 x 14: -100000):
//   a: 3 fills, fees 22000, pnl 288000 + 43500 + 96500 = 428000, 2 closed;
//   b: 2 fills, fees 0, pnl 200000 - 300000 = -100000, 1 closed.
TEST(RoundTrips, FirstInFirstOutPerStrategyWithTheRestMarked) {
  const std::vector<FillRecord> fills{
      fill(100, Side::kBid, "10", "1", 6000, "a"), fill(200, Side::kBid, "12", "1", 7000, "a"),
      fill(250, Side::kAsk, "11", "2", 0, "b"),    fill(300, Side::kAsk, "13", "1.5", 9000, "a"),
      fill(400, Side::kBid, "9", "1", 0, "b"),
  };
  const auto trips = pair_round_trips(fills, kPair, usd("14"), at_s(500));
  const std::vector<RoundTrip> expected{
      {"a", at_s(100), at_s(300), usd("10"), usd("13"), btc("1"), 12000, 288000, false},
      {"a", at_s(200), at_s(300), usd("12"), usd("13"), btc("0.5"), 6500, 43500, false},
      {"b", at_s(250), at_s(400), usd("11"), usd("9"), -btc("1"), 0, 200000, false},
      {"a", at_s(200), at_s(500), usd("12"), usd("14"), btc("0.5"), 3500, 96500, true},
      {"b", at_s(250), at_s(500), usd("11"), usd("14"), -btc("1"), 0, -300000, true},
  };
  EXPECT_EQ(trips, expected);

  const std::vector<StrategyFigures> figures{{"a", 3, 22000, 428000, 2}, {"b", 2, 0, -100000, 1}};
  EXPECT_EQ(per_strategy(fills, trips), figures);
}

// A sell of 3 units (1e-8 BTC) at 1 USD with a fee of 10 closes three lots of 1 unit each: the fee's
// shares are 10 x 1/3 -> 3, then 7 x 1/2 -> 3, then the last takes the 4 left: nothing is lost.
// Notionals: 1 unit at 1 USD is 1e-8 USD, 0 in USD units; the buys at 2 USD likewise 0.
TEST(RoundTrips, SharesOfAFeeAddUpToTheFee) {
  std::vector<FillRecord> fills;
  for (int s = 1; s <= 3; ++s) fills.push_back(fill(s, Side::kBid, "2", "0.00000001", 0, "a"));
  fills.push_back(fill(10, Side::kAsk, "1", "0.00000003", 10, "a"));
  const auto trips = pair_round_trips(fills, kPair, usd("1"), at_s(10));
  ASSERT_EQ(trips.size(), 3u);
  EXPECT_EQ(trips[0].fees, 3);
  EXPECT_EQ(trips[1].fees, 3);
  EXPECT_EQ(trips[2].fees, 4);
  EXPECT_EQ(trips[0].pnl + trips[1].pnl + trips[2].pnl, -10);
}

TEST(RoundTrips, NoFillsNoRoundTrips) {
  EXPECT_TRUE(pair_round_trips({}, kPair, usd("1"), at_s(1)).empty());
  EXPECT_TRUE(per_strategy({}, {}).empty());
}

}  // namespace
}  // namespace dealer::backtest
