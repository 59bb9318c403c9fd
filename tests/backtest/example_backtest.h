// Helpers for backtest tests. run_example: one of the example configurations (config/<name>.yaml) over
// the bundled tape (data/mtgox-trades-btcusd-2013-01-01.csv), as `dealer backtest --config
// config/NAME.yaml --trades data/...` runs it; failures are test failures and the report is empty then.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <span>
#include <string>
#include <vector>

#include "backtest/backtest.h"
#include "backtest/config.h"
#include "engine/engine_test_support.h"
#include "market/trade_file.h"
#include "support/test_support.h"

namespace dealer::backtest {

inline Report run_example(const std::string& config_name) {
  using dealer::testing::test_data_path;
  auto trades =
      read_trade_file(test_data_path("../../data/mtgox-trades-btcusd-2013-01-01.csv"), Currency::usd());
  EXPECT_TRUE(trades);
  auto setup = load_backtest_config(test_data_path("../../config/" + config_name));
  EXPECT_TRUE(setup) << (setup ? "" : setup.error().message);
  if (!trades || !setup) return {};
  auto bt = Backtest::create(std::move(setup->config), std::move(setup->strategies));
  EXPECT_TRUE(bt);
  if (!bt) return {};
  auto r = (*bt)->run(*trades);
  EXPECT_TRUE(r);
  return r ? std::move(*r) : Report{};
}

// The total of `c` among `balances`, -1 if it is not there.
inline int64_t total_of(const std::vector<Balance>& balances, Currency c) {
  for (const Balance& b : balances)
    if (b.currency == c) return b.total.raw();
  return -1;
}

// One fill as a test expects it: the trade's tid (its time in microseconds), prices and amounts as text.
struct ExpectedFill {
  int64_t tid;
  Side side;
  const char* price;
  const char* amount;
  int64_t fee;  // quote units
  engine::ClientId order;
};

inline void expect_fills(const std::vector<FillRecord>& fills, std::span<const ExpectedFill> expected,
                         const std::string& strategy) {
  ASSERT_EQ(fills.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const FillRecord& f = fills[i];
    EXPECT_EQ(to_us(f.time), expected[i].tid) << i;
    EXPECT_EQ(f.side, expected[i].side) << i;
    EXPECT_EQ(f.price, dealer::testing::usd(expected[i].price)) << i;
    EXPECT_EQ(f.amount, dealer::testing::btc(expected[i].amount)) << i;
    EXPECT_EQ(f.fee, expected[i].fee) << i;
    EXPECT_EQ(f.order_id, expected[i].order) << i;
    EXPECT_EQ(f.strategy, strategy) << i;
  }
}

// Every fill belongs to one of the orders 1..N and has that order's side and limit price, given in order
// of client id as {side, "price"}.
struct OrderSpec {
  Side side;
  const char* price;
};
inline void expect_fills_of(const Report& r, std::initializer_list<OrderSpec> orders) {
  const std::vector<OrderSpec> by_id(orders);
  for (const FillRecord& f : r.fills) {
    ASSERT_GE(f.order_id, 1);
    ASSERT_LE(f.order_id, static_cast<engine::ClientId>(by_id.size()));
    EXPECT_EQ(f.side, by_id[f.order_id - 1].side) << f.order_id;
    EXPECT_EQ(f.price, dealer::testing::usd(by_id[f.order_id - 1].price)) << f.order_id;
  }
}

}  // namespace dealer::backtest
