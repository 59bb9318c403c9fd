// market_maker's decisions on hand-made events: quote prices, requote thresholds (just below / just
// above), the inventory skew, never crossing the book, max inventory, risk refusals, cancel on stop and
// a restart. Prices are worked out by hand in the comments (USD units of 1e-5).
#include "strategies/market_maker.h"

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
using engine::SendCancel;
using engine::SendPlace;

// Spread 0.10: bid half a spread (0.05) below the mid, ask 0.05 above. Skew 0.02 USD per BTC held.
constexpr const char* kMaker = R"(strategies:
  - id: mm
    strategy: market_maker
    pair: BTCUSD
    amount: "1"
    spread: "0.10"
    requote_threshold: "0.05"
    skew: "0.02"
    max_inventory: "2"
)";

std::string with(std::string_view from, std::string_view to, std::string yaml = kMaker) {
  return replaced(std::move(yaml), from, to);
}

Depth depth_of(std::vector<std::pair<const char*, const char*>> bids,
               std::vector<std::pair<const char*, const char*>> asks) {
  Depth d;
  for (auto [p, a] : bids) d.bids.push_back(DepthLevel{usd(p), btc(a)});
  for (auto [p, a] : asks) d.asks.push_back(DepthLevel{usd(p), btc(a)});
  return d;
}

class MarketMakerTest : public ::testing::Test {
 protected:
  // The strategy with `state` loaded (as a restart would) before it joins the core.
  void start(const std::string& yaml = kMaker, std::string_view state = "") {
    auto s = make_strategy(yaml);
    ASSERT_TRUE(s->load_state(state).ok());
    maker = dynamic_cast<MarketMaker*>(s.get());
    ASSERT_TRUE(core.add_strategy(std::move(s)).ok());
  }
  std::vector<Effect> keep(std::span<const Effect> span) { return {span.begin(), span.end()}; }
  std::vector<Effect> trade(std::string_view price) {
    const std::vector<Trade> trades{trade_at(price)};
    return keep(core.on_trades(at_s(++t), kBtcUsd, trades));
  }
  std::vector<Effect> book(const Depth& d) { return keep(core.on_book(at_s(++t), kBtcUsd, d)); }
  // Confirms every place in `effects` with exchange id "ex-<client id>"; returns the places.
  std::vector<SendPlace> placed(const std::vector<Effect>& effects) {
    auto places = effects_of<SendPlace>(effects);
    for (const SendPlace& p : places)
      (void)core.on_placed(at_s(++t), p.client_id, "ex-" + std::to_string(p.client_id));
    return places;
  }
  // Confirms every cancel in `effects`; returns what those confirmations caused.
  std::vector<Effect> cancelled(const std::vector<Effect>& effects) {
    std::vector<Effect> out;
    for (const SendCancel& c : effects_of<SendCancel>(effects)) {
      auto span = core.on_cancelled(at_s(++t), c.client_id);
      out.insert(out.end(), span.begin(), span.end());
    }
    return out;
  }
  std::vector<Effect> fill(engine::ClientId id, Side side, std::string_view price, std::string_view amount) {
    return keep(core.on_fill(
        at_s(++t), fill_of("f" + std::to_string(++fills), "ex-" + std::to_string(id), side, price, amount)));
  }
  static void expect_quotes(const std::vector<SendPlace>& places, std::string_view bid,
                            std::string_view ask) {
    ASSERT_EQ(places.size(), 2u);
    EXPECT_EQ(places[0].side, Side::kBid);
    EXPECT_EQ(places[0].price, usd(bid));
    EXPECT_EQ(places[0].amount, btc("1"));
    EXPECT_EQ(places[1].side, Side::kAsk);
    EXPECT_EQ(places[1].price, usd(ask));
    EXPECT_EQ(places[1].amount, btc("1"));
  }

  Core core;
  MarketMaker* maker = nullptr;
  int64_t t = 100;
  int fills = 0;
};

