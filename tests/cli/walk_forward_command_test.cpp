// `dealer backtest --walk-forward` as a user runs it, over a hand-made tape where the best point changes
// between windows: the chosen points and every figure worked out by hand, each window's test figures
// equal to a plain --from/--to run of the chosen point, and the same bytes on 1 and 2 threads.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "support/dealer_run.h"
#include "support/test_support.h"

namespace dealer::testing {
namespace {

namespace json = boost::json;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// From 2013-01-01 00:00:00 (1356998400), hours H0 and H1 trade around 10, H2 and H3 around 20, and
// one trade at 04:00:00 ends the tape. Each hour, at 0, 600, ..., 3000 s:
//   around 10: 10.5  10.0  9.9   11.0  11.1  10.5
//   around 20: 20.5  19.4  21.0  21.1  20.5  22.55
// Config A buys 1 when last <= 10 at 10 and then sells it when last >= 11 at 11: around 10 it places at
// 600, fills at 1200 (9.9 < 10), places the sell at 1800 and fills it at 2400: +1 USD; around 20 it
// never fires. Config B buys when last >= 19.5 at 19.5 (placed at 0, filled at 600 on 19.4), sells
// when last >= 21 at 21 (placed at 1200, filled at 1800): +1.5 USD around 20, nothing around 10.
// With fee 1 %: A 1 - 0.10 - 0.11 = 0.79, B 1.5 - 0.195 - 0.21 = 1.095. Each span starts afresh from
// 100 USD; right after the buy fills, the equity is 99.9 (90 + 9.9, or 80.5 + 19.4): drawdown 0.1 %.
constexpr std::string_view kA = R"(strategies:
  - id: s
    strategy: watch_price
    pair: BTCUSD
    rules:
      - {id: buy, side: buy, when: "last <= 10", price: "10", amount: "1"}
      - {id: sell, side: sell, after: buy, when: "last >= 11", price: "11", amount: "1"}
backtest:
  balances: {USD: "100"}
)";
constexpr std::string_view kB = R"(strategies:
  - id: s
    strategy: watch_price
    pair: BTCUSD
    rules:
      - {id: buy, side: buy, when: "last >= 19.5", price: "19.5", amount: "1"}
      - {id: sell, side: sell, after: buy, when: "last >= 21", price: "21", amount: "1"}
backtest:
  balances: {USD: "100"}
)";

struct Files {
  std::string dir = ::testing::TempDir();
  std::string a = dir + "wf-a.yaml", b = dir + "wf-b.yaml", tape = dir + "wf-tape.csv";
  Files() {
    std::ofstream(a) << kA;
    std::ofstream(b) << kB;
    std::ofstream csv(tape);
    const char* around10[] = {"10.5", "10.0", "9.9", "11.0", "11.1", "10.5"};
    const char* around20[] = {"20.5", "19.4", "21.0", "21.1", "20.5", "22.55"};
    for (int hour = 0; hour < 4; ++hour)
      for (int i = 0; i < 6; ++i)
        csv << 1356998400 + hour * 3600 + i * 600 << "," << (hour < 2 ? around10 : around20)[i] << ",5\n";
    csv << 1356998400 + 4 * 3600 << ",10.5,5\n";
  }
  std::string args(const std::string& more) const {
    return "backtest --config " + a + " --config " + b + " --trades " + tape +
           " --sweep backtest.fee_percent=0,1 --walk-forward 1h/1h " + more;
  }
};

