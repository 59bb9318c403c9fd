// The shared fill model on hand-made tapes. Units: USD 1e-5, BTC 1e-8; every expected value is worked
// out in the comment next to it.
#include "market/fill_model.h"

#include <gtest/gtest.h>

#include <map>

#include "market/timed_trade.h"
#include "support/test_support.h"

namespace dealer::market {
namespace {

using dealer::testing::at_s;
using dealer::testing::btc;
using dealer::testing::timed_trade;
using dealer::testing::usd;
constexpr int64_t kSecond = 1'000'000;

FillModel model(std::string_view fee_percent = "0", FillRule rule = FillRule::kThrough, Micros latency = {}) {
  FillModelConfig config;
  config.fee_percent = *Decimal::parse(fee_percent);
  config.rule = rule;
  config.latency = latency;
  FillModel m(config);
  m.set_balance(Currency::usd(), usd("1000").raw());
  m.set_balance(Currency::btc(), btc("10").raw());
  return m;
}

TEST(FillModel, OneTradeIsSharedInPriceTimePriority) {
  FillModel m = model();
  ASSERT_TRUE(m.place_limit(at_s(1), 1, Side::kBid, usd("10.00"), btc("1")));
  ASSERT_TRUE(m.place_limit(at_s(2), 2, Side::kBid, usd("10.50"), btc("1")));
  ASSERT_TRUE(m.place_limit(at_s(3), 3, Side::kBid, usd("10.50"), btc("1")));
  // 1.5 BTC at 9.00 passes through all three. Best price first, then the older: order 2 takes 1 BTC,
  // order 3 the remaining 0.5; order 1 (a worse price) gets nothing. Each fills at its own limit.
  auto fills = m.on_trade(timed_trade(10, "9.00", "1.5"));
  ASSERT_EQ(fills.size(), 2u);
  EXPECT_EQ(fills[0].order, 2);
  EXPECT_EQ(fills[0].amount, btc("1"));
  EXPECT_EQ(fills[0].price, usd("10.50"));
  EXPECT_TRUE(fills[0].done);
  EXPECT_EQ(fills[1].order, 3);
  EXPECT_EQ(fills[1].amount, btc("0.5"));
  EXPECT_FALSE(fills[1].done);
  // USD: 1000 - 10.50 x 1 - 10.50 x 0.5 = 1000 - 10.50 - 5.25 = 984.25. BTC: 10 + 1.5.
  EXPECT_EQ(m.total(Currency::usd()), usd("984.25").raw());
  EXPECT_EQ(m.total(Currency::btc()), btc("11.5").raw());
  // Still reserved: order 1's 10.00 and order 3's remaining 0.5 x 10.50 = 5.25.
  EXPECT_EQ(m.reserved(Currency::usd()), usd("15.25").raw());
  EXPECT_EQ(m.resting(), 2u);
}

TEST(FillModel, PartialFillsAcrossThreeTradesWithFees) {
  FillModel m = model("0.6");
  ASSERT_TRUE(m.place_limit(at_s(1), 7, Side::kAsk, usd("20"), btc("2")));
  // 20.01 is above 20: 0.5 fills. 20.00 is not strictly above: nothing. 20.50: 0.7. 21: the last 0.8
  // of the 3 traded.
  EXPECT_EQ(m.on_trade(timed_trade(2, "20.01", "0.5")).size(), 1u);
  EXPECT_TRUE(m.on_trade(timed_trade(3, "20.00", "5")).empty());
  auto second = m.on_trade(timed_trade(4, "20.50", "0.7"));
  ASSERT_EQ(second.size(), 1u);
  // 0.7 x 20 = 14.00000 USD notional; 0.6 % of 1400000 units = 8400.
  EXPECT_EQ(second[0].notional, Cost(usd("14").raw()));
  EXPECT_EQ(second[0].fee, 8400);
  auto third = m.on_trade(timed_trade(5, "21", "3"));
  ASSERT_EQ(third.size(), 1u);
  EXPECT_EQ(third[0].amount, btc("0.8"));
  EXPECT_TRUE(third[0].done);
  // Fees: 0.6 % of 10, 14 and 16 USD = 0.06 + 0.084 + 0.096 = 0.24. Received 40 - 0.24 = 39.76.
  EXPECT_EQ(m.fees_charged(), usd("0.24").raw());
  EXPECT_EQ(m.total(Currency::usd()), usd("1039.76").raw());
  EXPECT_EQ(m.total(Currency::btc()), btc("8").raw());
  EXPECT_EQ(m.reserved(Currency::btc()), 0);
}

TEST(FillModel, NotionalAndFeeRoundHalfAwayFromZero) {
  FillModel m = model("0.6");
  ASSERT_TRUE(m.place_limit(at_s(1), 1, Side::kBid, usd("13.33333"), btc("0.33333333")));
  auto fills = m.on_trade(timed_trade(2, "13", "1"));
  ASSERT_EQ(fills.size(), 1u);
  // 1333333 x 33333333 / 1e8 = 444444.2888... units -> 444444; fee 0.6 % = 2666.664 -> 2667.
  EXPECT_EQ(fills[0].notional, Cost(444444));
  EXPECT_EQ(fills[0].fee, 2667);
  EXPECT_EQ(m.total(Currency::usd()), usd("1000").raw() - 444444 - 2667);
  EXPECT_EQ(m.reserved(Currency::usd()), 0);  // the reservation was exactly this charge
}

TEST(FillModel, LatencyDelaysActivation) {
  FillModel m = model("0", FillRule::kThrough, std::chrono::milliseconds(1500));
  ASSERT_TRUE(m.place_limit(at_s(100), 1, Side::kBid, usd("10"), btc("1")));
  // Active from 101.5 s: the trade at 101 s is too early, the one at 102 s fills.
  EXPECT_TRUE(m.on_trade(timed_trade(101, "9", "5")).empty());
  EXPECT_EQ(m.on_trade(timed_trade(102, "9", "5")).size(), 1u);
}

TEST(FillModel, ZeroLatencyFillsFromTheNextTradeOn) {
  FillModel m = model();
  EXPECT_TRUE(m.on_trade(timed_trade(100, "9", "5")).empty());
  // Placed after the trade at 100 s, at that same time: that trade is not for it, the next one is.
  ASSERT_TRUE(m.place_limit(at_s(100), 1, Side::kBid, usd("10"), btc("1")));
  EXPECT_EQ(m.on_trade(timed_trade(100, "9", "5")).size(), 1u);
}

TEST(FillModel, TouchFillsAtEqualPriceThroughDoesNot) {
  for (FillRule rule : {FillRule::kThrough, FillRule::kTouch}) {
    FillModel m = model("0", rule);
    ASSERT_TRUE(m.place_limit(at_s(1), 1, Side::kBid, usd("10"), btc("1")));
    ASSERT_TRUE(m.place_limit(at_s(1), 2, Side::kAsk, usd("12"), btc("1")));
    const size_t expected = rule == FillRule::kTouch ? 1 : 0;
    EXPECT_EQ(m.on_trade(timed_trade(2, "10", "1")).size(), expected);
    EXPECT_EQ(m.on_trade(timed_trade(3, "12", "1")).size(), expected);
  }
}

TEST(FillModel, AnOrderTheFreeBalanceCannotCoverIsRejected) {
  FillModel m = model("0.6");
  m.set_balance(Currency::usd(), usd("10").raw());
  m.set_balance(Currency::btc(), 0);
  // 1 BTC at 10 needs 10 + 0.06 fee = 10.06 > 10.
  EXPECT_FALSE(m.place_limit(at_s(1), 1, Side::kBid, usd("10"), btc("1")));
  // At 9.94: 9.94 + 0.6 % (0.05964) = 9.99964 <= 10.
  EXPECT_TRUE(m.place_limit(at_s(1), 2, Side::kBid, usd("9.94"), btc("1")));
  // Free now 0.00036: 0.01 BTC at 1 (0.01 + 0.00006) does not fit; nor does a sell without BTC.
  EXPECT_FALSE(m.place_limit(at_s(1), 3, Side::kBid, usd("1"), btc("0.01")));
  EXPECT_FALSE(m.place_limit(at_s(1), 4, Side::kAsk, usd("1"), btc("0.01")));
  // Cancelling frees the reservation again.
  EXPECT_TRUE(m.cancel(2));
  EXPECT_EQ(m.free(Currency::usd()), usd("10").raw());
  EXPECT_FALSE(m.cancel(2));
}

TEST(FillModel, MarketOrdersFillWholeAtTheNextTradePrice) {
  FillModel m = model();
  ASSERT_TRUE(m.place_market(at_s(1), 1, Side::kBid, btc("2")));
  ASSERT_TRUE(m.place_market(at_s(1), 2, Side::kBid, btc("200")));  // 200 x 12 = 2400 > 1000 - 24
  auto events = m.on_trade(timed_trade(2, "12", "0.1"));
  ASSERT_EQ(events.size(), 2u);
  // The whole 2 BTC at 12 although only 0.1 traded: 24 USD.
  EXPECT_EQ(events[0].kind, FillEvent::Kind::kFill);
  EXPECT_EQ(events[0].amount, btc("2"));
  EXPECT_EQ(events[0].price, usd("12"));
  EXPECT_EQ(events[1].kind, FillEvent::Kind::kRejected);
  EXPECT_EQ(m.total(Currency::usd()), usd("976").raw());
  EXPECT_EQ(m.resting(), 0u);
}

// Thousands of random steps: no balance or reservation ever negative, every unit accounted for
// (quote: start - buys' notional and fees + sells' notional less fees; item: start + bought - sold),
// every fill at its limit on a trade that passes through it, never more than the trade's amount shared
// out, never more than an order's amount.
TEST(FillModel, PropertyRandomTapesKeepBalancesWhole) {
  auto rng = dealer::testing::seeded_rng();
  int fills_seen = 0;
  for (int run = 0; run < 20; ++run) {
    const bool touch = run % 2 == 1;
    FillModel m = model(run % 3 == 0 ? "0" : "0.6", touch ? FillRule::kTouch : FillRule::kThrough,
                        Micros(run % 4 == 0 ? 0 : 2 * kSecond));
    const int64_t start_usd = 1'000'000 + static_cast<int64_t>(rng() % 100'000'000);
    const int64_t start_btc = static_cast<int64_t>(rng() % 1'000'000'000);
    m.set_balance(Currency::usd(), start_usd);
    m.set_balance(Currency::btc(), start_btc);
    int64_t usd_flow = 0, btc_flow = 0, fees = 0;
    struct Placed {
      Side side;
      bool market;
      Price price;
      Amount amount, filled;
    };
    std::map<FillOrderId, Placed> placed;
    FillOrderId next_id = 1;
    int64_t price = 1'000'000;  // 10 USD, drifting
    for (int64_t step = 0; step < 500; ++step) {
      const int64_t now = 1000 + step;
      const int what = static_cast<int>(rng() % 10);
      if (what < 4) {
        const Side side = rng() % 2 ? Side::kBid : Side::kAsk;
        const bool market = rng() % 8 == 0;
        const Price limit(price + static_cast<int64_t>(rng() % 200'001) - 100'000);
        const Amount amount(1 + static_cast<int64_t>(rng() % 300'000'000));
        const FillOrderId id = next_id++;
        const Status s = market ? m.place_market(at_s(now), id, side, amount)
                                : m.place_limit(at_s(now), id, side, limit, amount);
        if (s) placed[id] = Placed{side, market, market ? Price() : limit, amount, Amount()};
      } else if (what == 4 && !placed.empty()) {
        m.cancel(placed.begin()->first);  // a done order's cancel is a no-op
        placed.erase(placed.begin());
      } else {
        price = std::max<int64_t>(100'000, price + static_cast<int64_t>(rng() % 40'001) - 20'000);
        const Trade t = timed_trade(now, format_units(price, 5), format_units(1 + rng() % 200'000'000, 8));
        Amount shared;
        for (const FillEvent& e : m.on_trade(t)) {
          Placed& p = placed.at(e.order);
          if (e.kind == FillEvent::Kind::kRejected) continue;
          p.filled += e.amount;
          ASSERT_LE(p.filled, p.amount);
          if (p.market) {
            EXPECT_EQ(e.price, t.price);
          } else {
            EXPECT_EQ(e.price, p.price);
            shared += e.amount;
            const bool through = p.side == Side::kBid ? t.price < p.price : t.price > p.price;
            EXPECT_TRUE(through || (touch && t.price == p.price));
          }
          EXPECT_EQ(e.notional, *cost_of(e.price, e.amount));
          EXPECT_EQ(e.fee, *percent_of(e.notional.raw(), *Decimal::parse(run % 3 == 0 ? "0" : "0.6")));
          const int64_t sign = e.side == Side::kBid ? 1 : -1;
          btc_flow += sign * e.amount.raw();
          usd_flow -= sign * e.notional.raw() + e.fee;
          fees += e.fee;
          ++fills_seen;
        }
        EXPECT_LE(shared, t.amount);
      }
      for (Currency c : {Currency::usd(), Currency::btc()}) {
        ASSERT_GE(m.total(c), 0) << "step " << step;
        ASSERT_GE(m.reserved(c), 0) << "step " << step;
        ASSERT_GE(m.free(c), 0) << "step " << step;
      }
      ASSERT_EQ(m.total(Currency::usd()), start_usd + usd_flow);
      ASSERT_EQ(m.total(Currency::btc()), start_btc + btc_flow);
      ASSERT_EQ(m.fees_charged(), fees);
    }
  }
  EXPECT_GT(fills_seen, 1000);  // the tapes do exercise the rule
}

}  // namespace
}  // namespace dealer::market
