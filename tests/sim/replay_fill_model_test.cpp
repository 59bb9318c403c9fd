// The simulator's replay and the backtest's fill model give the same fills on the same tape: one
// hand-made tape with every fill worked out, then seeded random tapes compared fill by fill.
#include <gtest/gtest.h>

#include <map>
#include <tuple>
#include <vector>

#include "market/fill_model.h"
#include "sim/engine.h"
#include "support/test_support.h"

namespace dealer::sim {
namespace {

constexpr int64_t kT0 = 1'356'998'600'000'000;  // 2013-01-01 00:10 UTC, in microseconds
const Currency kUsd = Currency::usd();

struct Placed {
  Side side;
  int64_t price;
  int64_t amount;
};
// (order index, price, amount) of every fill, in order per order.
using Fills = std::map<size_t, std::vector<std::pair<int64_t, int64_t>>>;

Trade recorded(int64_t tid, int64_t price, int64_t amount, Side side) {
  Trade t;
  t.tid = tid;
  t.date = tid / 1'000'000;
  t.price = Price(price);
  t.amount = Amount(amount);
  t.price_currency = kUsd;
  t.side = side;
  t.properties = "limit";
  return t;
}

// One account with plenty of both currencies places the orders a microsecond apart, then the tape
// is replayed.
Fills simulator_fills(const std::vector<Placed>& orders, const std::vector<Trade>& tape) {
  ExchangeConfig config;
  AccountConfig a;
  a.name = "bot";
  a.key = "00000000-0000-4000-8000-000000000000";
  a.rights = {"get_info", "trade"};
  a.balances[kUsd.index()] = 100'000'000'000;
  a.balances[Currency::btc().index()] = 100'000'000'000;
  config.accounts.push_back(a);
  ManualClock clock(kT0);
  Engine e(config, tape, clock);
  std::vector<std::string> ids;
  for (const Placed& p : orders) {
    auto id = e.place(0, kUsd, p.side, Amount(p.amount), Price(p.price));
    EXPECT_TRUE(id.ok());
    ids.push_back(*id);
    clock.advance(1);
  }
  clock.set(tape.back().tid);
  e.advance();
  Fills fills;
  for (size_t i = 0; i < ids.size(); ++i)
    for (const Fill& f : e.find_order(0, ids[i])->fills) fills[i].emplace_back(f.price.raw(), f.amount.raw());
  return fills;
}

Fills model_fills(const std::vector<Placed>& orders, const std::vector<Trade>& tape) {
  market::FillModel m(market::FillModelConfig{});
  m.set_balance(kUsd, 100'000'000'000);
  m.set_balance(Currency::btc(), 100'000'000'000);
  for (size_t i = 0; i < orders.size(); ++i) {
    const Placed& p = orders[i];
    EXPECT_TRUE(m.place_limit(wall_from_us(kT0 + static_cast<int64_t>(i)), static_cast<int64_t>(i), p.side,
                              Price(p.price), Amount(p.amount)));
  }
  Fills fills;
  for (const Trade& t : tape)
    for (const market::FillEvent& e : m.on_trade(t))
      fills[static_cast<size_t>(e.order)].emplace_back(e.price.raw(), e.amount.raw());
  return fills;
}

TEST(ReplayFillModel, SimulatorAndBacktestFillAlike) {
  const int64_t btc = 100'000'000;
  const std::vector<Placed> orders = {{Side::kBid, 1'000'000, btc},       // 0: 1 BTC at 10.00
                                      {Side::kBid, 1'050'000, btc},       // 1: 1 BTC at 10.50
                                      {Side::kBid, 1'050'000, btc},       // 2: 1 BTC at 10.50, later
                                      {Side::kAsk, 1'200'000, 2 * btc}};  // 3: 2 BTC at 12.00
  // Recorded sides chosen to mislead: the rule ignores them.
  const std::vector<Trade> tape = {
      recorded(kT0 + 10, 1'050'000, 150'000'000, Side::kBid),  // at 10.50: through nothing
      recorded(kT0 + 20, 900'000, 150'000'000, Side::kBid),    // order 1 takes 1, order 2 0.5
      recorded(kT0 + 30, 950'000, 200'000'000, Side::kAsk),    // order 2 its last 0.5, order 0 1
      recorded(kT0 + 40, 1'200'100, 70'000'000, Side::kAsk),   // above 12: order 3 takes 0.7
      recorded(kT0 + 50, 1'300'000, 500'000'000, Side::kBid),  // order 3 its last 1.3
  };
  const Fills expected = {{0, {{1'000'000, btc}}},
                          {1, {{1'050'000, btc}}},
                          {2, {{1'050'000, btc / 2}, {1'050'000, btc / 2}}},
                          {3, {{1'200'000, 70'000'000}, {1'200'000, 130'000'000}}}};
  EXPECT_EQ(simulator_fills(orders, tape), expected);
  EXPECT_EQ(model_fills(orders, tape), expected);
}

TEST(ReplayFillModel, RandomTapesFillAlike) {
  auto rng = dealer::testing::seeded_rng();
  for (int run = 0; run < 200; ++run) {
    std::vector<Placed> orders;
    // Bids at 9.90 to 10.00, asks at 10.01 to 10.11: orders that crossed would trade with each other in
    // the simulator when placed, which is matching, not replay.
    for (int i = 0; i < 6; ++i) {
      const Side side = rng() % 2 ? Side::kBid : Side::kAsk;
      const int64_t price =
          (side == Side::kBid ? 990'000 : 1'001'000) + static_cast<int64_t>(rng() % 11) * 1000;
      orders.push_back({side, price, 1 + static_cast<int64_t>(rng() % 300'000'000)});
    }
    std::vector<Trade> tape;
    for (int i = 0; i < 12; ++i) {
      tape.push_back(recorded(kT0 + 100 + i * 10, 985'000 + static_cast<int64_t>(rng() % 31) * 1000,
                              1 + static_cast<int64_t>(rng() % 200'000'000),
                              rng() % 2 ? Side::kBid : Side::kAsk));
    }
    ASSERT_EQ(simulator_fills(orders, tape), model_fills(orders, tape)) << "run " << run;
  }
}

}  // namespace
}  // namespace dealer::sim
