#include "notify/event.h"

#include <array>
#include <atomic>

#include "core/time_format.h"

namespace dealer::notify {
namespace {

constexpr std::array<std::string_view, kEventKinds> kNames = {
    "started",     "stopped",       "fill",        "order_rejected", "order_ambiguous", "strategy_disabled",
    "kill_switch", "exchange_down", "exchange_up", "store_failure",  "daily_summary"};

}  // namespace

std::span<const std::string_view> event_names() { return kNames; }

std::string_view to_string(EventKind kind) { return kNames[static_cast<size_t>(kind)]; }

std::optional<EventKind> parse_event_kind(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<EventKind>(i);
  }
  return std::nullopt;
}

std::string iso8601_utc(int64_t time_us) {
  int64_t seconds = time_us / 1'000'000;
  if (time_us < 0 && time_us % 1'000'000 != 0) --seconds;  // floor: before 1970 still names its second
  return format_utc(seconds, "%Y-%m-%dT%H:%M:%SZ");
}

std::string new_event_id(std::string_view event, int64_t time_us) {
  static std::atomic<uint64_t> counter{0};
  return std::string(event) + "-" + std::to_string(time_us) + "-" + std::to_string(++counter);
}

}  // namespace dealer::notify
