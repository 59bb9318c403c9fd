// Each shipped strategy's example configuration runs in `dealer run` against the real simulator
// process over HTTP: its `strategies:` entry, taken as is from config/<name>.yaml, under the test's
// exchange/store/poll settings. It must place orders and see at least one fill, and then the SQLite
// history must show no order rejected or left ambiguous and no rejection decision; SIGTERM stops the
// bot cleanly (exit 0).
//
// The simulator replays the bundled 2013-01-01 tape at 3600x (a recorded hour per second) with the
// seeded liquidity provider, so the day's moves that fill the strategies in their backtests come within
// seconds: the grid's buy at 13.50 about 1 s in (01:05), the market maker's bid in the 11:35 dip about
// 12 s in, which makes that case take about 12 s (its book-based mid may fill it earlier).
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "store/history_reader.h"
#include "support/bot_process.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"
#include "support/test_support.h"

namespace dealer::live {
namespace {

using namespace std::chrono_literals;
using testing::BotProcess;
using testing::SimProcess;

struct StrategyConfig {
  const char* name;  // the test's name
  const char* file;  // under config/
  friend void PrintTo(const StrategyConfig& c, std::ostream* os) { *os << "config/" << c.file; }
};

// The `strategies:` block of a configuration file: from its key to the next top-level key.
std::string strategies_block(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  std::string line, out;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != ' ' && line[0] != '#') inside = line.rfind("strategies:", 0) == 0;
    if (inside) out += line + "\n";
  }
  EXPECT_FALSE(out.empty()) << path << " has no strategies: block";
  return out;
}

bool any_filled(const std::map<std::string, store::OrderRow>& orders) {
  for (const auto& [id, o] : orders) {
    if (o.filled_amount_int > 0) return true;
  }
  return false;
}

class StrategiesSim : public ::testing::TestWithParam<StrategyConfig> {};

TEST_P(StrategiesSim, RunsWithoutARejectedOrAmbiguousOrder) {
  SimProcess sim(testing::chain_sim_config(3600));
  testing::TempDir dir;
  const std::string store_path = dir.path + "/dealer.sqlite";
  const std::string config =
      testing::run_config_head(sim.port(), store_path) +
      strategies_block(testing::test_data_path(std::string("../../config/") + GetParam().file));
  BotProcess bot(dir.path, config, testing::kAliceKey, testing::kAliceSecret);

  const auto deadline = std::chrono::steady_clock::now() + 40s;
  while (!any_filled(testing::stored_orders(store_path)) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  bot.signal(SIGTERM);
  ASSERT_EQ(bot.wait(30s), 0) << bot.log();

  const auto orders = testing::stored_orders(store_path);
  EXPECT_TRUE(any_filled(orders)) << bot.log();
  for (const auto& [id, o] : orders) {
    EXPECT_NE(o.state, "rejected") << "order " << id << "\n" << bot.log();
    EXPECT_NE(o.state, "ambiguous") << "order " << id << "\n" << bot.log();
  }
  auto reader = store::HistoryReader::open(store_path);
  ASSERT_TRUE(reader.ok());
  auto decisions = reader->decisions_since(0);
  ASSERT_TRUE(decisions.ok());
  for (const store::DecisionRow& d : *decisions) {
    EXPECT_NE(d.kind, "order_rejected") << d.reason;
    EXPECT_NE(d.kind, "risk_rejected") << d.reason;
    EXPECT_NE(d.kind, "disabled") << d.reason;
  }
}

// One entry per shipped strategy with an example configuration.
INSTANTIATE_TEST_SUITE_P(Examples, StrategiesSim,
                         ::testing::Values(StrategyConfig{"market_maker", "market_maker.yaml"},
                                           StrategyConfig{"grid", "grid.yaml"}),
                         [](const ::testing::TestParamInfo<StrategyConfig>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace dealer::live
