// Issue 23: what a new operator meets when the bot cannot trade. `dealer run` with a pair the real
// simulator does not list (it trades BTCUSD only; its MtGox API answers unknown_currency_pair, as
// src/sim/mtgox_api.cpp does for any pair it has no tape of) exits 2 at once naming the pair, instead of
// retrying for as long as it runs. And a bot none of whose feeds has answered says so in /status and in
// `dealer status`, not "trading".
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <thread>

#include "support/bot_process.h"
#include "support/dealer_run.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"
#include "support/test_support.h"

namespace dealer::live {
namespace {

using namespace std::chrono_literals;

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

TEST(RunUnknownPair, APairTheExchangeDoesNotListIsAConfigurationErrorNamingIt) {
  testing::SimProcess sim(testing::chain_sim_config());
  const testing::HttpResult ticker = sim.get("/api/1/BTCJPY/public/ticker");
  EXPECT_EQ(ticker.status, 404);
  EXPECT_NE(ticker.body.find("unknown_currency_pair"), std::string::npos) << ticker.body;

  testing::TempDir dir;
  const std::string config =
      replaced(testing::chain_bot_config(sim.port(), dir.path + "/dealer.sqlite"), "BTCUSD", "BTCJPY");
  testing::BotProcess bot(dir.path, config, testing::kAliceKey, testing::kAliceSecret);
  ASSERT_EQ(bot.wait(20s), 2) << bot.log();
  const std::string log = bot.log();
  EXPECT_NE(log.find("exchange.pair BTCJPY"), std::string::npos) << log;
  EXPECT_NE(log.find("unknown_currency_pair"), std::string::npos) << log;
  EXPECT_EQ(log.find("trading BTCJPY"), std::string::npos) << log;
}

TEST(RunUnknownPair, ABotNoFeedHasAnsweredSaysSoInItsStatus) {
  // A port just released: nothing listens there, so every call of the bot fails and it keeps trying.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  const auto exchange_port = static_cast<uint16_t>(testing::bind_loopback(fd));
  close(fd);
  testing::TempDir dir;
  const std::string config = testing::chain_bot_config(exchange_port, dir.path + "/dealer.sqlite") +
                             "status: {listen: \"127.0.0.1:0\"}\n";
  testing::BotProcess bot(dir.path, config, testing::kAliceKey, testing::kAliceSecret);
  uint16_t port = 0;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  static const std::regex kListening("status: listening on 127\\.0\\.0\\.1 port ([0-9]+)");
  for (std::smatch m; port == 0 && std::chrono::steady_clock::now() < deadline;) {
    const std::string log = bot.log();
    if (std::regex_search(log, m, kListening))
      port = static_cast<uint16_t>(std::stoi(m[1].str()));
    else
      std::this_thread::sleep_for(20ms);
  }
  ASSERT_NE(port, 0) << bot.log();

  const std::string json =
      testing::raw_exchange(port, "GET /status HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", 5000);
  EXPECT_NE(json.find("\"waiting\":\"no market feed has answered yet\""), std::string::npos) << json;
  const testing::DealerRun status =
      testing::run_dealer("status --url http://127.0.0.1:" + std::to_string(port));
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("not trading: no market feed has answered yet"), std::string::npos) << status.out;
  EXPECT_EQ(bot.log().find("trading BTCUSD"), std::string::npos) << bot.log();
}

}  // namespace
}  // namespace dealer::live