// Points: 0 A fee 0, 1 A fee 1, 2 B fee 0, 3 B fee 1. Windows (train / test):
//   1: 00:00-00:59 (around 10: A fee 0 best, 1.00) / 01:00-01:59 (around 10): A +1.00, 2 fills
//   2: 01:00-01:59 (around 10: A fee 0)            / 02:00-02:59 (around 20): A nothing
//   3: 02:00-02:59 (around 20: B fee 0 best, 1.50) / 03:00-03:59 (around 20): B +1.50, 2 fills
// Out of sample: 1 + 0 + 1.5 = 2.5 USD (1 % + 0 + 1.5 %). In hindsight, over 01:00-03:59 in one run
// each rule fires once: A 1.00, B 1.50 (B fee 1: 1.095): B fee 0, which makes 0 + 1.5 + 1.5 = 3.0 over
// the test spans; the cost of choosing without hindsight 0.5. Buy-and-hold over the test spans:
// 01:00 10.5 -> 10.5: 0; around 20 100 USD at 20.5 is worth 110 at 22.55: +10 twice; 20 in all.
TEST(WalkForwardCommand, ChoosesOnTrainingSpansAndReportsTheTestSpans) {
  const Files f;
  const DealerRun one =
      run_dealer(f.args("--threads 1 --json " + f.dir + "wf1.json --html " + f.dir + "wf1.html"));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const DealerRun two =
      run_dealer(f.args("--threads 2 --json " + f.dir + "wf2.json --html " + f.dir + "wf2.html"));
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_EQ(one.out, two.out);
  const std::string text = slurp(f.dir + "wf1.json");
  EXPECT_EQ(text, slurp(f.dir + "wf2.json"));
  EXPECT_EQ(slurp(f.dir + "wf1.html"), slurp(f.dir + "wf2.html"));
  EXPECT_NE(one.out.find("walk-forward 1h/1h/1h: 3 windows, each choosing by pnl"), std::string::npos)
      << one.out;
  EXPECT_NE(one.out.find("cost of choosing without hindsight: 0.50000"), std::string::npos) << one.out;

  const json::object wf = json::parse(text).at("walk_forward").as_object();
  EXPECT_EQ(wf.at("train").as_string(), "1h");
  EXPECT_EQ(wf.at("step").as_string(), "1h");
  EXPECT_EQ(wf.at("rank").as_string(), "pnl");
  const json::array& windows = wf.at("windows").as_array();
  ASSERT_EQ(windows.size(), 3u);
  const char* train_from[] = {"2013-01-01 00:00:00", "2013-01-01 01:00:00", "2013-01-01 02:00:00"};
  const char* test_to[] = {"2013-01-01 01:59:59", "2013-01-01 02:59:59", "2013-01-01 03:59:59"};
  const std::string config[] = {f.a, f.a, f.b};
  const char* train_metric[] = {"1.00000", "1.00000", "1.50000"};
  const char* pnl[] = {"1.00000", "0.00000", "1.50000"};
  const int64_t fills[] = {2, 0, 2};
  for (size_t w = 0; w < 3; ++w) {
    const json::object& win = windows[w].as_object();
    EXPECT_EQ(win.at("train_from").as_string(), train_from[w]) << w;
    EXPECT_EQ(win.at("test_to").as_string(), test_to[w]) << w;
    EXPECT_EQ(win.at("values").at("config").as_string(), config[w]) << w;
    EXPECT_EQ(win.at("values").at("backtest.fee_percent").as_string(), "0") << w;
    EXPECT_EQ(win.at("train_metric").as_string(), train_metric[w]) << w;
    EXPECT_EQ(win.at("test").at("pnl").as_string(), pnl[w]) << w;
    EXPECT_EQ(win.at("test").at("fills").as_int64(), fills[w]) << w;
    EXPECT_EQ(win.at("test").at("fees").as_string(), "0.00000") << w;
    EXPECT_TRUE(win.at("test").at("sharpe").is_null()) << w;  // one day
  }
  EXPECT_EQ(windows[0].at("train_to").as_string(), "2013-01-01 00:59:59");
  EXPECT_EQ(windows[0].at("test_from").as_string(), "2013-01-01 01:00:00");
  EXPECT_DOUBLE_EQ(windows[2].at("test").at("return_pct").to_number<double>(), 1.5);
  EXPECT_DOUBLE_EQ(windows[2].at("test").at("max_drawdown_pct").to_number<double>(), 0.1);
  EXPECT_EQ(wf.at("oos_pnl").as_string(), "2.50000");
  EXPECT_DOUBLE_EQ(wf.at("oos_return_pct").to_number<double>(), 2.5);
  EXPECT_EQ(wf.at("hindsight").at("values").at("config").as_string(), f.b);
  EXPECT_EQ(wf.at("hindsight").at("pnl").as_string(), "3.00000");
  EXPECT_EQ(wf.at("buy_and_hold_pnl").as_string(), "20.00000");

  // Each test span as a plain run of the chosen point gives the same figures.
  for (size_t w = 0; w < 3; ++w) {
    const json::object& test = windows[w].at("test").as_object();
    const std::string out = f.dir + "plain" + std::to_string(w) + ".json";
    const DealerRun plain = run_dealer("backtest --config " + config[w] + " --trades " + f.tape +
                                       " --from '" + std::string(windows[w].at("test_from").as_string()) +
                                       "' --to '" + test_to[w] + "' --json " + out);
    ASSERT_EQ(plain.exit_code, 0) << plain.err;
    const json::object r = json::parse(slurp(out)).as_object();
    EXPECT_EQ(r.at("pnl"), test.at("pnl")) << w;
    EXPECT_EQ(r.at("fees"), test.at("fees")) << w;
    EXPECT_EQ(static_cast<int64_t>(r.at("fills").as_array().size()), test.at("fills").as_int64()) << w;
    EXPECT_EQ(r.at("return_pct"), test.at("return_pct")) << w;
    EXPECT_EQ(r.at("max_drawdown_pct"), test.at("max_drawdown_pct")) << w;
    EXPECT_EQ(r.at("sharpe"), test.at("sharpe")) << w;
  }
}

