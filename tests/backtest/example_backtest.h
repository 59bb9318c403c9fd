// Runs one of the example configurations (config/<name>.yaml) over the bundled tape
// (data/mtgox-trades-btcusd-2013-01-01.csv), for the strategies' backtest tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "backtest/backtest.h"
#include "backtest/config.h"
#include "config/reader.h"
#include "market/trade_file.h"
#include "support/test_support.h"

namespace dealer::backtest {

inline Report run_example(const std::string& config_name) {
  using dealer::testing::test_data_path;
  auto trades =
      read_trade_file(test_data_path("../../data/mtgox-trades-btcusd-2013-01-01.csv"), Currency::usd());
  EXPECT_TRUE(trades);
  auto yaml = config::read_file(test_data_path("../../config/" + config_name));
  EXPECT_TRUE(yaml);
  auto setup = parse_backtest_config(*yaml, config_name);
  EXPECT_TRUE(setup) << setup.error().message;
  auto bt = Backtest::create(std::move(setup->config), std::move(setup->strategies));
  EXPECT_TRUE(bt) << bt.error().message;
  auto report = (*bt)->run(*trades);
  EXPECT_TRUE(report);
  return std::move(*report);
}

inline int64_t total_of(const std::vector<Balance>& balances, Currency c) {
  for (const Balance& b : balances)
    if (b.currency == c) return b.total.raw();
  return -1;
}

}  // namespace dealer::backtest
