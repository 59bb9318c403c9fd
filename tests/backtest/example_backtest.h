// An example configuration of config/ over the bundled tape (data/mtgox-trades-btcusd-2013-01-01.csv),
// as `dealer backtest --config config/NAME.yaml --trades data/...` runs it, for the strategies'
// backtest tests. Failures are test failures; the report is empty then.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "backtest/backtest.h"
#include "backtest/config.h"
#include "engine/engine_test_support.h"
#include "market/trade_file.h"
#include "support/test_support.h"

namespace dealer::testing {

inline backtest::Report run_example_backtest(const std::string& config_name) {
  auto trades =
      read_trade_file(test_data_path("../../data/mtgox-trades-btcusd-2013-01-01.csv"), Currency::usd());
  EXPECT_TRUE(trades);
  auto setup = backtest::load_backtest_config(test_data_path("../../config/" + config_name));
  EXPECT_TRUE(setup) << (setup ? "" : setup.error().message);
  if (!trades || !setup) return {};
  auto bt = backtest::Backtest::create(std::move(setup->config), std::move(setup->strategies));
  EXPECT_TRUE(bt);
  if (!bt) return {};
  auto r = (*bt)->run(*trades);
  EXPECT_TRUE(r);
  return r ? std::move(*r) : backtest::Report{};
}

// Every fill belongs to one of the orders 1..N and has that order's side and limit price, given in order
// of client id as {side, "price"}.
struct OrderSpec {
  Side side;
  const char* price;
};
inline void expect_fills_of(const backtest::Report& r, std::initializer_list<OrderSpec> orders) {
  const std::vector<OrderSpec> by_id(orders);
  for (const backtest::FillRecord& f : r.fills) {
    ASSERT_GE(f.order_id, 1);
    ASSERT_LE(f.order_id, static_cast<engine::ClientId>(by_id.size()));
    EXPECT_EQ(f.side, by_id[f.order_id - 1].side) << f.order_id;
    EXPECT_EQ(f.price, usd(by_id[f.order_id - 1].price)) << f.order_id;
  }
}

// The final total of `currency`, -1 if the report has none.
inline int64_t final_total(const backtest::Report& r, Currency currency) {
  for (const Balance& b : r.final_balances)
    if (b.currency == currency) return b.total.raw();
  return -1;
}

}  // namespace dealer::testing
