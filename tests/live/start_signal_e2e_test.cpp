// A stop signal that comes during start-up, before `dealer run` has installed its handlers, is not
// lost (issue 23): the process blocks the signals first, installs the handlers, then unblocks them,
// and the signal then stops it cleanly. Deterministic, with no race to win: the bot is started with
// SIGINT already blocked (as a parent can hand it down) and sent SIGINT at once, so the signal is
// pending from its very first instruction and only the unblocking after the handlers can deliver it.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>

#include "support/bot_process.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"

namespace dealer::live {
namespace {

using namespace std::chrono_literals;

TEST(StartUpSignal, ASigintSentRightAfterStartStopsTheBotCleanly) {
  testing::SimProcess sim(testing::chain_sim_config());
  testing::TempDir dir;
  testing::BotProcess bot(dir.path, testing::chain_bot_config(sim.port(), dir.path + "/dealer.sqlite"),
                          testing::kAliceKey, testing::kAliceSecret, "run", {SIGINT});
  bot.signal(SIGINT);
  ASSERT_EQ(bot.wait(30s), 0) << bot.log();
  EXPECT_NE(bot.log().find("signal SIGINT: shutting down"), std::string::npos) << bot.log();
}

}  // namespace
}  // namespace dealer::live
