#include "engine/core.h"

#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>

#include "engine/engine_test_support.h"

namespace dealer::engine {
namespace {

using namespace dealer::testing;  // the shared engine test helpers

// A strategy whose reactions the test scripts.
class Scripted : public Strategy {
 public:
  Scripted(std::string id, Pair pair = kBtcUsd) : Strategy(std::move(id), pair) {}
  void on_trades(StrategyContext& ctx, std::span<const Trade> trades) override {
    ++trades_seen;
    if (trades_hook) trades_hook(ctx, trades);
  }
  void on_fill(StrategyContext& ctx, const OrderRecord& o, const Fill& f) override {
    fills_seen.push_back(f.trade_id);
    if (fill_hook) fill_hook(ctx, o);
  }
  void on_order(StrategyContext&, const OrderRecord& o, const Error*) override { updates.push_back(o.state); }
  std::string save_state() const override { return "seen " + std::to_string(trades_seen); }

  std::function<void(StrategyContext&, std::span<const Trade>)> trades_hook;
  std::function<void(StrategyContext&, const OrderRecord&)> fill_hook;
  int trades_seen = 0;
  std::vector<std::string> fills_seen;
  std::vector<OrderState> updates;
};

Balance balance(Currency c, std::string_view total, std::string_view held = "0") {
  Balance b;
  b.currency = c;
  b.total = Funds(*parse_units(total, c.decimals()));
  b.in_open_orders = Funds(*parse_units(held, c.decimals()));
  return b;
}

class CoreTest : public ::testing::Test {
 protected:
  Scripted& add(std::string id, Pair pair = kBtcUsd) {
    auto s = std::make_unique<Scripted>(std::move(id), pair);
    Scripted& ref = *s;
    EXPECT_TRUE(core->add_strategy(std::move(s)).ok());
    return ref;
  }
  void make_core(CoreConfig config) { core = std::make_unique<Core>(std::move(config)); }
  // A core with these limits and one scripted strategy "s1".
  Scripted& with_risk(RiskLimits limits) {
    CoreConfig config;
    config.risk = std::move(limits);
    make_core(config);
    return add("s1");
  }
  // Places `amount` at `price` on the next trade; returns the effects of that trade.
  std::vector<Effect> place_via(Scripted& s, Side side, std::string_view price, std::string_view amount,
                                int64_t t = 100) {
    Result<ClientId> result = make_error(Errc::kNotFound, "not called");
    s.trades_hook = [&](StrategyContext& ctx, std::span<const Trade>) {
      result = ctx.place(side, usd(price), btc(amount), "test");
    };
    const std::vector<Trade> trades{trade_at("13.50")};
    auto effects = core->on_trades(at_s(t), kBtcUsd, trades);
    s.trades_hook = nullptr;
    last_place = result.ok() ? *result : 0;
    return {effects.begin(), effects.end()};
  }