TEST(MarketMakerParams, ParsesAndDefaults) {
  auto s = make_strategy(kMaker);
  const auto& p = dynamic_cast<MarketMaker&>(*s).params();
  EXPECT_EQ(p.amount.raw(), 100'000'000);  // 1 BTC in 1e-8
  EXPECT_EQ(p.spread.raw(), 10'000);       // 0.10 USD in 1e-5
  EXPECT_EQ(p.requote_threshold.raw(), 5'000);
  EXPECT_EQ(p.skew.raw(), 2'000);
  EXPECT_EQ(p.max_inventory.raw(), 200'000'000);
  EXPECT_EQ(p.book_max_age, std::chrono::seconds(30));
  // Without requote_threshold: half the spread; without skew: none.
  auto bare = make_strategy(with("    requote_threshold: \"0.05\"\n    skew: \"0.02\"\n", ""));
  EXPECT_EQ(dynamic_cast<MarketMaker&>(*bare).params().requote_threshold.raw(), 5'000);
  EXPECT_EQ(dynamic_cast<MarketMaker&>(*bare).params().skew.raw(), 0);
}

TEST(MarketMakerParams, RejectsBadValuesWithTheirKey) {
  EXPECT_TRUE(contains(config_error(with("amount: \"1\"", "amount: \"0\"")).message, "bot.yaml:5:"));
  EXPECT_TRUE(contains(config_error(with("amount: \"1\"", "amount: \"0\"")).message,
                       "strategies[0].amount: must be positive"));
  EXPECT_TRUE(contains(config_error(with("spread: \"0.10\"", "spread: \"0.00001\"")).message,
                       "strategies[0].spread: must be at least two"));
  EXPECT_TRUE(contains(config_error(with("spread: \"0.10\"", "spread: \"0.100001\"")).message,
                       "strategies[0].spread"));
  EXPECT_TRUE(contains(config_error(with("skew: \"0.02\"", "skew: \"-1\"")).message, "strategies[0].skew"));
  EXPECT_TRUE(contains(config_error(with("max_inventory: \"2\"", "max_inventory: \"0.5\"")).message,
                       "strategies[0].max_inventory: must be at least `amount`"));
  EXPECT_TRUE(
      contains(config_error(with("max_inventory: \"2\"\n", "")).message, "strategies[0].max_inventory"));
  EXPECT_TRUE(contains(config_error(with("skew:", "skw:")).message, "strategies[0].skw: unknown key"));
  EXPECT_TRUE(contains(
      config_error(with("max_inventory: \"2\"\n", "max_inventory: \"2\"\n    book_max_age: 0s\n")).message,
      "strategies[0].book_max_age"));
  EXPECT_TRUE(contains(config_error(with("skew: \"0.02\"", "skew: \"90000000000000\"")).message,
                       "strategies[0].skew: times max_inventory"));
}

// No book: the last trade 13.50 is the mid; bid 13.50 - 0.05, ask 13.50 + 0.05.
TEST_F(MarketMakerTest, QuotesAroundTheLastTradeWithoutABook) {
  start();
  auto effects = trade("13.50");
  expect_quotes(effects_of<SendPlace>(effects), "13.45", "13.55");
  // The state recording the two orders is persisted before they are sent.
  EXPECT_LT(index_of<engine::PersistStrategyState>(effects), index_of<SendPlace>(effects));
}

// Quoted at mid 13.50 with threshold 0.05: a move of exactly 0.05 (either way) is not "more than"; one
// more unit (0.05001) is. The new pair goes out only once both cancels are confirmed.
TEST_F(MarketMakerTest, RequotesJustAboveTheThresholdNotAtIt) {
  start();
  placed(trade("13.50"));
  EXPECT_TRUE(trade("13.55").empty());
  EXPECT_TRUE(trade("13.45").empty());
  auto up = trade("13.55001");
  auto cancels = effects_of<SendCancel>(up);
  ASSERT_EQ(cancels.size(), 2u);
  EXPECT_TRUE(effects_of<SendPlace>(up).empty());
  auto first = keep(core.on_cancelled(at_s(++t), cancels[0].client_id));
  EXPECT_TRUE(effects_of<SendPlace>(first).empty());  // the other quote still rests
  auto second = keep(core.on_cancelled(at_s(++t), cancels[1].client_id));
  expect_quotes(effects_of<SendPlace>(second), "13.50001", "13.60001");
  // Downwards from the new mid 13.55001: 13.50001 is exactly 0.05 away, 13.50000 just more.
  placed(second);
  EXPECT_TRUE(trade("13.50001").empty());
  EXPECT_EQ(effects_of<SendCancel>(trade("13.50")).size(), 2u);
}

// Others bid 13.40 and ask 13.60: mid 13.50 from the book. The next snapshot shows our own quotes on
// top (13.45 and 13.55, 1 BTC each) and others' ask moved to 13.80: the mid of the others is
// (13.40 + 13.80) / 2 = 13.60, 0.10 away, so it requotes; counting our own quotes it would have been
// (13.45 + 13.55) / 2 = 13.50 and nothing would change.
TEST_F(MarketMakerTest, TheBookMidLeavesOurOwnQuotesOut) {
  start();
  expect_quotes(placed(book(depth_of({{"13.40", "3"}}, {{"13.60", "3"}}))), "13.45", "13.55");
  auto next = book(depth_of({{"13.45", "1"}, {"13.40", "3"}}, {{"13.55", "1"}, {"13.80", "3"}}));
  EXPECT_EQ(effects_of<SendCancel>(next).size(), 2u);
  expect_quotes(effects_of<SendPlace>(cancelled(next)), "13.55", "13.65");
}

// The book is used while younger than book_max_age (30 s); after that the last trade is the mid.
TEST_F(MarketMakerTest, AStaleBookGivesWayToTheLastTrade) {
  start();
  t = 1000;
  expect_quotes(placed(book(depth_of({{"13.40", "3"}}, {{"13.60", "3"}}))), "13.45", "13.55");  // at 1001
  EXPECT_TRUE(trade("14.00").empty());  // the book is fresh: its mid stands
  // 30 s old: not older than book_max_age (the core's own periodic reconciliation may be asked for).
  EXPECT_TRUE(effects_of<SendCancel>(core.on_timer(at_s(1031))).empty());
  // 31 s old: the mid is the last trade, 14.00, 0.50 away.
  auto late = keep(core.on_timer(at_s(1032)));
  EXPECT_EQ(effects_of<SendCancel>(late).size(), 2u);
  t = 1032;
  expect_quotes(effects_of<SendPlace>(cancelled(late)), "13.95", "14.05");
}

// A complete bid fill: inventory +1 BTC, skew 0.02 x 1 = 0.02 lower: bid 13.50 - 0.05 - 0.02 = 13.43,
// ask 13.53. The filled bid is settled; the ask is cancelled first, then the new pair placed.
TEST_F(MarketMakerTest, AFillSkewsBothQuotesAgainstTheInventory) {
  start();
  auto first = placed(trade("13.50"));
  auto after_fill = fill(first[0].client_id, Side::kBid, "13.45", "1");
  auto cancels = effects_of<SendCancel>(after_fill);
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].client_id, first[1].client_id);
  expect_quotes(effects_of<SendPlace>(cancelled(after_fill)), "13.43", "13.53");
  EXPECT_EQ(maker->inventory(), btc("1"));
}

// Short 1 BTC (an ask filled): the quotes move 0.02 up: bid 13.47, ask 13.57. A partial fill already
// requotes (the inventory changed): after 0.4 sold the shift is 0.02 x 0.4 = 0.008 up.
TEST_F(MarketMakerTest, ShortInventorySkewsUpAndPartialFillsCount) {
  start();
  auto first = placed(trade("13.50"));
  auto partial = fill(first[1].client_id, Side::kAsk, "13.55", "0.4");
  EXPECT_EQ(effects_of<SendCancel>(partial).size(), 2u);  // both rest: both are replaced
  auto second = placed(cancelled(partial));
  expect_quotes(second, "13.458", "13.558");  // 13.45 + 0.008, 13.55 + 0.008
  EXPECT_EQ(maker->inventory(), btc("-0.4"));
  auto more = fill(second[1].client_id, Side::kAsk, "13.558", "0.6");
  expect_quotes(effects_of<SendPlace>(cancelled(more)), "13.47", "13.57");
  EXPECT_EQ(maker->inventory(), btc("-1"));
}

// max_inventory 2, amount 1: at inventory 2 a bid fill would reach 3, so only the ask is quoted, at
// 13.50 - 0.05 - 0.02 x 2 + 0.10 = 13.51. At -2 only the bid.
TEST_F(MarketMakerTest, StopsQuotingTheSideThatWouldExceedMaxInventory) {
  start(kMaker, "inventory 200000000\n");
  auto effects = trade("13.50");
  auto places = effects_of<SendPlace>(effects);
  ASSERT_EQ(places.size(), 1u);
  EXPECT_EQ(places[0].side, Side::kAsk);
  EXPECT_EQ(places[0].price, usd("13.51"));
  auto lines = decisions(effects, DecisionKind::kStrategy);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(
      lines[0].reason.find("bid not quoted: a fill would take the inventory to 3, past max_inventory 2"),
      std::string::npos)
      << lines[0].reason;
  // Said once: the next requote (a move of 0.05001 > 0.05) holds the bid back again without a word.
  (void)core.on_placed(at_s(++t), places[0].client_id, "ex-ask");
  auto requote = trade("13.55001");
  ASSERT_EQ(effects_of<SendCancel>(requote).size(), 1u);
  auto again = cancelled(requote);
  EXPECT_EQ(effects_of<SendPlace>(again).size(), 1u);
  EXPECT_TRUE(decisions(again, DecisionKind::kStrategy).empty());
}

TEST_F(MarketMakerTest, ShortAtMaxInventoryQuotesOnlyTheBid) {
  start(kMaker, "inventory -200000000\n");
  auto places = effects_of<SendPlace>(trade("13.50"));
  ASSERT_EQ(places.size(), 1u);
  EXPECT_EQ(places[0].side, Side::kBid);
  EXPECT_EQ(places[0].price, usd("13.49"));  // 13.45 + 0.02 x 2
}

// Skew 0.10 per BTC and 1 BTC long: bid 13.50 - 0.05 - 0.10 = 13.35, ask 13.45, at or below others'
// best bid 13.49: the ask is raised to one unit above it, 13.49001. Short 1 BTC: bid 13.55 would reach
// others' best ask 13.51: lowered to 13.50999; ask 13.65.
TEST_F(MarketMakerTest, NeverCrossesTheBook) {
  const std::string steep = with("skew: \"0.02\"", "skew: \"0.10\"");
  start(steep, "inventory 100000000\n");
  auto places = effects_of<SendPlace>(book(depth_of({{"13.49", "3"}}, {{"13.51", "3"}})));
  expect_quotes(places, "13.35", "13.49001");
}

TEST_F(MarketMakerTest, NeverCrossesTheBookWhenShort) {
  start(with("skew: \"0.02\"", "skew: \"0.10\""), "inventory -100000000\n");
  expect_quotes(effects_of<SendPlace>(book(depth_of({{"13.49", "3"}}, {{"13.51", "3"}}))), "13.50999",
                "13.65");
}

// Without a book the last trade stands in for both sides: long 1 BTC at skew 0.10 the ask 13.45 would
// sell below the last trade 13.50; it goes to 13.50001.
TEST_F(MarketMakerTest, NeverCrossesTheLastTradeWithoutABook) {
  start(with("skew: \"0.02\"", "skew: \"0.10\""), "inventory 100000000\n");
  expect_quotes(effects_of<SendPlace>(trade("13.50")), "13.35", "13.50001");
}

// max_open_orders 1: the bid goes out, the ask is refused (one decision of the core). Trades that move
// the mid less than the threshold do not retry it; a requote does, and is refused again.
TEST(MarketMakerRisk, ARefusedQuoteWaitsForTheNextRequote) {
  engine::CoreConfig config;
  config.risk.max_open_orders = 1;
  Core core(config);
  ASSERT_TRUE(core.add_strategy(make_strategy(kMaker)).ok());
  auto run = [&](std::string_view price, int64_t s) {
    const std::vector<Trade> trades{trade_at(price)};
    auto span = core.on_trades(at_s(s), kBtcUsd, trades);
    return std::vector<Effect>(span.begin(), span.end());
  };
  auto first = run("13.50", 1);
  ASSERT_EQ(effects_of<SendPlace>(first).size(), 1u);
  EXPECT_EQ(decisions(first, DecisionKind::kRiskRejected).size(), 1u);
  (void)core.on_placed(at_s(2), effects_of<SendPlace>(first)[0].client_id, "ex-1");
  for (std::string_view p : {"13.52", "13.48", "13.55", "13.45"}) {
    auto quiet = run(p, 3);
    EXPECT_TRUE(quiet.empty()) << p;
  }
  auto requote = run("13.60", 4);
  ASSERT_EQ(effects_of<SendCancel>(requote).size(), 1u);
  auto replaced = core.on_cancelled(at_s(5), effects_of<SendCancel>(requote)[0].client_id);
  EXPECT_EQ(effects_of<SendPlace>(replaced).size(), 1u);
  EXPECT_EQ(decisions(replaced, DecisionKind::kRiskRejected).size(), 1u);
}

// stop() without cancel_open still takes the quotes down; a quote whose place is answered after the
// stop is cancelled as soon as it rests.
TEST_F(MarketMakerTest, CancelsItsQuotesOnStop) {
  start();
  auto places = effects_of<SendPlace>(trade("13.50"));
  ASSERT_EQ(places.size(), 2u);
  (void)core.on_placed(at_s(++t), places[0].client_id, "ex-bid");
  auto stopping = keep(core.stop(at_s(++t), false));
  auto cancels = effects_of<SendCancel>(stopping);
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].client_id, places[0].client_id);
  auto late = effects_of<SendCancel>(core.on_placed(at_s(++t), places[1].client_id, "ex-ask"));
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].client_id, places[1].client_id);
  EXPECT_TRUE(trade("20").empty());  // halted: nothing more is placed
}

