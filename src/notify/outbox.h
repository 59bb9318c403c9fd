// Outbox: turns an event into the outbox rows of the receivers that subscribe to it, for the caller to
// submit in the same store group as what caused it (the fill row, the halt's decision), so the
// notification is durable exactly when its cause is. The notifier (notify/notifier.h) sends them.
//
// Which engine effects are events: a fill (PersistFill); the decisions kOrderRejected (order_rejected),
// kDisabled (strategy_disabled) and kHalt (kill_switch); an order persisted in state ambiguous
// (order_ambiguous). Money in `data` is exact decimal text.
//
// Ownership: a plain value built from the configuration. Thread-safe for concurrent const use.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/effects.h"
#include "engine/pair.h"
#include "notify/event.h"
#include "notify/notify_config.h"
#include "store/rows.h"

namespace dealer::notify {

// The event an engine effect is, if any, stamped `now_us` unless the effect carries its own time.
std::optional<std::pair<EventKind, Event>> event_of(const engine::Effect& effect, const engine::Pair& pair,
                                                    int64_t now_us);

// An event of `kind` happening now, with a fresh id.
Event make_event(EventKind kind, int64_t time_us, std::string text, std::string data = "{}");

class Outbox {
 public:
  explicit Outbox(const NotifyConfig& config);

  bool empty() const { return receivers_.empty(); }
  // One NotificationRow per receiver that wants `kind`, appended to `rows`; queued at `now_us`.
  void append(EventKind kind, const Event& event, int64_t now_us, std::vector<store::WriteOp>& rows) const;
  // The rows for `effect` when it is an event (see above).
  void append_for(const engine::Effect& effect, const engine::Pair& pair, int64_t now_us,
                  std::vector<store::WriteOp>& rows) const;
  // The rows of `event` alone (an event with no other row: started, exchange_down, ...).
  std::vector<store::WriteOp> rows(EventKind kind, const Event& event, int64_t now_us) const;

 private:
  struct Target {
    std::string name;
    std::bitset<kEventKinds> events;
  };
  std::vector<Target> receivers_;
};

}  // namespace dealer::notify