  std::unique_ptr<Core> core = std::make_unique<Core>();
  ClientId last_place = 0;
};

TEST_F(CoreTest, StrategyStateIsWrittenBeforeTheOrderIsSent) {
  Scripted& s = add("s1");
  auto effects = place_via(s, Side::kBid, "13.45", "1");
  ASSERT_NE(last_place, 0);
  const size_t state = index_of<PersistStrategyState>(effects);
  const size_t order = index_of<PersistOrder>(effects);
  const size_t send = index_of<SendPlace>(effects);
  ASSERT_LT(send, effects.size());
  EXPECT_LT(state, order);
  EXPECT_LT(order, send);
  EXPECT_EQ(effects_of<PersistStrategyState>(effects)[0].state, "seen 1");
}

// Found by `dealer demo` with every strategy in one bot: trend's buy at 13.3676 took the market maker's
// ask at 13.35071, a trade with ourselves that pays the fee twice and that the exchange reports under
// one trade id for both sides. An order that would cross one of our own is refused, whichever strategy
// owns it; one that only touches the other side's price crosses too (a bid at the ask's price trades).
TEST_F(CoreTest, AnOrderThatWouldTradeWithOurOwnIsRefused) {
  Scripted& maker = add("maker");
  Scripted& trend = add("trend");
  place_via(maker, Side::kAsk, "13.50", "1");
  ASSERT_NE(last_place, 0);
  place_via(maker, Side::kBid, "13.30", "1");
  ASSERT_NE(last_place, 0);
  auto refused = place_via(trend, Side::kBid, "13.50", "2");
  EXPECT_EQ(last_place, 0);
  const auto decisions = effects_of<PersistDecision>(refused);
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].decision.kind, DecisionKind::kRiskRejected);
  EXPECT_NE(decisions[0].decision.reason.find("our own ask at 13.5 USD"), std::string::npos)
      << decisions[0].decision.reason;
  place_via(trend, Side::kAsk, "13.30", "1");  // the maker's bid at 13.30
  EXPECT_EQ(last_place, 0);
  place_via(trend, Side::kBid, "13.49999", "1");  // one unit below our ask: no trade with ourselves
  EXPECT_NE(last_place, 0);
  place_via(trend, Side::kAsk, "13.30001", "1");  // now below our highest bid, 13.49999
  EXPECT_EQ(last_place, 0);
  place_via(trend, Side::kAsk, "13.50", "1");  // one unit above it
  EXPECT_NE(last_place, 0);
}

TEST_F(CoreTest, TradesWithoutDecisionsCauseNoEffects) {
  add("s1");
  const std::vector<Trade> trades{trade_at("13.50"), trade_at("13.60")};
  EXPECT_TRUE(core->on_trades(at_s(1), kBtcUsd, trades).empty());
}

TEST_F(CoreTest, FillIsPersistedBeforeTheStrategyReacts) {
  Scripted& s = add("s1");
  place_via(s, Side::kBid, "13.45", "1");
  const ClientId first = last_place;
  (void)core->on_placed(at_s(101), first, "ex-1");
  s.fill_hook = [](StrategyContext& ctx, const OrderRecord&) {
    ASSERT_TRUE(ctx.place(Side::kAsk, usd("13.75"), btc("1"), "take profit").ok());
  };
  auto span = core->on_fill(at_s(102), fill_of("t1", "ex-1", Side::kBid, "13.45", "1"));
  std::vector<Effect> effects(span.begin(), span.end());
  EXPECT_EQ(s.fills_seen, std::vector<std::string>{"t1"});
  EXPECT_LT(index_of<PersistFill>(effects), index_of<PersistStrategyState>(effects));
  EXPECT_LT(index_of<PersistStrategyState>(effects), index_of<SendPlace>(effects));
  ASSERT_LT(index_of<SendPlace>(effects), effects.size());
  EXPECT_EQ(core->orders().find(first)->state, OrderState::kFilled);
}

TEST_F(CoreTest, ThrowingStrategyIsDisabledWhileAnotherContinues) {
  Scripted& bad = add("bad");
  Scripted& good = add("good");
  place_via(bad, Side::kBid, "13.45", "1");
  const ClientId bad_order = last_place;
  (void)core->on_placed(at_s(101), bad_order, "ex-1");
  bad.trades_hook = [](StrategyContext&, std::span<const Trade>) { throw std::runtime_error("boom"); };
  const std::vector<Trade> trades{trade_at("13.50")};
  auto span = core->on_trades(at_s(102), kBtcUsd, trades);
  std::vector<Effect> effects(span.begin(), span.end());
  auto disabled = decisions(effects, DecisionKind::kDisabled);
  ASSERT_EQ(disabled.size(), 1u);
  EXPECT_EQ(disabled[0].strategy_id, "bad");
  EXPECT_NE(disabled[0].reason.find("threw: boom"), std::string::npos);
  ASSERT_EQ(effects_of<SendCancel>(effects).size(), 1u);
  EXPECT_EQ(effects_of<SendCancel>(effects)[0].client_id, bad_order);
  EXPECT_FALSE(core->strategy_enabled("bad"));
  EXPECT_EQ(good.trades_seen, 2);  // the place_via trade and this one
  (void)core->on_trades(at_s(103), kBtcUsd, trades);
  EXPECT_EQ(bad.trades_seen, 2);  // not called again
  EXPECT_EQ(good.trades_seen, 3);
}

