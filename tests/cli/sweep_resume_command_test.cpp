// A sweep killed in the middle (SIGKILL, at a known point: DEALER_SWEEP_KILL_AFTER=K kills it once K
// rows are durably in OUT.rows) loses only the points that were running; --resume runs the rest and
// prints the same table, byte for byte, as the sweep run without a break. The results file refuses
// another sweep's resume and is not overwritten without --resume.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "support/dealer_run.h"
#include "support/test_support.h"

namespace dealer::testing {
namespace {

std::string sweep_args(const std::string& more) {
  return "backtest --config " + test_data_path("../../config/backtest.yaml") + " --trades " +
         test_data_path("../../data/mtgox-trades-btcusd-2013-01-01.csv") +
         " --sweep strategies.dip-chain.rules.buy-dip.price=13.40,13.45,13.50"
         " --sweep backtest.fee_percent=0.2,0.6 " +
         more;
}

std::vector<std::string> lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// TempDir is shared by runs of the suite: a file an earlier run left must not count.
void remove_outputs(const std::string& json) {
  std::remove(json.c_str());
  std::remove((json + ".rows").c_str());
}

bool killed(const DealerRun& r) { return r.exit_code == 128 + 9 || r.exit_code == -1; }

TEST(SweepResumeCommand, AKilledSweepResumesToTheSameTable) {
  const std::string dir = ::testing::TempDir();
  const DealerRun whole = run_dealer(sweep_args("--threads 2 --json " + dir + "whole.json"));
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  // Done: the --json file holds every row, so the results file is gone.
  EXPECT_FALSE(std::ifstream(dir + "whole.json.rows").good());

  for (const char* threads : {"1", "2"}) {
    const std::string json = dir + "resumed-" + threads + ".json";
    const std::string args = sweep_args(std::string("--threads ") + threads + " --json " + json);
    remove_outputs(json);
    const DealerRun crash = run_dealer(args, "DEALER_SWEEP_KILL_AFTER=2");
    EXPECT_TRUE(killed(crash)) << crash.exit_code << crash.err;
    EXPECT_EQ(crash.out, "");  // no table
    // The header and the two rows written before the kill (on 2 threads another point may have been
    // running: it is lost, not half written).
    const auto written = lines(json + ".rows");
    ASSERT_EQ(written.size(), 3u) << threads;
    EXPECT_NE(written[0].find("\"format\":\"dealer-sweep-1\""), std::string::npos) << written[0];
    EXPECT_FALSE(std::ifstream(json).good());

    // Again without --resume: refused, and the rows are kept.
    const DealerRun again = run_dealer(args);
    EXPECT_EQ(again.exit_code, 1) << again.err;
    EXPECT_NE(again.err.find("holds 2 points of an unfinished run of this sweep: add --resume"),
              std::string::npos)
        << again.err;
    EXPECT_EQ(lines(json + ".rows"), written);

    const DealerRun resumed = run_dealer(args + " --resume");
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    EXPECT_EQ(resumed.out, whole.out);
    // Four points ran, not six.
    EXPECT_NE(resumed.err.find("4 / 4 points"), std::string::npos) << resumed.err;
  }
}

TEST(SweepResumeCommand, RefusesTheResultsFileOfAnotherSweep) {
  const std::string dir = ::testing::TempDir();
  const std::string json = dir + "other.json";
  remove_outputs(json);
  const DealerRun crash = run_dealer(sweep_args("--threads 1 --json " + json), "DEALER_SWEEP_KILL_AFTER=1");
  EXPECT_TRUE(killed(crash)) << crash.exit_code;
  // The same grid over a shorter window: other inputs.
  const DealerRun other = run_dealer(sweep_args("--threads 1 --to 1357041000 --resume --json " + json));
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_NE(other.err.find("is the results file of another sweep: its inputs differ"), std::string::npos)
      << other.err;
  // A line cut short by the crash is dropped on resume.
  std::ofstream(json + ".rows", std::ios::app) << "{\"point\":3,\"val";
  const DealerRun resumed = run_dealer(sweep_args("--threads 1 --resume --json " + json));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("5 / 5 points"), std::string::npos) << resumed.err;
  const DealerRun no_json = run_dealer(sweep_args("--resume"));
  EXPECT_EQ(no_json.exit_code, 2);
  EXPECT_NE(no_json.err.find("--resume continues the sweep of --json OUT"), std::string::npos) << no_json.err;
}

}  // namespace
}  // namespace dealer::testing