// The hot path: trades that move the mid no more than the threshold cost no allocation.
TEST_F(MarketMakerTest, TradesThatRequoteNothingDoNotAllocate) {
  start();
  placed(trade("13.50"));
  std::vector<Trade> quiet;
  for (int i = 0; i < 10; ++i) quiet.push_back(trade_at(i % 2 == 0 ? "13.47" : "13.53"));
  (void)core.on_trades(at_s(++t), kBtcUsd, quiet);  // first call may size internal buffers
  const int64_t before = dealer::testing::thread_allocations();
  size_t effects = 0;
  for (int i = 0; i < 1000; ++i) effects += core.on_trades(at_s(++t), kBtcUsd, quiet).size();
  EXPECT_EQ(dealer::testing::thread_allocations() - before, 0);
  EXPECT_EQ(effects, 0u);
  EXPECT_FALSE(trade("13.70").empty());  // the control: a requote does act
  EXPECT_GT(dealer::testing::thread_allocations() - before, 0);
}

TEST(MarketMakerState, RoundTripsAndRejectsGarbage) {
  auto s = make_strategy(kMaker);
  ASSERT_TRUE(s->load_state("inventory -5\nmid 1350000\norder 3 7\norder 4 0\n").ok());
  EXPECT_EQ(s->save_state(), "inventory -5\nmid 1350000\norder 3 7\norder 4 0\n");
  EXPECT_FALSE(s->load_state("inventory five\n").ok());
  EXPECT_FALSE(s->load_state("order 3\n").ok());
  EXPECT_FALSE(s->load_state("mid 1 2\n").ok());
  EXPECT_FALSE(s->load_state("skew 3\n").ok());
}

