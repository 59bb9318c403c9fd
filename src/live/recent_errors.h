// RecentErrors: the last problems the bot logged (warnings and errors), newest kept, for /status. Each
// entry has its time, where it happened (the log line's leading "where: " part, e.g. "ticker",
// "balances", "reconciliation") and the rest of the message. Log lines carry no credentials
// (live/logging.h), so neither does this.
//
// Ownership: a plain object. Thread-safe: the logging listener may run on the store's writer thread.
#pragma once

#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace dealer::live {

class RecentErrors {
 public:
  struct Entry {
    WallTime time;
    std::string where;
    std::string message;
  };

  explicit RecentErrors(size_t capacity = 20) : capacity_(capacity) {}

  void add(WallTime time, std::string_view line);
  std::vector<Entry> entries() const;  // oldest first

 private:
  size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<Entry> entries_;
};

}  // namespace dealer::live
