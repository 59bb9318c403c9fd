// Paper mode end to end, and issue 11's three-way equality: one hand-made tape, one watch_price chain,
// run three ways, the same fills:
//   - the backtest, in process, over the tape file;
//   - `dealer paper` (no keys) against a simulator process replaying the tape;
//   - `dealer run` with alice's keys against a second simulator process replaying the same tape.
// Two simulators, because the bot's own orders in the one `dealer run` trades on take their share of
// each replayed trade off the public tape, which paper mode would then see. Liquidity provider off, so
// our orders are the only ones in the simulator's book.
//
// Pacing: the simulators replay at speed 2 and the tape's trades are 2 recorded seconds apart, so each
// trade is published alone, a real second after the one before, and the bots poll trades and their fills
// every 100 ms: every trade reaches the strategy in a batch of its own, and every fill is known before
// the next trade (as the backtest's event order has it). The tape starts with a neutral trade and a
// 6 s gap for the bots to start. About 15 s in all, real time, which the real processes need.
//
// The chain: buy-dip (buy 1 at 13.45 once last <= 13.50), then take-profit (sell 1 at 13.65 once
// buy-dip filled and last >= 13.70). The tape, its effect by hand (fill rule `through`: a bid fills on a
// trade strictly below its price, an ask strictly above, at its price, at most the trade's amount):
//   +0 s  14.00 x 1    nothing armed fires
//   +6 s  13.50 x 1    buy-dip fires: buy 1 at 13.45, active from the next trade
//   +8 s  13.45 x 2    at the limit: no fill
//   +10 s 13.40 x 0.3  buy fills 0.3
//   +12 s 13.30 x 0.5  buy fills 0.5
//   +14 s 13.60 x 1    nothing
//   +16 s 13.20 x 2    buy fills the last 0.2: complete, take-profit armed (13.20 does not trigger it)
//   +18 s 13.80 x 0.4  take-profit fires: sell 1 at 13.65
//   +20 s 13.65 x 1    at the limit: no fill
//   +22 s 13.90 x 0.6  sell fills 0.6
//   +24 s 14.00 x 1    sell fills the last 0.4
//   +26 s 14.10 x 1    nothing (the end of the tape)
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>
#include <tuple>

#include "backtest/backtest.h"
#include "backtest/config.h"
#include "market/trade_file.h"
#include "store/history_reader.h"
#include "support/bot_process.h"
#include "support/dealer_run.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"

