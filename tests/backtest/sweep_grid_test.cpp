// The sweep's grid (order of points, shards), its argument syntax, and the config overrides it
// applies (config::Override).
#include "backtest/sweep_grid.h"

#include <gtest/gtest.h>

#include "backtest/config.h"

namespace dealer::backtest {
namespace {

TEST(SweepGrid, AxisSyntax) {
  auto axis = parse_sweep_axis("backtest.fee_percent=0.2,0.6,1");
  ASSERT_TRUE(axis) << axis.error().message;
  EXPECT_EQ(axis->key, "backtest.fee_percent");
  EXPECT_EQ(axis->values, (std::vector<std::string>{"0.2", "0.6", "1"}));
  for (const char* bad : {"fee", "=1,2", "k=", "k=1,,2", "k=1,1"}) EXPECT_FALSE(parse_sweep_axis(bad)) << bad;
  EXPECT_NE(parse_sweep_axis("k=1,1").error().message.find("'1' is given twice"), std::string::npos);
}

TEST(SweepGrid, ShardSyntax) {
  auto shard = parse_shard("3/4");
  ASSERT_TRUE(shard);
  EXPECT_EQ(shard->index, 3u);
  EXPECT_EQ(shard->count, 4u);
  for (const char* bad : {"4/4", "-1/4", "1/0", "1", "a/b", "1/4/5", ""})
    EXPECT_FALSE(parse_shard(bad)) << bad;
}

TEST(SweepGrid, PointsRunLastDimensionFastestAndShardRoundRobin) {
  auto grid = SweepGrid::create({"a.yaml", "b.yaml"}, {{"x", {"1", "2", "3"}}, {"y", {"p", "q"}}});
  ASSERT_TRUE(grid);
  ASSERT_EQ(grid->size(), 12u);  // 2 x 3 x 2
  // Point 9 = 1*6 + 1*2 + 1: b.yaml, x=2, y=q.
  EXPECT_EQ(grid->values(9), (std::vector<std::string>{"b.yaml", "2", "q"}));
  EXPECT_EQ(grid->config_of(9), 1u);
  EXPECT_EQ(grid->config_of(5), 0u);
  const auto overrides = grid->overrides(9);
  ASSERT_EQ(overrides.size(), 2u);
  EXPECT_EQ(overrides[0].path, "x");
  EXPECT_EQ(overrides[0].value, "2");
  EXPECT_EQ(overrides[1].path, "y");
  EXPECT_EQ(overrides[1].value, "q");
  EXPECT_EQ(grid->points({1, 5}), (std::vector<size_t>{1, 6, 11}));
  // Every point in exactly one of the shards.
  std::vector<int> seen(12);
  for (size_t s = 0; s < 5; ++s)
    for (size_t p : grid->points({s, 5})) ++seen[p];
  EXPECT_EQ(seen, std::vector<int>(12, 1));
}

TEST(SweepGrid, RefusesAKeyTwiceAndTheConfigKey) {
  EXPECT_FALSE(SweepGrid::create({"a.yaml"}, {{"x", {"1"}}, {"x", {"2"}}}));
  EXPECT_FALSE(SweepGrid::create({"a.yaml"}, {{"config", {"b.yaml"}}}));
  EXPECT_FALSE(SweepGrid::create({}, {}));
}

constexpr std::string_view kConfig = R"(strategies:
  - id: s
    strategy: watch_price
    pair: BTCUSD
    rules:
      - {id: buy, side: buy, when: "last <= 10", price: "10", amount: "1"}
      - {id: sell, side: sell, after: buy, when: "last >= 11", price: "11", amount: "1"}
backtest:
  balances: {USD: "100"}
  fee_percent: "0.6"
)";

TEST(ConfigOverride, SetsValuesByKeyAndListElementsById) {
  auto setup = parse_backtest_config(kConfig, "bt.yaml",
                                     {{"backtest.fee_percent", "0.25"},
                                      {"backtest.latency_ms", "500"},  // absent in the file: added
                                      {"strategies.s.rules.sell.price", "12"}});
  ASSERT_TRUE(setup) << setup.error().message;
  EXPECT_EQ(setup->config.fee_percent, *Decimal::parse("0.25"));
  EXPECT_EQ(setup->config.latency, Micros(500'000));
  // Without overrides, the file's own values (the strategy's rule prices are checked through whole
  // runs in sweep_test.cpp).
  auto plain = parse_backtest_config(kConfig, "bt.yaml");
  EXPECT_EQ(plain->config.fee_percent, *Decimal::parse("0.6"));
}

TEST(ConfigOverride, PathsThatLeadNowhereAreErrors) {
  auto error = [](std::string path) {
    auto setup = parse_backtest_config(kConfig, "bt.yaml", {{path, "1"}});
    return setup ? std::string("no error") : setup.error().message;
  };
  EXPECT_EQ(error("strategies.t.amount"),
            "bt.yaml: strategies.t.amount (set outside the file): the file has no map or list 'strategies.t' "
            "(in a list, a key is an element's id)");
  EXPECT_EQ(error("strategies.s.rules"),
            "bt.yaml: strategies.s.rules (set outside the file): is a list or map in the file; only single "
            "values can be set");
  EXPECT_EQ(
      error("strategies.x"),
      "bt.yaml: strategies.x (set outside the file): 'strategies' is a list: name an element by its id");
  // A key the reader does not know is its usual error.
  EXPECT_NE(error("backtest.fee_percnt").find("unknown key"), std::string::npos);
}

}  // namespace
}  // namespace dealer::backtest
