// Fault soak (issue 13): the simulator process with every kind of fault injected (5xx, dropped
// connections, truncated and malformed bodies, the MtGox MySQL error body, bursts of rate-limit
// refusals, 2 s latency spikes) and a `dealer run` process with watch_price chains that keep trading,
// for soak_seconds() (45 s here; DEALER_SOAK_SECONDS=600 for the full run). Then, with the faults
// switched off, the bot settles and is stopped with SIGTERM, and the test checks: it never died and
// exits 0; its log has no unhandled exception, terminate or sanitizer line; its SQLite history equals
// the simulator's ledger of the account (orders, fills, balances, to the unit); no order went beyond
// the risk limits of its configuration; the simulator's real rate limits refused none of its
// requests; the semantic faults of issue 18 (negative and tiny prices, crossed and unsorted depth,
// repeated and backward tids, balances that jump) were met and no impossible value reached the store.
// The figures of the run are printed at the end.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <thread>

#include "exchange/mtgox/codec.h"
#include "soak/soak_setup.h"
#include "store/history_reader.h"
#include "support/bot_process.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"

namespace dealer::testing {
namespace {

using namespace std::chrono_literals;

// Every account's orders as the simulator holds them (a /sim/ control: never faulted, never counted).
boost::json::array sim_orders(const SimProcess& sim) {
  return boost::json::parse(sim.get("/sim/mtgox/orders").body).as_array();
}

int open_sim_orders(const SimProcess& sim) {
  int open = 0;
  for (const auto& o : sim_orders(sim)) open += o.at("state").as_string() == "open";
  return open;
}

// Whether every stored order has a known outcome: none is waiting for an answer or a reconciliation.
bool settled(const std::map<std::string, store::OrderRow>& orders) {
  for (const auto& [id, o] : orders)
    if (o.state == "new" || o.state == "sent" || o.state == "ambiguous" || o.state == "cancelling")
      return false;
  return true;
}

int64_t sum_counts(const boost::json::value& counts) {
  int64_t n = 0;
  for (const auto& [name, v] : counts.as_object()) n += v.as_int64();
  return n;
}

// The log lines that must never appear: an exception that escaped, std::terminate, a sanitizer report.
void expect_clean_log(const std::string& log) {
  for (const char* bad : {"terminate called", "unhandled exception", "what():", "Sanitizer",
                          "runtime error:", "Segmentation fault", "Aborted"})
    EXPECT_EQ(log.find(bad), std::string::npos) << "the bot's log has '" << bad << "'";
}

// Orders: the store holds exactly the simulator's orders of the account, matched by exchange id, with
// the same side, price, amount, filled amount and final state.
void expect_orders_equal(const SimProcess& sim, const std::string& store_path) {
  const auto ours = stored_orders(store_path);
  std::map<std::string, const store::OrderRow*> by_oid;
  for (const auto& [id, row] : ours)
    if (!row.exchange_id.empty()) by_oid[row.exchange_id] = &row;
  const auto theirs = sim_orders(sim);
  EXPECT_EQ(theirs.size(), by_oid.size())
      << "orders at the simulator vs orders with an exchange id in the store";
  for (const auto& v : theirs) {
    const auto& o = v.as_object();
    const std::string oid(o.at("oid").as_string());
    const auto it = by_oid.find(oid);
    if (it == by_oid.end()) {
      ADD_FAILURE() << "simulator order " << oid << " is not in the store";
      continue;
    }
    const store::OrderRow& row = *it->second;
    EXPECT_EQ(std::string(o.at("side").as_string()), row.side == Side::kBid ? "bid" : "ask") << oid;
    EXPECT_EQ(o.at("price_int").as_int64(), row.price_int) << oid;
    EXPECT_EQ(o.at("amount_int").as_int64(), row.amount_int) << oid;
    EXPECT_EQ(o.at("amount_int").as_int64() - o.at("remaining_int").as_int64(), row.filled_amount_int) << oid;
    EXPECT_EQ(std::string(o.at("state").as_string()), row.state == "filled" ? "done" : row.state) << oid;
  }
  // Orders without an exchange id never reached the exchange: refused there or before.
  for (const auto& [id, row] : ours) {
    if (row.exchange_id.empty()) {
      EXPECT_EQ(row.state, "rejected") << "order " << id << " has no exchange id";
    }
  }
}

// Fills: the store's fills are the account's trades as the client reads them, trade by trade.
void expect_fills_equal(const SimProcess& sim, store::HistoryReader& reader) {
  auto trades = mtgox::decode_response<std::vector<mtgox::OrderTrade>>(
      sim.private_call("/api/1/generic/private/trades", kAliceKey, kAliceSecret).body);
  ASSERT_TRUE(trades.ok()) << trades.error().describe();
  auto fills = reader.fills_since(0);
  ASSERT_TRUE(fills.ok());
  std::map<std::string, const store::FillRow*> ours;
  for (const store::FillRow& f : *fills) ours[f.trade_id] = &f;
  EXPECT_EQ(fills->size(), trades->size());
  for (const auto& t : *trades) {
    const auto it = ours.find(std::to_string(t.trade_id));
    if (it == ours.end()) {
      ADD_FAILURE() << "the simulator's trade " << t.trade_id << " is not in the store";
      continue;
    }
    const store::FillRow& f = *it->second;
    EXPECT_EQ(f.side, t.type) << f.trade_id;
    EXPECT_EQ(f.price_int, t.price.value_int) << f.trade_id;
    EXPECT_EQ(f.amount_int, t.amount.value_int) << f.trade_id;
  }
}

// Balances: the last stored row of each currency equals the simulator's wallet.
void expect_balances_equal(const SimProcess& sim, store::HistoryReader& reader) {
  const auto info =
      boost::json::parse(sim.private_call("/api/1/generic/private/info", kAliceKey, kAliceSecret).body);
  auto balances = reader.last_balances(store::RunMode::kLive);
  ASSERT_TRUE(balances.ok());
  std::map<std::string, int64_t> stored;
  for (const store::BalanceRow& b : *balances) stored[b.currency] = b.total_int;
  for (const auto& [code, wallet] : info.at("return").at("Wallets").as_object()) {
    const int64_t total = std::stoll(std::string(wallet.at("Balance").at("value_int").as_string()));
    if (total == 0 && !stored.contains(std::string(code))) continue;
    EXPECT_EQ(stored[std::string(code)], total) << code;
  }
}

// Orders that went through an ambiguous state (the answer to the place was lost) and ended known.
int ambiguous_resolved(store::HistoryReader& reader, const std::map<std::string, store::OrderRow>& orders) {
  int n = 0;
  for (const auto& [id, row] : orders) {
    auto events = reader.order_events(id);
    if (!events.ok()) continue;
    bool ambiguous = false;
    for (const store::OrderEvent& e : *events) ambiguous |= e.state == "ambiguous";
    n += ambiguous && row.state != "ambiguous";
  }
  return n;
}

// The run in SetUpTestSuite, the checks in the test.
class FaultSoak : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    seconds_ = soak_seconds();
    sim_ = new SimProcess(soak_sim_config(seconds_));
    dir_ = new TempDir;
    store_path_ = dir_->path + "/dealer.sqlite";
    BotProcess bot(dir_->path, soak_bot_config(sim_->port(), store_path_), kAliceKey, kAliceSecret);
    run(bot);
    log_ = bot.log();
  }
  static void TearDownTestSuite() {
    delete sim_;
    delete dir_;
  }

