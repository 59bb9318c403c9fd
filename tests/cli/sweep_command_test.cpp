// Sweeps as a user runs them: `dealer backtest --sweep` on one thread and on two, and as three
// `--shard I/3 --json` processes combined by `dealer sweep-merge`, print the same table byte for byte;
// sweep-merge refuses a shard of another sweep.
#include <gtest/gtest.h>

#include "support/dealer_run.h"
#include "support/test_support.h"

namespace dealer::testing {
namespace {

std::string sweep_args(const std::string& rank = "return_pct") {
  return "backtest --config " + test_data_path("../../config/backtest.yaml") + " --trades " +
         test_data_path("../../data/mtgox-trades-btcusd-2013-01-01.csv") +
         " --sweep strategies.dip-chain.rules.buy-dip.price=13.40,13.45,13.50"
         " --sweep backtest.fee_percent=0.2,0.6 --rank " +
         rank;
}

TEST(SweepCommand, ThreadsAndShardsPrintTheSameTable) {
  const DealerRun one = run_dealer(sweep_args() + " --threads 1");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  // 3 prices x 2 fees; the example config's own point (13.45, 0.6) is the hand-checked run of
  // tests/backtest/backtest_test.cpp: 3 fills, fees 0.32172, pnl -0.50172.
  EXPECT_NE(one.out.find("6 points, ranked by return_pct"), std::string::npos) << one.out;
  EXPECT_NE(one.out.find(
                "13.45                                     0.6                       3  0.32172  -0.50172"),
            std::string::npos)
      << one.out;
  const DealerRun two = run_dealer(sweep_args() + " --threads 2");
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_EQ(two.out, one.out);

  const std::string dir = ::testing::TempDir();
  std::string files;
  for (int i = 0; i < 3; ++i) {
    const std::string file = dir + "sweep-" + std::to_string(i) + ".json";
    const DealerRun shard = run_dealer(sweep_args() + " --shard " + std::to_string(i) + "/3 --json " + file);
    ASSERT_EQ(shard.exit_code, 0) << shard.err;
    files += " " + file;
  }
  const DealerRun merged = run_dealer("sweep-merge --rank return_pct" + files);
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_EQ(merged.out, one.out);

  // A shard of a sweep over another window is refused, naming the file.
  const std::string other = dir + "sweep-other.json";
  ASSERT_EQ(run_dealer(sweep_args() + " --to 1357041000 --shard 2/3 --json " + other).exit_code, 0);
  const DealerRun refused =
      run_dealer("sweep-merge " + dir + "sweep-0.json " + dir + "sweep-1.json " + other);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find(other + " is not a shard of the same sweep"), std::string::npos) << refused.err;
}

// Issue 18 case 5: an endless input is refused at the stated size instead of taking all memory.
TEST(SweepCommand, MergeRefusesAnEndlessInput) {
  const DealerRun run = run_dealer("sweep-merge /dev/zero");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("/dev/zero: more than 64 MiB: not a sweep shard file"), std::string::npos)
      << run.err;
}

TEST(SweepCommand, ComparesConfigsInOneTable) {
  const DealerRun run =
      run_dealer("backtest --config " + test_data_path("../../config/backtest.yaml") + " --config " +
                 test_data_path("../../config/backtest-ladder.yaml") + " --trades " +
                 test_data_path("../../data/mtgox-trades-btcusd-2013-01-01.csv") +
                 " --sweep backtest.fee_percent=0.2,0.6");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("4 points, ranked by pnl"), std::string::npos) << run.out;
  // The example config at its own fee: the hand-checked run of tests/backtest/backtest_test.cpp.
  EXPECT_NE(run.out.find("backtest.yaml         0.6                       3  0.32172  -0.50172"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("backtest-ladder.yaml  0.2"), std::string::npos) << run.out;
}

TEST(SweepCommand, UsageErrors) {
  const DealerRun html = run_dealer(sweep_args() + " --html /dev/null");
  EXPECT_EQ(html.exit_code, 2);
  EXPECT_NE(html.err.find("--html reports one backtest"), std::string::npos) << html.err;
  const DealerRun rank = run_dealer(sweep_args("profit"));
  EXPECT_EQ(rank.exit_code, 2);
  EXPECT_NE(rank.err.find("expected one of pnl, return_pct"), std::string::npos) << rank.err;
  const DealerRun shard = run_dealer(sweep_args() + " --shard 3/3");
  EXPECT_EQ(shard.exit_code, 2);
  EXPECT_NE(shard.err.find("0 <= I < N"), std::string::npos) << shard.err;
}

// Issue 23: --rank names a metric that does not exist: an error without a sweep too, not ignored.
TEST(SweepCommand, AnUnknownRankIsAnErrorWithoutASweepToo) {
  const DealerRun run =
      run_dealer("backtest --config " + test_data_path("../../config/backtest.yaml") + " --trades " +
                 test_data_path("../../data/mtgox-trades-btcusd-2013-01-01.csv") + " --rank profit");
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_NE(run.err.find("--rank 'profit': expected one of pnl, return_pct"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace dealer::testing
