// Round trips: a backtest's fills paired first in, first out per strategy, so a trader sees what each
// trade did. A buy closes the strategy's oldest open sells (a short taken out of the start balance)
// before it opens a long, a sell its oldest open buys; a fill that closes part of a lot splits it.
// What a lot still holds at the end is one open round trip, marked at the last price with no exit fee.
//
// Money stays exact: each fill's notional (price x amount, rounded as the fill model rounds it) and fee
// are shared among the lots it meets in proportion to the amount, the last share taking what is left,
// so a strategy's round trips add up to its fills' cash to the unit, plus its open lots marked.
// Pure functions; thread-safe.
#pragma once

#include <span>
#include <vector>

#include "backtest/backtest.h"

namespace dealer::backtest {

// Closed ones in the order they closed, then the open ones by strategy (first to fill first), oldest
// first. Throws MoneyOverflow only for a notional past int64 (which the fill model refuses before).
std::vector<RoundTrip> pair_round_trips(std::span<const FillRecord> fills, engine::Pair pair,
                                        Price last_price, WallTime last_time);

// In the order the strategies first filled.
std::vector<StrategyFigures> per_strategy(std::span<const FillRecord> fills,
                                          std::span<const RoundTrip> round_trips);

}  // namespace dealer::backtest
