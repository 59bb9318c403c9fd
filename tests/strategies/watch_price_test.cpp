#include "strategies/watch_price.h"

#include <gtest/gtest.h>

#include "engine/core.h"
#include "engine/engine_test_support.h"
#include "strategies/strategy_test_support.h"
#include "support/allocation_counter.h"

namespace dealer::strategies {
namespace {

using namespace dealer::testing;  // the shared engine test helpers
using engine::Core;
using engine::DecisionKind;
using engine::Effect;
using engine::SendPlace;

// The example of issue 9, verbatim.
constexpr const char* kDipChain = R"(strategies:
  - id: dip-chain
    strategy: watch_price
    pair: BTCUSD
    rules:
      - {id: buy-dip, side: buy, when: "last <= 13.40", price: "13.45", amount: "2.0"}
      - {id: take-profit, side: sell, after: buy-dip, when: "last >= 13.80", price: "13.75", amount: "2.0"}
)";

std::unique_ptr<engine::Strategy> make(const std::string& yaml) { return make_strategy(yaml); }
Error error_of(const std::string& yaml) { return config_error(yaml); }

class WatchPriceTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(core.add_strategy(make(kDipChain)).ok()); }
  std::vector<Effect> trade(std::string_view price, int64_t t = 100) {
    const std::vector<Trade> trades{trade_at(price)};
    auto span = core.on_trades(at_s(t), kBtcUsd, trades);
    return {span.begin(), span.end()};
  }
  std::vector<SendPlace> places(std::string_view price) { return effects_of<SendPlace>(trade(price)); }

  Core core;
};

TEST(WatchPriceParams, ParsesTheIssueExampleExactly) {
  auto s = make(kDipChain);
  const auto& rules = dynamic_cast<WatchPrice&>(*s).rules();
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].side, Side::kBid);
  EXPECT_EQ(rules[0].trigger, WatchRule::Trigger::kAtOrBelow);
  EXPECT_EQ(rules[0].level.raw(), 1'340'000);  // 13.40 USD in 1e-5 units
  EXPECT_EQ(rules[0].price.raw(), 1'345'000);
  EXPECT_EQ(rules[0].amount.raw(), 200'000'000);  // 2.0 BTC in 1e-8 units
  EXPECT_FALSE(rules[0].after.has_value());
  EXPECT_EQ(rules[1].side, Side::kAsk);
  EXPECT_EQ(rules[1].trigger, WatchRule::Trigger::kAtOrAbove);
  EXPECT_EQ(rules[1].level.raw(), 1'380'000);
  EXPECT_EQ(rules[1].after, 0u);
}

TEST(WatchPriceParams, ErrorsNameTheFileKeyAndPosition) {
  std::string yaml = kDipChain;
  yaml.replace(yaml.find("amount: \"2.0\"}"), 6, "amout");
  const Error e = error_of(yaml);
  // Line 6 of the document; the column is where "amout" starts in that line, counted from 1.
  const std::string line6 =
      "      - {id: buy-dip, side: buy, when: \"last <= 13.40\", price: \"13.45\", amout: \"2.0\"}";
  const std::string where = "bot.yaml:6:" + std::to_string(line6.find("amout") + 1) + ": ";
  EXPECT_EQ(e.message.rfind(where + "strategies[0].rules[0].amout: unknown key", 0), 0u) << e.message;
  EXPECT_EQ(e.code, Errc::kConfig);
}

TEST(WatchPriceParams, RejectsBadValues) {
  auto with = [](std::string_view from, std::string_view to) {
    std::string yaml = kDipChain;
    yaml.replace(yaml.find(from), from.size(), to);
    return error_of(yaml).message;
  };
  EXPECT_TRUE(contains(with("amount: \"2.0\"}", "amount: \"0\"}"), "rules[0].amount: must be positive"));
  EXPECT_TRUE(
      contains(with("amount: \"2.0\"}", "amount: \"-1\"}"), "rules[0].amount: expected a non-negative"));
  EXPECT_TRUE(contains(with("\"13.45\"", "\"13.451234\""), "rules[0].price"));  // 6 decimals, USD has 5
  EXPECT_TRUE(contains(with("amount: \"2.0\"}", "amount: [2]}"), "rules[0].amount: expected a single value"));
  EXPECT_TRUE(contains(with("side: buy", "side: hold"), "rules[0].side: expected buy or sell"));
  EXPECT_TRUE(contains(with("last <= 13.40", "last < 13.40"), "rules[0].when"));
  EXPECT_TRUE(contains(with("after: buy-dip", "after: nope"), "rules[1].after"));
  EXPECT_TRUE(contains(with("pair: BTCUSD", "pair: BTCXYZ"), "strategies[0].pair"));
  EXPECT_TRUE(contains(with("strategy: watch_price", "strategy: nope"), "unknown strategy \"nope\""));
  EXPECT_TRUE(contains(with("rules:", "rulez:"), "strategies[0].rulez: unknown key"));
  EXPECT_TRUE(
      contains(with("id: take-profit", "id: buy-dip"), "rules[1].id: rule id \"buy-dip\" is used twice"));
}