// Each risk limit, just inside and just outside.
TEST_F(CoreTest, MaxOrderAmount) {
  RiskLimits limits;
  limits.max_order_amount = btc("5");
  Scripted& s = with_risk(limits);
  auto refused = place_via(s, Side::kBid, "13.45", "5.00000001");
  EXPECT_EQ(last_place, 0);
  ASSERT_EQ(decisions(refused, DecisionKind::kRiskRejected).size(), 1u);
  EXPECT_NE(decisions(refused, DecisionKind::kRiskRejected)[0].reason.find("max_order_amount"),
            std::string::npos);
  EXPECT_TRUE(effects_of<SendPlace>(refused).empty());
  place_via(s, Side::kBid, "13.45", "5");
  EXPECT_NE(last_place, 0);
}

TEST_F(CoreTest, MaxOpenOrders) {
  RiskLimits limits;
  limits.max_open_orders = 2;
  Scripted& s = with_risk(limits);
  place_via(s, Side::kBid, "13.45", "1");
  place_via(s, Side::kBid, "13.44", "1");
  EXPECT_NE(last_place, 0);  // the second of two
  auto refused = place_via(s, Side::kBid, "13.43", "1");
  EXPECT_EQ(last_place, 0);
  EXPECT_EQ(decisions(refused, DecisionKind::kRiskRejected).size(), 1u);
}

TEST_F(CoreTest, MaxPositionCountsFillsAndOpenOrders) {
  RiskLimits limits;
  limits.max_position = btc("3");
  Scripted& s = with_risk(limits);
  place_via(s, Side::kBid, "13.45", "1.5");
  (void)core->on_placed(at_s(101), last_place, "ex-1");
  (void)core->on_fill(at_s(102), fill_of("t1", "ex-1", Side::kBid, "13.45", "1.5"));  // position 1.5
  place_via(s, Side::kBid, "13.45", "1");  // open buy 1: worst case 2.5
  ASSERT_NE(last_place, 0);
  place_via(s, Side::kBid, "13.45", "0.50000001");  // 3.00000001
  EXPECT_EQ(last_place, 0);
  place_via(s, Side::kBid, "13.45", "0.5");  // 3
  EXPECT_NE(last_place, 0);
  place_via(s, Side::kAsk, "13.75", "1.5");  // selling reduces: |1.5 - 1.5| = 0
  EXPECT_NE(last_place, 0);
}

TEST_F(CoreTest, MaxOrdersPerMinute) {
  RiskLimits limits;
  limits.max_orders_per_minute = 2;
  Scripted& s = with_risk(limits);
  place_via(s, Side::kBid, "13.45", "1", 100);
  place_via(s, Side::kBid, "13.45", "1", 110);
  place_via(s, Side::kBid, "13.45", "1", 159);  // 100 and 110 are within the last 60 s
  EXPECT_EQ(last_place, 0);
  place_via(s, Side::kBid, "13.45", "1", 160);  // 100 is exactly 60 s ago: out of the window
  EXPECT_NE(last_place, 0);
}

