// config/gateway_arbitrage.yaml over the bundled tape (data/mtgox-trades-btcusd-2013-01-01.csv),
// results asserted and explained; recomputed independently by
// tests/backtest/gateway_arbitrage_backtest_check.py (Python over the CSV, run by hand: same rounds,
// fills, fees, balances and P&L).
#include <gtest/gtest.h>

#include "backtest/example_backtest.h"

namespace dealer::backtest {
namespace {

// The gateway pays 2 BTC / 0.074 = 27.02702703 bitUSD less 0.5 % = 26.89189189 (26.89189 USD) for a
// 2 BTC deposit, its ask_max; a round buys 2.0005 BTC (the 0.0005 miner's fee on top; 3 asked) at
// last + 0.1 %. With MtGox's 0.6 % the cost is 2.0005 x limit x 1.006, and the edge is above 1 % of it
// only when the limit is below about 13.230 (26.89189 / 1.01 / 1.006 / 2.0005): the afternoon dip of the
// tape. Four rounds, each one buy that fills on the next trades below its limit (9 fills in all), then a
// deposit that completes 10 minutes later (confirm: 10m), when the next round may start:
//   17:11 last 13.21577: buy at 13.22899, cost 26.62338, edge 0.26851   (3 fills)
//   17:32 last 13.20739: buy at 13.22060, cost 26.60650, edge 0.28539   (2 fills)
//   18:03 last 13.20734: buy at 13.22055, cost 26.60640, edge 0.28549   (2 fills)
//   18:26 last 13.19762: buy at 13.21082, cost 26.58682, edge 0.30507   (2 fills)
// The backtest's balances are the MtGox account's only: USD 1000 - 106.42308 = 893.57692 and the 8.002
// BTC bought, marked at the last 13.30413: P&L +0.03657 USD, fees 0.63473. The gateway leg is the
// strategy's own tally: 8 BTC deposited, 4 x 26.89189189 = 107.56756756 bitUSD received, so the rounds
// made 107.56757 - 106.42308 = +1.14449 USD (the 0.002 BTC of miner's fees are spent).
TEST(GatewayArbitrageBacktest, ExampleConfigOverTheBundledTape) {
  const Report r = run_example("gateway_arbitrage.yaml");

  EXPECT_EQ(r.orders, 4u);
  ASSERT_EQ(r.fills.size(), 9u);
  expect_fills_of(r, {{Side::kBid, "13.22899"},
                                       {Side::kBid, "13.22060"},
                                       {Side::kBid, "13.22055"},
                                       {Side::kBid, "13.21082"}});
  EXPECT_EQ(r.fees, 63'473);
  EXPECT_EQ(r.pnl, 3'657);
  EXPECT_EQ(total_of(r.final_balances, Currency::usd()), 89'357'692);
  EXPECT_EQ(total_of(r.final_balances, Currency::btc()), 800'200'000);
  size_t completed = 0;
  for (const engine::Decision& d : r.decisions)
    completed += d.reason.find("completed: received 26.89189189") != std::string::npos;
  EXPECT_EQ(completed, 4u);
}

}  // namespace
}  // namespace dealer::backtest
