// Wall time and monotonic time as distinct types, so that one cannot be passed where the other is meant:
// WallTime stamps events and records (the exchange's and the store's timeline, microseconds since the
// Unix epoch); MonoTime measures intervals, deadlines and timers (never jumps, has no epoch meaning).
#pragma once

#include <chrono>
#include <cstdint>

namespace dealer {

using Micros = std::chrono::microseconds;
using WallTime = std::chrono::sys_time<Micros>;
using MonoTime = std::chrono::time_point<std::chrono::steady_clock, Micros>;

constexpr WallTime wall_from_us(int64_t us) { return WallTime(Micros(us)); }
constexpr int64_t to_us(WallTime t) { return t.time_since_epoch().count(); }
constexpr int64_t to_us(MonoTime t) { return t.time_since_epoch().count(); }

}  // namespace dealer