TEST_F(CoreTest, InsufficientFundsAndMinBalance) {
  RiskLimits limits;
  limits.min_balance[Currency::usd().index()] = *parse_units("100", 5);
  Scripted& s = with_risk(limits);
  const std::vector<Balance> balances{balance(Currency::usd(), "1000")};
  (void)core->on_balances(at_s(50), balances);
  // 9.0000001 BTC at 100 costs 900.00001 USD and would leave 99.99999 (< 100).
  auto refused = place_via(s, Side::kBid, "100", "9.0000001");
  EXPECT_EQ(last_place, 0);
  EXPECT_NE(decisions(refused, DecisionKind::kRiskRejected)[0].reason.find("min_balance"), std::string::npos);
  // 1000.00001 USD needed, 1000 free.
  refused = place_via(s, Side::kBid, "100", "10.0000001");
  EXPECT_NE(decisions(refused, DecisionKind::kRiskRejected)[0].reason.find("insufficient funds"),
            std::string::npos);
  place_via(s, Side::kBid, "100", "9");  // 900: leaves exactly 100
  EXPECT_NE(last_place, 0);
  // That order is not in the balance snapshot yet, so it holds its 900 here: 100 free, 0.00001 more is
  // too much for min_balance.
  place_via(s, Side::kBid, "0.00001", "1");
  EXPECT_EQ(last_place, 0);
}

TEST_F(CoreTest, KillSwitchOnConsecutiveErrors) {
  RiskLimits limits;
  limits.max_consecutive_errors = 3;
  Scripted& s = with_risk(limits);
  place_via(s, Side::kBid, "13.00", "1");
  const ClientId resting = last_place;
  (void)core->on_placed(at_s(100), resting, "ex-1");
  const Error err = make_error(Errc::kExchange, "nope");
  // Two errors, a success, two errors: never three in a row.
  for (int i = 0; i < 2; ++i) {
    place_via(s, Side::kBid, "13.45", "1");
    (void)core->on_place_rejected(at_s(101), last_place, err);
  }
  place_via(s, Side::kBid, "13.45", "1");
  (void)core->on_placed(at_s(102), last_place, "ex-2");
  for (int i = 0; i < 2; ++i) {
    place_via(s, Side::kBid, "13.45", "1");
    (void)core->on_place_rejected(at_s(103), last_place, err);
  }
  EXPECT_FALSE(core->halted());
  place_via(s, Side::kBid, "13.45", "1");
  auto span = core->on_place_rejected(at_s(104), last_place, err);
  std::vector<Effect> effects(span.begin(), span.end());
  EXPECT_TRUE(core->halted());
  ASSERT_EQ(decisions(effects, DecisionKind::kHalt).size(), 1u);
  EXPECT_NE(decisions(effects, DecisionKind::kHalt)[0].reason.find("max_consecutive_errors"),
            std::string::npos);
  // Both resting orders are cancelled, and nothing more is placed.
  EXPECT_EQ(effects_of<SendCancel>(effects).size(), 2u);
  auto after = place_via(s, Side::kBid, "13.45", "1");
  EXPECT_EQ(last_place, 0);
  EXPECT_TRUE(effects_of<SendPlace>(after).empty());
}

TEST_F(CoreTest, KillSwitchOnDrawdownOfMarkedEquity) {
  CoreConfig config;
  config.risk.max_drawdown_percent = Decimal(10, 0);
  make_core(config);
  add("s1");
  const std::vector<Balance> balances{balance(Currency::usd(), "0"), balance(Currency::btc(), "10")};
  (void)core->on_balances(at_s(1), balances);
  const std::vector<Trade> peak{trade_at("100")};  // equity 10 x 100 = 1000 USD
  (void)core->on_trades(at_s(2), kBtcUsd, peak);
  const std::vector<Trade> ten_percent{trade_at("90")};  // 900: exactly 10 % down, not more
  EXPECT_TRUE(decisions(core->on_trades(at_s(3), kBtcUsd, ten_percent), DecisionKind::kHalt).empty());
  EXPECT_FALSE(core->halted());
  const std::vector<Trade> beyond{trade_at("89.99999")};  // 899.9999: just over 10 %
  auto halt = decisions(core->on_trades(at_s(4), kBtcUsd, beyond), DecisionKind::kHalt);
  ASSERT_EQ(halt.size(), 1u);
  EXPECT_NE(halt[0].reason.find("max_drawdown_percent"), std::string::npos);
  EXPECT_TRUE(core->halted());
}

