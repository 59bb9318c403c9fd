// The progress line: its text, its 100 ms pace on a (virtual) clock, silence off a terminal, and the
// backtest telling it every 65,536 trades.
#include "backtest/progress_line.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "backtest/config.h"
#include "market/timed_trade.h"

namespace dealer::backtest {
namespace {

std::string contents(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string out;
  for (int c; (c = std::fgetc(f)) != EOF;) out += static_cast<char>(c);
  return out;
}

TEST(ProgressLine, Text) {
  // 3,000,000 of 12,000,000 is 25 %; 3,000,000 in 0.5 s is 6 million per second.
  EXPECT_EQ(progress_text(3'000'000, 12'000'000, 0.5),
            "3000000 / 12000000 trades  25.0 %  6.0 million trades/s");
}

TEST(ProgressLine, AtMostEvery100msThenTheFinalLine) {
  ManualClock clock(1'000'000);
  std::FILE* out = std::tmpfile();
  ProgressLine line(1000, out, true, clock);
  line.replayed(100);  // at the start: too soon
  clock.advance(100'000);
  line.replayed(100);  // 100 ms: printed, 200 done
  clock.advance(50'000);
  line.replayed(300);  // 50 ms later: too soon
  clock.advance(50'000);
  line.finish();  // 500 of 1000 in 0.2 s
  EXPECT_EQ(contents(out),
            "\r200 / 1000 trades  20.0 %  0.0 million trades/s   "
            "\r500 / 1000 trades  50.0 %  0.0 million trades/s   \n");
  std::fclose(out);
}

TEST(ProgressLine, SilentWhenNotATerminal) {
  ManualClock clock;
  std::FILE* out = std::tmpfile();
  EXPECT_FALSE(ProgressLine::on_terminal(out));
  ProgressLine line(10, out, ProgressLine::on_terminal(out), clock);
  clock.advance(1'000'000);
  line.replayed(10);
  line.finish();
  EXPECT_EQ(contents(out), "");
  std::fclose(out);
}

TEST(ProgressLine, PointsText) {
  // 3 of 12 points in 2 s: 1.5 a second.
  EXPECT_EQ(points_text(3, 12, 2.0, "pnl 1.23000 USD (point 7)"),
            "3 / 12 points  1.50 points/s  best pnl 1.23000 USD (point 7)");
  EXPECT_EQ(points_text(0, 12, 0, ""), "0 / 12 points  0.00 points/s");
}

// Off a terminal, a sweep writes a whole line (no '\r') at most every 5 s, and the last at the end.
TEST(ProgressLine, ASweepInALogPrintsALineEveryFiveSeconds) {
  ManualClock clock(0);
  std::FILE* out = std::tmpfile();
  ProgressLine line(400, out, true, clock, ProgressLine::Style::kLog);
  line.count_points(4);
  line.replayed(100);
  clock.advance(4'000'000);
  line.point_done("pnl 1 (point 0)");  // 4 s: too soon
  line.replayed(100);
  clock.advance(1'000'000);
  line.point_done("pnl 2 (point 1)");  // 5 s: a line
  line.replayed(100);
  clock.advance(3'000'000);
  line.point_done("pnl 2 (point 1)");  // 8 s: too soon
  line.finish();
  EXPECT_EQ(
      contents(out),
      "200 / 400 trades  50.0 %  0.0 million trades/s  2 / 4 points  0.40 points/s  best pnl 2 (point 1)\n"
      "300 / 400 trades  75.0 %  0.0 million trades/s  3 / 4 points  0.38 points/s  best pnl 2 (point 1)\n");
  std::fclose(out);
}

struct CountingHook : ProgressHook {
  std::vector<size_t> calls;
  void replayed(size_t trades) override { calls.push_back(trades); }
};

TEST(ProgressLine, TheBacktestReportsEvery65536Trades) {
  std::vector<Trade> tape;
  for (int64_t i = 0; i < 150'000; ++i) tape.push_back(dealer::testing::timed_trade(1000 + i, "20", "1"));
  auto setup = parse_backtest_config(R"(
strategies:
  - {id: idle, strategy: watch_price, pair: BTCUSD, rules: [{id: never, side: buy, when: "last <= 1", price: "1", amount: "1"}]}
backtest: {balances: {USD: "100"}}
)",
                                     "test.yaml");
  ASSERT_TRUE(setup) << setup.error().message;
  auto bt = Backtest::create(std::move(setup->config), std::move(setup->strategies));
  CountingHook hook;
  ASSERT_TRUE((*bt)->run(tape, &hook));
  // 150,000 = 65,536 + 65,536 + 18,928.
  EXPECT_EQ(hook.calls, (std::vector<size_t>{65'536, 65'536, 18'928}));
}

}  // namespace
}  // namespace dealer::backtest
