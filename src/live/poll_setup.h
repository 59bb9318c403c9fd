// What `dealer run` (live/driver.h) and `dealer record` (live/recorder.h) set up the same way around
// their MarketPoller: its intervals from the config's `poll` block, and warnings in the log for failed
// requests and possible gaps in the tape.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "live/bot_config.h"
#include "live/market_poller.h"

namespace dealer::live {

// The market feeds of `poll` (ticker, trades, depth, full_depth), the jitter seed and the trades cursor.
PollerConfig poller_config(const PollIntervals& poll, uint64_t jitter_seed, std::optional<int64_t> cursor);

// Whether an answer says that the pair or the call does not exist at this exchange (MtGox's tokens
// unknown_currency_pair and api_not_found): asking again cannot mend it.
bool names_missing_market(const Error& error);

// Sets `sinks.error` and `sinks.gap` to log a warning each (an answer refused at the edge: at debug, since
// the client warned once already); an error for which names_missing_market holds goes to `missing`
// instead, when given.
void log_feed_problems(PollerSinks& sinks, std::function<void(Feed, const Error&)> missing = {});

}  // namespace dealer::live
