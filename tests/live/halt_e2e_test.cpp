// A halt leaves nothing resting (issue 18 case 1: the store failed, the bot exited 1, and the market
// maker's two quotes stayed open at the exchange). `dealer run` against the real simulator: once both
// quotes rest, the store fails (the test holds the history's write lock past the bot's busy timeout, so
// every write of the bot is refused, as on a full disk), and the bot must cancel both at the exchange,
// without writing first, before it exits 1 with a line that says what stopped it and what to do.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "store/sqlite.h"
#include "support/bot_process.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"

namespace dealer::live {
namespace {

using namespace std::chrono_literals;

// Alice's orders the simulator holds open.
size_t open_at_sim(const testing::SimProcess& sim) {
  size_t open = 0;
  const boost::json::value orders = boost::json::parse(sim.get("/sim/mtgox/orders").body);
  for (const auto& v : orders.as_array()) {
    open += v.at("account").as_string() == "alice" && v.at("state").as_string() == "open" ? 1 : 0;
  }
  return open;
}

TEST(HaltE2e, AStoreFailureCancelsTheRestingQuotesBeforeExiting) {
  // 3600x, as the strategies' simulator test runs the market maker: its mid moves enough to requote.
  testing::SimProcess sim(testing::chain_sim_config(3600));
  testing::TempDir dir;
  const std::string store_path = dir.path + "/dealer.sqlite";
  // config/market_maker.yaml's quotes: 1 BTC each, 0.10 USD either side of the book's mid.
  const std::string config =
      testing::run_config_head(sim.port(), store_path) +
      "strategies:\n  - {id: maker, strategy: market_maker, pair: BTCUSD, amount: \"1\", "
      "spread: \"0.20\", requote_threshold: \"0.10\", skew: \"0.02\", max_inventory: \"3\", "
      "book_max_age: 30s}\n";
  testing::BotProcess bot(dir.path, config, testing::kAliceKey, testing::kAliceSecret);
  const auto quoted_by = std::chrono::steady_clock::now() + 15s;
  while (open_at_sim(sim) < 2 && std::chrono::steady_clock::now() < quoted_by)
    std::this_thread::sleep_for(50ms);
  ASSERT_EQ(open_at_sim(sim), 2u) << bot.log();

  auto db = store::Database::open(store_path, store::Database::Access::kReadWrite);
  ASSERT_TRUE(db.ok()) << db.error().describe();
  ASSERT_TRUE(db->exec("BEGIN IMMEDIATE").ok());  // the write lock, held until the bot has gone
  const int code = bot.wait(30s);
  (void)db->exec("ROLLBACK");
  const std::string log = bot.log();
  EXPECT_EQ(code, 1) << log;
  EXPECT_EQ(open_at_sim(sim), 0u) << log;
  EXPECT_NE(log.find("store failed, trading halted"), std::string::npos) << log;
  EXPECT_NE(log.find("halted: "), std::string::npos) << log;
  EXPECT_NE(log.find("Open orders: all cancelled. To resume: free disk space"), std::string::npos) << log;
}

}  // namespace
}  // namespace dealer::live