TEST_F(CoreTest, CrossedBookIsRefetchedAndNotApplied) {
  add("s1");
  Depth good;
  good.bids = {DepthLevel{usd("13.40"), btc("1")}};
  good.asks = {DepthLevel{usd("13.50"), btc("1")}};
  (void)core->on_book(at_s(1), kBtcUsd, good);
  Depth crossed;
  crossed.bids = {DepthLevel{usd("13.30"), btc("1")}, DepthLevel{usd("13.50"), btc("1")}};
  crossed.asks = {DepthLevel{usd("13.50"), btc("1")}, DepthLevel{usd("13.60"), btc("1")}};  // 13.50 = 13.50
  auto effects = core->on_book(at_s(2), kBtcUsd, crossed);
  ASSERT_EQ(effects_of<RequestBook>(effects).size(), 1u);
  EXPECT_NE(effects_of<RequestBook>(effects)[0].reason.find("crossed"), std::string::npos);
  EXPECT_EQ(core->book(kBtcUsd)->best_bid(), usd("13.40"));  // the last good snapshot stands
  EXPECT_EQ(core->book(kBtcUsd)->updated(), at_s(1));
  // Touching but not crossing would be bid 13.49 against ask 13.50: applied.
  crossed.bids[1].price = usd("13.49");
  EXPECT_TRUE(core->on_book(at_s(3), kBtcUsd, crossed).empty());
  EXPECT_EQ(core->book(kBtcUsd)->best_bid(), usd("13.49"));
}

TEST_F(CoreTest, OpenOrdersAreReconciledPeriodically) {
  CoreConfig config;
  config.periodic_reconcile = std::chrono::seconds(60);
  config.max_book_age = Micros(0);
  make_core(config);
  Scripted& s = add("s1");
  EXPECT_TRUE(core->on_timer(at_s(1000)).empty());  // nothing unsettled: nothing to check
  place_via(s, Side::kBid, "13.45", "1", 1000);
  (void)core->on_placed(at_s(1001), last_place, "ex-1");
  auto first = effects_of<RequestReconcile>(core->on_timer(at_s(1002)));
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].since, at_s(1000));                                          // from the order's creation
  EXPECT_TRUE(effects_of<RequestReconcile>(core->on_timer(at_s(1061))).empty());  // 59 s later
  EXPECT_EQ(effects_of<RequestReconcile>(core->on_timer(at_s(1062))).size(), 1u);  // 60 s later
}

TEST_F(CoreTest, StaleBookIsRefetchedOnTheTimer) {
  CoreConfig config;
  config.max_book_age = std::chrono::seconds(30);
  make_core(config);
  add("s1");
  Depth depth;
  depth.bids = {DepthLevel{usd("13.40"), btc("1")}};
  depth.asks = {DepthLevel{usd("13.50"), btc("1")}};
  EXPECT_TRUE(core->on_book(at_s(100), kBtcUsd, depth).empty());
  EXPECT_TRUE(effects_of<RequestBook>(core->on_timer(at_s(130))).empty());  // 30 s old: not older
  EXPECT_EQ(effects_of<RequestBook>(core->on_timer(at_s(131))).size(), 1u);
}