TEST_F(WatchPriceTest, ChainFiresEachRuleOnceAndWaitsForACompleteFill) {
  EXPECT_TRUE(places("13.50").empty());
  auto fired = trade("13.40");  // "last <= 13.40" is met at 13.40 itself
  auto sends = effects_of<SendPlace>(fired);
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].side, Side::kBid);
  EXPECT_EQ(sends[0].price, usd("13.45"));
  EXPECT_EQ(sends[0].amount, btc("2"));
  EXPECT_EQ(decisions(fired, DecisionKind::kStrategy).size(), 1u);
  const engine::ClientId buy = sends[0].client_id;
  EXPECT_TRUE(places("13.30").empty());  // fired once, never again
  EXPECT_TRUE(places("13.80").empty());  // take-profit not armed: nothing filled
  (void)core.on_placed(at_s(101), buy, "ex-1");
  (void)core.on_fill(at_s(102), fill_of("t1", "ex-1", Side::kBid, "13.45", "1.5"));
  EXPECT_TRUE(places("13.90").empty());  // 1.5 of 2 is not a complete fill
  (void)core.on_fill(at_s(103), fill_of("t2", "ex-1", Side::kBid, "13.45", "0.5"));
  EXPECT_TRUE(places("13.79999").empty());  // armed now, but below its trigger
  auto sell = places("13.80");
  ASSERT_EQ(sell.size(), 1u);
  EXPECT_EQ(sell[0].side, Side::kAsk);
  EXPECT_EQ(sell[0].price, usd("13.75"));
  EXPECT_EQ(sell[0].amount, btc("2"));
  EXPECT_TRUE(places("14").empty());
  EXPECT_TRUE(places("13").empty());
}

TEST_F(WatchPriceTest, FiresOnceAcrossASaveAndLoadRoundTrip) {
  auto fired = trade("13.40");
  const auto states = effects_of<engine::PersistStrategyState>(fired);
  ASSERT_EQ(states.size(), 1u);
  const engine::ClientId buy = effects_of<SendPlace>(fired)[0].client_id;
  (void)core.on_placed(at_s(101), buy, "ex-1");
  std::vector<engine::OrderRecord> rows{*core.orders().find(buy)};

  // A restart: a new core and strategy from the same configuration, restored from the rows.
  auto restarted = [&](bool with_state) {
    auto c = std::make_unique<Core>();
    EXPECT_TRUE(c->add_strategy(make(kDipChain)).ok());
    std::vector<engine::StrategyState> saved;
    if (with_state) saved.push_back({"dip-chain", states[0].state});
    (void)restore(*c, at_s(200), rows, {}, saved, buy + 1);
    return c;
  };
  const std::vector<Trade> dip{trade_at("13.30")};
  auto again = restarted(true);
  EXPECT_TRUE(effects_of<SendPlace>(again->on_trades(at_s(201), kBtcUsd, dip)).empty());
  // The control: without the saved state the same trade fires the rule again.
  auto amnesiac = restarted(false);
  EXPECT_EQ(effects_of<SendPlace>(amnesiac->on_trades(at_s(201), kBtcUsd, dip)).size(), 1u);
  // The chain goes on after the restart: the fill arms take-profit.
  (void)again->on_fill(at_s(202), fill_of("t1", "ex-1", Side::kBid, "13.45", "2"));
  const std::vector<Trade> up{trade_at("13.80")};
  EXPECT_EQ(effects_of<SendPlace>(again->on_trades(at_s(203), kBtcUsd, up)).size(), 1u);
}

// A crash after the fill was written but before the strategy state was: the store has the fill, the
// state still says "pending". The restart hands the strategy its order as restored, fill counted.
TEST(WatchPriceRestart, LearnsOfFillsCountedAtRestore) {
  Core c;
  ASSERT_TRUE(c.add_strategy(make(kDipChain)).ok());
  const std::vector<engine::OrderRecord> rows{
      order_row(1, "dip-chain", Side::kBid, "13.45", "2", engine::OrderState::kOpen, "ex-1")};
  const std::vector<engine::Fill> fills{fill_of("t1", "ex-1", Side::kBid, "13.45", "2")};
  const std::vector<engine::StrategyState> states{{"dip-chain", "buy-dip 1 pending\n"}};
  (void)restore(c, at_s(100), rows, fills, states, 2);
  EXPECT_EQ(c.orders().find(1)->state, engine::OrderState::kFilled);
  const std::vector<Trade> up{trade_at("13.80")};
  auto sends = effects_of<SendPlace>(c.on_trades(at_s(101), kBtcUsd, up));
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].side, Side::kAsk);
  EXPECT_EQ(sends[0].client_id, 2);
}

