// ProgressLine: shows run_demo's progress to a person. On a terminal it is one line rewritten in place
// (carriage return) at every report; elsewhere (a pipe, a CI log) a full line at most every
// `line_every`, so a log stays short. finish() always shows the last state and ends the line.
//
// Ownership: borrows the stream and the clock (which must outlive it). Not thread-safe.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/time.h"
#include "demo/demo.h"

namespace dealer::demo {

// "replay 2013-01-01 05:12:00 (21%)  trades 812  orders 3  fills 2"
std::string progress_text(const Progress& p);

class ProgressLine {
 public:
  ProgressLine(std::FILE* out, bool terminal, const Clock& steady, Micros line_every);

  void show(const Progress& p) { show(progress_text(p)); }
  void finish(const Progress& p) { finish(progress_text(p)); }
  // Any command's own line (dealer record's).
  void show(const std::string& text);
  void finish(const std::string& text);

 private:
  std::FILE* out_;
  bool terminal_;
  const Clock& steady_;
  Micros line_every_;
  std::optional<int64_t> last_line_us_;  // when the last full line was written (not a terminal)
  size_t shown_width_ = 0;               // of the line on the terminal, to blank a longer old one
};

}  // namespace dealer::demo
