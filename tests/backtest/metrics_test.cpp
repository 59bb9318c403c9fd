#include "backtest/metrics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace dealer::backtest {
namespace {

WallTime at_h(int64_t hours) { return wall_from_us(hours * 3600 * 1'000'000); }

TEST(EquityMetrics, DrawdownFromThePeakAndTimeInPosition) {
  EquityMetrics m;
  m.start(at_h(0), 1000, 0);
  m.sample(at_h(1), 1100, 5);  // a position from 1 h on
  m.sample(at_h(2), 990, 5);
  m.sample(at_h(3), 1050, 0);  // flat again at 3 h
  m.finish(at_h(4));
  // Peak 1100, trough after it 990: 110 / 1100 = 10 %. In position 1 h..3 h of 0 h..4 h: 50 %.
  EXPECT_NEAR(m.max_drawdown_pct(), 10.0, 1e-12);
  EXPECT_NEAR(m.exposure_pct(), 50.0, 1e-12);
}

TEST(EquityMetrics, SharpeOfDailyReturns) {
  EquityMetrics m;
  m.start(at_h(1), 10000, 0);
  m.sample(at_h(2), 10000, 0);
  m.sample(at_h(24 + 1), 11000, 0);
  m.sample(at_h(48 + 1), 9900, 0);
  m.sample(at_h(72 + 1), 10890, 0);
  m.finish(at_h(72 + 2));
  // Day closes 10000, 11000, 9900, 10890 after a start of 10000: returns 0, +0.1, -0.1, +0.1.
  // Mean 0.025; squared deviations 0.000625 + 0.005625 + 0.015625 + 0.005625 = 0.0275, sample
  // variance 0.0275 / 3; annualised over 365 days.
  ASSERT_TRUE(m.sharpe());
  EXPECT_NEAR(*m.sharpe(), 0.025 / std::sqrt(0.0275 / 3) * std::sqrt(365.0), 1e-9);
}

TEST(EquityMetrics, NoSharpeFromOneDay) {
  EquityMetrics m;
  m.start(at_h(0), 100, 0);
  m.sample(at_h(5), 120, 0);
  m.finish(at_h(6));
  EXPECT_FALSE(m.sharpe());
}

}  // namespace
}  // namespace dealer::backtest
