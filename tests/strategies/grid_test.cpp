// grid's decisions on hand-made events: the ladder, buys below and sells above, turning over both ways,
// the bounds, partial fills (the counter-order waits for the complete fill), refusals and a restart.
#include "strategies/grid.h"

#include <gtest/gtest.h>

#include <map>

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

// Levels 13.00, 13.25, 13.50, 13.75, 14.00: four cells.
constexpr const char* kGrid = R"(strategies:
  - id: g
    strategy: grid
    pair: BTCUSD
    lower: "13.00"
    upper: "14.00"
    step: "0.25"
    amount: "1"
)";

std::string with(std::string_view from, std::string_view to, std::string yaml = kGrid) {
  return replaced(std::move(yaml), from, to);
}

std::vector<Price> prices(std::initializer_list<const char*> texts) {
  std::vector<Price> out;
  for (const char* t : texts) out.push_back(usd(t));
  return out;
}

struct Placed {
  Side side;
  std::string price;
  friend bool operator==(const Placed&, const Placed&) = default;
};
std::ostream& operator<<(std::ostream& os, const Placed& p) {
  return os << (p.side == Side::kBid ? "buy " : "sell ") << p.price;
}
std::vector<Placed> placed_of(std::span<const Effect> effects) {
  std::vector<Placed> out;
  for (const SendPlace& p : effects_of<SendPlace>(effects)) {
    EXPECT_EQ(p.amount, btc("1"));
    out.push_back({p.side, kBtcUsd.format_price(p.price)});
  }
  return out;
}

class GridTest : public ::testing::Test {
 protected:
  void start(const std::string& yaml = kGrid) { ASSERT_TRUE(core.add_strategy(make_strategy(yaml)).ok()); }
  std::vector<Effect> keep(std::span<const Effect> span) { return {span.begin(), span.end()}; }
  std::vector<Effect> trade(std::string_view price) {
    const std::vector<Trade> trades{trade_at(price)};
    return keep(core.on_trades(at_s(++t), kBtcUsd, trades));
  }
  // Confirms each place with exchange id "ex-<client id>"; remembers the ids by price and side.
  std::vector<Placed> confirm(const std::vector<Effect>& effects) {
    for (const SendPlace& p : effects_of<SendPlace>(effects)) {
      (void)core.on_placed(at_s(++t), p.client_id, "ex-" + std::to_string(p.client_id));
      ids[key(p.side, kBtcUsd.format_price(p.price))] = p.client_id;
    }
    return placed_of(effects);
  }
  static std::string key(Side side, const std::string& price) {
    return (side == Side::kBid ? "buy " : "sell ") + price;
  }
  engine::ClientId id(Side side, const std::string& price) { return ids.at(key(side, price)); }
  std::vector<Effect> fill(Side side, const std::string& price, std::string_view amount) {
    const engine::ClientId cid = id(side, price);
    return keep(core.on_fill(
        at_s(++t), fill_of("f" + std::to_string(++fills), "ex-" + std::to_string(cid), side, price, amount)));
  }

  Core core;
  std::map<std::string, engine::ClientId> ids;
  int64_t t = 100;
  int fills = 0;
};

TEST(GridParams, LadderByStepOrByCount) {
  EXPECT_EQ(dynamic_cast<Grid&>(*make_strategy(kGrid)).levels(),
            prices({"13", "13.25", "13.5", "13.75", "14"}));
  // A step that does not divide the width: the last level is the last one not above upper.
  EXPECT_EQ(dynamic_cast<Grid&>(*make_strategy(with("step: \"0.25\"", "step: \"0.3\""))).levels(),
            prices({"13", "13.3", "13.6", "13.9"}));
  // 4 levels over 1.00 USD = 100000 units: 100000 x i / 3 rounded down: 33333, 66666.
  EXPECT_EQ(dynamic_cast<Grid&>(*make_strategy(with("step: \"0.25\"", "levels: 4"))).levels(),
            prices({"13", "13.33333", "13.66666", "14"}));
}

