// Each shipped strategy in `dealer run` against the real simulator process over HTTP, demo style: the
// `strategies:` list of its example config (config/<name>.yaml) verbatim in a run configuration, alice's
// account (10 BTC, 1000 USD), the bundled tape replayed fast. The run goes on until the strategy has
// had `fills` orders (partly) filled, then the bot is stopped with SIGTERM and must exit 0; in the
// SQLite history not a single order may ever have been rejected or ambiguous (every order event is
// checked, not only the final states), and no decision may record a rejection, a risk refusal or a
// disabled strategy.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "config/reader.h"
#include "store/history_reader.h"
#include "support/bot_process.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"
#include "support/test_support.h"

namespace dealer::live {
namespace {

using namespace std::chrono_literals;

struct StrategyCase {
  const char* name;    // the test's name
  const char* config;  // under the repository root
  size_t filled;       // orders with a fill to wait for
  int speed;           // replay speed of the tape
  int64_t tape_from;   // unix seconds: replay the trades from this one on (0: the whole tape)
};

// market_maker and grid at 3600x (a recorded hour per second): the grid's buy at 13.50 fills about 1 s
// in (01:05), the market maker's bid in the 11:35 dip about 12 s in (its book-based mid may fill it
// earlier).
// trend: its first crossing is at 03:56 of the tape (tests/backtest/trend_backtest_test.cpp) and the
// first sell at 04:35, so 3000x replays both within about 6 s.
void PrintTo(const StrategyCase& c, std::ostream* os) { *os << c.name; }

// gateway_arbitrage: its edge opens only in the afternoon dip (tests/backtest/
// gateway_arbitrage_backtest_test.cpp), and live its reference is the book's best ask, about 0.1 % above
// the last trade: only the dip's lows (13.20 and below, from 17:11 for a few minutes) give an edge above 1 %.
// So the replay starts at 17:10 (1357060200) at 60x, which shows those minutes to about five depth polls. Its
// MtGox leg trades over HTTP; the gateway leg is the example's simulated one (the live leg has its own
// test, tests/live/gateway_live_e2e_test.cpp).
const StrategyCase kCases[] = {
    {"market_maker", "config/market_maker.yaml", 1, 3600, 0},
    {"grid", "config/grid.yaml", 1, 3600, 0},
    {"trend", "config/trend.yaml", 2, 3000, 0},
    {"gateway_arbitrage", "config/gateway_arbitrage.yaml", 1, 60, 1357060200},
};

// The bundled tape, or its trades from `from` on written to `dir`.
std::string tape(const std::string& dir, int64_t from) {
  const std::string full =
      std::string(DEALER_TEST_DATA_DIR) + "/../../data/mtgox-trades-btcusd-2013-01-01.csv";
  if (from == 0) return full;
  auto text = config::read_file(full);
  EXPECT_TRUE(text);
  std::istringstream in(text ? *text : "");
  std::ofstream out(dir + "/tape.csv");
  std::string line;
  std::getline(in, line);
  out << line << '\n';  // the header
  while (std::getline(in, line)) {
    if (std::stoll(line.substr(0, line.find(','))) / 1'000'000 >= from) out << line << '\n';
  }
  return dir + "/tape.csv";
}

// The `strategies:` block of a config file: from that line to the next top-level key.
std::string strategies_block(const std::string& text) {
  const size_t start = text.find("\nstrategies:");
  if (start == std::string::npos) return "";
  size_t end = start + 1;
  while ((end = text.find('\n', end)) != std::string::npos && end + 1 < text.size() &&
         (text[end + 1] == ' ' || text[end + 1] == '#' || text[end + 1] == '\n'))
    ++end;
  return text.substr(start + 1, end == std::string::npos ? std::string::npos : end - start);
}

std::string sim_config(const std::string& tape_path, int speed) {
  return std::string("accounts:\n  - {name: alice, key: ") + testing::kAliceKey + ", secret: \"" +
         testing::kAliceSecret +
         "\", rights: [get_info, trade], fee_percent: \"0.6\", balances: {BTC: \"10\", USD: \"1000\"}}\n" +
         "market:\n  trades: " + tape_path + "\n" + "  currency: USD\n  speed: " + std::to_string(speed) +
         "\n" +
         "  liquidity: {enabled: true, seed: 42, levels: 5, spread_percent: \"0.2\", step_percent: \"0.1\", "
         "amount: \"2\"}\n";
}

size_t orders_with_fills(const std::string& store_path) {
  size_t n = 0;
  for (const auto& [id, o] : testing::stored_orders(store_path)) n += o.filled_amount_int > 0;
  return n;
}

class StrategiesSim : public ::testing::TestWithParam<StrategyCase> {};

TEST_P(StrategiesSim, RunsAgainstTheSimulatorWithoutARejectedOrAmbiguousOrder) {
  const StrategyCase& c = GetParam();
  auto text = config::read_file(testing::test_data_path(std::string("../../") + c.config));
  ASSERT_TRUE(text) << text.error().message;
  const std::string strategies = strategies_block(*text);
  ASSERT_NE(strategies.find("strategy:"), std::string::npos) << strategies;

  testing::TempDir dir;
  testing::SimProcess sim(sim_config(tape(dir.path, c.tape_from), c.speed));
  const std::string store_path = dir.path + "/dealer.sqlite";
  testing::BotProcess bot(dir.path, testing::run_config_head(sim.port(), store_path) + strategies, testing::kAliceKey,
                          testing::kAliceSecret);
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (orders_with_fills(store_path) < c.filled && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  ASSERT_GE(orders_with_fills(store_path), c.filled) << bot.log();
  bot.signal(SIGTERM);
  ASSERT_EQ(bot.wait(30s), 0) << bot.log();

  EXPECT_EQ(testing::rejected_or_ambiguous_events(store_path), std::vector<std::string>{});
  auto reader = store::HistoryReader::open(store_path);
  ASSERT_TRUE(reader.ok());
  auto decisions = reader->decisions_since(0);
  ASSERT_TRUE(decisions.ok());
  for (const store::DecisionRow& d : *decisions) {
    EXPECT_NE(d.kind, "order_rejected") << d.reason;
    EXPECT_NE(d.kind, "risk_rejected") << d.reason;
    EXPECT_NE(d.kind, "disabled") << d.reason;
  }
}

INSTANTIATE_TEST_SUITE_P(Strategies, StrategiesSim, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<StrategyCase>& info) { return info.param.name; });

}  // namespace
}  // namespace dealer::live
