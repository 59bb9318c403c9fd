// The demo's progress line: rewritten in place on a terminal, a line at most every few seconds
// elsewhere, on a manual clock.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "demo/progress.h"

namespace dealer::demo {
namespace {

using namespace std::chrono_literals;

// 2013-01-01 06:00:00 UTC is 1357020000 s (1356998400 for midnight + 6 x 3600).
constexpr int64_t kMidnightUs = 1356998400LL * 1'000'000;
constexpr int64_t kHourUs = 3600LL * 1'000'000;

Progress at_hour(int64_t hour, int64_t trades) {
  return {kMidnightUs, kMidnightUs + hour * kHourUs, kMidnightUs + 24 * kHourUs, trades, 3, 2};
}

// Everything written to a memory stream.
class Captured {
 public:
  Captured() : file_(open_memstream(&data_, &size_)) {}
  ~Captured() {
    std::fclose(file_);
    std::free(data_);
  }
  std::FILE* file() { return file_; }
  std::string text() {
    std::fflush(file_);
    return std::string(data_, size_);
  }

 private:
  char* data_ = nullptr;
  size_t size_ = 0;
  std::FILE* file_;
};

TEST(DemoProgress, TextShowsReplayTimeShareAndCounts) {
  // 6 h of a 24 h day is 25 %.
  EXPECT_EQ(progress_text(at_hour(6, 812)),
            "replay 2013-01-01 06:00:00 (25%)  trades 812  orders 3  fills 2");
}

TEST(DemoProgress, TerminalRewritesOneLine) {
  Captured out;
  ManualClock clock;
  ProgressLine line(out.file(), true, clock, 5s);
  line.show(at_hour(6, 1000));
  line.show(at_hour(12, 1));  // three characters shorter than the line before: blanked
  line.finish(at_hour(24, 2));
  EXPECT_EQ(out.text(),
            "\rreplay 2013-01-01 06:00:00 (25%)  trades 1000  orders 3  fills 2"
            "\rreplay 2013-01-01 12:00:00 (50%)  trades 1  orders 3  fills 2   "
            "\rreplay 2013-01-02 00:00:00 (100%)  trades 2  orders 3  fills 2\n");
}

TEST(DemoProgress, PipeGetsALineEveryFewSecondsAndTheLast) {
  Captured out;
  ManualClock clock;
  ProgressLine line(out.file(), false, clock, 5s);
  line.show(at_hour(1, 1));  // t = 0: shown
  clock.advance(4'999'999);
  line.show(at_hour(2, 2));  // 5 s not yet passed: skipped
  clock.advance(1);
  line.show(at_hour(3, 3));    // 5 s: shown
  line.finish(at_hour(4, 4));  // always shown
  EXPECT_EQ(out.text(),
            "replay 2013-01-01 01:00:00 (4%)  trades 1  orders 3  fills 2\n"
            "replay 2013-01-01 03:00:00 (12%)  trades 3  orders 3  fills 2\n"
            "replay 2013-01-01 04:00:00 (16%)  trades 4  orders 3  fills 2\n");
}

}  // namespace
}  // namespace dealer::demo