TEST(GridParams, RejectsBadValuesWithTheirKey) {
  EXPECT_TRUE(contains(config_error(with("upper: \"14.00\"", "upper: \"13.00\"")).message, "bot.yaml:6:"));
  EXPECT_TRUE(contains(config_error(with("upper: \"14.00\"", "upper: \"13.00\"")).message,
                       "strategies[0].upper: must be above lower"));
  EXPECT_TRUE(contains(config_error(with("step: \"0.25\"", "step: \"0.25\"\n    levels: 3")).message,
                       "exactly one of `step`"));
  EXPECT_TRUE(contains(config_error(with("    step: \"0.25\"\n", "")).message, "exactly one of `step`"));
  EXPECT_TRUE(contains(config_error(with("step: \"0.25\"", "step: \"1.5\"")).message,
                       "strategies[0].step: is wider"));
  EXPECT_TRUE(
      contains(config_error(with("step: \"0.25\"", "step: \"0.00001\"")).message, "more than 1000 levels"));
  EXPECT_TRUE(contains(config_error(with("step: \"0.25\"", "levels: 1")).message, "strategies[0].levels"));
  EXPECT_TRUE(contains(config_error(with("amount: \"1\"", "amount: \"0\"")).message,
                       "strategies[0].amount: must be positive"));
  EXPECT_TRUE(
      contains(config_error(with("lower: \"13.00\"", "lower: \"-1\"")).message, "strategies[0].lower"));
  EXPECT_TRUE(contains(config_error(with("amount:", "amont:")).message, "strategies[0].amont: unknown key"));
}

// Last price 13.60: cells 0-2 (lower levels 13.00, 13.25, 13.50 < 13.60) buy at them; cell 3 (13.75 to
// 14.00) sells at 14.00; 13.75, the level just above the price, stays empty.
TEST_F(GridTest, BuysBelowThePriceSellsAbove) {
  start();
  auto effects = trade("13.60");
  EXPECT_EQ(placed_of(effects),
            (std::vector<Placed>{
                {Side::kBid, "13"}, {Side::kBid, "13.25"}, {Side::kBid, "13.5"}, {Side::kAsk, "14"}}));
  EXPECT_EQ(decisions(effects, DecisionKind::kStrategy).size(), 1u);
  EXPECT_TRUE(trade("13.70").empty());  // all placed: nothing more
}

// The buy at 13.50 fills: the sell one step up, 13.75. That sell fills: the buy one step down, 13.50.
TEST_F(GridTest, TurnsOverOneStepBothWays) {
  start();
  confirm(trade("13.60"));
  auto up = confirm(fill(Side::kBid, "13.5", "1"));
  EXPECT_EQ(up, (std::vector<Placed>{{Side::kAsk, "13.75"}}));
  auto down = confirm(fill(Side::kAsk, "13.75", "1"));
  EXPECT_EQ(down, (std::vector<Placed>{{Side::kBid, "13.5"}}));
  // The top sell at 14.00 fills: the buy below it at 13.75.
  EXPECT_EQ(placed_of(fill(Side::kAsk, "14", "1")), (std::vector<Placed>{{Side::kBid, "13.75"}}));
}

// Partial fills wait: 0.4 of the buy at 13.50 places nothing; the remaining 0.6 completes it and the
// sell at 13.75 goes out for the whole amount, 1. (The buy at 13.25 would not do here: its sell at
// 13.50 would meet our own resting buy at 13.50, which the core refuses as a self-trade; a falling
// price fills the 13.50 buy first anyway.)
TEST_F(GridTest, TheCounterOrderWaitsForTheCompleteFill) {
  start();
  confirm(trade("13.60"));
  EXPECT_TRUE(placed_of(fill(Side::kBid, "13.5", "0.4")).empty());
  EXPECT_EQ(placed_of(fill(Side::kBid, "13.5", "0.6")), (std::vector<Placed>{{Side::kAsk, "13.75"}}));
}