TEST(WatchPriceRestart, UnreadableStateDisablesTheStrategy) {
  Core c;
  ASSERT_TRUE(c.add_strategy(make(kDipChain)).ok());
  const std::vector<engine::StrategyState> states{{"dip-chain", "garbage\n"}};
  engine::RestoreData data;
  data.states = states;
  auto disabled = decisions(c.restore(at_s(100), data), DecisionKind::kDisabled);
  ASSERT_EQ(disabled.size(), 1u);
  EXPECT_NE(disabled[0].reason.find("saved state unreadable"), std::string::npos);
  const std::vector<Trade> dip{trade_at("13.30")};
  EXPECT_TRUE(effects_of<SendPlace>(c.on_trades(at_s(101), kBtcUsd, dip)).empty());
}

TEST_F(WatchPriceTest, StateTextRoundTrips) {
  auto s = make(kDipChain);
  ASSERT_TRUE(s->load_state("buy-dip 7 filled\ntake-profit 0 ended\n").ok());
  EXPECT_EQ(s->save_state(), "buy-dip 7 filled\ntake-profit 0 ended\n");
  EXPECT_FALSE(s->load_state("buy-dip 7 done\n").ok());
  EXPECT_FALSE(s->load_state("buy-dip seven\n").ok());
}

TEST_F(WatchPriceTest, InsufficientFundsIsReportedOnceAndNotRetried) {
  Balance usd_balance;
  usd_balance.currency = Currency::usd();
  usd_balance.total = Funds(*parse_units("10", 5));  // 2 BTC at 13.45 needs 26.90
  const std::vector<Balance> balances{usd_balance};
  (void)core.on_balances(at_s(1), balances);
  std::vector<engine::Decision> refusals;
  for (std::string_view p : {"13.40", "13.30", "13.20", "13.40"}) {
    auto effects = trade(p);
    EXPECT_TRUE(effects_of<SendPlace>(effects).empty());
    for (auto& d : decisions(effects, DecisionKind::kRiskRejected)) refusals.push_back(d);
  }
  ASSERT_EQ(refusals.size(), 1u);
  EXPECT_NE(refusals[0].reason.find("insufficient funds: needs 26.9 USD, 10 USD free"), std::string::npos)
      << refusals[0].reason;
}

// A trade handled after stop() (during shut-down) must not spend a rule on an order that is refused.
TEST_F(WatchPriceTest, RulesStayArmedWhileHalted) {
  (void)core.stop(at_s(50), false);
  auto effects = trade("13.40");
  EXPECT_TRUE(effects_of<SendPlace>(effects).empty());
  EXPECT_TRUE(effects_of<engine::PersistStrategyState>(effects).empty());  // nothing fired, nothing saved
  EXPECT_TRUE(decisions(effects, DecisionKind::kStrategy).empty());
}

TEST_F(WatchPriceTest, ExchangeRejectionIsReportedAndNotRetried) {
  const engine::ClientId buy = effects_of<SendPlace>(trade("13.40"))[0].client_id;
  auto span = core.on_place_rejected(at_s(101), buy, make_error(Errc::kExchange, "Insufficient funds"));
  auto reported = decisions(span, DecisionKind::kStrategy);
  ASSERT_EQ(reported.size(), 1u);
  EXPECT_NE(reported[0].reason.find("Insufficient funds"), std::string::npos);
  EXPECT_TRUE(places("13.30").empty());
}

// The hot path of the backtest: trades that trigger nothing must not touch the heap (with the drawdown
// watch on, which marks equity on every batch).
TEST(WatchPriceHotPath, TradesThatTriggerNothingDoNotAllocate) {
  engine::CoreConfig config;
  config.risk.max_drawdown_percent = Decimal(50, 0);
  Core core(config);
  ASSERT_TRUE(core.add_strategy(make(kDipChain)).ok());
  Balance usd_balance;
  usd_balance.currency = Currency::usd();
  usd_balance.total = Funds(*parse_units("1000", 5));
  const std::vector<Balance> balances{usd_balance};
  (void)core.on_balances(at_s(1), balances);
  std::vector<Trade> trades;
  for (int i = 0; i < 10; ++i) trades.push_back(trade_at(i % 2 == 0 ? "13.50" : "13.60"));
  (void)core.on_trades(at_s(2), kBtcUsd, trades);  // first call may size internal buffers
  const int64_t before = dealer::testing::thread_allocations();
  size_t effects = 0;
  for (int i = 0; i < 1000; ++i) effects += core.on_trades(at_s(3 + i), kBtcUsd, trades).size();
  EXPECT_EQ(dealer::testing::thread_allocations() - before, 0);
  EXPECT_EQ(effects, 0u);
  // The control: a trade that fires a rule does allocate (order, decision), so the counter counts.
  const std::vector<Trade> dip{trade_at("13.40")};
  (void)core.on_trades(at_s(2000), kBtcUsd, dip);
  EXPECT_GT(dealer::testing::thread_allocations() - before, 0);
}

}  // namespace
}  // namespace dealer::strategies
