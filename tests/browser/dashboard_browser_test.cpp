// The dashboard in a real browser (ctest label `browser`): the simulator and `dealer run` as processes,
// then tests/browser/dashboard.mjs drives headless Chromium through puppeteer-core against them (its
// header lists the steps; screenshots of each state go to the build folder's browser-screenshots/).
// This side waits until the watch_price chain has played out (park resting, buy-dip and take-profit
// filled: nothing changes after that until the page acts), restarts the bot when the script asks,
// and afterwards checks the page listed exactly the history's open orders and fills, and that the
// history records the page's controls. Skipped, saying so, only where /usr/bin/chromium is absent.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
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

template <class Done>
bool wait_for(Done done, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bool listening(const BotProcess& bot) { return bot.log().find("status: listening on") != std::string::npos; }

TEST(DashboardInABrowser, ListsTheHistoryAndItsControlsActAtTheExchange) {
  if (!std::filesystem::exists("/usr/bin/chromium"))
    GTEST_SKIP() << "no /usr/bin/chromium: scripts/setup installs it";
  ASSERT_TRUE(std::filesystem::exists(std::string(DEALER_SOURCE_DIR) + "/node_modules/puppeteer-core"))
      << "no node_modules/puppeteer-core: run scripts/setup (npm ci)";

  // 1200x: the dip comes about 3 s in and the price is back above 13.55 a second or two later.
  SimProcess sim(testing::chain_sim_config(1200));
  testing::TempDir dir;
  const std::string store_path = dir.path + "/dealer.sqlite";
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  const int port = testing::bind_loopback(fd);
  close(fd);  // a fixed port, so that the restarted bot answers where the page left it
  const std::string listen = "status: {listen: \"127.0.0.1:" + std::to_string(port) + "\"}\n";
  const std::string config = testing::chain_bot_config(sim.port(), store_path) + listen;
  // The rules list ends the chain's text: one more rule goes right after it.
  const std::string with_late_bid =
      testing::chain_bot_config(sim.port(), store_path) +
      "      - {id: late-bid, side: buy, when: \"last <= 99\", price: \"12.00\", "
      "amount: \"0.1\"}\n" +
      listen;

  auto bot = std::make_unique<BotProcess>(dir.path, config, testing::kAliceKey, testing::kAliceSecret);
  ASSERT_TRUE(wait_for([&] { return listening(*bot); }, 20s)) << bot->log();
  ASSERT_TRUE(wait_for([&] { return testing::chain_done(testing::stored_orders(store_path)); }, 40s))
      << bot->log();
  std::string token = read_file(dir.path + "/dashboard-token");
  while (!token.empty() && token.back() == '\n') token.pop_back();
  ASSERT_EQ(token.size(), 64u);

  const std::string shots = std::string(DEALER_BINARY_DIR) + "/browser-screenshots";
  std::filesystem::remove_all(shots);
  std::ofstream(dir.path + "/late-bid.yaml") << with_late_bid;
  const std::string command =
      "DEALER_DASHBOARD=http://127.0.0.1:" + std::to_string(port) + " DEALER_TOKEN=" + token +
      " DEALER_SIM=http://127.0.0.1:" + std::to_string(sim.port()) + " DEALER_WORK=" + dir.path +
      " DEALER_SCREENSHOTS=" + shots + " DEALER_CONFIG=" + dir.path + "/bot.yaml" +
      " DEALER_LATE_BID_CONFIG=" + dir.path + "/late-bid.yaml node " + DEALER_SOURCE_DIR +
      "/tests/browser/dashboard.mjs > " + dir.path + "/node.log 2>&1";
  std::atomic<int> node_exit{-1};
  std::thread node([&] { node_exit = std::system(command.c_str()); });
  // The script asks for one restart; the old bot stops (SIGTERM) and a new one takes its place.
  bool restarted = false;
  while (node_exit == -1) {
    if (!restarted && std::filesystem::exists(dir.path + "/restart")) {
      bot->signal(SIGTERM);
      EXPECT_EQ(bot->wait(30s), 0) << bot->log();
      bot = std::make_unique<BotProcess>(dir.path, read_file(dir.path + "/bot.yaml"), testing::kAliceKey,
                                         testing::kAliceSecret);
      EXPECT_TRUE(wait_for([&] { return listening(*bot); }, 20s)) << bot->log();
      restarted = true;
    }
    std::this_thread::sleep_for(50ms);
  }
  node.join();
  const std::string node_log = read_file(dir.path + "/node.log");
  ASSERT_EQ(node_exit, 0) << node_log << "\nbot:\n" << bot->log();
  EXPECT_TRUE(restarted);
  for (const char* name : {"01-live", "02-wrong-token", "03-cancelled", "04-paused", "05-resumed",
                           "06-halted", "07-disconnected", "08-reconnected"})
    EXPECT_TRUE(std::filesystem::exists(shots + "/" + name + ".png")) << name;

  // What the page listed, against the history at that moment (nothing moved between the chain's end
  // and the first step): the one open order (park) and every fill, by trade id.
  const auto listed = boost::json::parse(read_file(dir.path + "/page-lists.json")).as_object();
  std::vector<std::string> orders, fills;
  for (const auto& v : listed.at("orders").as_array()) orders.emplace_back(v.as_string());
  for (const auto& v : listed.at("fills").as_array()) fills.emplace_back(v.as_string());
  auto reader = store::HistoryReader::open(store_path);
  ASSERT_TRUE(reader.ok());
  auto stored_fills = reader->fills_since(0);
  ASSERT_TRUE(stored_fills.ok());
  std::vector<std::string> fill_ids;
  for (const store::FillRow& f : *stored_fills) fill_ids.push_back(f.trade_id);
  std::sort(fill_ids.begin(), fill_ids.end());
  std::sort(fills.begin(), fills.end());
  EXPECT_EQ(orders, (std::vector<std::string>{"1"}));
  EXPECT_EQ(fills, fill_ids);
  EXPECT_GE(fill_ids.size(), 2u) << "buy-dip and take-profit filled";

  // The page's controls in the history; late-bid (order 4) placed once, after the resume.
  auto controls = reader->controls_since(0);
  ASSERT_TRUE(controls.ok());
  std::vector<std::string> actions;
  int64_t resumed_us = 0;
  for (const store::ControlRow& c : *controls) {
    actions.push_back(c.action + " " + c.target);
    if (c.action == "resume") resumed_us = c.time_us;
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"cancel 1", "pause dip-chain", "reload ", "resume dip-chain",
                                               "halt "}));
  const auto stored = testing::stored_orders(store_path);
  ASSERT_EQ(stored.size(), 4u);
  EXPECT_GT(stored.at("4").created_us, resumed_us);
  EXPECT_EQ(stored.at("4").state, "cancelled");
  bot->signal(SIGTERM);
  EXPECT_EQ(bot->wait(30s), 0) << bot->log();
}

}  // namespace
}  // namespace dealer::live