// Outside the bounds: from below (12.00) every cell sells, at 13.25 ... 14.00, nothing at 13.00 or
// under; from above (15.00) every cell buys, at 13.00 ... 13.75, nothing above 14.00. The extreme
// orders turn over into the ladder, never out of it: the sell at 13.25 fills -> buy at 13.00.
TEST_F(GridTest, NothingBelowTheLowerBound) {
  start();
  auto below = confirm(trade("12.00"));
  EXPECT_EQ(below,
            (std::vector<Placed>{
                {Side::kAsk, "13.25"}, {Side::kAsk, "13.5"}, {Side::kAsk, "13.75"}, {Side::kAsk, "14"}}));
  EXPECT_EQ(placed_of(fill(Side::kAsk, "13.25", "1")), (std::vector<Placed>{{Side::kBid, "13"}}));
}

TEST_F(GridTest, NothingAboveTheUpperBound) {
  start();
  auto above = confirm(trade("15.00"));
  EXPECT_EQ(above,
            (std::vector<Placed>{
                {Side::kBid, "13"}, {Side::kBid, "13.25"}, {Side::kBid, "13.5"}, {Side::kBid, "13.75"}}));
  EXPECT_EQ(placed_of(fill(Side::kBid, "13.75", "1")), (std::vector<Placed>{{Side::kAsk, "14"}}));
}

// max_open_orders 2: two cells are placed, two refused (reported by the core, once). Trades do not retry
// them; a complete fill does (funds and counts changed): the counter-order takes the freed place and
// the refused cells are tried, and refused, again.
TEST(GridRisk, RefusedCellsWaitForAFill) {
  engine::CoreConfig config;
  config.risk.max_open_orders = 2;
  Core core(config);
  ASSERT_TRUE(core.add_strategy(make_strategy(kGrid)).ok());
  const std::vector<Trade> at{trade_at("13.60")};
  auto setup = core.on_trades(at_s(1), kBtcUsd, at);
  const auto sends = effects_of<SendPlace>(setup);
  ASSERT_EQ(sends.size(), 2u);  // buys at 13.00 and 13.25
  EXPECT_EQ(decisions(setup, DecisionKind::kRiskRejected).size(), 2u);
  (void)core.on_placed(at_s(2), sends[0].client_id, "ex-a");
  (void)core.on_placed(at_s(2), sends[1].client_id, "ex-b");
  auto later = core.on_trades(at_s(3), kBtcUsd, at);
  EXPECT_TRUE(effects_of<SendPlace>(later).empty());
  EXPECT_TRUE(decisions(later, DecisionKind::kRiskRejected).empty());
  auto filled = core.on_fill(at_s(4), fill_of("t1", "ex-b", Side::kBid, "13.25", "1"));
  auto again = effects_of<SendPlace>(filled);
  ASSERT_EQ(again.size(), 1u);  // cell 1 turned over: the sell at 13.50
  EXPECT_EQ(again[0].side, Side::kAsk);
  EXPECT_EQ(again[0].price, usd("13.5"));
  EXPECT_EQ(decisions(filled, DecisionKind::kRiskRejected).size(), 2u);  // cells 2 and 3 again
}

TEST_F(GridTest, AnOrderCancelledBySomeoneElseIsPlacedAgain) {
  start();
  confirm(trade("13.60"));
  // Reconciliation finds the buy at 13.00 gone with no fills: settled as cancelled.
  std::vector<Order> open{
      open_order("ex-" + std::to_string(id(Side::kBid, "13.25")), Side::kBid, "13.25", "1"),
      open_order("ex-" + std::to_string(id(Side::kBid, "13.5")), Side::kBid, "13.5", "1"),
      open_order("ex-" + std::to_string(id(Side::kAsk, "14")), Side::kAsk, "14", "1")};
  auto reconciled = keep(core.on_reconcile(at_s(++t), open, {}));
  EXPECT_EQ(core.orders().find(id(Side::kBid, "13"))->state, engine::OrderState::kCancelled);
  EXPECT_EQ(decisions(reconciled, DecisionKind::kStrategy).size(), 1u);
  EXPECT_EQ(placed_of(trade("13.60")), (std::vector<Placed>{{Side::kBid, "13"}}));
}

