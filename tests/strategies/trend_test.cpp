// The trend strategy's decisions on hand-made tapes: crossovers both ways with EMAs worked out by
// hand, seconds vs trades windows, the trailing stop just above and at its level, sizing by fraction,
// a restart with a position, and the parameter checks.
#include "strategies/trend.h"

#include <gtest/gtest.h>

#include "engine/core.h"
#include "engine/engine_test_support.h"
#include "strategies/strategy_test_support.h"
#include "support/allocation_counter.h"

namespace dealer::strategies {
namespace {

using namespace dealer::testing;
using engine::Core;
using engine::SendCancel;
using engine::SendPlace;

// fast 1 makes the fast EMA the last price itself; slow 3 has alpha 2 / (3 + 1) = 0.5, so each slow
// value is the mean of the previous one and the new price.
std::string config(std::string_view extra, std::string_view unit = "trades", std::string_view fast = "1",
                   std::string_view slow = "3") {
  return "strategies:\n  - {id: tr, strategy: trend, pair: BTCUSD, window_unit: " + std::string(unit) +
         ", fast: " + std::string(fast) + ", slow: " + std::string(slow) + ", slippage_percent: \"0.5\"" +
         std::string(extra) + "}\n";
}

class TrendTest : public ::testing::Test {
 protected:
  void start(const std::string& yaml) {
    auto s = make_strategy(yaml);
    strategy = dynamic_cast<Trend*>(s.get());
    ASSERT_TRUE(core.add_strategy(std::move(s)).ok());
  }
  // One trade at `price`, `date` unix seconds; the effects it caused.
  std::vector<engine::Effect> trade(std::string_view price, int64_t date) {
    std::vector<Trade> trades{trade_at(price)};
    trades[0].date = date;
    auto span = core.on_trades(at_s(date), kBtcUsd, trades);
    return {span.begin(), span.end()};
  }
  std::vector<SendPlace> places(std::string_view price, int64_t date) {
    return effects_of<SendPlace>(trade(price, date));
  }
  // The order is accepted and fills completely at its limit.
  void fills(const SendPlace& order, int64_t date, const std::string& ex) {
    (void)core.on_placed(at_s(date), order.client_id, ex);
    (void)core.on_fill(at_s(date), fill_of("t-" + ex, ex, order.side, pair_price(order.price),
                                           pair_amount(order.amount), at_s(date)));
  }
  static std::string pair_price(Price p) { return kBtcUsd.format_price(p); }
  static std::string pair_amount(Amount a) { return kBtcUsd.format_amount(a); }

