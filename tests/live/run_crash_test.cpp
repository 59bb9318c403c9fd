// Crash safety of `dealer run`: the bot is killed with SIGKILL at 24 seeded random moments (start-up,
// migrations, reconciliation, placing, mid-batch) and restarted on the same store each time, then run
// once more until its orders settle and stopped with SIGTERM. Whatever the kills hit:
//   - never a duplicate order: every order the simulator holds for the account is exactly one stored
//     order (by exchange id), and each watch_price rule placed at most one order;
//   - never a lost fill: the stored fills are exactly the account's own trades at the simulator;
//   - the trade cursor resumes with no gap and no duplicate: the stored tape is exactly the
//     simulator's public trades up to the stored cursor;
//   - PRAGMA integrity_check is ok.
// The set-up (simulator at 600x, the dip-chain rules) is the end-to-end test's (support/bot_process.h).
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <set>
#include <thread>

#include "exchange/mtgox/codec.h"
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

constexpr int kKills = 24;

// The simulator's public BTCUSD tape, paged by hand (since = the last tid of the previous page).
std::vector<int64_t> public_tids(const SimProcess& sim) {
  std::vector<int64_t> out;
  int64_t since = 0;
  for (;;) {
    auto page = mtgox::decode_response<std::vector<mtgox::Trade>>(
        sim.get("/api/1/BTCUSD/public/trades?since=" + std::to_string(since)).body);
    EXPECT_TRUE(page.ok()) << page.error().describe();
    if (!page.ok() || page->empty()) return out;
    for (const auto& t : *page) {
      if (t.primary == mtgox::YesNo::kY) out.push_back(t.tid);
    }
    since = page->back().tid;
  }
}

// Nothing left in flight: no order new, sent or cancelling. An order written but never sent before a
// kill stays `ambiguous` until the engine's window (60 s) has passed without a trace of it; that is
// allowed here, and the comparison with the simulator's orders below shows it never reached it.
bool settled(const std::map<std::string, store::OrderRow>& orders) {
  for (const auto& [id, o] : orders) {
    if (o.state == "new" || o.state == "sent" || o.state == "cancelling") return false;
  }
  return !orders.empty();
}

std::string summary(const std::map<std::string, store::OrderRow>& orders) {
  std::string out;
  for (const auto& [id, o] : orders) out += (out.empty() ? "" : ", ") + id + " " + o.state;
  return out;
}

TEST(RunCrash, KilledAtRandomMomentsNeverDuplicatesOrdersLosesFillsOrSkipsTrades) {
  SimProcess sim(testing::chain_sim_config());
  testing::TempDir dir;
  const std::string store_path = dir.path + "/dealer.sqlite";
  const std::string config = testing::chain_bot_config(sim.port(), store_path);
  auto rng = testing::seeded_rng();
  // Up to 700 ms after the start: the first tenth covers opening the store and the reconciliation,
  // the rest the trading loop (the chain fires 0 to 8 s into the replay, so kills land all along it).
  std::uniform_int_distribution<int> moment_ms(0, 700);
  std::string logs;
  for (int kill = 0; kill < kKills; ++kill) {
    BotProcess bot(dir.path, config, testing::kAliceKey, testing::kAliceSecret);
    std::this_thread::sleep_for(std::chrono::milliseconds(moment_ms(rng)));
    bot.signal(SIGKILL);
    EXPECT_EQ(bot.wait(10s), -1) << "killed run " << kill << " should end by the signal\n" << bot.log();
    logs = bot.log();
  }

  // The last run: until its orders are settled and the replay is past the chain's prices, then SIGTERM.
  BotProcess bot(dir.path, config, testing::kAliceKey, testing::kAliceSecret);
  std::this_thread::sleep_for(3s);
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!settled(testing::stored_orders(store_path)) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  bot.signal(SIGTERM);
  ASSERT_EQ(bot.wait(30s), 0) << bot.log();

  auto reader = store::HistoryReader::open(store_path);
  ASSERT_TRUE(reader.ok()) << reader.error().describe();
  EXPECT_TRUE(reader->integrity_check().ok());

  // Orders: the simulator's are exactly the stored ones that reached it, one each.
  const auto ours = testing::stored_orders(store_path);
  EXPECT_TRUE(settled(ours)) << bot.log();
  std::printf("[ orders   ] %s\n", summary(ours).c_str());
  EXPECT_LE(ours.size(), 3u) << "each of the three rules fires at most once";
  std::set<std::string> stored_ids;
  for (const auto& [id, o] : ours) {
    if (!o.exchange_id.empty()) {
      EXPECT_TRUE(stored_ids.insert(o.exchange_id).second) << o.exchange_id;
    }
  }
  std::set<std::string> sim_ids;
  const boost::json::value sim_orders = boost::json::parse(sim.get("/sim/mtgox/orders").body);
  for (const auto& v : sim_orders.as_array()) sim_ids.insert(std::string(v.at("oid").as_string()));
  EXPECT_EQ(sim_ids, stored_ids);

  // Fills: exactly the account's own trades.
  auto trades = mtgox::decode_response<std::vector<mtgox::OrderTrade>>(
      sim.private_call("/api/1/generic/private/trades", testing::kAliceKey, testing::kAliceSecret).body);
  ASSERT_TRUE(trades.ok()) << trades.error().describe();
  auto fills = reader->fills_since(0);
  ASSERT_TRUE(fills.ok());
  std::set<std::string> sim_fills, stored_fills;
  for (const auto& t : *trades) sim_fills.insert(std::to_string(t.trade_id));
  for (const auto& f : *fills) stored_fills.insert(f.trade_id);
  EXPECT_EQ(stored_fills, sim_fills);
  EXPECT_EQ(fills->size(), trades->size());

  // The tape: every public trade up to the cursor, each once.
  auto cursor = reader->cursor("trades.mtgox.BTCUSD");
  ASSERT_TRUE(cursor.ok());
  ASSERT_TRUE(cursor->has_value());
  std::vector<int64_t> expected;
  for (int64_t tid : public_tids(sim)) {
    if (tid <= **cursor) expected.push_back(tid);
  }
  auto stored = reader->trades_after("BTCUSD", 0, 1'000'000);
  ASSERT_TRUE(stored.ok());
  std::vector<int64_t> stored_tids;
  for (const auto& t : *stored) stored_tids.push_back(t.tid);
  EXPECT_EQ(stored_tids, expected);
}

}  // namespace
}  // namespace dealer::live
