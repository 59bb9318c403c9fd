// Walk-forward specs and windows: durations, the default step, windows from the first trade's second
// whose test span ends within the tape, spans that meet without overlapping.
#include "backtest/walk_forward.h"

#include <gtest/gtest.h>

namespace dealer::backtest {
namespace {

TEST(WalkForward, ParsesTrainTestAndStep) {
  auto spec = parse_walk_forward("30d/7d");
  ASSERT_TRUE(spec) << spec.error().message;
  EXPECT_EQ(spec->train, 30 * 86400);
  EXPECT_EQ(spec->test, 7 * 86400);
  EXPECT_EQ(spec->step, 7 * 86400);  // the test's by default
  EXPECT_EQ(spec->step_text, "7d");
  auto hours = parse_walk_forward("12h/2h/1h");
  ASSERT_TRUE(hours);
  EXPECT_EQ(hours->train, 12 * 3600);
  EXPECT_EQ(hours->step, 3600);
  auto small = parse_walk_forward("90s/5m");
  ASSERT_TRUE(small);
  EXPECT_EQ(small->train, 90);
  EXPECT_EQ(small->test, 300);
  for (const char* bad : {"30d", "30d/", "0d/7d", "30x/7d", "d/7d", "1d/1d/1d/1d", "-1d/1d", "99999999d/1d"})
    EXPECT_FALSE(parse_walk_forward(bad)) << bad;
}

// Train 10 s, test 5 s, step 5 s from second 100, the tape's last second 124: window 1 trains on
// 100..109 and tests 110..114, window 2 105..114 / 115..119, window 3 110..119 / 120..124; a fourth
// would test 125..129, past the tape.
TEST(WalkForward, WindowsFromTheFirstTradeWhileTheTestSpanFits) {
  const WalkForwardSpec spec{"10s", "5s", "5s", 10, 5, 5};
  const auto w = walk_forward_windows(spec, 100, 124);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[0].train_from, 100);
  EXPECT_EQ(w[0].train_to, 109);
  EXPECT_EQ(w[0].test_from, 110);
  EXPECT_EQ(w[0].test_to, 114);
  EXPECT_EQ(w[2].train_from, 110);
  EXPECT_EQ(w[2].test_to, 124);
  EXPECT_TRUE(walk_forward_windows(spec, 100, 113).empty());
}

}  // namespace
}  // namespace dealer::backtest
