// `dealer backtest` as a user runs it: the example config over the bundled tape, the JSON report's
// keys, and the same bytes from the same inputs (timings aside).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <regex>
#include <sstream>

#include "support/dealer_run.h"
#include "support/test_support.h"

namespace dealer::testing {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string without_timings(const std::string& json) {
  static const std::regex timings(R"re("(wall_seconds|trades_per_second)":[0-9.]+)re");
  return std::regex_replace(json, timings, "\"$1\":0");
}

TEST(BacktestCommand, SameInputsSameReport) {
  const std::string dir = ::testing::TempDir();
  const std::string args = "backtest --config " + test_data_path("../../config/backtest.yaml") +
                           " --trades " + test_data_path("../../data/mtgox-trades-btcusd-2013-01-01.csv") +
                           " --json ";
  const DealerRun first = run_dealer(args + dir + "bt1.json");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const DealerRun second = run_dealer(args + dir + "bt2.json");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const std::string a = slurp(dir + "bt1.json");
  EXPECT_EQ(without_timings(a), without_timings(slurp(dir + "bt2.json")));

  const boost::json::object report = boost::json::parse(a).as_object();
  std::vector<std::string> keys;
  for (const auto& kv : report) keys.emplace_back(kv.key());
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "trades_replayed", "orders", "fills", "fees", "start_balances", "final_balances",
                      "first_price", "last_price", "pnl", "return_pct", "max_drawdown_pct", "sharpe",
                      "exposure_pct",
                      // issue 21: the trade analysis
                      "round_trips", "closed_round_trips", "win_rate", "profit_factor", "expectancy",
                      "avg_holding_seconds", "max_holding_seconds", "largest_win", "largest_loss", "sortino",
                      "calmar", "buy_and_hold", "per_strategy", "wall_seconds", "trades_per_second"}));
  // The values are worked out by hand in tests/backtest/backtest_test.cpp; here their text form.
  EXPECT_EQ(report.at("pnl").as_string(), "-0.50172");
  EXPECT_EQ(report.at("final_balances").at("USD").as_string(), "999.49828");
  const auto& fill = report.at("fills").as_array().at(2).as_object();
  EXPECT_EQ(fill.at("time").as_string(), "2013-01-01T11:35:32.568688Z");
  EXPECT_EQ(fill.at("side").as_string(), "sell");
  EXPECT_EQ(fill.at("price").as_string(), "13.36000");
  EXPECT_EQ(fill.at("amount").as_string(), "2.00000000");
  EXPECT_EQ(fill.at("fee").as_string(), "0.16032");
  // The round trips' fixed keys, and the first one's figures (worked out in trade_stats_test.cpp).
  const auto& trip = report.at("round_trips").as_array().at(0).as_object();
  keys.clear();
  for (const auto& kv : trip) keys.emplace_back(kv.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"strategy", "entry_time", "exit_time", "entry_price",
                                            "exit_price", "amount", "fees", "pnl", "open"}));
  EXPECT_EQ(trip.at("entry_time").as_string(), "2013-01-01T11:35:04.626117Z");
  EXPECT_EQ(trip.at("amount").as_string(), "1.49233208");
  EXPECT_EQ(trip.at("pnl").as_string(), "-0.37437");
  EXPECT_FALSE(trip.at("open").as_bool());
  EXPECT_EQ(report.at("win_rate").as_double(), 0.0);
  EXPECT_EQ(report.at("expectancy").as_string(), "-0.25086");
  EXPECT_TRUE(report.at("sortino").is_null());  // one day
  EXPECT_EQ(report.at("buy_and_hold").at("pnl").as_string(), "-15.23907");
  const auto& own = report.at("per_strategy").at("dip-chain").as_object();
  EXPECT_EQ(own.at("fills").as_int64(), 3);
  EXPECT_EQ(own.at("fees").as_string(), "0.32172");
  EXPECT_EQ(own.at("pnl").as_string(), "-0.50172");
  EXPECT_EQ(own.at("round_trips").as_int64(), 2);
}

TEST(BacktestCommand, FromAndToLimitTheReplay) {
  // 11:00:00 to 11:35:04 UTC, that second included: 31 trades (counted with awk), the last three those
  // at 11:35:04 that fire the buy, fill it and fire the sell (see backtest_test.cpp); the sell is left
  // with no trade to fill on.
  const DealerRun r =
      run_dealer("backtest --config " + test_data_path("../../config/backtest.yaml") + " --trades " +
                 test_data_path("../../data/mtgox-trades-btcusd-2013-01-01.csv") +
                 " --from '2013-01-01 11:00:00' --to 1357040104");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("31 trades of BTCUSD, 2 orders, 2 fills"), std::string::npos) << r.out;
}

TEST(BacktestCommand, BadInputsAreNamed) {
  const std::string dir = ::testing::TempDir();
  for (const char* bound : {"--from 2013-01-01", "--to 99999999999999999"}) {
    const DealerRun r = run_dealer("backtest --config " + test_data_path("../../config/backtest.yaml") +
                                   " --trades x.csv " + bound);
    EXPECT_EQ(r.exit_code, 2) << bound;
    EXPECT_NE(r.err.find("expected \"YYYY-MM-DD HH:MM:SS\""), std::string::npos) << r.err;
  }
  {
    std::ofstream(dir + "bad.yaml")
        << "strategies:\n  - {id: s, strategy: watch_price, pair: BTCUSD, rules: "
           "[{id: b, side: buy, when: \"last <= 1\", price: \"1\", amount: \"1\"}]}\n"
           "backtest:\n  fee_percent: x\n";
    const DealerRun r = run_dealer("backtest --config " + dir + "bad.yaml --trades x.csv");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("bad.yaml:4:16: backtest.fee_percent"), std::string::npos) << r.err;
  }
  {
    std::ofstream(dir + "bad.csv")
        << "id,price,amount,type\n1357040104566981,13.4,0.1,ask\n1357040104566982,oops,1,bid\n";
    const std::string args =
        "backtest --config " + test_data_path("../../config/backtest.yaml") + " --trades " + dir + "bad.csv";
    // Reported with file and line, skipped, and the one good trade replayed.
    const DealerRun lenient = run_dealer(args);
    EXPECT_EQ(lenient.exit_code, 0) << lenient.err;
    EXPECT_NE(lenient.err.find("bad.csv:3: price: 'oops'"), std::string::npos) << lenient.err;
    EXPECT_NE(lenient.err.find("1 bad lines skipped"), std::string::npos) << lenient.err;
    EXPECT_NE(lenient.out.find("1 trades of BTCUSD"), std::string::npos) << lenient.out;
    // --strict: the first bad line ends it.
    const DealerRun strict = run_dealer(args + " --strict");
    EXPECT_EQ(strict.exit_code, 1);
    EXPECT_NE(strict.err.find("bad.csv:3: price: 'oops'"), std::string::npos) << strict.err;
    EXPECT_EQ(strict.out.find("trades of BTCUSD"), std::string::npos) << strict.out;
  }
}

}  // namespace
}  // namespace dealer::testing
