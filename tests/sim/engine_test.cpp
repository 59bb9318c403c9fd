#include "sim/engine.h"

#include <gtest/gtest.h>

namespace dealer::sim {
namespace {

constexpr int64_t kT0 = 1'356'998'600'000'000;  // 2013-01-01 00:10 UTC, in microseconds
const Currency kUsd = Currency::usd();
const int kBtc = Currency::btc().index();


ExchangeConfig accounts(int n, int64_t usd_units, int64_t btc_units, const char* fee = "0") {
  ExchangeConfig c;
  for (int i = 0; i < n; ++i) {
    AccountConfig a;
    a.name = "acct" + std::to_string(i);
    a.key = "00000000-0000-4000-8000-00000000000" + std::to_string(i);
    a.rights = {"get_info", "trade"};
    a.fee_percent = *Decimal::parse(fee);
    a.balances[kUsd.index()] = usd_units;
    a.balances[kBtc] = btc_units;
    c.accounts.push_back(a);
  }
  return c;
}

const SimOrder& order(const Engine& e, int account, const Result<std::string>& oid) {
  EXPECT_TRUE(oid.ok());
  const SimOrder* o = e.find_order(account, *oid);
  EXPECT_NE(o, nullptr);
  return *o;
}

TEST(Engine, MatchesByPriceThenTime) {
  ManualClock clock(kT0);
  Engine e(accounts(3, 10000000, 300000000), {}, clock);  // 100 USD, 3 BTC each
  auto b_first = e.place(1, kUsd, Side::kAsk, Amount(100000000), Price(1000000));   // 1 BTC at 10
  clock.advance(1);
  auto c_later = e.place(2, kUsd, Side::kAsk, Amount(100000000), Price(1000000));   // 1 BTC at 10, later
  clock.advance(1);
  auto b_better = e.place(1, kUsd, Side::kAsk, Amount(100000000), Price(990000));   // 1 BTC at 9.9
  clock.advance(1);
  auto a = e.place(0, kUsd, Side::kBid, Amount(150000000), Price(1000000));         // buys 1.5 BTC at <= 10

  EXPECT_EQ(order(e, 1, b_better).remaining, Amount(0));         // best price first
  EXPECT_EQ(order(e, 1, b_first).remaining, Amount(50000000));   // then the earlier order at 10
  EXPECT_EQ(order(e, 2, c_later).remaining, Amount(100000000));  // untouched
  EXPECT_EQ(order(e, 0, a).state, OrderState::kDone);
  // Paid 9.9 + 0.5 x 10 = 14.9 USD; the unused part of the 15 USD reservation is released.
  const Wallet& usd_wallet = e.accounts()[0].wallets[kUsd.index()];
  EXPECT_EQ(usd_wallet.total, Funds(10000000 - 1490000));
  EXPECT_EQ(usd_wallet.reserved, Funds(0));
  EXPECT_EQ(e.accounts()[0].wallets[kBtc].total, Funds(300000000 + 150000000));
  // Fills happen at the resting order's price.
  ASSERT_EQ(order(e, 0, a).fills.size(), 2u);
  EXPECT_EQ(order(e, 0, a).fills[0].price, Price(990000));
  EXPECT_EQ(order(e, 0, a).fills[1].price, Price(1000000));
  EXPECT_EQ(order(e, 0, a).fills[1].spent, Cost(500000));
}

TEST(Engine, PartiallyFilledLimitOrderRestsWithItsReservationReduced) {
  ManualClock clock(kT0);
  Engine e(accounts(2, 10000000, 100000000), {}, clock);
  e.place(1, kUsd, Side::kAsk, Amount(40000000), Price(1000000)).value();  // 0.4 BTC at 10
  auto bid = e.place(0, kUsd, Side::kBid, Amount(100000000), Price(1000000));
  const SimOrder& o = order(e, 0, bid);
  EXPECT_EQ(o.state, OrderState::kOpen);
  EXPECT_EQ(o.remaining, Amount(60000000));
  ASSERT_EQ(e.open_orders(0).size(), 1u);
  // 10 USD reserved, 4 USD spent: 6 USD still held for the rest.
  EXPECT_EQ(e.accounts()[0].wallets[kUsd.index()].reserved, Funds(600000));
  EXPECT_EQ(e.accounts()[0].wallets[kUsd.index()].total, Funds(10000000 - 400000));
  auto [asks, bids] = e.depth(kUsd, 0);
  EXPECT_TRUE(asks.empty());
  ASSERT_EQ(bids.size(), 1u);
  EXPECT_EQ(bids[0].amount, Amount(60000000));
}

TEST(Engine, ChargesTheFeeInWhatEachSideReceives) {
  ManualClock clock(kT0);
  Engine e(accounts(2, 20000000, 100000000, "0.6"), {}, clock);  // 200 USD, 1 BTC, fee 0.6 %
  e.place(1, kUsd, Side::kAsk, Amount(100000000), Price(10000000)).value();  // 1 BTC at 100
  e.place(0, kUsd, Side::kBid, Amount(100000000), Price(10000000)).value();
  // Buyer: pays 100 USD, receives 1 BTC less 0.6 % = 0.994 BTC.
  EXPECT_EQ(e.accounts()[0].wallets[kUsd.index()].total, Funds(20000000 - 10000000));
  EXPECT_EQ(e.accounts()[0].wallets[kBtc].total, Funds(100000000 + 99400000));
  // Seller: gives 1 BTC, receives 100 USD less 0.6 % = 99.4 USD.
  EXPECT_EQ(e.accounts()[1].wallets[kBtc].total, Funds(0));
  EXPECT_EQ(e.accounts()[1].wallets[kUsd.index()].total, Funds(20000000 + 9940000));
}

TEST(Engine, OrdersBeyondTheBalanceAreInvalidAndNothingGoesNegative) {
  ManualClock clock(kT0);
  Engine e(accounts(1, 1000000, 10000000), {}, clock);  // 10 USD, 0.1 BTC
  auto first = e.place(0, kUsd, Side::kBid, Amount(100000000), Price(1000000));  // needs all 10 USD
  EXPECT_EQ(e.accounts()[0].wallets[kUsd.index()].available(), Funds(0));
  auto second = e.place(0, kUsd, Side::kBid, Amount(10000000), Price(1000000));  // 1 USD more: invalid
  EXPECT_EQ(order(e, 0, second).state, OrderState::kInvalid);
  auto too_much_btc = e.place(0, kUsd, Side::kAsk, Amount(10000001), Price(2000000));
  EXPECT_EQ(order(e, 0, too_much_btc).state, OrderState::kInvalid);
  EXPECT_EQ(e.open_orders(0).size(), 3u);  // invalid orders stay listed, as on MtGox
  ASSERT_TRUE(e.cancel(0, *first).ok());
  EXPECT_EQ(e.accounts()[0].wallets[kUsd.index()].reserved, Funds(0));
  EXPECT_EQ(e.accounts()[0].wallets[kUsd.index()].total, Funds(1000000));
  EXPECT_EQ(e.cancel(0, *first).error().code, Errc::kNotFound);  // cancelling twice
  EXPECT_EQ(e.place(0, kUsd, Side::kBid, Amount(0), Price(1)).error().code, Errc::kInvalidArgument);
}

TEST(Engine, MarketBidBuysWhatTheBalanceAffords) {
  ManualClock clock(kT0);
  Engine e(accounts(3, 1050000, 100000000), {}, clock);  // 10.50 USD, 1 BTC each
  e.place(1, kUsd, Side::kAsk, Amount(50000000), Price(1000000)).value();   // 0.5 BTC at 10
  e.place(2, kUsd, Side::kAsk, Amount(100000000), Price(1100000)).value();  // 1 BTC at 11
  auto bid = e.place(0, kUsd, Side::kBid, Amount(200000000), std::nullopt);  // market, 2 BTC
  const SimOrder& o = order(e, 0, bid);
  // 0.5 BTC for 5 USD, then 5.5 USD buys exactly 0.5 BTC at 11; the rest of the order is dropped.
  EXPECT_EQ(o.state, OrderState::kDone);
  EXPECT_EQ(o.amount - o.remaining, Amount(100000000));
  EXPECT_EQ(e.accounts()[0].wallets[kUsd.index()].total, Funds(0));
  EXPECT_EQ(e.accounts()[0].wallets[kBtc].total, Funds(200000000));
  auto broke = e.place(0, kUsd, Side::kBid, Amount(100000000), std::nullopt);
  EXPECT_EQ(order(e, 0, broke).state, OrderState::kInvalid);
}

TEST(Engine, ReplayFillsRestingOrdersOnlyStrictlyThroughTheirPrice) {
  ManualClock clock(kT0);
  auto trade = [](int64_t tid, int64_t price, int64_t amount, Side side) {
    Trade t;
    t.tid = tid;
    t.date = tid / 1'000'000;
    t.price = Price(price);
    t.amount = Amount(amount);
    t.side = side;
    t.properties = "limit";
    return t;
  };
  std::vector<Trade> tape = {trade(kT0 + 10, 1000000, 50000000, Side::kAsk),    // at the bid's price: no fill
                             trade(kT0 + 20, 999000, 30000000, Side::kAsk),     // through it: fills 0.3
                             trade(kT0 + 30, 1050000, 200000000, Side::kBid)};  // the other side: no effect
  Engine e(accounts(1, 10000000, 0), tape, clock);
  auto bid = e.place(0, kUsd, Side::kBid, Amount(100000000), Price(1000000));
  clock.set(kT0 + 100);
  e.advance();
  const SimOrder& o = order(e, 0, bid);
  EXPECT_EQ(o.remaining, Amount(70000000));
  ASSERT_EQ(o.fills.size(), 1u);
  EXPECT_EQ(o.fills[0].price, Price(1000000));  // at the order's own price
  const auto published = e.trades_since(kUsd, 0);
  ASSERT_EQ(published.size(), 3u);
  EXPECT_EQ(published[0].tid, kT0 + 10);
  EXPECT_EQ(published[0].amount, Amount(50000000));
  EXPECT_EQ(published[1].amount, Amount(30000000));  // the fill replaces the recorded trade...
  EXPECT_EQ(published[1].price, Price(1000000));     // ...at the resting price
  EXPECT_EQ(published[1].side, Side::kAsk);
  EXPECT_EQ(published[2].tid, kT0 + 30);
  for (size_t i = 1; i < published.size(); ++i) EXPECT_GT(published[i].tid, published[i - 1].tid);
}

// Regression (issue 13): a client order matched at a clock read after the last replay, so it traded
// ahead of a recorded trade already due, and that trade was published later under another tid.
TEST(Engine, AClientTradeComesAfterTheRecordedTradesDueBeforeIt) {
  ManualClock clock(kT0);
  Trade recorded;
  recorded.tid = kT0 + 50;
  recorded.date = recorded.tid / 1'000'000;
  recorded.price = Price(900000);  // below the resting ask: it fills nothing of ours
  recorded.amount = Amount(10000000);
  recorded.side = Side::kAsk;
  recorded.properties = "limit";
  Engine e(accounts(2, 10000000, 100000000), {recorded}, clock);
  (void)e.place(1, kUsd, Side::kAsk, Amount(100000000), Price(1000000));  // rests: 1 BTC at 10
  clock.set(kT0 + 100);  // the recorded trade is due, but no request has replayed it yet
  (void)e.place(0, kUsd, Side::kBid, Amount(50000000), Price(1000000));  // takes 0.5 BTC at 10
  const auto published = e.trades_since(kUsd, 0);
  ASSERT_EQ(published.size(), 2u);
  EXPECT_EQ(published[0].tid, kT0 + 50);  // the recorded trade, under its own tid
  EXPECT_EQ(published[0].price, Price(900000));
  EXPECT_EQ(published[1].tid, kT0 + 100);  // then the client's, at the time of its order
  EXPECT_EQ(published[1].price, Price(1000000));
}

TEST(Engine, MirrorsTradesIntoOtherCurrenciesAsNotPrimary) {
  ManualClock clock(kT0);
  ExchangeConfig c = accounts(2, 10000000, 100000000);
  c.market.fx[Currency::from_code("EUR")->index()] = *Decimal::parse("0.76");
  Engine e(c, {}, clock);
  e.place(1, kUsd, Side::kAsk, Amount(100000000), Price(1351001)).value();
  e.place(0, kUsd, Side::kBid, Amount(100000000), Price(1351001)).value();
  const auto eur = e.trades_since(*Currency::from_code("EUR"), 0);
  ASSERT_EQ(eur.size(), 1u);
  EXPECT_FALSE(eur[0].primary);
  EXPECT_EQ(eur[0].price, Price(1026761));  // 13.51001 x 0.76 = 10.2676076, rounded
  EXPECT_EQ(eur[0].properties, "limit,mixed_currency");
  EXPECT_EQ(eur[0].tid, e.trades_since(kUsd, 0)[0].tid);
  EXPECT_TRUE(e.trades_since(kUsd, 0)[0].primary);
}

// Issue 8's attack: 1,000 USD cannot back a bid for 1,000 BTC at 93 billion USD (93e9 x 1e5 units x
// 1e3 BTC = 9.3e18 units, past INT64_MAX 9.22e18). Once the reservation wrapped negative the bid looked
// funded, and a replayed trade through its price filled it into a negative wallet.
TEST(Engine, BidWhoseReservationOverflowsIsRefusedAndNeverFills) {
  ManualClock clock(kT0);
  Trade through;
  through.tid = kT0 + 10;
  through.date = through.tid / 1'000'000;
  through.price = Price(100000);  // 1 USD, far below the bid: passes through it
  through.amount = Amount(100000000000);
  through.side = Side::kAsk;
  Engine e(accounts(1, 100000000, 0), {through}, clock);  // 1,000 USD
  auto bid = e.place(0, kUsd, Side::kBid, Amount(100000000000), Price(9300000000000000));
  if (bid.ok()) EXPECT_EQ(order(e, 0, bid).state, OrderState::kInvalid);
  else EXPECT_EQ(bid.error().code, Errc::kOverflow);
  clock.set(kT0 + 100);
  e.advance();
  EXPECT_EQ(e.accounts()[0].wallets[kUsd.index()].total, Funds(100000000));
  EXPECT_EQ(e.accounts()[0].wallets[kUsd.index()].reserved, Funds(0));
  EXPECT_EQ(e.accounts()[0].wallets[kBtc].total, Funds(0));
}

TEST(Engine, BidNearTheLargestPriceIsAnOverflowError) {
  ManualClock clock(kT0);
  Engine e(accounts(2, 100000000, 100000000), {}, clock);
  e.place(1, kUsd, Side::kAsk, Amount(100000000), Price(100000)).value();  // 1 BTC at 1 USD to buy
  // 9e18 x 2e8 / 1e8 = 1.8e19 units: does not fit 64 bits.
  auto bid = e.place(0, kUsd, Side::kBid, Amount(200000000), Price(9000000000000000000));
  ASSERT_FALSE(bid.ok());
  EXPECT_EQ(bid.error().code, Errc::kOverflow);
  EXPECT_EQ(e.accounts()[0].wallets[kUsd.index()].total, Funds(100000000));
  EXPECT_EQ(e.accounts()[0].wallets[kBtc].total, Funds(100000000));
}

TEST(Engine, FeesAreCreditedToTheFeeAccount) {
  ManualClock clock(kT0);
  Engine e(accounts(2, 20000000, 100000000, "0.6"), {}, clock);  // 200 USD, 1 BTC, fee 0.6 %
  e.place(1, kUsd, Side::kAsk, Amount(100000000), Price(10000000)).value();  // 1 BTC at 100
  e.place(0, kUsd, Side::kBid, Amount(100000000), Price(10000000)).value();
  // 0.6 % of 1 BTC from the buyer, 0.6 % of 100 USD from the seller; between clients the outside
  // market's position stays zero.
  EXPECT_EQ(e.fees()[kBtc], Funds(600000));
  EXPECT_EQ(e.fees()[kUsd.index()], Funds(60000));
  EXPECT_EQ(e.counterparty()[kBtc], Funds(0));
  EXPECT_EQ(e.counterparty()[kUsd.index()], Funds(0));
}

TEST(Engine, UnfundedOrdersAreCappedPerAccount) {
  ManualClock clock(kT0);
  ExchangeConfig c = accounts(2, 0, 0);
  c.market.max_unfunded_orders = 3;
  Engine e(c, {}, clock);
  std::vector<std::string> oids;
  for (int i = 0; i < 3; ++i) oids.push_back(e.place(0, kUsd, Side::kBid, Amount(100000000), Price(1000000)).value());
  auto fourth = e.place(0, kUsd, Side::kBid, Amount(100000000), Price(1000000));
  ASSERT_FALSE(fourth.ok());
  EXPECT_EQ(fourth.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(e.open_orders(0).size(), 3u);
  EXPECT_TRUE(e.place(1, kUsd, Side::kBid, Amount(1), Price(1)).ok());  // per account
  ASSERT_TRUE(e.cancel(0, oids[0]).ok());  // a cancel makes room again
  EXPECT_TRUE(e.place(0, kUsd, Side::kBid, Amount(100000000), Price(1000000)).ok());
}

TEST(Engine, DepositPastTheExchangeTotalIsRefusedWhole) {
  ManualClock clock(kT0);
  Engine e(accounts(2, 0, 1000000000), {}, clock);  // 10 BTC each: 20 BTC in all
  // 20e8 + (INT64_MAX - 20e8) fits exactly; one unit more does not, in any account.
  ASSERT_TRUE(e.deposit(0, Currency::btc(), Funds(INT64_MAX - 2000000000)).ok());
  EXPECT_EQ(e.deposit(1, Currency::btc(), Funds(1)).error().code, Errc::kOverflow);
  EXPECT_EQ(e.accounts()[1].wallets[kBtc].total, Funds(1000000000));
}

}  // namespace
}  // namespace dealer::sim
