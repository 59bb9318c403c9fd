// config/grid.yaml over the bundled tape: each order's fills, the fees, balances and P&L.
#include <gtest/gtest.h>

#include <map>

#include "backtest/example_backtest.h"
#include "engine/engine_test_support.h"

namespace dealer::backtest {
namespace {

using dealer::testing::btc;
using dealer::testing::usd;

// Levels 13.20 ... 13.60 by 0.10, 1 BTC per order (fill model `through`, fee 0.6 %, 5 BTC, 1000 USD).
// The first trade, 13.51001, is above the four lower levels: four buys, orders 1-4 at 13.20, 13.30,
// 13.40, 13.50, and no sell (13.60 is the top cell's sell level, but that cell buys at 13.50).
// The day drifts down from 13.51 to 13.30 (low 13.16123); each complete buy places the sell one level
// up, each complete sell the buy one level down:
//   01:05  buy 13.50 (order 4) filled in 2 fills  -> sell 13.60 (5): the price never trades above 13.56
//   12:17  buy 13.40 (3), 4 fills (the 11:35 dip only touched 13.40) -> sell 13.50 (6): never filled (nothing
//   above 13.50
//                                                    from then on)
//   14:30  buy 13.30 (2), 6 fills                 -> sell 13.40 (7), filled at 17:05 -> buy 13.30 (8),
//          filled at 17:08 (4 fills)              -> sell 13.40 (9): 0.36744361 filled at 17:12, open
//   17:13  buy 13.20 (1), 5 fills                 -> sell 13.30 (10), filled 17:19 (4 fills) -> buy 13.20
//          (11), filled 18:10 (14 small fills)    -> sell 13.30 (12), filled 21:11 (2) -> buy 13.20 (13)
// 13 orders, 43 fills. Bought 6 BTC (13.20 x 2, 13.30 x 2, 13.40, 13.50: 79.90 USD), sold 3.36744361
// (13.40 + 13.40 x 0.36744361 = 4.92374 + 13.30 x 2: 44.92374 USD); fees 0.74892. USD 1000 - 79.90 +
// 44.92374 - 0.74892 = 964.27482; BTC 5 + 6 - 3.36744361 = 7.63255639. P&L = 964.27482 + 7.63255639 x
// 13.30413 - (1000 + 5 x 13.51001) = -1.73071: a grid bought all the way down a falling day; its three
// completed round trips (buy 13.30 sell 13.40, buy 13.20 sell 13.30 twice) earned 0.30 less fees.
// Checked independently: a Python model of the grid and the README's fill rules over the CSV (written
// apart from the C++ code) gives the same 13 orders, 43 fills (each to the unit), fees and balances.
TEST(GridBacktest, ExampleConfigOverTheBundledTape) {
  const Report r = run_example("grid.yaml");
  EXPECT_EQ(r.trades_replayed, 2331u);
  EXPECT_EQ(r.orders, 13u);
  EXPECT_EQ(r.fills.size(), 43u);
  struct Filled {
    Side side;
    Price price;
    Amount amount;
    int fills = 0;
    int64_t first_tid = 0;
  };
  std::map<engine::ClientId, Filled> by_order;
  for (const FillRecord& f : r.fills) {
    Filled& o = by_order[f.order_id];
    if (o.fills++ == 0) o = Filled{f.side, f.price, Amount(0), 1, to_us(f.time)};
    o.amount += f.amount;
    EXPECT_EQ(f.strategy, "ladder");
  }
  const struct {
    engine::ClientId order;
    Side side;
    const char* price;
    const char* amount;
    int fills;
    int64_t first_tid;
  } expected[] = {{1, Side::kBid, "13.20", "1", 5, 1357060395823624},
                  {2, Side::kBid, "13.30", "1", 6, 1357050601282737},
                  {3, Side::kBid, "13.40", "1", 4, 1357042644315558},
                  {4, Side::kBid, "13.50", "1", 2, 1357002351267594},
                  {7, Side::kAsk, "13.40", "1", 1, 1357059924682759},
                  {8, Side::kBid, "13.30", "1", 4, 1357060079895982},
                  {9, Side::kAsk, "13.40", "0.36744361", 1, 1357060341548214},
                  {10, Side::kAsk, "13.30", "1", 4, 1357060748117472},
                  {11, Side::kBid, "13.20", "1", 14, 1357063854995243},
                  {12, Side::kAsk, "13.30", "1", 2, 1357074705603764}};
  ASSERT_EQ(by_order.size(), std::size(expected));
  for (const auto& e : expected) {
    ASSERT_TRUE(by_order.contains(e.order)) << e.order;
    const Filled& o = by_order.at(e.order);
    EXPECT_EQ(o.side, e.side) << e.order;
    EXPECT_EQ(o.price, usd(e.price)) << e.order;
    EXPECT_EQ(o.amount, btc(e.amount)) << e.order;
    EXPECT_EQ(o.fills, e.fills) << e.order;
    EXPECT_EQ(o.first_tid, e.first_tid) << e.order;
  }
  EXPECT_EQ(r.fees, 74892);
  EXPECT_EQ(total_of(r.final_balances, Currency::usd()), usd("964.27482").raw());
  EXPECT_EQ(total_of(r.final_balances, Currency::btc()), btc("7.63255639").raw());
  EXPECT_EQ(r.pnl, -173071);
  // One decision, the set-up; nothing refused.
  ASSERT_EQ(r.decisions.size(), 1u);
  EXPECT_NE(r.decisions[0].reason.find("grid set up at last price 13.51001"), std::string::npos);
}

}  // namespace
}  // namespace dealer::backtest
