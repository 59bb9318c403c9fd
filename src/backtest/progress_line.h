// ProgressLine: how far a backtest (or a whole sweep) is:
//   "  3276800 / 20000000 trades  16.4 %  31.2 million trades/s"
// and for a sweep (count_points) besides "  3 / 48 points  0.8 points/s  best pnl 1.23 (point 7)".
// On a terminal (Style::kInPlace) it is rewritten in place with '\r' at most every 100 ms, then closed
// with a newline by finish(). A sweep that is not on a terminal (a CI log, a pipe, a Slurm job's
// output) writes a whole line at most every 5 s instead (Style::kLog), so it shows it is alive without
// filling the log; a single backtest prints nothing there (the caller passes enabled = false).
//
// Thread-safe: a sweep's workers report to one line; whoever reports when the line is due prints it,
// the others only count. The clock is injected (tests use a ManualClock); it must outlive the line.
#pragma once

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

#include "backtest/backtest.h"
#include "core/clock.h"

namespace dealer::backtest {

class ProgressLine final : public ProgressHook {
 public:
  static constexpr int64_t kEveryUs = 100'000;
  static constexpr int64_t kLogEveryUs = 5'000'000;
  enum class Style { kInPlace, kLog };

  // `enabled`: whether to print at all (the caller checks isatty, see on_terminal()).
  ProgressLine(size_t total, std::FILE* out, bool enabled, const Clock& clock, Style style = Style::kInPlace);
  // On `out` if it is a terminal, with the steady clock.
  static bool on_terminal(std::FILE* out);

  void replayed(size_t trades) override;
  // A sweep of `points` points: the line counts them too. Before the sweep starts.
  void count_points(size_t points);
  // One more point finished; `best` says which is best so far ("pnl 1.23 (point 7)").
  void point_done(const std::string& best);
  // Prints the final count and ends the line (when enabled).
  void finish();

 private:
  void print(int64_t now_us);
  void print_if_due();

  const size_t total_;
  std::FILE* const out_;
  const bool enabled_;
  const Clock& clock_;
  const Style style_;
  const int64_t started_us_;
  std::atomic<size_t> done_{0};
  std::atomic<size_t> points_done_{0};
  size_t points_ = 0;
  std::mutex print_;  // held while printing (and to set best_); try-locked so no worker waits for a print
  int64_t last_print_us_;
  std::string best_;
};

// The line's text for `done` of `total` trades after `seconds` (no '\r').
std::string progress_text(size_t done, size_t total, double seconds);
// A sweep's part of it: `done` of `total` points after `seconds`, the best so far (none: empty).
std::string points_text(size_t done, size_t total, double seconds, const std::string& best);

}  // namespace dealer::backtest
