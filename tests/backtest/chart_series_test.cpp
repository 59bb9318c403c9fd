// ChartSeries: short series are kept whole; long ones become each run's low and high in time order,
// checked against a brute-force pass over the same runs.
#include "backtest/chart_series.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "support/test_support.h"

namespace dealer::backtest {
namespace {

WallTime at(int64_t us) { return wall_from_us(us); }

TEST(ChartSeries, AShortSeriesIsKeptWhole) {
  ChartSeries s;
  s.start(3);
  s.add(at(1), 5);
  s.add(at(2), 7);
  s.add(at(3), 5);
  EXPECT_EQ(s.finish(), (std::vector<SeriesPoint>{{at(1), 5}, {at(2), 7}, {at(3), 5}}));
}

TEST(ChartSeries, EachRunKeepsItsLowAndHighInTimeOrder) {
  // 25,000 samples into 1,000 runs of 25 (25,000 / 1,000, worked out by hand).
  constexpr size_t kSamples = 25'000, kRun = 25;
  auto rng = dealer::testing::seeded_rng();
  std::uniform_int_distribution<int64_t> value(-1'000'000, 1'000'000);
  std::vector<SeriesPoint> input;
  for (size_t i = 0; i < kSamples; ++i) input.push_back({at(static_cast<int64_t>(i)), value(rng)});

  ChartSeries s;
  s.start(kSamples);
  for (const SeriesPoint& p : input) s.add(p.time, p.value);
  const std::vector<SeriesPoint> got = s.finish();

  // Brute force: per run the first lowest and the first highest sample, the earlier one first.
  std::vector<SeriesPoint> expected;
  for (size_t run = 0; run < kSamples; run += kRun) {
    const auto begin = input.begin() + static_cast<ptrdiff_t>(run), end = begin + kRun;
    const auto by_value = [](const SeriesPoint& a, const SeriesPoint& b) { return a.value < b.value; };
    const auto low = std::min_element(begin, end, by_value);
    const auto high = std::max_element(begin, end, by_value);
    expected.push_back(low < high ? *low : *high);
    if (low != high) expected.push_back(low < high ? *high : *low);
  }
  EXPECT_EQ(got, expected);
  EXPECT_LE(got.size(), ChartSeries::kMaxPoints);
}

TEST(ChartSeries, MoreSamplesThanAnnouncedStayWithinTheBound) {
  ChartSeries s;
  s.start(10);
  for (int64_t i = 0; i < 5000; ++i) s.add(at(i), i % 7);
  const auto got = s.finish();
  // Announced 10: runs of one sample, 999 of them closed as they come; the 1,000th and last run takes
  // samples 999 to 4999, whose first high is 6 at sample 1000 (1000 % 7) and first low 0 at 1001.
  ASSERT_EQ(got.size(), 1001u);
  EXPECT_EQ(got[998], (SeriesPoint{at(998), 998 % 7}));
  EXPECT_EQ(got[999], (SeriesPoint{at(1000), 6}));
  EXPECT_EQ(got[1000], (SeriesPoint{at(1001), 0}));
}

}  // namespace
}  // namespace dealer::backtest