// A restart: the saved state knows orders 1 (bid) and 2 (ask), nothing filled. While the bot was down
// the bid filled completely (the store has the fill): the restore counts it (inventory 1), cancels the
// ask, and once that is confirmed quotes with the skew: mid = the saved 13.50 is gone with the old
// tape, so it waits for a trade: 13.50 gives 13.43 / 13.53.
TEST(MarketMakerRestart, CountsFillsLearntAtRestoreOnce) {
  Core core;
  auto s = make_strategy(kMaker);
  auto* maker = dynamic_cast<MarketMaker*>(s.get());
  ASSERT_TRUE(core.add_strategy(std::move(s)).ok());
  const std::vector<engine::OrderRecord> rows{
      order_row(1, "mm", Side::kBid, "13.45", "1", engine::OrderState::kOpen, "ex-1"),
      order_row(2, "mm", Side::kAsk, "13.55", "1", engine::OrderState::kOpen, "ex-2")};
  const std::vector<engine::Fill> fills{fill_of("t1", "ex-1", Side::kBid, "13.45", "1")};
  const std::vector<engine::StrategyState> states{{"mm", "inventory 0\nmid 1350000\norder 1 0\norder 2 0\n"}};
  auto restored = restore(core, at_s(100), rows, fills, states, 3);
  EXPECT_EQ(maker->inventory(), btc("1"));
  auto cancels = effects_of<SendCancel>(restored);
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].client_id, 2);
  EXPECT_TRUE(effects_of<SendPlace>(core.on_cancelled(at_s(101), 2)).empty());  // no mid yet
  const std::vector<Trade> trades{trade_at("13.50")};
  auto places = effects_of<SendPlace>(core.on_trades(at_s(102), kBtcUsd, trades));
  ASSERT_EQ(places.size(), 2u);
  EXPECT_EQ(places[0].price, usd("13.43"));
  EXPECT_EQ(places[1].price, usd("13.53"));
  EXPECT_EQ(maker->inventory(), btc("1"));  // the fill was not counted a second time
}

}  // namespace
}  // namespace dealer::strategies

namespace dealer::strategies {
namespace {

// Issue 23: `dealer status` shows the state as the strategy's own fields (amounts and prices in their
// currencies), not its saved text ("inventory 0\nmid 1350000\norder 1 0\n...").
TEST_F(MarketMakerTest, DescribesItsStateAsReadableFields) {
  start();
  EXPECT_EQ(maker->describe_state(), "inventory 0 BTC, not quoting, 0 orders followed");
  placed(trade("13.50"));
  EXPECT_EQ(maker->describe_state(), "inventory 0 BTC, quoting around 13.5 USD, 2 orders followed");
  EXPECT_NE(maker->save_state().find("mid 1350000"), std::string::npos);
}

}  // namespace
}  // namespace dealer::strategies
