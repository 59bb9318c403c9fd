// The Scheduler on an Asio io_context: one steady_timer per pending task. Destroying it cancels every
// pending task, so no timer outlives its owner. Not thread-safe: use it from the io_context thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>

#include "core/scheduler.h"

namespace dealer::net {

class AsioScheduler final : public Scheduler {
 public:
  explicit AsioScheduler(boost::asio::io_context& io) : io_(io), timers_(std::make_shared<Timers>()) {}
  ~AsioScheduler() override {
    for (auto& [id, timer] : *timers_) timer->cancel();
  }
  AsioScheduler(const AsioScheduler&) = delete;
  AsioScheduler& operator=(const AsioScheduler&) = delete;

  MonoTime now() const override { return std::chrono::time_point_cast<Micros>(std::chrono::steady_clock::now()); }

  TimerId at(MonoTime when, Task task) override {
    const TimerId id = ++last_id_;
    auto timer = std::make_shared<boost::asio::steady_timer>(io_, when);
    timers_->emplace(id, timer);
    // The handler checks the table, not the error code alone: a timer that already expired is not
    // aborted by cancel(), and the scheduler may be gone by the time a handler runs.
    timer->async_wait([weak = std::weak_ptr<Timers>(timers_), id, task = std::move(task)](const boost::system::error_code&) {
      auto timers = weak.lock();
      if (!timers || timers->erase(id) == 0) return;
      task();
    });
    return id;
  }

  void cancel(TimerId id) override {
    if (auto it = timers_->find(id); it != timers_->end()) {
      it->second->cancel();
      timers_->erase(it);
    }
  }

 private:
  using Timers = std::map<TimerId, std::shared_ptr<boost::asio::steady_timer>>;
  boost::asio::io_context& io_;
  TimerId last_id_ = 0;
  std::shared_ptr<Timers> timers_;
};

}  // namespace dealer::net
