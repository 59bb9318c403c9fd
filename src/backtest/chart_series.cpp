#include "backtest/chart_series.h"

namespace dealer::backtest {

void ChartSeries::start(size_t samples) {
  constexpr size_t kRuns = kMaxPoints / 2;  // two points per run
  run_length_ = samples <= kRuns ? 1 : (samples + kRuns - 1) / kRuns;
  runs_left_ = kRuns - 1;
  in_run_ = 0;
  points_.clear();
  points_.reserve(kMaxPoints);
}

void ChartSeries::add(WallTime time, int64_t value) {
  const SeriesPoint p{time, value};
  if (in_run_ == 0) {
    low_ = high_ = p;
    low_first_ = true;
  } else if (value < low_.value) {
    low_ = p;
    low_first_ = false;  // the high came first (or both were the run's first sample)
  } else if (value > high_.value) {
    high_ = p;
    low_first_ = true;
  }
  // Past the announced count the last run just grows, so the reserved points never overflow.
  if (++in_run_ == run_length_ && runs_left_ > 0) {
    close_run();
    --runs_left_;
  }
}

void ChartSeries::close_run() {
  if (in_run_ == 0) return;
  points_.push_back(low_first_ ? low_ : high_);
  if (!(low_ == high_)) points_.push_back(low_first_ ? high_ : low_);
  in_run_ = 0;
}

std::vector<SeriesPoint> ChartSeries::finish() {
  close_run();
  return std::move(points_);
}

}  // namespace dealer::backtest