// A restart: the state and the order rows as stored after the set-up at 13.60. While the bot was down
// the buy at 13.50 filled: the restore turns that cell over (sell at 13.75), and the next trade places
// nothing twice. The control: without the saved state the next trade would set up a second grid.
TEST_F(GridTest, ARestartContinuesWithoutDuplicates) {
  start();
  auto setup = trade("13.60");
  confirm(setup);
  const auto states = effects_of<engine::PersistStrategyState>(setup);
  ASSERT_EQ(states.size(), 1u);
  EXPECT_EQ(states[0].state,
            "grid 1300000 1400000 5\ncell 0 buy 1\ncell 1 buy 2\ncell 2 buy 3\ncell 3 sell 4\n");
  std::vector<engine::OrderRecord> rows;
  for (engine::ClientId i = 1; i <= 4; ++i) rows.push_back(*core.orders().find(i));
  const std::vector<engine::Fill> down{fill_of("t9", "ex-3", Side::kBid, "13.50", "1")};

  auto restarted = [&](bool with_state) {
    auto c = std::make_unique<Core>();
    EXPECT_TRUE(c->add_strategy(make_strategy(kGrid)).ok());
    std::vector<engine::StrategyState> saved;
    if (with_state) saved.push_back({"g", states[0].state});
    auto restored = restore(*c, at_s(200), rows, down, saved, 5);
    return std::make_pair(std::move(c), placed_of(restored));
  };
  auto [again, at_restore] = restarted(true);
  EXPECT_EQ(at_restore, (std::vector<Placed>{{Side::kAsk, "13.75"}}));
  const std::vector<Trade> next{trade_at("13.60")};
  EXPECT_TRUE(effects_of<SendPlace>(again->on_trades(at_s(201), kBtcUsd, next)).empty());
  auto [amnesiac, none] = restarted(false);
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(effects_of<SendPlace>(amnesiac->on_trades(at_s(201), kBtcUsd, next)).size(), 4u);
}

// The hot path: once every cell has its order, trades cost no allocation.
TEST_F(GridTest, TradesWithNothingToPlaceDoNotAllocate) {
  start();
  confirm(trade("13.60"));
  std::vector<Trade> quiet;
  for (int i = 0; i < 10; ++i) quiet.push_back(trade_at(i % 2 == 0 ? "13.55" : "13.65"));
  (void)core.on_trades(at_s(++t), kBtcUsd, quiet);  // first call may size internal buffers
  const int64_t before = dealer::testing::thread_allocations();
  size_t effects = 0;
  for (int i = 0; i < 1000; ++i) effects += core.on_trades(at_s(++t), kBtcUsd, quiet).size();
  EXPECT_EQ(dealer::testing::thread_allocations() - before, 0);
  EXPECT_EQ(effects, 0u);
}

TEST(GridState, ChangedLevelsOrGarbageAreErrors) {
  auto g = make_strategy(kGrid);
  EXPECT_TRUE(g->load_state("").ok());
  EXPECT_TRUE(
      g->load_state("grid 1300000 1400000 5\ncell 0 buy 1\ncell 1 buy 0\ncell 2 sell 3\ncell 3 sell 4\n")
          .ok());
  EXPECT_EQ(g->save_state(),
            "grid 1300000 1400000 5\ncell 0 buy 1\ncell 1 buy 0\ncell 2 sell 3\ncell 3 sell 4\n");
  auto changed = g->load_state("grid 1300000 1500000 5\n");
  ASSERT_FALSE(changed.ok());
  EXPECT_NE(changed.error().message.find("levels changed"), std::string::npos);
  EXPECT_FALSE(g->load_state("grid 1300000 1400000 5\ncell 0 buy 1\n").ok());  // cells missing
  EXPECT_FALSE(g->load_state("grid 1300000 1400000 5\ncell 9 buy 1\n").ok());
  EXPECT_FALSE(g->load_state("grid 1300000 1400000 5\ncell 0 hold 1\n").ok());
}

}  // namespace
}  // namespace dealer::strategies