  // The soak: the bot must stay up, the exchange's count of its open orders is watched; then, with
  // the faults off, the bot reconciles what was left ambiguous, sees the last fills and balances, and
  // is stopped.
  static void run(BotProcess& bot) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds_);
    while (std::chrono::steady_clock::now() < end) {
      if (bot.wait(0ms) != -2) return;  // died: exit_ stays unset
      most_open_ = std::max(most_open_, open_sim_orders(*sim_));
      std::this_thread::sleep_for(250ms);
    }
    survived_soak_ = true;
    std::string off =
        "error_500_percent=0&error_502_percent=0&drop_percent=0&truncate_percent=0&"
        "malformed_percent=0&mysql_error_percent=0&rate_limit_burst_percent=0&latency_spike_percent=0";
    for (const SoakShare& f : kSoakSemanticFaults) off += "&" + std::string(f.name) + "=0";
    faults_off_ = sim_->post("/sim/faults", off).status == 200;
    const auto settle_deadline = std::chrono::steady_clock::now() + 30s;
    std::this_thread::sleep_for(5s);  // more than the balance (1 s) and reconcile (2 s) polls plus a spike
    while (!settled(stored_orders(store_path_)) && std::chrono::steady_clock::now() < settle_deadline)
      std::this_thread::sleep_for(250ms);
    settled_ = settled(stored_orders(store_path_));
    if (bot.wait(0ms) != -2) return;
    bot.signal(SIGTERM);
    exit_ = bot.wait(30s);
  }

  // On a failure the log and the store outlive the test's directory, to be read.
  void TearDown() override {
    if (!HasFailure()) return;
    const std::string keep = "/tmp/dealer-soak-" + std::to_string(getpid());
    std::filesystem::create_directories(keep);
    std::ofstream(keep + "/bot.log") << log_;
    std::filesystem::copy_file(store_path_, keep + "/dealer.sqlite",
                               std::filesystem::copy_options::overwrite_existing);
    std::cout << "the bot's log and store are kept in " << keep << "\n";
  }

  static inline int seconds_ = 0;
  static inline SimProcess* sim_ = nullptr;
  static inline TempDir* dir_ = nullptr;
  static inline std::string store_path_, log_;
  static inline int most_open_ = 0, exit_ = -3;
  static inline bool survived_soak_ = false, faults_off_ = false, settled_ = false;
};

