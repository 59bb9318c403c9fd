// ExchangeWatch: turns the stream of exchange request outcomes into at most one exchange_down event per
// outage and one exchange_up when it ends, never one per failed poll. Down: `after_failures` failed
// requests in a row, or requests failing without a success for `after` (whichever comes first); up:
// the first success after a down. Times are passed in (tests use virtual time).
//
// Ownership: a plain value. Not thread-safe: the bot's io_context thread (the exchange client's attempt
// observer).
#pragma once

#include <cstdint>
#include <optional>

#include "core/time.h"
#include "notify/event.h"
#include "notify/notify_config.h"

namespace dealer::notify {

class ExchangeWatch {
 public:
  explicit ExchangeWatch(const NotifyRules& rules) : rules_(rules) {}

  // One request ended; the event to send, if this one changed the state.
  std::optional<EventKind> attempt(bool ok, int64_t now_us);
  bool down() const { return down_; }
  int64_t failures() const { return failures_; }

 private:
  NotifyRules rules_;
  int64_t failures_ = 0;                  // in a row
  std::optional<int64_t> first_failure_;  // of the current run of failures
  bool down_ = false;
};

}  // namespace dealer::notify
