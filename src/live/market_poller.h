// MarketPoller: polls one Exchange (one pair) for ticker, trades since a cursor, depth and full depth,
// each feed on its own interval on a Scheduler (net::AsioScheduler live, VirtualScheduler in tests).
//
// Per feed: at most one request in flight, and its own timer and error state, so a slow or failing feed
// never delays another. An interval counts from the end of the previous answer (a slow exchange is not
// asked faster than it answers). Errors are reported to the error sink with the feed and retried after
// a jittered exponential backoff (exchange/retry_policy.h: base x 2^(n-1), capped, then a value between
// half of that and all of it, from a generator seeded by the owner); the first success resets it.
//
// Trades: the owner gives the cursor it persisted (nullopt: start from the exchange's recent trades).
// Each answer is read by read_trade_page (live/trade_page.h: duplicates and non-primary copies dropped,
// tids increasing, gaps reported); a batch with anything new goes to the trades sink, and the feed then
// waits for acknowledge(batch.cursor): only then does the poller's cursor move and the next request go
// out, so an owner that persists the cursor after handling the batch re-fetches after a crash and never
// skips. A full page is followed at once by the next request, not after the interval.
//
// Ownership: holds references to the Exchange and the Scheduler, which must outlive it; answers that
// arrive after it is destroyed are ignored. Not thread-safe: use it on the scheduler's thread (sinks are
// called there too, and may call back into the poller, but must not destroy it).
#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string_view>

#include "core/scheduler.h"
#include "exchange/exchange.h"
#include "exchange/retry_policy.h"
#include "live/trade_page.h"

namespace dealer::live {

enum class Feed { kTicker, kTrades, kDepth, kFullDepth };
inline constexpr size_t kFeedCount = 4;
std::string_view to_string(Feed feed);  // "ticker", "trades", "depth", "fulldepth"

struct PollerConfig {
  // Time from one answer to the next request; zero turns the feed off. Defaults: ticker and trades
  // often (the strategies' inputs), depth every 10 s, the 850 KB full depth every 5 min.
  Micros ticker_every = std::chrono::seconds(5);
  Micros trades_every = std::chrono::seconds(2);
  Micros depth_every = std::chrono::seconds(10);
  Micros full_depth_every = std::chrono::minutes(5);
  // After the n-th error in a row: base x 2^(n-1), at most max, jittered (read_attempts is unused).
  BackoffPolicy backoff{0, std::chrono::seconds(1), std::chrono::minutes(1)};
  uint64_t jitter_seed = 1;
  std::optional<int64_t> trades_cursor;  // persisted by the owner; nullopt: the recent trades
};

// New trades and the cursor to persist once they are handled (then acknowledge it).
struct TradeBatch {
  std::vector<Trade> trades;
  int64_t cursor = 0;
};

struct PollerSinks {
  std::function<void(const Ticker&)> ticker;
  std::function<void(const TradeBatch&)> trades;
  std::function<void(const Depth&, bool full)> depth;
  // A failed request; `retry_in` is when the feed tries again.
  std::function<void(Feed, const Error&, Micros retry_in)> error;
  // Trades may be missing (see live/trade_page.h); the trades around it are still delivered.
  std::function<void(const TradeGap&)> gap;
};

class MarketPoller {
 public:
  MarketPoller(Exchange& exchange, Scheduler& scheduler, PollerConfig config, PollerSinks sinks);
  ~MarketPoller();
  MarketPoller(const MarketPoller&) = delete;
  MarketPoller& operator=(const MarketPoller&) = delete;

  // Asks every enabled feed as soon as the loop runs, then keeps to the intervals.
  void start();
  // Cancels pending timers; answers still in flight are dropped when they arrive. A trades batch already
  // delivered can still be acknowledged, and trades are asked again only after that.
  void stop();

  // Asks the feed again as soon as it is free (now, or right after the answer in flight), e.g. when the
  // driver saw a crossed or stale book. Backoff after errors still applies.
  void refresh_now(Feed feed);

  // The owner has handled (and persisted) the batch with this cursor; ignored unless it is the one
  // the poller is waiting for.
  void acknowledge(int64_t cursor);

  // The cursor of the last acknowledged batch (or the one given at start).
  std::optional<int64_t> trades_cursor() const { return cursor_; }
  // Time since the feed's last successful answer; nullopt if it has had none.
  std::optional<Micros> age(Feed feed) const;
  bool in_flight(Feed feed) const { return state(feed).busy; }

 private:
  struct FeedState {
    Micros every{};
    bool busy = false;  // a request in flight (trades: or a batch not yet acknowledged)
    bool refresh = false;
    int errors = 0;  // in a row
    std::optional<Scheduler::TimerId> timer;
    std::optional<MonoTime> last_ok;
  };

  FeedState& state(Feed feed) { return feeds_[static_cast<size_t>(feed)]; }
  const FeedState& state(Feed feed) const { return feeds_[static_cast<size_t>(feed)]; }
  void schedule(Feed feed, Micros delay);
  void request(Feed feed);
  // Wraps a completion so that it is dropped once the poller is gone or stopped.
  template <class T, class F>
  Callback<T> guard(F on_answer);
  void on_trades(Result<std::vector<Trade>> answer);
  void succeed(Feed feed);
  void fail(Feed feed, const Error& error);
  // The feed is free again: ask next after `next` (nullopt: not on its own, the feed is off).
  void release(Feed feed, std::optional<Micros> next);
  std::optional<Micros> interval(Feed feed) const;

  Exchange& exchange_;
  Scheduler& scheduler_;
  PollerSinks sinks_;
  std::mt19937_64 rng_;
  BackoffPolicy backoff_;
  std::array<FeedState, kFeedCount> feeds_;
  std::optional<int64_t> cursor_;
  std::optional<int64_t> awaited_cursor_;  // the batch delivered and not yet acknowledged
  bool awaited_page_full_ = false;
  bool running_ = false;
  // Answers hold a weak copy; destruction and stop() make them no-ops.
  std::shared_ptr<uint64_t> epoch_;
};

}  // namespace dealer::live
