// The binary tape as a user meets it: `dealer import --format tape` of the bundled CSV, then `dealer
// backtest --trades FILE.tape` reports exactly what the CSV reports (whole, and a --from/--to window),
// `dealer tape` summarises it the same, and a damaged tape is an error naming the file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/bot_process.h"
#include "support/dealer_run.h"
#include "support/test_support.h"

namespace dealer::testing {
namespace {

TEST(TapeBacktest, ATapeBacktestsExactlyLikeItsCsv) {
  TempDir dir;
  const std::string csv = test_data_path("../../data/mtgox-trades-btcusd-2013-01-01.csv");
  const std::string tape = dir.path + "/day.tape";
  const DealerRun import = run_dealer("import --format tape --input " + csv + " --output " + tape);
  ASSERT_EQ(import.exit_code, 0) << import.err;
  EXPECT_NE(import.out.find("2331 BTCUSD trades from " + csv + " into the tape " + tape), std::string::npos)
      << import.out;

  EXPECT_EQ(backtest_report(tape, dir.path + "/t.json"), backtest_report(csv, dir.path + "/c.json"));
  // 11:00 to 12:00 holds the chain's fills (tests/backtest/backtest_test.cpp: 11:35).
  const std::string window = "--from '2013-01-01 11:00:00' --to '2013-01-01 12:00:00'";
  const std::string in_window = backtest_report(tape, dir.path + "/tw.json", window);
  EXPECT_EQ(in_window, backtest_report(csv, dir.path + "/cw.json", window));
  EXPECT_NE(in_window, backtest_report(tape, dir.path + "/t2.json"));

  const DealerRun from_tape = run_dealer("tape --file " + tape);
  const DealerRun from_csv = run_dealer("tape --file " + csv);
  ASSERT_EQ(from_tape.exit_code, 0) << from_tape.err;
  // The same table after the first line (which names the file).
  EXPECT_EQ(from_tape.out.substr(from_tape.out.find('\n')), from_csv.out.substr(from_csv.out.find('\n')));
}

TEST(TapeBacktest, ADamagedTapeIsAnErrorNamingIt) {
  TempDir dir;
  const std::string csv = test_data_path("../../data/mtgox-trades-btcusd-2013-01-01.csv");
  const std::string tape = dir.path + "/day.tape";
  ASSERT_EQ(run_dealer("import --format tape --input " + csv + " --output " + tape).exit_code, 0);
  std::filesystem::resize_file(tape, std::filesystem::file_size(tape) - 8);
  const DealerRun r =
      run_dealer("backtest --config " + test_data_path("../../config/backtest.yaml") + " --trades " + tape);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("dealer backtest: " + tape + ": truncated: "), std::string::npos) << r.err;
}

}  // namespace
}  // namespace dealer::testing
