#include "live/poll_setup.h"

#include <string>

#include "live/logging.h"
#include "model/plausible.h"

namespace dealer::live {

PollerConfig poller_config(const PollIntervals& poll, uint64_t jitter_seed, std::optional<int64_t> cursor) {
  PollerConfig pc;
  pc.ticker_every = poll.ticker;
  pc.trades_every = poll.trades;
  pc.depth_every = poll.depth;
  pc.full_depth_every = poll.full_depth;
  pc.jitter_seed = jitter_seed;
  pc.trades_cursor = cursor;
  return pc;
}

bool names_missing_market(const Error& error) {
  return error.token == "unknown_currency_pair" || error.token == "api_not_found";
}

void log_feed_problems(PollerSinks& sinks, std::function<void(Feed, const Error&)> missing) {
  sinks.error = [missing = std::move(missing)](Feed feed, const Error& e, Micros retry_in) {
    if (missing && names_missing_market(e)) return missing(feed, e);
    // The client warned about an answer refused at the edge once (exchange/refusal_log.h); its
    // repeats on every retry would flood the log.
    log(refused_value(e) ? LogLevel::kDebug : LogLevel::kWarn,
        std::string(to_string(feed)) + ": " + e.describe() + " (again in " +
            std::to_string(retry_in.count() / 1000) + " ms)");
  };
  sinks.gap = [](const TradeGap& gap) {
    log_warn("trades: the exchange's tape may have a gap after tid " + std::to_string(gap.after_tid) + ": " +
             gap.reason);
  };
}

}  // namespace dealer::live
