#include "core/scheduler.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <string>

#include "net/asio_scheduler.h"

namespace dealer {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(VirtualScheduler, RunsTasksInTimeOrderAndReadsEachTasksTime) {
  VirtualScheduler s;
  std::string order;
  std::vector<int64_t> seen;
  s.after(seconds(3), [&] { order += "c"; seen.push_back(to_us(s.now())); });
  s.after(seconds(1), [&] { order += "a"; seen.push_back(to_us(s.now())); });
  s.after(seconds(1), [&] { order += "b"; });  // same time: scheduling order
  EXPECT_EQ(s.advance(milliseconds(999)), 0);
  EXPECT_EQ(order, "");
  EXPECT_EQ(s.advance(seconds(5)), 3);
  EXPECT_EQ(order, "abc");
  EXPECT_EQ(seen, (std::vector<int64_t>{1'000'000, 3'000'000}));
  EXPECT_EQ(to_us(s.now()), 5'999'000);
}

TEST(VirtualScheduler, TasksScheduledByTasksRunWithinTheSameAdvance) {
  VirtualScheduler s;
  int ticks = 0;
  std::function<void()> tick = [&] {
    ++ticks;
    s.after(seconds(2), tick);
  };
  s.after(seconds(2), tick);
  s.advance(seconds(10));
  EXPECT_EQ(ticks, 5);  // at 2, 4, 6, 8, 10
  EXPECT_EQ(s.pending(), 1u);
}

TEST(VirtualScheduler, CancelledTaskNeverRunsAndPastTimesRunOnlyWhenAdvanced) {
  VirtualScheduler s(MonoTime(seconds(100)));
  bool ran_cancelled = false, ran_past = false;
  const auto id = s.after(seconds(1), [&] { ran_cancelled = true; });
  s.at(MonoTime(seconds(50)), [&] { ran_past = true; });
  s.cancel(id);
  EXPECT_FALSE(ran_past);  // not inside at()
  s.run_ready();
  EXPECT_TRUE(ran_past);
  s.advance(seconds(2));
  EXPECT_FALSE(ran_cancelled);
}

TEST(AsioScheduler, RunsDueTasksAndCancelledOnesNever) {
  boost::asio::io_context io;
  net::AsioScheduler s(io);
  std::string order;
  s.after(milliseconds(2), [&] { order += "b"; });
  s.after(Micros(0), [&] { order += "a"; });
  const auto id = s.after(milliseconds(1), [&] { order += "x"; });
  s.cancel(id);
  io.run();
  EXPECT_EQ(order, "ab");
}

TEST(AsioScheduler, DestroyingItDropsPendingTasks) {
  boost::asio::io_context io;
  bool ran = false;
  {
    net::AsioScheduler s(io);
    s.after(Micros(0), [&] { ran = true; });
  }
  io.run();
  EXPECT_FALSE(ran);
}

}  // namespace
}  // namespace dealer
