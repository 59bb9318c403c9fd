// Issue 18 case 1, end to end: the simulator's public/trades answers carry a negative price_int (the
// semantic fault negative_price_percent), and `dealer run` keeps trading. Before the edge checks the
// trade reached the store, failed its CHECK (price_int >= 0) and halted the bot with exit 1, and every
// restart died the same way. Now the bad trade is refused at the codec with a warning, the good trades
// of the page go through, the chain of run_e2e_test.cpp plays out and SIGTERM ends the run with 0.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <limits>
#include <thread>

#include "store/history_reader.h"
#include "support/bot_process.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"

namespace dealer::live {
namespace {

using namespace std::chrono_literals;

size_t count_of(const std::string& text, std::string_view what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(EdgeEndToEnd, NegativeTradePricesAreRefusedAndTheBotKeepsTrading) {
  testing::SimProcess sim(testing::chain_sim_config() +
                          "faults: {seed: 7, negative_price_percent: \"30\"}\n");
  testing::TempDir dir;
  const std::string store_path = dir.path + "/dealer.sqlite";
  testing::BotProcess bot(dir.path, testing::chain_bot_config(sim.port(), store_path), testing::kAliceKey,
                          testing::kAliceSecret);

  const auto deadline = std::chrono::steady_clock::now() + 40s;
  while (!testing::chain_done(testing::stored_orders(store_path)) &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  ASSERT_TRUE(testing::chain_done(testing::stored_orders(store_path))) << bot.log();
  bot.signal(SIGTERM);
  ASSERT_EQ(bot.wait(30s), 0) << bot.log();

  const std::string log = bot.log();
  const size_t warnings = count_of(log, "MtGox BTCUSD/public/trades: refused 1 of");
  EXPECT_GT(warnings, 0u) << log;
  EXPECT_NE(log.find("price -"), std::string::npos) << log;
  EXPECT_EQ(log.find("store failed"), std::string::npos) << log;

  auto reader = store::HistoryReader::open(store_path);
  ASSERT_TRUE(reader.ok()) << reader.error().describe();
  auto trades = reader->trades_after("BTCUSD", std::numeric_limits<int64_t>::min(), 1'000'000);
  ASSERT_TRUE(trades.ok());
  ASSERT_FALSE(trades->empty());
  for (const store::TradeRow& t : *trades) EXPECT_GT(t.price_int, 0) << "trade " << t.tid;
  // Each refusal is one answer's: far fewer warnings than trades polled (no line per trade per poll).
  EXPECT_LT(warnings, trades->size());
}

}  // namespace
}  // namespace dealer::live
