// Scheduler: "run this at that moment" on a monotonic timeline. Pollers, rate-limit waits and retry
// backoff ask it for time instead of owning timers, so the same code runs on the Asio event loop
// (net/asio_scheduler.h) and on a virtual timeline that a test or a backtest advances by hand
// (VirtualScheduler below): nothing ever sleeps on a real clock in a test.
// Tasks run on the scheduler's own thread (the io_context thread, or the caller of advance()).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <utility>

#include "core/time.h"

namespace dealer {

class Scheduler {
 public:
  using Task = std::function<void()>;
  using TimerId = uint64_t;

  virtual ~Scheduler() = default;
  virtual MonoTime now() const = 0;
  // Runs `task` once, at `when` or as soon after as the loop gets to it; a time in the past means
  // "as soon as possible", never "now, inside this call".
  virtual TimerId at(MonoTime when, Task task) = 0;
  // Forgets a task that has not run yet; unknown or finished ids are ignored.
  virtual void cancel(TimerId id) = 0;

  TimerId after(Micros delay, Task task) { return at(now() + delay, std::move(task)); }
};

// Virtual time: nothing runs until advance()/run_until() moves the clock. Tasks run in time order,
// ties in the order they were scheduled; the clock reads each task's own time while it runs.
class VirtualScheduler final : public Scheduler {
 public:
  explicit VirtualScheduler(MonoTime start = MonoTime{}) : now_(start) {}

  MonoTime now() const override { return now_; }
  TimerId at(MonoTime when, Task task) override {
    const TimerId id = ++last_id_;
    queue_.emplace(Key{std::max(when, now_), id}, std::move(task));
    return id;
  }
  void cancel(TimerId id) override {
    for (auto it = queue_.begin(); it != queue_.end(); ++it)
      if (it->first.id == id) return void(queue_.erase(it));
  }

  // Runs every task due up to and including `until` (also those they schedule), then sets the clock
  // to `until`. Returns how many tasks ran.
  int run_until(MonoTime until) {
    int ran = 0;
    while (!queue_.empty() && queue_.begin()->first.when <= until) {
      run_next();
      ++ran;
    }
    now_ = std::max(now_, until);
    return ran;
  }
  // Runs the earliest task alone, the clock moved to its time; false when none is scheduled. For a
  // loop that lets other work settle between two tasks (the demo's lockstep, demo/lockstep.h).
  bool run_next() {
    if (queue_.empty()) return false;
    auto node = queue_.extract(queue_.begin());
    now_ = node.key().when;
    node.mapped()();
    return true;
  }
  // The time of the earliest task; none when nothing is scheduled.
  std::optional<MonoTime> next_due() const {
    if (queue_.empty()) return std::nullopt;
    return queue_.begin()->first.when;
  }
  int advance(Micros by) { return run_until(now_ + by); }
  // Runs everything that is due now (tasks scheduled "as soon as possible").
  int run_ready() { return run_until(now_); }
  size_t pending() const { return queue_.size(); }

 private:
  struct Key {
    MonoTime when;
    TimerId id;
    bool operator<(const Key& o) const { return when != o.when ? when < o.when : id < o.id; }
  };
  MonoTime now_;
  TimerId last_id_ = 0;
  std::map<Key, Task> queue_;
};

}  // namespace dealer
