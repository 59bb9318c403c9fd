// Posted: a Post (live/driver.h) for tests on virtual time. The store's "durable" notices, which a
// driver or recorder posts to its own thread, are queued here and run only when the test says so, so
// every ordering rule around them can be observed. Thread-safe to post into (the store's writer thread).
#pragma once

#include <functional>
#include <mutex>
#include <vector>

#include "live/driver.h"

namespace dealer::testing {

class Posted {
 public:
  live::Post poster() {
    return [this](std::function<void()> task) {
      std::lock_guard lock(mutex_);
      tasks_.push_back(std::move(task));
    };
  }
  // Runs what has been posted so far; how many tasks ran.
  int run() {
    std::vector<std::function<void()>> tasks;
    {
      std::lock_guard lock(mutex_);
      tasks.swap(tasks_);
    }
    for (auto& t : tasks) t();
    return static_cast<int>(tasks.size());
  }

 private:
  std::mutex mutex_;
  std::vector<std::function<void()>> tasks_;
};

}  // namespace dealer::testing