TEST_F(CoreTest, BookKnowsOwnOrders) {
  Scripted& s = add("s1");
  place_via(s, Side::kBid, "13.45", "1");
  (void)core->on_placed(at_s(101), last_place, "ex-1");
  Depth depth;
  depth.bids = {DepthLevel{usd("13.40"), btc("5")},
                DepthLevel{usd("13.45"), btc("3")}};  // ascending, as sent
  depth.asks = {DepthLevel{usd("13.50"), btc("1")}};
  (void)core->on_book(at_s(102), kBtcUsd, depth);
  Amount own, others;
  std::optional<Price> best;
  s.trades_hook = [&](StrategyContext& ctx, std::span<const Trade>) {
    own = ctx.book().own_at(Side::kBid, usd("13.45"));
    others = ctx.book().others_at(Side::kBid, usd("13.45"));
    best = ctx.book().best_bid();
  };
  const std::vector<Trade> trades{trade_at("13.50")};
  (void)core->on_trades(at_s(103), kBtcUsd, trades);
  EXPECT_EQ(own, btc("1"));
  EXPECT_EQ(others, btc("2"));
  EXPECT_EQ(best, usd("13.45"));
}

TEST_F(CoreTest, AmbiguousPlaceBlocksTheStrategyUntilResolved) {
  CoreConfig config;
  config.orders.ambiguous_window = std::chrono::seconds(60);
  make_core(config);
  Scripted& s = add("s1");
  Scripted& other = add("s2");
  place_via(s, Side::kBid, "13.45", "1", 100);
  const ClientId first = last_place;
  auto span = core->on_place_ambiguous(at_s(101), first, make_error(Errc::kAmbiguous, "timeout"));
  EXPECT_EQ(effects_of<RequestReconcile>(span).size(), 1u);
  auto blocked = place_via(s, Side::kBid, "13.45", "1", 102);
  EXPECT_EQ(last_place, 0);
  EXPECT_TRUE(effects_of<SendPlace>(blocked).empty());
  place_via(other, Side::kBid, "13.45", "1", 102);  // another strategy is not blocked
  EXPECT_NE(last_place, 0);
  (void)core->on_reconcile(at_s(161), {}, {});
  EXPECT_EQ(core->orders().find(first)->state, OrderState::kRejected);
  place_via(s, Side::kBid, "13.45", "1", 162);
  EXPECT_NE(last_place, 0);
}

TEST_F(CoreTest, OrderPlacedAfterTheKillSwitchIsCancelledAtOnce) {
  RiskLimits limits;
  limits.max_consecutive_errors = 1;
  Scripted& s = with_risk(limits);
  place_via(s, Side::kBid, "13.45", "1");
  const ClientId in_flight = last_place;
  place_via(s, Side::kBid, "13.40", "1");
  (void)core->on_place_rejected(at_s(101), last_place, make_error(Errc::kExchange, "nope"));
  ASSERT_TRUE(core->halted());
  auto effects = core->on_placed(at_s(102), in_flight, "ex-1");
  ASSERT_EQ(effects_of<SendCancel>(effects).size(), 1u);
  EXPECT_EQ(effects_of<SendCancel>(effects)[0].exchange_id, "ex-1");
}

TEST_F(CoreTest, StopCancelsOpenOrdersOnlyWhenAsked) {
  Scripted& s = add("s1");
  place_via(s, Side::kBid, "13.45", "1");
  (void)core->on_placed(at_s(101), last_place, "ex-1");
  auto kept = core->stop(at_s(102), false);
  EXPECT_TRUE(effects_of<SendCancel>(kept).empty());
  EXPECT_EQ(decisions(kept, DecisionKind::kHalt).size(), 1u);
  place_via(s, Side::kBid, "13.45", "1");
  EXPECT_EQ(last_place, 0);  // nothing more is placed

  make_core({});
  Scripted& t = add("s1");
  place_via(t, Side::kBid, "13.45", "1");
  (void)core->on_placed(at_s(101), last_place, "ex-1");
  EXPECT_EQ(effects_of<SendCancel>(core->stop(at_s(102), true)).size(), 1u);
}

TEST_F(CoreTest, ExchangeRejectionIsADecision) {
  Scripted& s = add("s1");
  place_via(s, Side::kBid, "13.45", "1");
  auto effects =
      core->on_place_rejected(at_s(101), last_place, make_error(Errc::kExchange, "Insufficient funds"));
  auto rejected = decisions(effects, DecisionKind::kOrderRejected);
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].strategy_id, "s1");
  EXPECT_NE(rejected[0].reason.find("Insufficient funds"), std::string::npos);
  EXPECT_EQ(s.updates, std::vector<OrderState>{OrderState::kRejected});
}

