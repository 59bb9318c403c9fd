// market.shift_to_now: the simulator process moves its tape so that the first recorded trade is at
// start-up, so that trade and order dates are near the real clock, as on the real exchange. Without it
// the replay dates everything in 2013, and a client that compares the exchange's dates with its own
// clock (the order manager matching a place whose answer was lost) never finds its order: the fault
// soak (tests/soak/) met exactly that.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>

#include "support/sim_process.h"
#include "support/test_accounts.h"

namespace dealer::testing {
namespace {

int64_t now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string config(bool shift) {
  return std::string("accounts:\n  - {name: alice, key: ") + kAliceKey + ", secret: \"" + kAliceSecret +
         "\", rights: [get_info, trade], balances: {BTC: \"10\", USD: \"1000\"}}\n" +
         "market:\n  trades: " + DEALER_TEST_DATA_DIR +
         "/../../data/mtgox-trades-btcusd-2013-01-01.csv\n  currency: USD\n  speed: 1\n" +
         "  shift_to_now: " + (shift ? "true" : "false") + "\n";
}

// The date of the first public trade and of an order placed now, in unix seconds.
std::pair<int64_t, int64_t> first_trade_and_order_dates(const SimProcess& sim) {
  const auto trades = boost::json::parse(sim.get("/api/1/BTCUSD/public/trades?since=0").body);
  const int64_t trade_date = trades.at("return").as_array().at(0).at("date").as_int64();
  EXPECT_EQ(sim.private_call("/api/1/BTCUSD/private/order/add", kAliceKey, kAliceSecret,
                             "type=bid&amount_int=10000000&price_int=100000")
                .status,
            200);
  const auto orders =
      boost::json::parse(sim.private_call("/api/1/generic/private/orders", kAliceKey, kAliceSecret).body);
  return {trade_date, orders.at("return").as_array().at(0).at("date").as_int64()};
}

TEST(SimShiftToNow, TradeAndOrderDatesAreNearTheRealClock) {
  const int64_t before = now_s();
  SimProcess sim(config(true));
  const auto [trade, order] = first_trade_and_order_dates(sim);
  const int64_t after = now_s();
  // The first trade is at start-up; at speed 1 the order is dated within the seconds the test took.
  EXPECT_GE(trade, before);
  EXPECT_LE(trade, after);
  EXPECT_GE(order, before);
  EXPECT_LE(order, after + 1);
}

TEST(SimShiftToNow, WithoutItTheTapeKeepsItsRecordedDates) {
  SimProcess sim(config(false));
  const auto [trade, order] = first_trade_and_order_dates(sim);
  EXPECT_EQ(trade, 1356998659);  // the tape's first tid, 1356998659486096 us, in seconds
  EXPECT_LT(order, 1357084800);  // still on 2013-01-01 of the replay
}

}  // namespace
}  // namespace dealer::testing