namespace dealer::live {
namespace {

using namespace std::chrono_literals;
using testing::BotProcess;
using testing::SimProcess;

constexpr int64_t kT0 = 1'356'998'400'000'000;  // 2013-01-01 00:00 UTC, microseconds

// side, price_int, amount_int
using FillKey = std::tuple<Side, int64_t, int64_t>;

// The expected fills, from the table above (13.45 USD = 1345000 units, 0.3 BTC = 30000000).
const std::vector<FillKey> kHandFills{{Side::kBid, 1'345'000, 30'000'000},
                                      {Side::kBid, 1'345'000, 50'000'000},
                                      {Side::kBid, 1'345'000, 20'000'000},
                                      {Side::kAsk, 1'365'000, 60'000'000},
                                      {Side::kAsk, 1'365'000, 40'000'000}};

// A MtGox CSV tape: seconds after kT0, "price,amount".
std::string tape_csv(const std::vector<std::pair<int, const char*>>& rows) {
  std::string csv = "id,price,amount,type\n";
  for (const auto& [seconds, price_amount] : rows)
    csv += std::to_string(kT0 + seconds * 1'000'000LL) + "," + price_amount + ",bid\n";
  return csv;
}

const char* kStrategies =
    "strategies:\n"
    "  - id: chain\n"
    "    strategy: watch_price\n"
    "    pair: BTCUSD\n"
    "    rules:\n"
    "      - {id: buy-dip, side: buy, when: \"last <= 13.50\", price: \"13.45\", amount: \"1.0\"}\n"
    "      - {id: take-profit, side: sell, after: buy-dip, when: \"last >= 13.70\", price: \"13.65\", "
    "amount: \"1.0\"}\n";
// The paper account and the backtest's: the same start and fee as alice's simulator account.
const char* kAccount =
    "backtest: {balances: {BTC: \"10\", USD: \"1000\"}, fee_percent: \"0.6\", latency_ms: 0, fill_model: "
    "through}\n";

std::string sim_config(const std::string& tape_path) {
  return std::string("accounts:\n  - {name: alice, key: ") + testing::kAliceKey + ", secret: \"" +
         testing::kAliceSecret +
         "\", rights: [get_info, trade], fee_percent: \"0.6\", balances: {BTC: \"10\", USD: \"1000\"}}\n" +
         "market:\n  trades: " + tape_path + "\n  currency: USD\n  speed: 2\n  liquidity: {enabled: false}\n";
}

std::string bot_config(uint16_t port, const std::string& store_path) {
  return "exchange: {kind: mtgox, base_url: \"http://127.0.0.1:" + std::to_string(port) +
         "\", pair: BTCUSD}\n" + "store: {path: " + store_path + "}\n" +
         "poll: {ticker: 1s, trades: 100ms, depth: 1s, own_trades: 100ms, balances: 1s, reconcile: 2s, "
         "timer: 200ms}\n" +
         kStrategies;
}

bool both_filled(const std::string& store_path) {
  const auto orders = testing::stored_orders(store_path);
  return orders.size() == 2 && orders.at("1").state == "filled" && orders.at("2").state == "filled";
}

std::vector<FillKey> stored_fills(const std::string& store_path, store::RunMode mode) {
  auto reader = store::HistoryReader::open(store_path);
  EXPECT_TRUE(reader.ok());
  auto rows = reader->fills_since(0);
  EXPECT_TRUE(rows.ok());
  std::sort(rows->begin(), rows->end(),
            [](const auto& a, const auto& b) { return std::stoll(a.trade_id) < std::stoll(b.trade_id); });
  std::vector<FillKey> out;
  for (const store::FillRow& f : *rows) {
    EXPECT_EQ(f.mode, mode);
    out.emplace_back(f.side, f.price_int, f.amount_int);
  }
  return out;
}

std::map<std::string, int64_t> last_paper_balances(const std::string& store_path) {
  auto reader = store::HistoryReader::open(store_path);
  EXPECT_TRUE(reader.ok());
  EXPECT_TRUE(reader->last_balances(store::RunMode::kLive)->empty());
  auto balances = reader->last_balances(store::RunMode::kPaper);
  EXPECT_TRUE(balances.ok());
  std::map<std::string, int64_t> last;
  for (const auto& b : *balances) last[b.currency] = b.total_int;
  return last;
}

// One test, not three: ctest runs each test in a process of its own, and each would replay the tape.
TEST(PaperSim, MakesNoPrivateCallAndFillsAsTheBacktestAndTheSimulatorDo) {
  testing::TempDir dir;
  const std::string tape_path = dir.path + "/tape.csv";
  std::ofstream(tape_path) << tape_csv({{0, "14.00,1"},
                                        {6, "13.50,1"},
                                        {8, "13.45,2"},
                                        {10, "13.40,0.3"},
                                        {12, "13.30,0.5"},
                                        {14, "13.60,1"},
                                        {16, "13.20,2"},
                                        {18, "13.80,0.4"},
                                        {20, "13.65,1"},
                                        {22, "13.90,0.6"},
                                        {24, "14.00,1"},
                                        {26, "14.10,1"}});
  // Both simulators first (their replay starts with them), then both bots at once.
  SimProcess paper_sim(sim_config(tape_path));
  SimProcess run_sim(sim_config(tape_path));
  const std::string paper_store = dir.path + "/paper/dealer.sqlite";
  const std::string run_store = dir.path + "/run/dealer.sqlite";
  std::filesystem::create_directories(dir.path + "/paper");
  std::filesystem::create_directories(dir.path + "/run");
  BotProcess paper(dir.path + "/paper", bot_config(paper_sim.port(), paper_store) + kAccount, "", "",
                   "paper");
  BotProcess run(dir.path + "/run", bot_config(run_sim.port(), run_store), testing::kAliceKey,
                 testing::kAliceSecret);
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while ((!both_filled(paper_store) || !both_filled(run_store)) &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  paper.signal(SIGTERM);
  run.signal(SIGTERM);
  ASSERT_EQ(paper.wait(30s), 0) << paper.log();
  ASSERT_EQ(run.wait(30s), 0) << run.log();

  // Paper mode made no private call (the simulator's counters), yet traded on its public feeds; nothing
  // was ever placed on the simulator.
  const auto stats = boost::json::parse(paper_sim.get("/sim/stats").body);
  const auto& mtgox = stats.at("requests").at("mtgox");
  EXPECT_TRUE(mtgox.at("private").as_object().empty()) << stats;
  EXPECT_GT(mtgox.at("public").at("trades").as_int64(), 10);
  EXPECT_EQ(paper_sim.get("/sim/mtgox/orders").body, "[]");

  // Its fills are the fill model's, worked out by hand above, in rows marked paper; so are its balances
  // at shut-down, by hand at fee 0.6 %: the buys cost 4.035 + 6.725 + 2.69 = 13.45 USD plus fees
  // 0.02421 + 0.04035 + 0.01614; the sells bring 8.19 + 5.46 = 13.65 less 0.04914 + 0.03276:
  // USD 1000 + 0.20 - 0.1626 = 1000.0374; BTC 10 + 1 - 1 = 10.
  EXPECT_EQ(stored_fills(paper_store, store::RunMode::kPaper), kHandFills) << paper.log();
  auto paper_balances = last_paper_balances(paper_store);
  EXPECT_EQ(paper_balances["USD"], 100'003'740);
  EXPECT_EQ(paper_balances["BTC"], 1'000'000'000);

  // Issue 11: the simulator (dealer run's fills), paper mode and the backtest give the same fills.
  EXPECT_EQ(stored_fills(run_store, store::RunMode::kLive), kHandFills) << run.log();
  auto setup = backtest::parse_backtest_config(std::string(kStrategies) + kAccount, "three-way.yaml");
  ASSERT_TRUE(setup.ok()) << setup.error().describe();
  auto backtest = backtest::Backtest::create(std::move(setup->config), std::move(setup->strategies));
  ASSERT_TRUE(backtest.ok());
  auto trades = read_trade_file(tape_path, Currency::usd());
  ASSERT_TRUE(trades.ok());
  auto report = (*backtest)->run(*trades);
  ASSERT_TRUE(report.ok());
  std::vector<FillKey> backtest_fills;
  for (const auto& f : report->fills) backtest_fills.emplace_back(f.side, f.price.raw(), f.amount.raw());
  EXPECT_EQ(backtest_fills, kHandFills);
  // Paper mode and the backtest share the fill model's fees and balances too (the simulator charges a
  // buyer's fee in BTC, as MtGox did, so its balances differ by design).
  std::map<std::string, int64_t> final_balances;
  for (const Balance& b : report->final_balances)
    final_balances[std::string(b.currency.code())] = b.total.raw();
  EXPECT_EQ(final_balances, paper_balances);
}

// A restart continues the paper account. Tape (speed 2, so 1 recorded second is half a real one):
//   +0 s  14.00 x 1    nothing
//   +4 s  13.50 x 1    buy-dip fires: buy 1 at 13.45
//   +6 s  13.40 x 0.3  buy fills 0.3; the first run is stopped once this fill is in its history
//   +20 s 13.30 x 0.5  (7 s later, real: time for the second run to start) buy fills 0.5 ...
//   +22 s 13.20 x 2    ... and the last 0.2: take-profit armed
//   +24 s 13.80 x 0.4  take-profit fires: sell 1 at 13.65
//   +26 s 13.90 x 2    sell fills 1
//   +28 s 14.10 x 1    nothing
// Without the restore, the second run would start from 1000 USD again and know no resting buy, so the
// chain would never complete; with it, the end is as if there had been no restart: USD 1000 - 13.45 -
// (0.02421 + 0.04035 + 0.01614) + 13.65 - 0.0819 = 1000.0374, BTC 10.
TEST(PaperSim, ARestartContinuesThePaperBalancesAndRestsTheOpenOrderAgain) {
  testing::TempDir dir;
  const std::string tape_path = dir.path + "/tape.csv";
  // Three trades before the rule's: the price collar (on by default) places nothing before the tape
  // has three trades or a book gives a reference (docs/orders-and-fills.md), and there is no book here.
  std::ofstream(tape_path) << tape_csv({{0, "14.00,1"},
                                        {1, "14.00,1"},
                                        {2, "14.00,1"},
                                        {4, "13.50,1"},
                                        {6, "13.40,0.3"},
                                        {20, "13.30,0.5"},
                                        {22, "13.20,2"},
                                        {24, "13.80,0.4"},
                                        {26, "13.90,2"},
                                        {28, "14.10,1"}});
  SimProcess sim(sim_config(tape_path));
  const std::string store = dir.path + "/dealer.sqlite";
  const std::string config = bot_config(sim.port(), store) + kAccount;
  std::string exchange_id;
  {
    BotProcess first(dir.path, config, "", "", "paper");
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    auto partly_filled = [&] {
      const auto orders = testing::stored_orders(store);
      return orders.size() == 1 && orders.at("1").filled_amount_int == 30'000'000;
    };
    while (!partly_filled() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
    ASSERT_TRUE(partly_filled()) << first.log();
    first.signal(SIGTERM);
    ASSERT_EQ(first.wait(30s), 0) << first.log();
    exchange_id = testing::stored_orders(store).at("1").exchange_id;
    // Stopped with the buy resting: 1000 - 4.035 - 0.02421 = 995.94079 USD.
    EXPECT_EQ(last_paper_balances(store)["USD"], 99'594'079);
  }
  BotProcess second(dir.path, config, "", "", "paper");
  const auto deadline = std::chrono::steady_clock::now() + 40s;
  while (!both_filled(store) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  second.signal(SIGTERM);
  ASSERT_EQ(second.wait(30s), 0) << second.log();
  EXPECT_NE(second.log().find("1 earlier paper fills"), std::string::npos) << second.log();
  // The same order, under its first exchange id, filled across the two runs.
  EXPECT_EQ(testing::stored_orders(store).at("1").exchange_id, exchange_id);
  EXPECT_EQ(stored_fills(store, store::RunMode::kPaper),
            (std::vector<FillKey>{{Side::kBid, 1'345'000, 30'000'000},
                                  {Side::kBid, 1'345'000, 50'000'000},
                                  {Side::kBid, 1'345'000, 20'000'000},
                                  {Side::kAsk, 1'365'000, 100'000'000}}))
      << second.log();
  auto balances = last_paper_balances(store);
  EXPECT_EQ(balances["USD"], 100'003'740);
  EXPECT_EQ(balances["BTC"], 1'000'000'000);
  const auto stats = boost::json::parse(sim.get("/sim/stats").body);
  EXPECT_TRUE(stats.at("requests").at("mtgox").at("private").as_object().empty()) << stats;
}

TEST(PaperSim, NeedsTheBacktestBlockAndNoKeys) {
  testing::TempDir dir;
  const std::string path = dir.path + "/paper.yaml";
  std::ofstream(path) << bot_config(1, dir.path + "/dealer.sqlite");
  const auto missing =
      testing::run_dealer("paper --config " + path, "DEALER_MTGOX_KEY= DEALER_MTGOX_SECRET=");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("paper.yaml:1:1: missing key: backtest"), std::string::npos) << missing.err;
  std::ofstream(path, std::ios::app) << "backtest: {fee_percent: \"100\"}\n";
  const auto bad = testing::run_dealer("paper --config " + path);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("backtest.fee_percent: must be at least 0 and below 100"), std::string::npos)
      << bad.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path + "/dealer.sqlite"));  // refused before the store
}

}  // namespace
}  // namespace dealer::live
