// ChartSeries: one value over a replay (price or equity) cut down for drawing to at most kMaxPoints
// points whatever the tape's length. The samples are split into runs of equal length (fixed by the
// sample count announced at the start); each run keeps its lowest and its highest sample, in the order
// they happened (min/max-preserving downsampling), so a spike or a crash is never averaged away.
//
// start() reserves the points once; add() does not allocate. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/time.h"

namespace dealer::backtest {

struct SeriesPoint {
  WallTime time;
  int64_t value = 0;  // units of the series (quote units for price and equity)

  bool operator==(const SeriesPoint&) const = default;
};

class ChartSeries {
 public:
  static constexpr size_t kMaxPoints = 2000;

  // `samples`: how many add() calls follow (more are still kept, in longer runs' stead: the last
  // run simply grows).
  void start(size_t samples);
  void add(WallTime time, int64_t value);
  // Closes the last run; returns the points, oldest first.
  std::vector<SeriesPoint> finish();

 private:
  void close_run();

  size_t run_length_ = 1;
  size_t in_run_ = 0;
  size_t runs_left_ = 0;  // runs that may still be closed before the last one
  SeriesPoint low_, high_;
  bool low_first_ = true;
  std::vector<SeriesPoint> points_;
};

}  // namespace dealer::backtest
