// The demo's lockstep: the bot and the simulator of `dealer demo` share one io_context and one virtual
// timeline, and nothing happens at the same time, so every run of the demo makes the same decisions and
// ends with the same orders, fills and balances, whatever the machine's speed (issue 23).
//
// - The timeline is a VirtualScheduler: the bot's polls, timers and retries, the simulator's replay
//   (TimelineClock at the replay's speed) and the bot's "wall" time (TimelineClock at 1x) all read it.
//   It moves only when the bot is idle, to the next task's time, one task at a time.
// - StepExchange sits between the bot and its exchange client: calls queue up and go out one at a time,
//   each once the previous one is answered, in the order the bot made them.
// - Lockstep::run alternates: let everything settle (run what the io_context has ready until no call is
//   on the wire and the store has written every group and run its notices), then start the next queued
//   call, or else run the next task of the timeline. So the simulator replays the next trade only once
//   the bot has answered the previous poll in full: stored it, decided, placed.
// - The timeline runs at most `speed` / `replay_speed` times faster than real time, so the demo can
//   still be watched; a slow machine only makes it slower, never different.
//
// Ownership: borrows the io_context, scheduler, exchange and store. Single-threaded: the io_context's.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <deque>
#include <functional>

#include "core/clock.h"
#include "core/scheduler.h"
#include "exchange/exchange.h"
#include "store/store.h"

namespace dealer::demo {

// A Clock on a scheduler's timeline: `origin_us` when it was made, then `speed` microseconds per
// microsecond of the scheduler.
class TimelineClock final : public Clock {
 public:
  TimelineClock(const Scheduler& timeline, int64_t origin_us, int64_t speed)
      : timeline_(timeline), start_(timeline.now()), origin_us_(origin_us), speed_(speed) {}
  int64_t now_us() const override { return origin_us_ + (timeline_.now() - start_).count() * speed_; }

 private:
  const Scheduler& timeline_;
  MonoTime start_;
  int64_t origin_us_;
  int64_t speed_;
};

// Forwards to `inner` one call at a time, started by start_next() (Lockstep::run), never by the caller.
class StepExchange final : public Exchange {
 public:
  explicit StepExchange(Exchange& inner) : inner_(inner) {}

  // Starts the oldest queued call; false when none is queued or the last one is not answered yet.
  bool start_next();
  // A call has been started and not answered.
  bool busy() const { return in_flight_; }

  void ticker(Callback<Ticker> done) override;
  void trades_since(std::optional<int64_t> since_tid, Callback<std::vector<Trade>> done) override;
  void depth(bool full, Callback<Depth> done) override;
  void account(Callback<AccountInfo> done) override;
  void open_orders(Callback<std::vector<Order>> done) override;
  void place(const OrderRequest& request, Callback<std::string> done) override;
  void cancel(const std::string& order_id, Callback<bool> done) override;
  void order_result(Side side, const std::string& order_id, Callback<OrderFills> done) override;
  void own_trades(std::optional<int64_t> since_tid_or_time, Callback<std::vector<OwnTrade>> done) override;

 private:
  // Queues `start`, which makes the call to inner_ with the callback it is given.
  template <class T>
  void queue(Callback<T> done, std::function<void(Exchange&, Callback<T>)> start);

  Exchange& inner_;
  std::deque<std::function<void()>> queued_;
  bool in_flight_ = false;
};

struct LockstepPace {
  int64_t speed = 3600;         // recorded seconds per real second, at most (dealer demo --speed)
  int64_t replay_speed = 3600;  // recorded seconds per second of the timeline
};

class Lockstep {
 public:
  Lockstep(boost::asio::io_context& io, VirtualScheduler& timeline, StepExchange& exchange,
           const store::Store& store, LockstepPace pace);

  // Runs until the io_context is stopped.
  void run();

 private:
  void settle();
  // Waits, in real time, until the timeline may move to `due`; false when something happened first.
  bool pace(MonoTime due);

  boost::asio::io_context& io_;
  VirtualScheduler& timeline_;
  StepExchange& exchange_;
  const store::Store& store_;
  LockstepPace pace_;
  MonoTime timeline_start_;
  std::chrono::steady_clock::time_point real_start_;
};

}  // namespace dealer::demo