TEST_F(CoreTest, StrategiesOnDifferentPairsSeeOnlyTheirOwn) {
  const Pair btc_eur{Currency::btc(), *Currency::from_code("EUR")};
  Scripted& usd_side = add("usd", kBtcUsd);
  Scripted& eur_side = add("eur", btc_eur);
  std::optional<Price> eur_last;
  eur_side.trades_hook = [&](StrategyContext& ctx, std::span<const Trade>) {
    eur_last = ctx.last_price();
    EXPECT_EQ(ctx.pair(), btc_eur);
  };
  const std::vector<Trade> eur{trade_at("10.5")};
  (void)core->on_trades(at_s(1), btc_eur, eur);
  EXPECT_EQ(usd_side.trades_seen, 0);
  EXPECT_EQ(eur_side.trades_seen, 1);
  EXPECT_EQ(eur_last, usd("10.5"));  // EUR has 5 decimals like USD
  const std::vector<Trade> usd_trades{trade_at("13.5")};
  (void)core->on_trades(at_s(2), kBtcUsd, usd_trades);
  EXPECT_EQ(usd_side.trades_seen, 1);
  EXPECT_EQ(eur_side.trades_seen, 1);
}

// A Scripted strategy that reads back the state Scripted saves ("seen N"), as a strategy built from a
// reloaded configuration would; `refuse` makes load_state fail.
class Reloaded : public Scripted {
 public:
  using Scripted::Scripted;
  Status load_state(std::string_view text) override {
    if (refuse) return make_error(Errc::kParse, "unreadable");
    if (!text.starts_with("seen ")) return make_error(Errc::kParse, "expected 'seen N'");
    trades_seen = std::stoi(std::string(text.substr(5)));
    return {};
  }
  bool refuse = false;
};

TEST_F(CoreTest, ReplacedStrategyKeepsItsOrdersAndStateAndActsOnItsNewParameters) {
  Scripted& old = add("s1");
  place_via(old, Side::kBid, "13.45", "1");
  const ClientId resting = last_place;
  (void)core->on_placed(at_s(101), resting, "ex-1");
  ASSERT_EQ(old.trades_seen, 1);

  auto fresh = std::make_unique<Reloaded>("s1");
  Reloaded& now = *fresh;
  ASSERT_TRUE(core->replace_strategy(std::move(fresh)).ok());
  EXPECT_EQ(now.trades_seen, 1);  // "seen 1" carried over

  // Its new parameter (here: sell at 14.00 on the next trade) applies, and the resting bid is still its.
  std::vector<ClientId> sees;
  now.trades_hook = [&](StrategyContext& ctx, std::span<const Trade>) {
    for (const OrderRecord* o : ctx.orders()) sees.push_back(o->client_id);
    (void)ctx.place(Side::kAsk, usd("14.00"), btc("0.5"), "new parameters");
  };
  const std::vector<Trade> trades{trade_at("13.60")};
  auto effects = core->on_trades(at_s(102), kBtcUsd, trades);
  EXPECT_EQ(sees, std::vector<ClientId>{resting});
  auto sends = effects_of<SendPlace>(effects);
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].side, Side::kAsk);
  EXPECT_EQ(sends[0].price, usd("14.00"));
  EXPECT_TRUE(effects_of<SendCancel>(effects).empty());  // nothing of the old order is dropped

  // A fill of the order placed before the swap reaches the new object.
  auto filled = core->on_fill(at_s(103), fill_of("t1", "ex-1", Side::kBid, "13.45", "1"));
  EXPECT_EQ(now.fills_seen, std::vector<std::string>{"t1"});
  EXPECT_EQ(core->orders().find(resting)->strategy_id, "s1");
  EXPECT_EQ(core->orders().find(resting)->state, OrderState::kFilled);
  EXPECT_FALSE(effects_of<PersistFill>(filled).empty());
}