TEST_F(FaultSoak, BotSurvivesFaultsAndItsHistoryEqualsTheSimulatorsLedger) {
  ASSERT_TRUE(survived_soak_) << "the bot died during the soak\n" << log_;
  ASSERT_TRUE(faults_off_);
  EXPECT_TRUE(settled_) << "orders still unsettled 30 s after the faults stopped";
  ASSERT_EQ(exit_, 0) << "the bot's exit after SIGTERM (-1: by a signal, -2: still running)\n" << log_;
  expect_clean_log(log_);

  auto reader = store::HistoryReader::open(store_path_);
  ASSERT_TRUE(reader.ok());
  EXPECT_TRUE(reader->integrity_check().ok());
  expect_orders_equal(*sim_, store_path_);
  expect_fills_equal(*sim_, *reader);
  expect_balances_equal(*sim_, *reader);

  // Risk limits: no order above max_order_amount, at the exchange or in the store (the oversize rule
  // asked for 6 BTC), and never more open orders at the exchange than max_open_orders.
  const auto orders = stored_orders(store_path_);
  for (const auto& o : sim_orders(*sim_)) EXPECT_LE(o.at("amount_int").as_int64(), kSoakMaxOrderAmountInt);
  for (const auto& [id, row] : orders) EXPECT_LE(row.amount_int, kSoakMaxOrderAmountInt) << id;
  EXPECT_LE(most_open_, kSoakMaxOpenOrders);

  // Rate limits: the real limits refused nothing (the injected bursts are counted apart).
  const auto stats = boost::json::parse(sim_->get("/sim/stats").body);
  EXPECT_EQ(stats.at("rate_limited").as_int64(), 0);

  // The soak must have been one: trading went on, and faults were met.
  const auto& mtgox = stats.at("requests").at("mtgox");
  const auto& faults = stats.at("faults");
  EXPECT_GE(orders.size(), 10u) << "the chains hardly traded";
  EXPECT_GT(faults.at("rate_limit_burst").as_int64(), 0);
  EXPECT_GT(faults.at("latency_spike").as_int64(), 0);
  // The semantic faults were met, and none of their impossible values reached the store: refused at
  // the edge, each with a warning (issue 18). Trades are asked for about 200 times, so at 5 % a
  // negative price is met for certain; the depth (every 2 s) may go without its faults in a short run.
  EXPECT_GT(faults.at("negative_price").as_int64(), 0);
  EXPECT_NE(log_.find("public/trades: refused"), std::string::npos);
  auto trades = reader->trades_after("BTCUSD", std::numeric_limits<int64_t>::min(), 10'000'000);
  ASSERT_TRUE(trades.ok());
  for (const store::TradeRow& t : *trades) EXPECT_GT(t.price_int, 0) << "trade " << t.tid;

  auto fills = reader->fills_since(0);
  ASSERT_TRUE(fills.ok());
  const int64_t requests = sum_counts(mtgox.at("public")) + sum_counts(mtgox.at("private").at("alice"));
  std::cout << "soak figures (" << seconds_ << " s with faults, then settled with none):\n"
            << "  requests " << requests << " (" << requests / seconds_ << "/s), public "
            << boost::json::serialize(mtgox.at("public")) << "\n  private "
            << boost::json::serialize(mtgox.at("private").at("alice")) << "\n  answers "
            << boost::json::serialize(stats.at("answers")) << "\n  faults met "
            << boost::json::serialize(faults) << "\n  refused by the real rate limits "
            << stats.at("rate_limited").as_int64() << "\n  orders " << orders.size() << " (exchange "
            << sim_orders(*sim_).size() << "), fills " << fills->size() << ", ambiguous outcomes resolved "
            << ambiguous_resolved(*reader, orders) << ", most open at once " << most_open_ << "\n";
}

}  // namespace
}  // namespace dealer::testing
