// End to end: the simulator process and a `dealer run` process. The watch_price chain of the config
// fires within seconds of replay, its orders fill, one resting order is cancelled on SIGTERM, the bot
// exits 0, and its SQLite history then equals the simulator's account history: orders, fills and
// balances, to the unit.
//
// Trigger prices, read from data/mtgox-trades-btcusd-2013-01-01.csv (replayed at 600x, so one recorded
// minute is 0.1 s): the first trades print 13.51001-13.56 (0-60 min), then the price dips to 13.47001
// (60-70 min) and comes back to 13.56 (70-100 min). So "park" (last >= 13.00) fires on the first trade
// and rests at 20.00, far above any price of the day; "buy-dip" (last <= 13.48) fires in the dip, about
// 6 s in; "take-profit" (last >= 13.55) fires once buy-dip is filled and the price is back.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <thread>

#include "exchange/mtgox/codec.h"
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

int64_t int_text(const boost::json::value& v) { return std::stoll(std::string(v.as_string())); }

TEST(RunEndToEnd, ChainFillsCancelsOnSigtermAndHistoryEqualsTheSimulators) {
  SimProcess sim(testing::chain_sim_config());
  testing::TempDir dir;
  const std::string store_path = dir.path + "/dealer.sqlite";
  BotProcess bot(dir.path, testing::chain_bot_config(sim.port(), store_path), testing::kAliceKey,
                 testing::kAliceSecret);

  const auto deadline = std::chrono::steady_clock::now() + 40s;
  while (!testing::chain_done(testing::stored_orders(store_path)) &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  ASSERT_TRUE(testing::chain_done(testing::stored_orders(store_path))) << bot.log();

  bot.signal(SIGTERM);
  ASSERT_EQ(bot.wait(30s), 0) << bot.log();

  auto reader = store::HistoryReader::open(store_path);
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE(reader->integrity_check().ok());

  // Orders: what the config asked for (by hand: 20.00 USD = 2000000 units, 0.5 BTC = 50000000), and
  // exactly the simulator's orders of the account, matched by exchange id.
  const auto ours = testing::stored_orders(store_path);
  ASSERT_EQ(ours.size(), 3u);
  EXPECT_EQ(ours.at("1").state, "cancelled");
  EXPECT_EQ(ours.at("1").side, Side::kAsk);
  EXPECT_EQ(ours.at("1").price_int, 2000000);
  EXPECT_EQ(ours.at("1").amount_int, 50000000);
  EXPECT_EQ(ours.at("2").side, Side::kBid);
  EXPECT_EQ(ours.at("2").price_int, 1350000);
  EXPECT_EQ(ours.at("2").amount_int, 100000000);
  EXPECT_EQ(ours.at("3").side, Side::kAsk);
  EXPECT_EQ(ours.at("3").price_int, 1354000);
  EXPECT_EQ(ours.at("3").amount_int, 100000000);
  const auto sim_orders = boost::json::parse(sim.get("/sim/mtgox/orders").body).as_array();
  ASSERT_EQ(sim_orders.size(), ours.size());
  for (const auto& v : sim_orders) {
    const auto& o = v.as_object();
    const std::string oid(o.at("oid").as_string());
    const auto it =
        std::find_if(ours.begin(), ours.end(), [&](const auto& kv) { return kv.second.exchange_id == oid; });
    ASSERT_NE(it, ours.end()) << "simulator order " << oid << " is not in the store";
    const store::OrderRow& row = it->second;
    EXPECT_EQ(std::string(o.at("side").as_string()), row.side == Side::kBid ? "bid" : "ask");
    EXPECT_EQ(o.at("price_int").as_int64(), row.price_int);
    EXPECT_EQ(o.at("amount_int").as_int64(), row.amount_int);
    EXPECT_EQ(o.at("amount_int").as_int64() - o.at("remaining_int").as_int64(), row.filled_amount_int);
    EXPECT_EQ(std::string(o.at("state").as_string()), row.state == "filled" ? "done" : row.state);
  }

  // Fills: the account's own trades as the client reads them (generic/private/trades).
  auto trades = mtgox::decode_response<std::vector<mtgox::OrderTrade>>(
      sim.private_call("/api/1/generic/private/trades", testing::kAliceKey, testing::kAliceSecret).body);
  ASSERT_TRUE(trades.ok()) << trades.error().describe();
  auto fills = reader->fills_since(0);
  ASSERT_TRUE(fills.ok());
  ASSERT_EQ(fills->size(), trades->size());
  int64_t bought = 0, sold = 0;
  std::sort(fills->begin(), fills->end(),
            [](const auto& a, const auto& b) { return std::stoll(a.trade_id) < std::stoll(b.trade_id); });
  for (size_t i = 0; i < fills->size(); ++i) {
    const auto& t = (*trades)[i];
    const store::FillRow& f = (*fills)[i];
    EXPECT_EQ(f.trade_id, std::to_string(t.trade_id));
    EXPECT_EQ(f.side, t.type);
    EXPECT_EQ(f.price_int, t.price.value_int);
    EXPECT_EQ(f.amount_int, t.amount.value_int);
    EXPECT_EQ(f.client_id, f.side == Side::kBid ? "2" : "3");
    (f.side == Side::kBid ? bought : sold) += f.amount_int;
  }
  // Each order filled completely (one fill or several: liquidity levels vary in size).
  EXPECT_EQ(bought, 100000000);
  EXPECT_EQ(sold, 100000000);

  // Balances: the last row of each currency equals the simulator's wallets (generic/private/info).
  const auto info = boost::json::parse(
      sim.private_call("/api/1/generic/private/info", testing::kAliceKey, testing::kAliceSecret).body);
  const auto& wallets = info.at("return").at("Wallets").as_object();
  auto balances = reader->last_balances(store::RunMode::kLive);
  ASSERT_TRUE(balances.ok());
  std::map<std::string, int64_t> stored;
  for (const store::BalanceRow& b : *balances) stored[b.currency] = b.total_int;
  for (const auto& [code, wallet] : wallets) {
    const int64_t total = int_text(wallet.at("Balance").at("value_int"));
    if (total == 0 && !stored.contains(std::string(code))) continue;
    EXPECT_EQ(stored[std::string(code)], total) << code;
  }
  // By hand: 10 BTC, +1 bought less the 0.6 % fee on what was received (0.006), -1 sold.
  EXPECT_EQ(stored["BTC"], 999400000);

  // dealer history shows the same three orders and the fills.
  const auto history = testing::run_dealer("history --store " + store_path);
  EXPECT_EQ(history.exit_code, 0) << history.err;
  EXPECT_NE(history.out.find("orders (3)"), std::string::npos) << history.out;
  EXPECT_NE(history.out.find("fills (" + std::to_string(fills->size()) + ")"), std::string::npos)
      << history.out;
  const auto only_orders = testing::run_dealer("history --orders --since 2000-01-01 --store " + store_path);
  EXPECT_EQ(only_orders.exit_code, 0) << only_orders.err;
  EXPECT_EQ(only_orders.out.find("fills ("), std::string::npos) << only_orders.out;
}

}  // namespace
}  // namespace dealer::live
