// `dealer import` as a user runs it: a CSV into the SQLite form `dealer record` writes backtests like
// the CSV itself (round trip), importing again adds nothing, a JSON answer file imports its primary
// trades, and bad lines are named (--strict stops at the first).
#include <gtest/gtest.h>

#include <fstream>

#include "input/trade_input.h"
#include "support/bot_process.h"
#include "support/dealer_run.h"
#include "support/test_support.h"

namespace dealer::testing {
namespace {

size_t trades_in(const std::string& path) {
  auto input = input::load_trade_input(path, {Currency::usd(), true, {}});
  EXPECT_TRUE(input.ok()) << input.error().describe();
  return input.ok() ? input->trades.size() : 0;
}

TEST(ImportCommand, CsvToSqliteBacktestsLikeTheCsvAndReimportAddsNothing) {
  TempDir dir;
  const std::string csv = test_data_path("../../data/mtgox-trades-btcusd-2013-01-01.csv");
  const std::string db = dir.path + "/tape.sqlite";
  const std::string import = "import --input " + csv + " --output " + db;
  const DealerRun first = run_dealer(import);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("2331 BTCUSD trades"), std::string::npos) << first.out;
  EXPECT_EQ(trades_in(db), 2331u);  // data/README.md

  const DealerRun again = run_dealer(import);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(trades_in(db), 2331u);  // keyed by tid: nothing twice

  EXPECT_EQ(backtest_report(db, dir.path + "/db.json"), backtest_report(csv, dir.path + "/csv.json"));
}

TEST(ImportCommand, JsonAnswersAndBadLines) {
  TempDir dir;
  const std::string db = dir.path + "/t.sqlite";
  // tests/data/mtgox/trades.json: 3 primary trades of 4 (see tests/input/trade_input_test.cpp).
  const DealerRun json =
      run_dealer("import --input " + test_data_path("mtgox/trades.json") + " --output " + db);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(trades_in(db), 3u);

  std::ofstream(dir.path + "/bad.csv") << "id,price,amount,type\n1357040104566981,13.4,0.1,ask\n"
                                          "1357040104566982,oops,1,bid\n1357040104566983,13.5,1,bid\n";
  const std::string import = "import --input " + dir.path + "/bad.csv --output " + dir.path + "/b.sqlite";
  const DealerRun lenient = run_dealer(import);
  EXPECT_EQ(lenient.exit_code, 0) << lenient.err;
  EXPECT_NE(lenient.err.find("bad.csv:3: price: 'oops'"), std::string::npos) << lenient.err;
  EXPECT_NE(lenient.out.find("2 BTCUSD trades"), std::string::npos) << lenient.out;
  const DealerRun strict = run_dealer(import + " --strict");
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_NE(strict.err.find("bad.csv:3: price: 'oops'"), std::string::npos) << strict.err;
}

// Issue 18: a negative price used to roll the whole batch back in the store's CHECK while the import
// said "2331 trades" and exited 0. Now the line is refused where it is read, the rest is stored, and the
// import says how many trades were new (issue 23 item 6): all on the first run, none on the second.
TEST(ImportCommand, ABadPriceIsABadLineAndTheCountsSayWhatWasNew) {
  TempDir dir;
  std::ofstream(dir.path + "/neg.csv") << "id,price,amount,type\n1357040104566981,13.4,0.1,ask\n"
                                          "1357040104566982,-13.5,1,bid\n1357040104566983,13.5,1,bid\n";
  const std::string import = "import --input " + dir.path + "/neg.csv --output " + dir.path + "/n.sqlite";
  const DealerRun first = run_dealer(import);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("neg.csv:3: price -13.50000 is not above 0"), std::string::npos) << first.err;
  EXPECT_NE(first.out.find("2 BTCUSD trades from " + dir.path + "/neg.csv into " + dir.path +
                           "/n.sqlite: 2 stored new, 0 already there"),
            std::string::npos)
      << first.out;
  EXPECT_EQ(trades_in(dir.path + "/n.sqlite"), 2u);

  const DealerRun again = run_dealer(import);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find(": 0 stored new, 2 already there"), std::string::npos) << again.out;
  EXPECT_EQ(trades_in(dir.path + "/n.sqlite"), 2u);
}

}  // namespace
}  // namespace dealer::testing