  // Warm-up, then the crossing above: the buy of 1 at 10.05.
  SendPlace cross_up() {
    // slow: 10, 10, 10 (warm after 3 trades, fast == slow: no relation yet);
    //       9 -> (10 + 9) / 2 = 9.5, fast 9 below: the first relation, no signal;
    //       10 -> (9.5 + 10) / 2 = 9.75, fast 10 above: crossed above.
    EXPECT_TRUE(places("10", 1).empty());
    EXPECT_TRUE(places("10", 2).empty());
    EXPECT_TRUE(places("10", 3).empty());
    EXPECT_TRUE(places("9", 4).empty());
    EXPECT_DOUBLE_EQ(strategy->slow_ema(), 950'000);  // 9.5 in USD units
    auto buy = places("10", 5);
    EXPECT_DOUBLE_EQ(strategy->slow_ema(), 975'000);
    EXPECT_EQ(buy.size(), 1u);
    return buy.empty() ? SendPlace{} : buy[0];
  }

  // Long 1 BTC with the peak at 12 and the 2 % stop level at 12 - 0.24 = 11.76, then a trade one unit
  // above the level, which must not sell. Slow EMA: 9.75 -> 10.875 -> 11.4375 after the two 12s, then
  // (11.4375 + 11.76001) / 2 = 11.598755 < fast 11.76001: no crossing either.
  void long_one_unit_above_the_stop() {
    fills(cross_up(), 6, "ex-1");  // peak starts at the limit, 10.05
    EXPECT_TRUE(places("12", 7).empty());
    EXPECT_TRUE(places("12", 8).empty());
    EXPECT_TRUE(places("11.76001", 9).empty());
  }

  Core core;
  Trend* strategy = nullptr;
};

TEST_F(TrendTest, CrossoverBothWaysWithHandComputedEmas) {
  start(config(", amount: \"1\""));
  const SendPlace buy = cross_up();
  EXPECT_EQ(buy.side, Side::kBid);
  EXPECT_EQ(buy.price, usd("10.05"));  // 10 + 0.5 % of 10
  EXPECT_EQ(buy.amount, btc("1"));
  fills(buy, 6, "ex-1");
  EXPECT_EQ(strategy->held(), btc("1"));
  // 10.20: slow (9.75 + 10.20) / 2 = 9.975, fast above: no new crossing.
  EXPECT_TRUE(places("10.20", 7).empty());
  EXPECT_DOUBLE_EQ(strategy->slow_ema(), 997'500);
  // 9.80: slow (9.975 + 9.80) / 2 = 9.8875, fast 9.80 below: crossed below, sell the 1 held at
  // 9.80 - 0.5 % of 9.80 (0.049) = 9.751.
  auto sell = places("9.80", 8);
  ASSERT_EQ(sell.size(), 1u);
  EXPECT_DOUBLE_EQ(strategy->slow_ema(), 988'750);
  EXPECT_EQ(sell[0].side, Side::kAsk);
  EXPECT_EQ(sell[0].price, usd("9.751"));
  EXPECT_EQ(sell[0].amount, btc("1"));
  fills(sell[0], 9, "ex-2");
  EXPECT_EQ(strategy->held(), btc("0"));
  // Still below: nothing more to sell. 11: slow (9.8875 + 11) / 2 = 10.44375 < 11: crossed above again.
  EXPECT_TRUE(places("9.70", 10).empty());
  auto again = places("11", 11);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].side, Side::kBid);
  EXPECT_EQ(again[0].price, usd("11.055"));
}

// Issue 18 case 2: order/result overstated each trade x100. The sell was settled as cancelled with 0
// filled while the exchange had it done, the true fill was dropped as the refused one's twin, and the
// trend strategy, still owed its sell, sold again. Now the sell stays ambiguous (nothing more is
// placed) until the own trades' true fill settles it, and the fills net what the exchange did.
TEST_F(TrendTest, AnOverstatedOrderResultNeitherErasesTheSaleNorSellsAgain) {
  start(config(", amount: \"1\""));
  int64_t net = 0;  // what the fills written say: bought minus sold
  std::vector<SendPlace> sent;
  auto keep = [&](std::span<const engine::Effect> effects) {
    for (const auto& f : effects_of<engine::PersistFill>(effects))
      net += f.fill.side == Side::kBid ? f.fill.amount.raw() : -f.fill.amount.raw();
    for (const SendPlace& p : effects_of<SendPlace>(effects)) sent.push_back(p);
  };
  const SendPlace buy = cross_up();
  keep(core.on_placed(at_s(6), buy.client_id, "ex-1"));
  keep(core.on_fill(at_s(6), fill_of("t-1", "ex-1", Side::kBid, "10.05", "1", at_s(6))));
  EXPECT_TRUE(places("10.20", 7).empty());
  const auto sell = places("9.80", 8);  // crossed below: sell the 1 held at 9.751
  ASSERT_EQ(sell.size(), 1u);
  keep(core.on_placed(at_s(9), sell[0].client_id, "ex-2"));
  // The sell filled and is gone; order/result says its trade sold 100 BTC.
  engine::Fill overstated = fill_of("t-2", "ex-2", Side::kAsk, "9.751", "100", at_s(9));
  overstated.client_id = sell[0].client_id;
  std::vector<engine::Fill> from_order_result{overstated};
  keep(core.on_reconcile(at_s(10), {}, from_order_result));
  EXPECT_EQ(core.orders().find(sell[0].client_id)->state, engine::OrderState::kAmbiguous);
  for (int64_t t = 11; t <= 14; ++t) keep(trade("9.70", t));
  EXPECT_TRUE(sent.empty()) << "sold again while its sell is unsettled";
  // The next reconciliation has the own trades too (the order is ambiguous): the true 1 BTC.
  std::vector<engine::Fill> with_own_trades{overstated,
                                            fill_of("t-2", "ex-2", Side::kAsk, "9.751", "1", at_s(9))};
  keep(core.on_reconcile(at_s(15), {}, with_own_trades));
  EXPECT_EQ(core.orders().find(sell[0].client_id)->state, engine::OrderState::kFilled);
  EXPECT_EQ(strategy->held(), btc("0"));
  for (int64_t t = 16; t <= 18; ++t) keep(trade("9.60", t));
  EXPECT_TRUE(sent.empty());
  EXPECT_EQ(net, 0);  // bought 1, sold 1, as at the exchange
}

TEST_F(TrendTest, CrossingBelowWhileTheBuyWorksCancelsItThenSellsWhatFilled) {
  start(config(", amount: \"1\""));
  const SendPlace buy = cross_up();
  (void)core.on_placed(at_s(6), buy.client_id, "ex-1");
  (void)core.on_fill(at_s(6), fill_of("t1", "ex-1", Side::kBid, "10.05", "0.4"));
  // 9: slow (9.75 + 9) / 2 = 9.375 above fast 9: crossed below with the buy still working.
  auto effects = trade("9", 7);
  ASSERT_EQ(effects_of<SendCancel>(effects).size(), 1u);
  EXPECT_TRUE(effects_of<SendPlace>(effects).empty());
  (void)core.on_cancelled(at_s(8), buy.client_id);
  // The next trade sells the 0.4 that filled, at 9 - 0.045 = 8.955.
  auto sell = places("9", 9);
  ASSERT_EQ(sell.size(), 1u);
  EXPECT_EQ(sell[0].amount, btc("0.4"));
  EXPECT_EQ(sell[0].price, usd("8.955"));
}

// The same prices and gaps, counted in seconds: trades in one second do not move a seconds EMA, so the
// burst that crosses in trades does not cross in seconds, and the warm-up is slow's seconds.
TEST_F(TrendTest, SecondsWindowsWeighTimeNotTradeCount) {
  start(config(", amount: \"1\"", "seconds", "10", "100"));
  EXPECT_TRUE(places("10", 1000).empty());
  EXPECT_TRUE(places("11", 1050).empty());  // fast above slow, but only 50 of 100 s seen: not warm
  // After 1050 (dt 50): fast 10 + (1 - e^-5 = 0.993262) x 1 = 10.9933, slow 10 + (1 - e^-0.5 = 0.393469)
  // x 1 = 10.3935. 1100 (dt 50): fast 10.9933 + 0.993262 x 0.0067 = 11.0000, slow 10.3935 + 0.393469 x
  // 0.6065 = 10.6321; warm, fast > slow: the first relation, no signal.
  EXPECT_TRUE(places("11", 1100).empty());
  // Same second, lower prices: dt 0 moves neither EMA, so nothing crosses.
  EXPECT_TRUE(places("9", 1100).empty());
  EXPECT_TRUE(places("9", 1100).empty());
  EXPECT_GT(strategy->fast_ema(), strategy->slow_ema());
  // 1110, price 9 (dt 10): fast 11 - (1 - e^-1 = 0.632121) x 2 = 9.7358, slow 10.6321 - (1 - e^-0.1 =
  // 0.095163) x 1.6321 = 10.4768: crossed below (nothing held, so nothing to sell).
  EXPECT_TRUE(places("9", 1110).empty());
  EXPECT_NEAR(strategy->fast_ema(), 973'580, 10);
  EXPECT_NEAR(strategy->slow_ema(), 1'047'680, 10);
  // 1140, price 12 (dt 30): fast 9.7358 + (1 - e^-3 = 0.950213) x 2.2642 = 11.8873, slow 10.4768 +
  // (1 - e^-0.3 = 0.259182) x 1.5232 = 10.8716: crossed above, buy at 12 + 0.5 % = 12.06.
  auto buy = places("12", 1140);
  ASSERT_EQ(buy.size(), 1u);
  EXPECT_EQ(buy[0].price, usd("12.06"));

  // The control: counted in trades (fast 1, slow 3), the burst of 9s at 1100 crosses below at once.
  Core trades_core;
  ASSERT_TRUE(trades_core.add_strategy(make_strategy(config(", amount: \"1\""))).ok());
  int64_t n = 0;
  for (const char* p : {"10", "11", "11"}) {
    std::vector<Trade> t{trade_at(p)};
    t[0].date = 1000 + 50 * n++;
    (void)trades_core.on_trades(at_s(t[0].date), kBtcUsd, t);
  }
  // slow: 10, 10.5, 10.75; then 9 -> 9.875, fast 9 below: crossed below (a signal, though nothing held).
  std::vector<Trade> burst{trade_at("9")};
  burst[0].date = 1100;
  (void)trades_core.on_trades(at_s(1100), kBtcUsd, burst);
  // 12 -> slow 10.9375 < 12: crossed above on the next trade, again in the same second.
  burst[0].price = usd("12");
  EXPECT_EQ(effects_of<SendPlace>(trades_core.on_trades(at_s(1100), kBtcUsd, burst)).size(), 1u);
}

TEST_F(TrendTest, TrailingStopSellsAtItsLevelNotJustAbove) {
  start(config(", amount: \"1\", trailing_stop_percent: \"2\""));
  long_one_unit_above_the_stop();
  // 11.76: at the level; slow (11.598755 + 11.76) / 2 = 11.6793775 < 11.76 still, so it is the stop,
  // not a crossing, that sells the 1 held at 11.76 - 0.5 % (0.0588) = 11.7012.
  auto sell = places("11.76", 10);
  ASSERT_EQ(sell.size(), 1u);
  EXPECT_EQ(sell[0].side, Side::kAsk);
  EXPECT_EQ(sell[0].price, usd("11.7012"));
  EXPECT_EQ(sell[0].amount, btc("1"));
  EXPECT_TRUE(places("11", 11).empty());  // the sell works: nothing more
}

TEST_F(TrendTest, TrailingStopSellsJustBelowItsLevel) {
  start(config(", amount: \"1\", trailing_stop_percent: \"2\""));
  long_one_unit_above_the_stop();
  // 11.75999: one unit below; slow 11.6793725 < 11.75999, no crossing; the stop sells at
  // 11.75999 - 0.5 % (0.05879995 -> 0.0588) = 11.70119.
  auto sell = places("11.75999", 10);
  ASSERT_EQ(sell.size(), 1u);
  EXPECT_EQ(sell[0].price, usd("11.70119"));
}

TEST_F(TrendTest, SizesByAFractionOfTheFreeQuoteBalance) {
  start(config(", fraction: \"0.5\""));
  const std::vector<Balance> balances{{Currency::usd(), Funds(100'000'000), Funds(0)},  // 1000 USD
                                      {Currency::btc(), Funds(0), Funds(0)}};
  (void)core.on_balances(at_s(0), balances);
  const SendPlace buy = cross_up();
  // Half of 1000 USD at the limit 10.05: 500 / 10.05 = 49.751243781... BTC, floored to 1e-8 so the
  // order costs at most the 500: 49.75124378.
  EXPECT_EQ(buy.price, usd("10.05"));
  EXPECT_EQ(buy.amount, btc("49.75124378"));
}

TEST_F(TrendTest, ARestartKeepsThePositionAndTheIndicator) {
  start(config(", amount: \"1\""));
  fills(cross_up(), 6, "ex-1");
  const std::string state = strategy->save_state();
  // A new strategy from the same configuration, restored from the text: 9.80 after slow 9.75 would
  // not cross (9.80 > (9.75 + 9.80) / 2); 9.70 does, and it sells the 1 BTC bought before the restart.
  Core again;
  auto s = make_strategy(config(", amount: \"1\""));
  Trend* restored = dynamic_cast<Trend*>(s.get());
  ASSERT_TRUE(again.add_strategy(std::move(s)).ok());
  ASSERT_TRUE(restored->load_state(state).ok());
  EXPECT_EQ(restored->held(), btc("1"));
  EXPECT_DOUBLE_EQ(restored->slow_ema(), 975'000);
  std::vector<Trade> t{trade_at("9.70")};
  t[0].date = 20;
  auto sell = effects_of<SendPlace>(again.on_trades(at_s(20), kBtcUsd, t));
  ASSERT_EQ(sell.size(), 1u);
  EXPECT_EQ(sell[0].side, Side::kAsk);
  EXPECT_EQ(sell[0].amount, btc("1"));
  EXPECT_FALSE(restored->load_state("garbage").ok());
}

TEST(TrendParams, ParsesAndRejectsBadValues) {
  auto p =
      make_strategy(config(", amount: \"0.25\", trailing_stop_percent: \"1.5\"", "seconds", "60", "600"));
  const TrendParams& params = dynamic_cast<Trend&>(*p).params();
  EXPECT_EQ(params.unit, TrendParams::WindowUnit::kSeconds);
  EXPECT_EQ(params.fast, 60);
  EXPECT_EQ(params.slow, 600);
  EXPECT_EQ(*params.amount, btc("0.25"));
  EXPECT_EQ(*params.trailing_stop_percent, Decimal(15, 1));

  EXPECT_TRUE(contains(config_error(config(", amount: \"1\"", "trades", "5", "5")),
                       "strategies[0].slow: must be above fast"));
  EXPECT_TRUE(contains(config_error(config(", amount: \"1\"", "minutes")),
                       "window_unit: expected trades or seconds"));
  EXPECT_TRUE(contains(config_error(config(", amount: \"1\", fraction: \"0.5\"")),
                       "fraction: give amount or fraction"));
  EXPECT_TRUE(contains(config_error(config("")), "strategies[0]: expected amount"));
  EXPECT_TRUE(contains(config_error(config(", amount: \"0\"")), "amount: must be positive"));
  EXPECT_TRUE(contains(config_error(config(", fraction: \"1.5\"")), "fraction: expected a number in (0, 1]"));
  EXPECT_TRUE(contains(config_error(config(", fraction: \"0\"")), "fraction: expected a number in (0, 1]"));
  EXPECT_TRUE(contains(config_error(config(", amount: \"1\", trailing_stop_percent: \"0\"")),
                       "trailing_stop_percent"));
  EXPECT_TRUE(
      contains(config_error(config(", amount: \"1\", stop: \"1\"")), "strategies[0].stop: unknown key"));
  EXPECT_TRUE(contains(config_error(config(", amount: \"1\"", "trades", "0")), "strategies[0].fast"));
}

// A rising tape keeps the fast EMA above the slow one: after the first relation no trade signals, and
// none of them may allocate.
TEST(TrendHotPath, TradesThatSignalNothingDoNotAllocate) {
  Core core;
  ASSERT_TRUE(core.add_strategy(make_strategy(config(", amount: \"1\", trailing_stop_percent: \"1\""))).ok());
  std::vector<std::vector<Trade>> tape;
  for (int i = 0; i < 1000; ++i) tape.push_back({trade_at(kBtcUsd.format_price(Price(1'000'000 + 100 * i)))});
  for (int i = 0; i < 10; ++i) (void)core.on_trades(at_s(i), kBtcUsd, tape[i]);  // warm, buffers sized
  const int64_t before = dealer::testing::thread_allocations();
  size_t effects = 0;
  for (int i = 10; i < 1000; ++i) effects += core.on_trades(at_s(i), kBtcUsd, tape[i]).size();
  EXPECT_EQ(dealer::testing::thread_allocations() - before, 0);
  EXPECT_EQ(effects, 0u);
  // The control: a drop crosses below... with nothing held nothing is sold, so a rise after it (a
  // crossing above: a buy) is what allocates.
  const std::vector<Trade> drop{trade_at("5")}, rise{trade_at("20")};
  (void)core.on_trades(at_s(2000), kBtcUsd, drop);
  EXPECT_FALSE(effects_of<SendPlace>(core.on_trades(at_s(2001), kBtcUsd, rise)).empty());
  EXPECT_GT(dealer::testing::thread_allocations() - before, 0);
}

}  // namespace
}  // namespace dealer::strategies
