// ProgressLine: how far a backtest (or a whole sweep) is, on a terminal:
//   "  3276800 / 20000000 trades  16.4 %  31.2 million trades/s"
// rewritten in place with '\r' at most every 100 ms, then closed with a newline by finish(). It prints
// nothing when its stream is not a terminal (a log file or a pipe gets no control characters).
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

  // `enabled`: whether to print at all (the caller checks isatty, see on_terminal()).
  ProgressLine(size_t total, std::FILE* out, bool enabled, const Clock& clock);
  // On `out` if it is a terminal, with the steady clock.
  static bool on_terminal(std::FILE* out);

  void replayed(size_t trades) override;
  // Prints the final count and ends the line (when enabled).
  void finish();

 private:
  void print(int64_t now_us);

  const size_t total_;
  std::FILE* const out_;
  const bool enabled_;
  const Clock& clock_;
  const int64_t started_us_;
  std::atomic<size_t> done_{0};
  std::mutex print_;  // held while printing; try-locked so no worker waits for another's print
  int64_t last_print_us_;
};

// The line's text for `done` of `total` trades after `seconds` (no '\r').
std::string progress_text(size_t done, size_t total, double seconds);

}  // namespace dealer::backtest