TEST_F(CoreTest, ReplaceStrategyRefusesAnotherIdPairOrUnreadableStateAndKeepsTheOldOne) {
  Scripted& old = add("s1");
  auto unknown = core->replace_strategy(std::make_unique<Reloaded>("s2"));
  EXPECT_EQ(unknown.error().code, Errc::kNotFound);
  const Pair btc_eur{Currency::btc(), *Currency::from_code("EUR")};
  EXPECT_FALSE(core->replace_strategy(std::make_unique<Reloaded>("s1", btc_eur)).ok());
  auto refusing = std::make_unique<Reloaded>("s1");
  refusing->refuse = true;
  auto unreadable = core->replace_strategy(std::move(refusing));
  ASSERT_FALSE(unreadable.ok());
  EXPECT_NE(unreadable.error().message.find("unreadable"), std::string::npos);

  const std::vector<Trade> trades{trade_at("13.60")};
  (void)core->on_trades(at_s(1), kBtcUsd, trades);
  EXPECT_EQ(old.trades_seen, 1);  // the old object still runs
  ASSERT_EQ(core->strategies().size(), 1u);
  EXPECT_EQ(core->strategies()[0].state, "seen 1");
}

TEST_F(CoreTest, StrategyViewsSayWhyOneWasDisabled) {
  Scripted& s = add("s1");
  add("s2");
  s.trades_hook = [](StrategyContext&, std::span<const Trade>) { throw std::runtime_error("boom"); };
  const std::vector<Trade> trades{trade_at("13.60")};
  (void)core->on_trades(at_s(1), kBtcUsd, trades);
  const auto views = core->strategies();
  ASSERT_EQ(views.size(), 2u);
  EXPECT_FALSE(views[0].enabled);
  EXPECT_NE(views[0].disabled_reason.find("boom"), std::string::npos);
  EXPECT_TRUE(views[1].enabled);
  EXPECT_EQ(views[1].disabled_reason, "");
  EXPECT_EQ(views[1].state, "seen 1");
}

// The fault soak (tests/soak/) met a sell of one chain that crossed a resting buy of another: MtGox
// reports such a trade once per side under one trade id, and the history kept one side's fill only.
// So no order may meet one of our own, without any limit configured; ambiguous orders count, as they
// may rest at the exchange.
TEST_F(CoreTest, NeverTradesWithItsOwnOrders) {
  Scripted& s = with_risk({});
  place_via(s, Side::kBid, "13.45", "1");
  (void)core->on_placed(at_s(101), last_place, "ex-1");
  auto refused = place_via(s, Side::kAsk, "13.45", "1");  // would meet our bid at 13.45
  EXPECT_EQ(last_place, 0);
  ASSERT_EQ(decisions(refused, DecisionKind::kRiskRejected).size(), 1u);
  EXPECT_NE(decisions(refused, DecisionKind::kRiskRejected)[0].reason.find("self-trade"), std::string::npos);
  place_via(s, Side::kAsk, "13.45001", "1");  // one unit above our bid: no trade with it
  ASSERT_NE(last_place, 0);
  const ClientId unanswered_ask = last_place;
  place_via(s, Side::kBid, "13.45001", "1");  // would meet the ask, not yet answered
  EXPECT_EQ(last_place, 0);
  place_via(s, Side::kBid, "13.44", "1");
  EXPECT_NE(last_place, 0);
  (void)core->on_place_rejected(at_s(102), unanswered_ask, make_error(Errc::kInvalidArgument, "no"));
  place_via(s, Side::kBid, "13.46", "1");  // the ask is gone
  EXPECT_NE(last_place, 0);
}

}  // namespace
}  // namespace dealer::engine
