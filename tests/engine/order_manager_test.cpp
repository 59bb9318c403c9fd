#include "engine/order_manager.h"

#include <gtest/gtest.h>

#include "engine/engine_test_support.h"

namespace dealer::engine {
namespace {

using namespace dealer::testing;  // the shared engine test helpers

class OrderManagerTest : public ::testing::Test {
 protected:
  ClientId place(Side side, std::string_view price, std::string_view amount, int64_t t = 100) {
    return manager.place(at_s(t), "s1", kBtcUsd, side, usd(price), btc(amount), "test", out).client_id;
  }
  OrderState state(ClientId id) const { return manager.find(id)->state; }
  // A bid of 2 at 13.45 placed at 100 s as ex-1, its cancel sent at 102 s; `out` emptied.
  ClientId cancelling_bid() {
    const ClientId id = place(Side::kBid, "13.45", "2");
    manager.on_placed(at_s(101), id, "ex-1", out);
    EXPECT_TRUE(manager.cancel(at_s(102), id, "requote", out).ok());
    out.clear();
    return id;
  }

  OrderManagerConfig config{std::chrono::seconds(60), std::chrono::seconds(30)};
  OrderManager manager{config};
  Effects out;
};

TEST_F(OrderManagerTest, WritesTheOrderBeforeSendingIt) {
  const ClientId id = place(Side::kBid, "13.45", "2");
  ASSERT_EQ(out.size(), 2u);
  const auto& row = std::get<PersistOrder>(out[0]).order;
  EXPECT_EQ(row.state, OrderState::kNew);
  EXPECT_EQ(row.client_id, id);
  const auto& send = std::get<SendPlace>(out[1]);
  EXPECT_EQ(send.client_id, id);
  EXPECT_EQ(send.price, usd("13.45"));
  EXPECT_EQ(send.amount, btc("2"));
  EXPECT_EQ(state(id), OrderState::kSent);
}

TEST_F(OrderManagerTest, ClientIdsIncreaseAndContinueAfterRestore) {
  const ClientId a = place(Side::kBid, "1", "1");
  const ClientId b = place(Side::kBid, "1", "1");
  EXPECT_EQ(b, a + 1);
  OrderManager restarted(config);
  Effects restore_out;
  std::vector<OrderRecord> rows{*manager.find(a), *manager.find(b)};
  restarted.restore(at_s(200), rows, {}, 1, restore_out);
  EXPECT_EQ(restarted.next_client_id(), b + 1);
}

TEST_F(OrderManagerTest, PartialFillsThenFilled) {
  const ClientId id = place(Side::kBid, "13.45", "2");
  manager.on_placed(at_s(101), id, "ex-1", out);
  EXPECT_EQ(state(id), OrderState::kOpen);
  manager.on_fill(at_s(102), fill_of("t1", "ex-1", Side::kBid, "13.45", "0.5"), out);
  EXPECT_EQ(state(id), OrderState::kPartiallyFilled);
  EXPECT_EQ(manager.find(id)->filled, btc("0.5"));
  manager.on_fill(at_s(103), fill_of("t2", "ex-1", Side::kBid, "13.45", "1.5"), out);
  EXPECT_EQ(state(id), OrderState::kFilled);
  EXPECT_EQ(manager.position(Currency::btc()), btc("2").raw());
}

TEST_F(OrderManagerTest, DuplicateFillIsCountedOnce) {
  const ClientId id = place(Side::kBid, "13.45", "2");
  manager.on_placed(at_s(101), id, "ex-1", out);
  manager.on_fill(at_s(102), fill_of("t1", "ex-1", Side::kBid, "13.45", "0.5"), out);
  out.clear();
  manager.on_fill(at_s(103), fill_of("t1", "ex-1", Side::kBid, "13.45", "0.5"), out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(manager.find(id)->filled, btc("0.5"));
}

TEST_F(OrderManagerTest, OverfillIsRefusedAsAnAnomaly) {
  const ClientId id = place(Side::kAsk, "13.75", "1");
  manager.on_placed(at_s(101), id, "ex-1", out);
  out.clear();
  manager.on_fill(at_s(102), fill_of("t1", "ex-1", Side::kAsk, "13.75", "1.5"), out);
  EXPECT_EQ(manager.find(id)->filled, Amount(0));
  ASSERT_EQ(effects_of<PersistDecision>(out).size(), 1u);
  EXPECT_EQ(effects_of<PersistDecision>(out)[0].decision.kind, DecisionKind::kAnomaly);
}

// Fills are deduplicated per order (nautilus OrderCore::apply): MtGox names both sides of a trade
// between two of our orders with one trade id, and two pairs may reuse an id. Each is a fill.
TEST_F(OrderManagerTest, BothSidesOfOneTradeIdAreTwoFills) {
  const ClientId bid = place(Side::kBid, "13.45", "1");
  const ClientId ask = place(Side::kAsk, "13.45", "1");
  manager.on_placed(at_s(101), bid, "ex-1", out);
  manager.on_placed(at_s(101), ask, "ex-2", out);
  out.clear();
  manager.on_fill(at_s(102), fill_of("t1", "ex-1", Side::kBid, "13.45", "1"), out);
  manager.on_fill(at_s(102), fill_of("t1", "ex-2", Side::kAsk, "13.45", "1"), out);
  manager.on_fill(at_s(103), fill_of("t1", "ex-2", Side::kAsk, "13.45", "1"), out);  // seen again
  EXPECT_EQ(effects_of<PersistFill>(out).size(), 2u);
  EXPECT_EQ(state(bid), OrderState::kFilled);
  EXPECT_EQ(state(ask), OrderState::kFilled);
  EXPECT_EQ(manager.position(Currency::btc()), 0);
}

TEST_F(OrderManagerTest, TwoPairsTradesWithOneIdAreTwoFills) {
  const Pair btceur{Currency::btc(), *Currency::from_code("EUR")};
  const ClientId usd_bid = place(Side::kBid, "13.45", "1");
  const ClientId eur_bid =
      manager.place(at_s(100), "s2", btceur, Side::kBid, usd("10"), btc("1"), "test", out).client_id;
  manager.on_placed(at_s(101), usd_bid, "ex-usd", out);
  manager.on_placed(at_s(101), eur_bid, "ex-eur", out);
  manager.on_fill(at_s(102), fill_of("1000", "ex-usd", Side::kBid, "13.45", "1"), out);
  manager.on_fill(at_s(102), fill_of("1000", "ex-eur", Side::kBid, "10", "1"), out);
  EXPECT_EQ(state(usd_bid), OrderState::kFilled);
  EXPECT_EQ(state(eur_bid), OrderState::kFilled);
  EXPECT_EQ(manager.position(Currency::btc()), btc("2").raw());
}

// Issue 18 case 2: order/result claimed each trade x100. The claim was refused, but its trade id was
// marked seen, so the true fill under that id was dropped, and the order, gone from the open orders,
// was settled as cancelled with 0 filled. Now the claim disputes the order; no settlement while it
// does; the true fill settles it.
TEST_F(OrderManagerTest, AnOverstatedFillMakesTheOrderAmbiguousUntilTheTrueFillSettlesIt) {
  const ClientId id = place(Side::kAsk, "13.75", "2");
  manager.on_placed(at_s(101), id, "ex-1", out);
  out.clear();
  const Fill overstated = fill_of("t1", "ex-1", Side::kAsk, "13.75", "200");
  const Fill truth = fill_of("t1", "ex-1", Side::kAsk, "13.75", "2");
  std::vector<Fill> claims{overstated};
  manager.on_reconcile(at_s(110), {}, claims, out);  // gone from the open orders
  EXPECT_EQ(state(id), OrderState::kAmbiguous);
  EXPECT_TRUE(manager.has_ambiguous("s1"));
  EXPECT_EQ(manager.find(id)->filled, Amount(0));
  EXPECT_EQ(effects_of<RequestReconcile>(out).size(), 1u);
  EXPECT_EQ(effects_of<PersistDecision>(out).size(), 1u);  // the anomaly, said once
  out.clear();
  manager.on_cancelled(at_s(111), id, out);  // a late "cancelled": not believed over a disputed fill
  EXPECT_EQ(state(id), OrderState::kAmbiguous);
  manager.on_reconcile(at_s(120), {}, claims, out);  // the same lie again: still nothing concluded
  EXPECT_EQ(state(id), OrderState::kAmbiguous);
  EXPECT_TRUE(effects_of<PersistDecision>(out).empty());
  std::vector<Fill> both{overstated, truth};  // order/result, then the own trades
  manager.on_reconcile(at_s(130), {}, both, out);
  EXPECT_EQ(state(id), OrderState::kFilled);
  EXPECT_EQ(manager.find(id)->filled, btc("2"));
  EXPECT_EQ(manager.position(Currency::btc()), -btc("2").raw());
  EXPECT_FALSE(manager.has_ambiguous("s1"));
}

// Two sources naming one fill differently: the order is disputed until a snapshot agrees again.
TEST_F(OrderManagerTest, AFillContradictingTheOneAppliedDisputesTheOrder) {
  const ClientId id = place(Side::kBid, "13.45", "2");
  manager.on_placed(at_s(101), id, "ex-1", out);
  manager.on_fill(at_s(102), fill_of("t1", "ex-1", Side::kBid, "13.45", "1"), out);
  out.clear();
  manager.on_fill(at_s(103), fill_of("t1", "ex-1", Side::kBid, "13.45", "0.5"), out);
  EXPECT_EQ(state(id), OrderState::kAmbiguous);
  EXPECT_EQ(manager.find(id)->filled, btc("1"));
  EXPECT_EQ(effects_of<RequestReconcile>(out).size(), 1u);
  std::vector<Order> open{open_order("ex-1", Side::kBid, "13.45", "1")};
  std::vector<Fill> agreed{fill_of("t1", "ex-1", Side::kBid, "13.45", "1")};
  manager.on_reconcile(at_s(110), open, agreed, out);
  EXPECT_EQ(state(id), OrderState::kPartiallyFilled);
  EXPECT_EQ(manager.position(Currency::btc()), btc("1").raw());
}

TEST_F(OrderManagerTest, FillArrivingAfterCancelRequestCompletesTheOrder) {
  const ClientId id = place(Side::kBid, "13.45", "2");
  manager.on_placed(at_s(101), id, "ex-1", out);
  ASSERT_TRUE(manager.cancel(at_s(102), id, "requote", out).ok());
  EXPECT_EQ(state(id), OrderState::kCancelling);
  manager.on_fill(at_s(103), fill_of("t1", "ex-1", Side::kBid, "13.45", "2"), out);
  EXPECT_EQ(state(id), OrderState::kFilled);
  // The exchange then says the cancel failed (order gone) or even "cancelled": filled stays filled.
  manager.on_cancelled(at_s(104), id, out);
  EXPECT_EQ(state(id), OrderState::kFilled);
}

TEST_F(OrderManagerTest, PartialFillDuringCancelKeepsCancellingThenCancelled) {
  const ClientId id = place(Side::kBid, "13.45", "2");
  manager.on_placed(at_s(101), id, "ex-1", out);
  ASSERT_TRUE(manager.cancel(at_s(102), id, "requote", out).ok());
  manager.on_fill(at_s(103), fill_of("t1", "ex-1", Side::kBid, "13.45", "0.5"), out);
  EXPECT_EQ(state(id), OrderState::kCancelling);
  manager.on_cancelled(at_s(104), id, out);
  EXPECT_EQ(state(id), OrderState::kCancelled);
  // A fill reported late for the cancelled order still counts; the state stays terminal.
  manager.on_fill(at_s(105), fill_of("t2", "ex-1", Side::kBid, "13.45", "0.25"), out);
  EXPECT_EQ(state(id), OrderState::kCancelled);
  EXPECT_EQ(manager.find(id)->filled, btc("0.75"));
}

TEST_F(OrderManagerTest, CancelFailureReturnsToOpenAndAsksForReconciliation) {
  const ClientId id = cancelling_bid();
  manager.on_cancel_failed(at_s(103), id, make_error(Errc::kNetwork, "timeout"), out);
  EXPECT_EQ(state(id), OrderState::kOpen);
  EXPECT_EQ(effects_of<RequestReconcile>(out).size(), 1u);
}

// Regression (issue 13): a refused cancel put the order back to open, so its strategy cancelled it again
// at once, and each refusal restarted the reconciliation that would have found its fills: a loop of
// thousands of cancels, the order left cancelling and its fills missing from the history.
TEST_F(OrderManagerTest, RefusedCancelStaysCancellingUntilTheReconciliationSettlesIt) {
  const ClientId id = cancelling_bid();
  manager.on_cancel_failed(at_s(103), id,
                           make_error(Errc::kExchange, "MtGox: Order not found", "order_not_found"), out);
  EXPECT_EQ(state(id), OrderState::kCancelling);  // not cancellable again
  EXPECT_FALSE(manager.cancel(at_s(103), id, "requote", out).ok());
  EXPECT_EQ(effects_of<RequestReconcile>(out).size(), 1u);
  // The exchange filled it before the cancel arrived: gone from the open orders, its 2 BTC among our fills.
  const std::vector<Fill> fills{fill_of("t1", "ex-1", Side::kBid, "13.45", "2")};
  manager.on_reconcile(at_s(104), {}, fills, out);
  EXPECT_EQ(state(id), OrderState::kFilled);
  EXPECT_EQ(manager.find(id)->filled, btc("2"));
}

// A refusal while the exchange still lists the order open (whatever the reason): the cancel is sent again
// once the ambiguous window (60 s by default) has passed, not before, so the order does not stay
// cancelling for good.
TEST_F(OrderManagerTest, RefusedCancelOfAnOrderStillOpenIsSentAgainAfterTheWindow) {
  const ClientId id = cancelling_bid();
  manager.on_cancel_failed(at_s(103), id, make_error(Errc::kExchange, "MtGox: busy"), out);
  Order open;
  open.id = "ex-1";
  open.side = Side::kBid;
  open.price = usd("13.45");
  open.amount = btc("2");
  manager.on_reconcile(at_s(110), std::vector<Order>{open}, {}, out);
  EXPECT_EQ(effects_of<SendCancel>(out).size(), 0u);  // 7 s after the refusal: within the window
  manager.on_reconcile(at_s(163), std::vector<Order>{open}, {}, out);
  ASSERT_EQ(effects_of<SendCancel>(out).size(), 1u);  // 60 s after it
  EXPECT_EQ(effects_of<SendCancel>(out)[0].exchange_id, "ex-1");
  EXPECT_EQ(state(id), OrderState::kCancelling);
}

TEST_F(OrderManagerTest, CannotCancelBeforeTheExchangeNamesTheOrder) {
  const ClientId id = place(Side::kBid, "13.45", "2");
  EXPECT_FALSE(manager.cancel(at_s(101), id, "x", out).ok());
}

TEST_F(OrderManagerTest, RejectedIsTerminal) {
  const ClientId id = place(Side::kBid, "13.45", "2");
  manager.on_place_rejected(at_s(101), id, make_error(Errc::kExchange, "Insufficient funds"), out);
  EXPECT_EQ(state(id), OrderState::kRejected);
  manager.on_placed(at_s(102), id, "ex-1", out);
  EXPECT_EQ(state(id), OrderState::kRejected);
}

TEST_F(OrderManagerTest, MissingFromOpenOrdersIsNeverAssumedFilled) {
  const ClientId id = place(Side::kBid, "13.45", "2");
  manager.on_placed(at_s(101), id, "ex-1", out);
  // Gone from the open orders, and the own trades show 0.5 of 2: 0.5 filled, the rest closed.
  std::vector<Fill> trades{fill_of("t1", "ex-1", Side::kBid, "13.45", "0.5", at_s(102))};
  manager.on_reconcile(at_s(110), {}, trades, out);
  EXPECT_EQ(state(id), OrderState::kCancelled);
  EXPECT_EQ(manager.find(id)->filled, btc("0.5"));
}

TEST_F(OrderManagerTest, MissingFromOpenOrdersWithAllFillsIsFilled) {
  const ClientId id = place(Side::kBid, "13.45", "2");
  manager.on_placed(at_s(101), id, "ex-1", out);
  std::vector<Fill> trades{fill_of("t1", "ex-1", Side::kBid, "13.45", "2", at_s(102))};
  manager.on_reconcile(at_s(110), {}, trades, out);
  EXPECT_EQ(state(id), OrderState::kFilled);
}

TEST_F(OrderManagerTest, StillOpenStaysOpen) {
  const ClientId id = place(Side::kBid, "13.45", "2");
  manager.on_placed(at_s(101), id, "ex-1", out);
  std::vector<Order> open{open_order("ex-1", Side::kBid, "13.45", "2", 101)};
  manager.on_reconcile(at_s(110), open, {}, out);
  EXPECT_EQ(state(id), OrderState::kOpen);
}

TEST_F(OrderManagerTest, AmbiguousFoundAmongOpenOrders) {
  const ClientId id = place(Side::kBid, "13.45", "2", 100);
  manager.on_place_ambiguous(at_s(101), id, make_error(Errc::kAmbiguous, "timeout"), out);
  EXPECT_EQ(state(id), OrderState::kAmbiguous);
  EXPECT_TRUE(manager.has_ambiguous("s1"));
  // A foreign order at another price, then ours: same side, price and amount, stamped after creation.
  std::vector<Order> open{open_order("other", Side::kBid, "13.40", "2", 100),
                          open_order("ex-9", Side::kBid, "13.45", "2", 100)};
  manager.on_reconcile(at_s(105), open, {}, out);
  EXPECT_EQ(state(id), OrderState::kOpen);
  EXPECT_EQ(manager.find(id)->exchange_id, "ex-9");
  EXPECT_FALSE(manager.has_ambiguous("s1"));
}

TEST_F(OrderManagerTest, AmbiguousFoundAmongOwnTrades) {
  const ClientId id = place(Side::kAsk, "13.75", "2", 100);
  manager.on_place_ambiguous(at_s(101), id, make_error(Errc::kAmbiguous, "timeout"), out);
  // Filled at once and gone from the open orders: only the own trades show it (better price is fine).
  std::vector<Fill> trades{fill_of("t1", "ex-7", Side::kAsk, "13.80", "1.25", at_s(100)),
                           fill_of("t2", "ex-7", Side::kAsk, "13.75", "0.75", at_s(100))};
  manager.on_reconcile(at_s(105), {}, trades, out);
  EXPECT_EQ(state(id), OrderState::kFilled);
  EXPECT_EQ(manager.find(id)->exchange_id, "ex-7");
  EXPECT_EQ(manager.find(id)->filled, btc("2"));
}

TEST_F(OrderManagerTest, AmbiguousNotFoundIsRejectedOnlyAfterTheWindow) {
  const ClientId id = place(Side::kBid, "13.45", "2", 100);
  manager.on_place_ambiguous(at_s(101), id, make_error(Errc::kAmbiguous, "timeout"), out);
  // A trade too old to be ours (before creation minus 30 s skew) and an open order of another amount.
  std::vector<Fill> trades{fill_of("old", "ex-1", Side::kBid, "13.45", "2", at_s(60))};
  std::vector<Order> open{open_order("ex-2", Side::kBid, "13.45", "1", 100)};
  manager.on_reconcile(at_s(160), open, trades, out);  // 59 s after it became ambiguous
  EXPECT_EQ(state(id), OrderState::kAmbiguous);
  manager.on_reconcile(at_s(161), open, {}, out);  // 60 s: the window is over
  EXPECT_EQ(state(id), OrderState::kRejected);
  EXPECT_FALSE(manager.has_ambiguous("s1"));
}

// Found by the property test: an exchange order may be the one a still unanswered place created.
TEST_F(OrderManagerTest, AmbiguousIsNotMatchedWhileAnUnansweredOrderFitsToo) {
  const ClientId unanswered = place(Side::kBid, "13.45", "2", 100);
  const ClientId ambiguous = place(Side::kBid, "13.45", "2", 100);
  manager.on_place_ambiguous(at_s(101), ambiguous, make_error(Errc::kAmbiguous, "timeout"), out);
  std::vector<Order> open{open_order("ex-1", Side::kBid, "13.45", "2", 100)};
  manager.on_reconcile(at_s(200), open, {}, out);  // past the window, yet ex-1 could be the ambiguous one
  EXPECT_EQ(state(ambiguous), OrderState::kAmbiguous);
  manager.on_placed(at_s(201), unanswered, "ex-1", out);
  manager.on_reconcile(at_s(202), open, {}, out);  // ex-1 is taken: nothing else fits
  EXPECT_EQ(state(ambiguous), OrderState::kRejected);
  EXPECT_EQ(state(unanswered), OrderState::kOpen);
}

// Found by the property test: the earliest exchange order has the fewest possible owners.
TEST_F(OrderManagerTest, AmbiguousMatchingServesTheEarliestExchangeOrderFirst) {
  const ClientId early = place(Side::kBid, "13.45", "1", 100);
  manager.on_place_ambiguous(at_s(101), early, make_error(Errc::kAmbiguous, "timeout"), out);
  const ClientId late = place(Side::kBid, "13.45", "1", 300);
  manager.on_place_ambiguous(at_s(301), late, make_error(Errc::kAmbiguous, "timeout"), out);
  // Listed late first: ex-late (stamped 300) could be either order, ex-early (filled at 100) only the
  // early one (the late order did not exist before 300 - 30 s).
  std::vector<Order> open{open_order("ex-late", Side::kBid, "13.45", "1", 300)};
  std::vector<Fill> trades{fill_of("t1", "ex-early", Side::kBid, "13.45", "1", at_s(100))};
  manager.on_reconcile(at_s(400), open, trades, out);
  EXPECT_EQ(manager.find(early)->exchange_id, "ex-early");
  EXPECT_EQ(state(early), OrderState::kFilled);
  EXPECT_EQ(manager.find(late)->exchange_id, "ex-late");
  EXPECT_EQ(state(late), OrderState::kOpen);
}

// Found by the property test: a fill at 13.40 could fill a buy limited at 13.45 or at 13.40; the one
// at exactly 13.40 is the likelier owner.
TEST_F(OrderManagerTest, AmbiguousMatchingPrefersTheExactPrice) {
  const ClientId higher = place(Side::kBid, "13.45", "1", 100);
  const ClientId exact = place(Side::kBid, "13.40", "1", 100);
  manager.on_place_ambiguous(at_s(101), higher, make_error(Errc::kAmbiguous, "timeout"), out);
  manager.on_place_ambiguous(at_s(101), exact, make_error(Errc::kAmbiguous, "timeout"), out);
  std::vector<Fill> trades{fill_of("t1", "ex-1", Side::kBid, "13.40", "1", at_s(100))};
  manager.on_reconcile(at_s(110), {}, trades, out);
  EXPECT_EQ(manager.find(exact)->exchange_id, "ex-1");
  EXPECT_TRUE(manager.find(higher)->exchange_id.empty());
}

// Found by the property test once it restarted: lookalikes (same side, price and amount) are not
// interchangeable for the candidates after them. ex-early (filled at 100) waits: the unanswered sell at
// 13.40 could be it (a sell limited at 13.40 may fill at 13.45). ex-late (stamped 300) could be either
// lookalike; taking the one placed at 100 would leave ex-early nobody of its price, and the sell at
// 13.40 would take its fill. The lookalike created at 300, closest to the exchange's stamp, is bound.
TEST_F(OrderManagerTest, AmbiguousLookalikesAreMatchedByTheExchangesTimestamp) {
  const ClientId early = place(Side::kAsk, "13.45", "1", 100);
  manager.on_place_ambiguous(at_s(101), early, make_error(Errc::kAmbiguous, "timeout"), out);
  place(Side::kAsk, "13.40", "1", 100);  // unanswered
  const ClientId late = place(Side::kAsk, "13.45", "1", 300);
  manager.on_place_ambiguous(at_s(301), late, make_error(Errc::kAmbiguous, "timeout"), out);
  std::vector<Order> open{open_order("ex-late", Side::kAsk, "13.45", "1", 300)};
  std::vector<Fill> trades{fill_of("t1", "ex-early", Side::kAsk, "13.45", "1", at_s(100))};
  manager.on_reconcile(at_s(310), open, trades, out);
  EXPECT_EQ(manager.find(late)->exchange_id, "ex-late");
  EXPECT_EQ(state(late), OrderState::kOpen);
  EXPECT_EQ(state(early), OrderState::kAmbiguous);  // ex-early is still in question
}

TEST_F(OrderManagerTest, UnknownFillIsReportedOnceAndLaterClaimable) {
  const ClientId id = place(Side::kBid, "13.45", "1", 100);
  const Fill early = fill_of("t1", "ex-1", Side::kBid, "13.45", "1", at_s(100));
  manager.on_fill(at_s(100), early, out);
  manager.on_fill(at_s(100), early, out);
  EXPECT_EQ(effects_of<PersistDecision>(out).size(), 1u);
  manager.on_place_ambiguous(at_s(101), id, make_error(Errc::kAmbiguous, "timeout"), out);
  std::vector<Fill> trades{early};
  manager.on_reconcile(at_s(110), {}, trades, out);
  EXPECT_EQ(state(id), OrderState::kFilled);
}

TEST_F(OrderManagerTest, RestoreRecountsFillsAndTurnsUnansweredOrdersAmbiguous) {
  OrderRecord open = order_row(7, "s1", Side::kBid, "13.45", "2", OrderState::kOpen, "ex-7");
  open.filled = btc("0.1");  // stale: the fills say 2
  const OrderRecord unanswered = order_row(8, "s1", Side::kBid, "13.45", "2", OrderState::kNew, "");
  std::vector<OrderRecord> rows{open, unanswered};
  std::vector<Fill> fills{fill_of("t1", "ex-7", Side::kBid, "13.45", "1.5"),
                          fill_of("t2", "ex-7", Side::kBid, "13.45", "0.5")};
  manager.restore(at_s(500), rows, fills, 5, out);
  EXPECT_EQ(state(7), OrderState::kFilled);
  EXPECT_EQ(manager.find(7)->filled, btc("2"));
  EXPECT_EQ(state(8), OrderState::kAmbiguous);
  EXPECT_EQ(manager.next_client_id(), 9);
  EXPECT_EQ(effects_of<RequestReconcile>(out).size(), 1u);
  // The restored fills are known: fed again by a reconciliation, they do not count twice.
  out.clear();
  manager.on_fill(at_s(501), fills[0], out);
  EXPECT_TRUE(effects_of<PersistFill>(out).empty());
}

TEST_F(OrderManagerTest, RestoredCancellingOrderIsCancelledAgain) {
  std::vector<OrderRecord> rows{
      order_row(3, "s1", Side::kAsk, "13.75", "1", OrderState::kCancelling, "ex-3")};
  manager.restore(at_s(500), rows, {}, 4, out);
  auto cancels = effects_of<SendCancel>(out);
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].exchange_id, "ex-3");
  EXPECT_EQ(state(3), OrderState::kCancelling);
  manager.on_cancelled(at_s(501), 3, out);
  EXPECT_EQ(state(3), OrderState::kCancelled);
}

}  // namespace
}  // namespace dealer::engine
