// `dealer record` as a real process against the real simulator (replaying a recorded tape at once,
// speed 0, no liquidity provider, so its public/trades are exactly the tape), with no credential in
// its environment: what it records is the tape, `dealer backtest` over the recorded SQLite reports
// byte for byte what it reports over the CSV the simulator replayed, and a restart resumes after the
// stored cursor: no gap, no trade fetched twice.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <thread>

#include "input/trade_input.h"
#include "store/history_reader.h"
#include "store/sqlite.h"
#include "store/store.h"
#include "support/bot_process.h"
#include "support/dealer_run.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"
#include "support/test_support.h"

namespace dealer::testing {
namespace {

constexpr size_t kTapeTrades = 2331;  // data/mtgox-trades-btcusd-2013-01-01.csv (data/README.md)

std::string tape_path() { return test_data_path("../../data/mtgox-trades-btcusd-2013-01-01.csv"); }

std::string sim_config(const std::string& tape) {
  return std::string("accounts:\n  - {name: alice, key: ") + kAliceKey + ", secret: \"" + kAliceSecret +
         "\", rights: [get_info], balances: {BTC: \"1\", USD: \"1\"}}\n" + "market:\n  trades: " + tape +
         "\n  currency: USD\n  speed: 0\n  fx: {EUR: \"0.76\"}\n  liquidity: {enabled: false}\n";
}

std::string record_config(uint16_t port, const std::string& db) {
  return "exchange: {kind: mtgox, base_url: \"http://127.0.0.1:" + std::to_string(port) +
         "\", pair: BTCUSD}\n"
         "store: {path: " +
         db +
         ", depth_every: 0ms}\n"
         "poll: {ticker: 100ms, trades: 100ms, depth: 100ms, full_depth: 1s}\n"
         // The trading blocks of a run.yaml are ignored, not refused.
         "strategies:\n  - {id: x, strategy: no_such_strategy}\n";
}

std::vector<Trade> load(const std::string& path) {
  auto input = input::load_trade_input(path, {Currency::usd(), true, {}});
  EXPECT_TRUE(input.ok()) << input.error().describe();
  return input.ok() ? input->trades : std::vector<Trade>{};
}

size_t stored_trades(const std::string& db) {
  auto reader = store::HistoryReader::open(db);
  if (!reader) return 0;
  auto rows = reader->trades_after("BTCUSD", 0, 1'000'000);
  return rows ? rows->size() : 0;
}

// Records from the simulator into `db` until it holds `want` trades (at most 30 s), then SIGTERM;
// the process's log.
std::string record_until(const SimProcess& sim, const std::string& dir, const std::string& db, size_t want) {
  BotProcess recorder(dir, record_config(sim.port(), db), "record", {"--since", "0", "--log-level", "debug"});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (stored_trades(db) < want && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(stored_trades(db), want) << recorder.log();
  recorder.signal(SIGTERM);
  EXPECT_EQ(recorder.wait(std::chrono::seconds(10)), 0) << recorder.log();
  return recorder.log();
}

void expect_same_tape(const std::vector<Trade>& got, const std::vector<Trade>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].tid, want[i].tid) << i;
    EXPECT_EQ(got[i].date, want[i].date) << i;
    EXPECT_EQ(got[i].price, want[i].price) << i;
    EXPECT_EQ(got[i].amount, want[i].amount) << i;
    EXPECT_EQ(got[i].side, want[i].side) << i;
  }
}

TEST(RecordE2e, RecordedStoreBacktestsLikeTheReplayedCsv) {
  TempDir dir;
  const std::string db = dir.path + "/rec.sqlite";
  SimProcess sim(sim_config(tape_path()));
  const std::string log = record_until(sim, dir.path, db, kTapeTrades);
  EXPECT_NE(log.find("recorded 2331 trades"), std::string::npos) << log;

  expect_same_tape(load(db), load(tape_path()));
  auto reader = store::HistoryReader::open(db);
  ASSERT_TRUE(reader.ok());
  EXPECT_FALSE(reader->tickers_since(0)->empty());
  EXPECT_FALSE(reader->depths_since(0)->empty());
  EXPECT_EQ(**reader->cursor("trades.mtgox.BTCUSD"), load(tape_path()).back().tid);

  const std::string from_csv = backtest_report(tape_path(), dir.path + "/csv.json");
  const std::string from_db = backtest_report(db, dir.path + "/db.json");
  EXPECT_EQ(from_db, from_csv);
  // Not an empty report: config/backtest.yaml's chain fills three times on this tape.
  EXPECT_NE(from_csv.find("\"time\":\"2013-01-01T11:35:32.568688Z\""), std::string::npos) << from_csv;
}

