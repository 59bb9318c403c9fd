// The daily_summary event: the UTC day's fills, fees, P&L and the balances at its end, from what the
// history holds. P&L is that of the day's own trades marked to the last price: what was received minus
// what was paid, in the quote currency, fees included, plus the item bought net of the item sold valued
// at the last price (a day without fills has a P&L of 0; without a price it is left out). A pure
// function: the caller reads the rows.
#pragma once

#include <optional>
#include <span>

#include "core/money.h"
#include "core/result.h"
#include "engine/pair.h"
#include "notify/event.h"
#include "store/rows.h"

namespace dealer::notify {

inline constexpr int64_t kMicrosPerDay = 86'400'000'000;

// `fills`: the day's own executions (those outside [day_start_us, +1 day) are ignored); `balances`: one
// row per currency at the day's end; `last`: the pair's last price then.
Result<Event> daily_summary(const engine::Pair& pair, int64_t day_start_us,
                            std::span<const store::FillRow> fills,
                            std::span<const store::BalanceRow> balances, std::optional<Price> last);

// The start of the UTC day after the one holding `time_us`.
int64_t next_utc_midnight(int64_t time_us);

}  // namespace dealer::notify
