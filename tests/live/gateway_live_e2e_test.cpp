// gateway_arbitrage with its live Metaexchange leg (`gateway.mode: metaexchange`) in `dealer run`
// against the real simulator process: both legs over HTTP, the BTC sent from alice's MtGox account to
// the gateway's deposit address, the deposit followed to completion.
//
// The gateway pays 1/0.0700 = 14.2857 bitUSD per BTC before its 0.5 % fee, against about 13.5 USD on the
// tape: an edge of about 4.5 % after every fee, above the 1 % threshold from the first quote on. So:
//   - leg one buys 1 BTC on MtGox; the simulator's 0.6 % fee is taken in BTC: 0.006 (mtgox_fee_in_btc);
//   - leg two deposits 1 - 0.006 - 0.0005 (the transfer fee) = 0.9935 BTC, and the transfer takes
//     0.9935 + 0.0005 = 0.994 BTC from alice's MtGox account: exactly what the buy brought in, so her
//     BTC is back at 10;
//   - the gateway pays 0.9935 / 0.0700 = 14.192857142... -> 14.19285714 bitUSD less 0.5 % (0.0709642857
//     -> 0.07096429): 14.12189285 received.
// risk.max_position 1 keeps it to one round: the BTC has left, but the position counts what the fills
// bought (README "gateway_arbitrage").
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "store/history_reader.h"
#include "support/bot_process.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"
#include "support/test_support.h"

namespace dealer::live {
namespace {

using namespace std::chrono_literals;

std::string sim_config() {
  return std::string("accounts:\n  - {name: alice, key: ") + testing::kAliceKey + ", secret: \"" +
         testing::kAliceSecret +
         "\", rights: [get_info, trade], fee_percent: \"0.6\", balances: {BTC: \"10\", USD: \"1000\"}}\n" +
         "market:\n  trades: " + DEALER_TEST_DATA_DIR + "/../../data/mtgox-trades-btcusd-2013-01-01.csv\n" +
         "  currency: USD\n  speed: 600\n" +
         "  liquidity: {enabled: true, seed: 42, levels: 5, spread_percent: \"0.2\", step_percent: \"0.1\", "
         "amount: \"2\"}\n" +
         "metaexchange:\n  confirm_seconds: 1\n  markets:\n"
         "    - {symbol_pair: bitUSD_BTC, ask: \"0.0700\", bid: \"0.0695\", ask_max: \"2\", bid_max: \"500\",\n"
         "       ask_fee_percent: \"0.5\", bid_fee_percent: \"0.5\"}\n";
}

std::string strategies(uint16_t meta_port) {
  return "strategies:\n"
         "  - id: gw-live\n"
         "    strategy: gateway_arbitrage\n"
         "    pair: BTCUSD\n"
         "    amount: \"1\"\n"
         "    min_edge_percent: \"1\"\n"
         "    mtgox_fee_percent: \"0.6\"\n"
         "    mtgox_fee_in_btc: true\n"
         "    slippage_percent: \"0.1\"\n"
         "    transfer_fee_btc: \"0.0005\"\n"
         "    gateway:\n"
         "      mode: metaexchange\n"
         "      url: \"http://127.0.0.1:" +
         std::to_string(meta_port) +
         "\"\n"
         "      symbol_pair: bitUSD_BTC\n"
         "      receiving_address: alice-bitusd\n"
         "      poll: 1s\n";
}

std::vector<store::DecisionRow> decisions(const std::string& store_path) {
  if (!std::filesystem::exists(store_path)) return {};
  auto reader = store::HistoryReader::open(store_path);
  if (!reader) return {};
  auto rows = reader->decisions_since(0);
  return rows ? *rows : std::vector<store::DecisionRow>{};
}

bool said(const std::vector<store::DecisionRow>& rows, std::string_view what) {
  for (const auto& d : rows)
    if (d.reason.find(what) != std::string::npos) return true;
  return false;
}

TEST(GatewayLive, ARoundTradesBothLegsOverHttpAndTheBtcLeavesMtGoxOnce) {
  testing::TempDir dir;
  testing::SimProcess sim(sim_config());
  const std::string store_path = dir.path + "/dealer.sqlite";
  testing::BotProcess bot(dir.path,
                          testing::run_config_head(sim.port(), store_path,
                                                   "{max_order_amount: \"1\", max_open_orders: 10, max_position: \"1\"}") +
                              strategies(sim.meta_port()),
                          testing::kAliceKey, testing::kAliceSecret);
  const auto deadline = std::chrono::steady_clock::now() + 40s;
  while (!said(decisions(store_path), "completed: received") && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  bot.signal(SIGTERM);
  ASSERT_EQ(bot.wait(30s), 0) << bot.log();

  const auto rows = decisions(store_path);
  ASSERT_TRUE(said(rows, "completed: received")) << bot.log();
  EXPECT_TRUE(said(rows, "1 BTC bought (0.00600000 of it the exchange's fee); deposited 0.99350000"));
  EXPECT_TRUE(said(rows, "completed: received 14.12189285")) << bot.log();
  int rounds = 0;
  for (const auto& d : rows) rounds += d.reason.find("leg two: 1 BTC bought") != std::string::npos;
  EXPECT_EQ(rounds, 1);
  EXPECT_EQ(sim.balance(testing::kAliceKey, testing::kAliceSecret, "BTC"), 1'000'000'000);

  EXPECT_EQ(testing::rejected_or_ambiguous_events(store_path), std::vector<std::string>{});
}

}  // namespace
}  // namespace dealer::live
