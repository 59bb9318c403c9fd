// A notification event: what happened, for a person (`text`) and for a program (`data`, a JSON object
// whose money values are exact decimal strings). The event kinds are the names `notify: events:` takes
// (fixed by issue 20: outside tools use them). An event's `id` is the same for every receiver and goes
// out as the Idempotency-Key header, so a receiver can drop a message it has already seen.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace dealer::notify {

enum class EventKind {
  kStarted,
  kStopped,
  kFill,
  kOrderRejected,
  kOrderAmbiguous,
  kStrategyDisabled,
  kKillSwitch,
  kExchangeDown,
  kExchangeUp,
  kStoreFailure,
  kDailySummary,
};
inline constexpr size_t kEventKinds = 11;
std::span<const std::string_view> event_names();  // "started", "stopped", "fill", ...
std::string_view to_string(EventKind kind);
std::optional<EventKind> parse_event_kind(std::string_view name);

struct Event {
  std::string id;     // unique per event; the Idempotency-Key
  std::string event;  // an event_names() entry, or "test" (dealer notify-test)
  int64_t time_us = 0;
  std::string text;         // one line for a person
  std::string data = "{}";  // a JSON object

  friend bool operator==(const Event&, const Event&) = default;
};

// "2026-12-07T12:38:12Z": ISO 8601 UTC, whole seconds.
std::string iso8601_utc(int64_t time_us);

// An id unique to this process and time: "<event>-<time_us>-<n>". Thread-safe.
std::string new_event_id(std::string_view event, int64_t time_us);

}  // namespace dealer::notify