// The training runs in 3 shards (--shard I/3 --json), then the test spans from their files (--trained):
// the same table and --json as on one machine; a missing shard or another run's file is refused.
TEST(WalkForwardCommand, ShardedTrainingGivesTheSameBytes) {
  const Files f;
  const DealerRun one = run_dealer(f.args("--json " + f.dir + "wf-one.json"));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  std::string trained;
  for (int i = 0; i < 3; ++i) {
    const std::string file = f.dir + "wf-shard-" + std::to_string(i) + ".json";
    const DealerRun shard = run_dealer(f.args("--shard " + std::to_string(i) + "/3 --json " + file));
    ASSERT_EQ(shard.exit_code, 0) << shard.err;
    trained += " --trained " + file;
  }
  const DealerRun merged = run_dealer(f.args(trained + " --json " + f.dir + "wf-merged.json"));
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_EQ(merged.out, one.out);
  EXPECT_EQ(slurp(f.dir + "wf-merged.json"), slurp(f.dir + "wf-one.json"));

  const DealerRun missing =
      run_dealer(f.args(" --trained " + f.dir + "wf-shard-0.json --trained " + f.dir + "wf-shard-2.json"));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("shard 1/3 is missing"), std::string::npos) << missing.err;
  const DealerRun other = run_dealer("backtest --config " + f.a + " --trades " + f.tape +
                                     " --walk-forward 1h/1h --trained " + f.dir + "wf-shard-0.json");
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_NE(other.err.find("is not a shard of this walk-forward run: its grid differs"), std::string::npos)
      << other.err;
}

TEST(WalkForwardCommand, UsageErrors) {
  const Files f;
  const DealerRun spec =
      run_dealer("backtest --config " + f.a + " --trades " + f.tape + " --walk-forward 1h");
  EXPECT_EQ(spec.exit_code, 2);
  EXPECT_NE(spec.err.find("expected TRAIN/TEST[/STEP]"), std::string::npos) << spec.err;
  const DealerRun shard = run_dealer(f.args("--shard 0/2"));
  EXPECT_EQ(shard.exit_code, 2);
  EXPECT_NE(shard.err.find("writes its training rows to --json OUT"), std::string::npos) << shard.err;
  const DealerRun short_tape =
      run_dealer("backtest --config " + f.a + " --trades " + f.tape + " --walk-forward 3h/2h");
  EXPECT_EQ(short_tape.exit_code, 1);
  EXPECT_NE(short_tape.err.find("too short for one training and one test span"), std::string::npos)
      << short_tape.err;
}

}  // namespace
}  // namespace dealer::testing
