// End to end, through the binaries: the simulator process and `dealer run` with its dashboard on, driven
// through the JSON API as curl would (Authorization: Bearer), everything checked at the simulator
// (GET /sim/mtgox/orders) and in the SQLite history:
//   1. park (sell 0.5 at 20.00) rests; a missing or wrong token, a foreign Origin and a foreign Host
//      are refused and change nothing (park still open, the bot not halted, no control recorded);
//   2. cancel park through the API: cancelled at the simulator;
//   3. pause the strategy, then reload a configuration whose new rule late-bid (buy 0.1 at 12.00, a
//      price the 2013-01-01 tape never reaches, so it rests) fires on every trade: while 20 trades
//      pass, nothing is placed; resume: late-bid is placed and rests at the simulator;
//   4. halt: late-bid is cancelled, the bot says halted, /metrics shows it;
//   5. each control is a row of the history's `controls` table and a log line, and neither the
//      dashboard's answers nor the log hold the MtGox credentials or the dashboard's token.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "core/json_binding.h"
#include "live/dashboard_state.h"
#include "store/history_reader.h"
#include "support/bot_process.h"
#include "support/prometheus_text.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"

namespace dealer::live {
namespace {

using namespace std::chrono_literals;
using testing::BotProcess;
using testing::SimProcess;
using Headers = std::vector<std::pair<std::string, std::string>>;

template <class Done>
bool wait_for(Done done, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

std::string bot_config(uint16_t sim_port, const std::string& store_path, bool late_bid) {
  std::string c =
      testing::run_config_head(sim_port, store_path) +
      "status: {listen: \"127.0.0.1:0\"}\n"
      "strategies:\n"
      "  - id: dip-chain\n"
      "    strategy: watch_price\n"
      "    pair: BTCUSD\n"
      "    rules:\n"
      "      - {id: park, side: sell, when: \"last >= 13.00\", price: \"20.00\", amount: \"0.5\"}\n";
  if (late_bid)
    c += "      - {id: late-bid, side: buy, when: \"last <= 99\", price: \"12.00\", amount: \"0.1\"}\n";
  return c;
}

// The simulator's state of the order it knows as `oid`, or "" when it knows none.
std::string sim_state(const SimProcess& sim, const std::string& oid) {
  const auto orders = boost::json::parse(sim.get("/sim/mtgox/orders").body).as_array();
  for (const auto& v : orders) {
    if (std::string(v.at("oid").as_string()) == oid) return std::string(v.at("state").as_string());
  }
  return "";
}

int64_t newest_tid(const std::string& store_path) {
  auto reader = store::HistoryReader::open(store_path);
  if (!reader) return 0;
  auto last = reader->last_trades("BTCUSD", 1);
  return last && !last->empty() ? last->back().tid : 0;
}

int64_t trades_after(const std::string& store_path, int64_t tid) {
  auto reader = store::HistoryReader::open(store_path);
  if (!reader) return 0;
  auto rows = reader->trades_after("BTCUSD", tid, 1000);
  return rows ? static_cast<int64_t>(rows->size()) : 0;
}

TEST(DashboardEndToEnd, ControlsThroughTheApiActAtTheExchangeAndAreRecorded) {
  SimProcess sim(testing::chain_sim_config(1200));  // fast: 20 trades pass in about a second
  testing::TempDir dir;
  const std::string store_path = dir.path + "/dealer.sqlite";
  BotProcess bot(dir.path, bot_config(sim.port(), store_path, false), testing::kAliceKey,
                 testing::kAliceSecret);

  uint16_t port = 0;
  ASSERT_TRUE(wait_for(
      [&] {
        std::smatch m;
        const std::string log = bot.log();
        static const std::regex kListening("status: listening on 127\\.0\\.0\\.1 port ([0-9]+)");
        if (std::regex_search(log, m, kListening)) port = static_cast<uint16_t>(std::stoi(m[1].str()));
        return port != 0;
      },
      20s))
      << bot.log();
  // Made on first start next to the history, private to its owner.
  std::ifstream token_file(dir.path + "/dashboard-token");
  std::string token;
  ASSERT_TRUE(std::getline(token_file, token)) << "no dashboard-token file";
  EXPECT_EQ(token.size(), 64u);
  EXPECT_EQ(
      std::filesystem::status(dir.path + "/dashboard-token").permissions() & std::filesystem::perms::all,
      std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const std::string host = "127.0.0.1:" + std::to_string(port);
  const Headers auth = {{"Host", host}, {"Authorization", "Bearer " + token}};
  auto post = [&](const std::string& path, Headers headers) { return sim.post(path, "", headers, port); };

  ASSERT_TRUE(wait_for([&] { return testing::stored_orders(store_path).contains("1"); }, 20s)) << bot.log();
  ASSERT_TRUE(wait_for([&] { return testing::stored_orders(store_path).at("1").state == "open"; }, 20s));
  const std::string park = testing::stored_orders(store_path).at("1").exchange_id;
  EXPECT_EQ(sim_state(sim, park), "open");

  // 1. Refusals change nothing.
  EXPECT_EQ(post("/api/halt", {{"Host", host}}).status, 401);
  EXPECT_EQ(post("/api/halt", {{"Host", host}, {"Authorization", "Bearer " + token + "x"}}).status, 401);
  EXPECT_EQ(post("/api/orders/1/cancel", {{"Host", host}, {"Authorization", "Bearer nope"}}).status, 401);
  EXPECT_EQ(sim.get("/api/state", port, {{"Host", host}}).status, 401);
  Headers cross = auth;
  cross.emplace_back("Origin", "http://evil.example");
  EXPECT_EQ(post("/api/halt", cross).status, 403);
  EXPECT_EQ(post("/api/orders/1/cancel",
                 {{"Host", "evil.example:" + std::to_string(port)}, {"Authorization", "Bearer " + token}})
                .status,
            403);
  const auto before = decode_json<DashboardState>(sim.get("/api/state", port, auth).body);
  ASSERT_TRUE(before.ok()) << before.error().describe();
  EXPECT_FALSE(before->status.halted);
  ASSERT_EQ(before->status.open_orders.size(), 1u);
  EXPECT_EQ(sim_state(sim, park), "open");

  // 2. Cancel one order.
  const auto cancelled = post("/api/orders/1/cancel", auth);
  EXPECT_EQ(cancelled.status, 200) << cancelled.body;
  ASSERT_TRUE(wait_for([&] { return sim_state(sim, park) == "cancelled"; }, 10s)) << sim_state(sim, park);

  // 3. Paused, the strategy places nothing while every trade satisfies its new rule; resumed, it does.
  EXPECT_EQ(post("/api/strategies/dip-chain/pause", auth).status, 200);
  std::ofstream(dir.path + "/bot.yaml") << bot_config(sim.port(), store_path, true);
  const auto reloaded = post("/api/reload", auth);
  EXPECT_EQ(reloaded.status, 200) << reloaded.body;
  const int64_t tid = newest_tid(store_path);
  ASSERT_TRUE(wait_for([&] { return trades_after(store_path, tid) >= 20; }, 20s)) << bot.log();
  EXPECT_EQ(testing::stored_orders(store_path).size(), 1u) << "a paused strategy placed";
  EXPECT_TRUE(
      decode_json<DashboardState>(sim.get("/api/state", port, auth).body)->status.strategies[0].paused);
  EXPECT_EQ(post("/api/strategies/dip-chain/resume", auth).status, 200);
  ASSERT_TRUE(wait_for([&] { return testing::stored_orders(store_path).contains("2"); }, 10s)) << bot.log();
  ASSERT_TRUE(wait_for([&] { return testing::stored_orders(store_path).at("2").state == "open"; }, 10s));
  const std::string late_bid = testing::stored_orders(store_path).at("2").exchange_id;
  EXPECT_EQ(testing::stored_orders(store_path).at("2").price_int, 1'200'000);  // 12.00 USD at 1e-5
  EXPECT_EQ(sim_state(sim, late_bid), "open");

  // 4. The kill switch cancels everything.
  const auto halted = post("/api/halt", auth);
  EXPECT_EQ(halted.status, 200) << halted.body;
  ASSERT_TRUE(wait_for([&] { return sim_state(sim, late_bid) == "cancelled"; }, 10s)) << bot.log();
  const std::string state_body = sim.get("/api/state", port, auth).body;
  const auto after = decode_json<DashboardState>(state_body);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->status.halted);
  EXPECT_NE(after->status.halt_reason.value_or("").find("kill switch"), std::string::npos);
  const auto metrics = testing::parse_prometheus_text(sim.get("/metrics", port).body);
  EXPECT_EQ(metrics.samples.at("dealer_halted"), 1);
  EXPECT_EQ(metrics.samples.at("dealer_open_orders"), 0);

  // 5. The record, and no secret anywhere the dashboard or the log shows.
  const std::string page = sim.get("/", port, auth).body;
  for (const std::string& secret : {std::string(testing::kAliceKey), std::string(testing::kAliceSecret)}) {
    EXPECT_EQ(state_body.find(secret), std::string::npos);
    EXPECT_EQ(page.find(secret), std::string::npos);
  }
  bot.signal(SIGTERM);
  EXPECT_EQ(bot.wait(30s), 0) << bot.log();
  EXPECT_EQ(bot.log().find(token), std::string::npos) << "the dashboard token is in the log";
  EXPECT_NE(bot.log().find("control halt from 127.0.0.1"), std::string::npos) << bot.log();
  auto reader = store::HistoryReader::open(store_path);
  ASSERT_TRUE(reader.ok());
  auto rows = reader->controls_since(0);
  ASSERT_TRUE(rows.ok());
  std::vector<std::string> actions;
  for (const store::ControlRow& r : *rows) {
    actions.push_back(r.action + " " + r.target);
    EXPECT_EQ(r.remote, "127.0.0.1");
    EXPECT_EQ(r.outcome.rfind("ok: ", 0), 0u) << r.outcome;
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"cancel 1", "pause dip-chain", "reload ", "resume dip-chain",
                                               "halt "}));
}

}  // namespace
}  // namespace dealer::live
