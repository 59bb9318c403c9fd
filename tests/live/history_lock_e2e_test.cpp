// One bot per history, with real processes: while `dealer run` trades on a store, a second `dealer run`
// or a `dealer record` on it is refused at once (exit 2, one line naming the first one's pid) and
// touches nothing of it, while `dealer history` still reads it; once the first bot has stopped, the
// history is free again.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "store/history_lock.h"
#include "support/bot_process.h"
#include "support/dealer_run.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"

namespace dealer::live {
namespace {

using namespace std::chrono_literals;

TEST(HistoryLockEndToEnd, ASecondWriterIsRefusedNamingTheFirstAndReadersStayAllowed) {
  testing::SimProcess sim(testing::chain_sim_config());
  testing::TempDir dir;
  const std::string store_path = dir.path + "/dealer.sqlite";
  testing::BotProcess bot(dir.path, testing::chain_bot_config(sim.port(), store_path), testing::kAliceKey,
                          testing::kAliceSecret);
  // The first bot trades: its "park" ask (client id 1) rests at 20.00 for the whole run.
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  auto orders = testing::stored_orders(store_path);
  while (!(orders.count("1") && orders.at("1").state == "open") &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
    orders = testing::stored_orders(store_path);
  }
  ASSERT_TRUE(orders.count("1") && orders.at("1").state == "open") << bot.log();

  const std::string config = dir.path + "/bot.yaml";
  const std::string holder = "in use by dealer process " + std::to_string(bot.pid()) + " ";
  const std::string credentials =
      std::string("DEALER_MTGOX_KEY=") + testing::kAliceKey + " DEALER_MTGOX_SECRET=" + testing::kAliceSecret;
  for (const std::string command : {"run", "record"}) {
    SCOPED_TRACE(command);
    const testing::DealerRun second = testing::run_dealer(command + " --config " + config, credentials);
    EXPECT_EQ(second.exit_code, 2) << second.err;
    EXPECT_NE(second.err.find(holder), std::string::npos) << second.err;
    EXPECT_EQ(std::count(second.err.begin(), second.err.end(), '\n'), 1) << second.err;
  }
  // Nothing of the first bot's history was touched: its resting order is still open, not cancelling.
  EXPECT_EQ(testing::stored_orders(store_path).at("1").state, "open");

  const testing::DealerRun history = testing::run_dealer("history --store " + store_path);
  EXPECT_EQ(history.exit_code, 0) << history.err;
  EXPECT_NE(history.out.find("orders ("), std::string::npos) << history.out;

  bot.signal(SIGTERM);
  ASSERT_EQ(bot.wait(30s), 0) << bot.log();
  EXPECT_TRUE(store::HistoryLock::acquire(store_path).ok());
}

}  // namespace
}  // namespace dealer::live
