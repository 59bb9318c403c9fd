// Errors of the backtest config name file:line:col and the key.
#include "backtest/config.h"

#include <gtest/gtest.h>

namespace dealer::backtest {
namespace {

constexpr std::string_view kStrategies = R"(strategies:
  - id: s
    strategy: watch_price
    pair: BTCUSD
    rules:
      - {id: buy, side: buy, when: "last <= 10", price: "10", amount: "1"}
)";

std::string error_of(std::string_view backtest_block) {
  auto setup = parse_backtest_config(std::string(kStrategies) + std::string(backtest_block), "bt.yaml");
  EXPECT_FALSE(setup);
  return setup ? "" : setup.error().message;
}

TEST(BacktestConfig, ReadsTheBlock) {
  auto setup = parse_backtest_config(std::string(kStrategies) + R"(backtest:
  balances: {BTC: "1.5", USD: "1000"}
  fee_percent: "0.6"
  latency_ms: 250
  fill_model: touch
)",
                                     "bt.yaml");
  ASSERT_TRUE(setup) << setup.error().message;
  const BacktestConfig& c = setup->config;
  ASSERT_EQ(c.balances.size(), 2u);
  EXPECT_EQ(c.balances[0].currency, Currency::btc());
  EXPECT_EQ(c.balances[0].total, Funds(150000000));
  EXPECT_EQ(c.balances[1].total, Funds(100000000));
  EXPECT_EQ(c.fee_percent, *Decimal::parse("0.6"));
  EXPECT_EQ(c.latency, Micros(250'000));
  EXPECT_EQ(c.rule, market::FillRule::kTouch);
  EXPECT_EQ(c.pair.code(), "BTCUSD");
  EXPECT_EQ(setup->strategies.size(), 1u);
}

TEST(BacktestConfig, ErrorsNameFileLineColumnAndKey) {
  EXPECT_EQ(error_of("backtest:\n  fee_percent: \"abc\"\n").rfind("bt.yaml:8:16: backtest.fee_percent:", 0),
            0u)
      << error_of("backtest:\n  fee_percent: \"abc\"\n");
  EXPECT_NE(error_of("backtest:\n  fee_percent: \"100\"\n").find("backtest.fee_percent: must be"),
            std::string::npos);
  EXPECT_NE(error_of("backtest:\n  fil_model: touch\n").find("bt.yaml:8:3: backtest"), std::string::npos)
      << error_of("backtest:\n  fil_model: touch\n");
  EXPECT_NE(error_of("backtest:\n  fill_model: mid\n").find("backtest.fill_model: expected through or touch"),
            std::string::npos);
  EXPECT_NE(error_of("backtest:\n  balances: {USD: \"1.000001\"}\n").find("backtest.balances.USD"),
            std::string::npos);
  EXPECT_NE(error_of("").find("missing key: backtest"), std::string::npos);
  // The strategies' own errors carry the file too.
  auto bad = parse_backtest_config("strategies:\n  - {id: s, strategy: nope, pair: BTCUSD}\nbacktest: {}\n",
                                   "bt.yaml");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.rfind("bt.yaml:2:", 0), 0u) << bad.error().message;
}

}  // namespace
}  // namespace dealer::backtest