// Issue 23: a progress line while it records, and a summary that tells the tape's trades from the bot's
// own. The history already holds a bot's fills of the tape's first two trades (rows as dealer run writes
// them, same trade ids): those two are the bot's own, the other 2,329 the tape's.
TEST(RecordE2e, ShowsProgressAndTellsTheTapeFromTheBotsOwnTrades) {
  TempDir dir;
  const std::string db = dir.path + "/rec.sqlite";
  ASSERT_TRUE(store::Store::open({db}).ok());  // the schema
  {
    auto conn = store::Database::open(db, store::Database::Access::kReadWrite);
    ASSERT_TRUE(conn.ok());
    const std::vector<Trade> tape = load(tape_path());
    ASSERT_TRUE(conn->exec("INSERT INTO orders (client_id, strategy_id, seq, pair, side, kind, price_int, "
                           "amount_int, exchange_id, state, filled_amount_int, created_us, updated_us, mode) "
                           "VALUES ('1', 'chain', 1, 'BTCUSD', 'bid', 'limit', 1360000, 200000000, 'x1', "
                           "'filled', 200000000, 1, 1, 'live')")
                    .ok());
    for (int i = 0; i < 2; ++i) {
      ASSERT_TRUE(
          conn->exec("INSERT INTO fills (trade_id, client_id, exchange_order_id, pair, side, price_int, "
                     "amount_int, fee_int, fee_currency, time_us, seen_us, mode) VALUES ('" +
                     std::to_string(tape[i].tid) +
                     "', '1', 'x1', 'BTCUSD', 'bid', 1360000, 100000000, 0, "
                     "'USD', 1, 1, 'live')")
              .ok());
    }
  }
  SimProcess sim(sim_config(tape_path()));
  const std::string log = record_until(sim, dir.path, db, kTapeTrades);
  EXPECT_NE(log.find("recorded 2331 trades (2329 of the tape, 2 the bot's own"), std::string::npos) << log;
  // The last progress line: every trade, up to the tape's last (data/mtgox-trades-btcusd-2013-01-01.csv,
  // tid 1357084711193969: 2013-01-01 23:58:31 UTC).
  EXPECT_NE(log.find("recording BTCUSD  trades 2331 (last 2013-01-01 23:58:31)  tickers "), std::string::npos)
      << log;
}

TEST(RecordE2e, RestartResumesAfterTheStoredCursor) {
  TempDir dir;
  const std::string db = dir.path + "/rec.sqlite";
  // The first run sees the first 1,200 trades of the tape (a simulator replaying a cut copy), the second
  // the whole tape: it must fetch exactly the 1,131 after the cursor (its --since 0 loses to the cursor).
  constexpr size_t kFirst = 1200;
  const std::string half = dir.path + "/half.csv";
  {
    std::ifstream in(tape_path());
    std::ofstream out(half);
    std::string line;
    for (size_t i = 0; i <= kFirst && std::getline(in, line); ++i) out << line << '\n';  // header + 1200
  }
  {
    SimProcess first(sim_config(half));
    const std::string log = record_until(first, dir.path, db, kFirst);
    EXPECT_NE(log.find("recorded 1200 trades"), std::string::npos) << log;
  }
  SimProcess whole(sim_config(tape_path()));
  const std::string log = record_until(whole, dir.path, db, kTapeTrades);
  EXPECT_NE(log.find("trades after tid " + std::to_string(load(half).back().tid)), std::string::npos) << log;
  EXPECT_NE(log.find("recorded 1131 trades"), std::string::npos) << log;
  expect_same_tape(load(db), load(tape_path()));
}

}  // namespace
}  // namespace dealer::testing
