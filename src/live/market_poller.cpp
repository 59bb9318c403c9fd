#include "live/market_poller.h"

#include <utility>

namespace dealer::live {

std::string_view to_string(Feed feed) {
  switch (feed) {
    case Feed::kTicker:
      return "ticker";
    case Feed::kTrades:
      return "trades";
    case Feed::kDepth:
      return "depth";
    case Feed::kFullDepth:
      return "fulldepth";
  }
  return "?";
}

MarketPoller::MarketPoller(Exchange& exchange, Scheduler& scheduler, PollerConfig config, PollerSinks sinks)
    : exchange_(exchange),
      scheduler_(scheduler),
      sinks_(std::move(sinks)),
      rng_(config.jitter_seed),
      backoff_(config.backoff),
      cursor_(config.trades_cursor),
      epoch_(std::make_shared<uint64_t>(0)) {
  state(Feed::kTicker).every = config.ticker_every;
  state(Feed::kTrades).every = config.trades_every;
  state(Feed::kDepth).every = config.depth_every;
  state(Feed::kFullDepth).every = config.full_depth_every;
}

MarketPoller::~MarketPoller() { stop(); }

void MarketPoller::start() {
  running_ = true;
  // A feed with a request out keeps to the schedule its answer sets.
  for (size_t i = 0; i < kFeedCount; ++i)
    if (interval(Feed(i)) && !feeds_[i].busy) schedule(Feed(i), Micros(0));
}

void MarketPoller::stop() {
  running_ = false;
  ++*epoch_;  // answers in flight are dropped, so their feeds are free again
  for (FeedState& s : feeds_) {
    if (s.timer) scheduler_.cancel(*s.timer);
    s.timer.reset();
    s.busy = false;
    s.refresh = false;
  }
  // A delivered batch stays awaited: the owner may be persisting it, and asking again from the old
  // cursor would deliver its trades twice.
  state(Feed::kTrades).busy = awaited_cursor_.has_value();
}

void MarketPoller::refresh_now(Feed feed) {
  FeedState& s = state(feed);
  if (s.errors > 0) return;  // the backoff stands
  // With a request out, request() skips this ask and the answer is followed at once instead.
  s.refresh = true;
  schedule(feed, Micros(0));
}

void MarketPoller::acknowledge(int64_t cursor) {
  if (awaited_cursor_ != cursor) return;
  cursor_ = cursor;
  awaited_cursor_.reset();
  release(Feed::kTrades, awaited_page_full_ ? std::optional(Micros(0)) : interval(Feed::kTrades));
}

std::optional<Micros> MarketPoller::age(Feed feed) const {
  const FeedState& s = state(feed);
  if (!s.last_ok) return std::nullopt;
  return scheduler_.now() - *s.last_ok;
}

std::optional<Micros> MarketPoller::interval(Feed feed) const {
  const Micros every = state(feed).every;
  if (every <= Micros(0)) return std::nullopt;
  return every;
}

void MarketPoller::schedule(Feed feed, Micros delay) {
  FeedState& s = state(feed);
  if (s.timer) scheduler_.cancel(*s.timer);
  s.timer.reset();
  if (!running_) return;
  s.timer = scheduler_.after(delay, [this, feed] {
    state(feed).timer.reset();
    request(feed);
  });
}

template <class T, class F>
Callback<T> MarketPoller::guard(F on_answer) {
  return [weak = std::weak_ptr<uint64_t>(epoch_), epoch = *epoch_,
          on_answer = std::move(on_answer)](Result<T> r) mutable {
    const auto alive = weak.lock();
    if (alive && *alive == epoch) on_answer(std::move(r));
  };
}

void MarketPoller::request(Feed feed) {
  FeedState& s = state(feed);
  if (s.busy) return;  // the one rule of every feed: never two requests in flight
  s.busy = true;
  s.refresh = false;  // this request is the refresh
  switch (feed) {
    case Feed::kTicker:
      return exchange_.ticker(guard<Ticker>([this](Result<Ticker> r) {
        if (!r) return fail(Feed::kTicker, r.error());
        succeed(Feed::kTicker);
        if (sinks_.ticker) sinks_.ticker(*r);
        release(Feed::kTicker, interval(Feed::kTicker));
      }));
    case Feed::kTrades:
      return exchange_.trades_since(cursor_, guard<std::vector<Trade>>([this](Result<std::vector<Trade>> r) {
                                      on_trades(std::move(r));
                                    }));
    case Feed::kDepth:
    case Feed::kFullDepth: {
      const bool full = feed == Feed::kFullDepth;
      return exchange_.depth(full, guard<Depth>([this, feed, full](Result<Depth> r) {
                               if (!r) return fail(feed, r.error());
                               succeed(feed);
                               if (sinks_.depth) sinks_.depth(*r, full);
                               release(feed, interval(feed));
                             }));
    }
  }
}

void MarketPoller::on_trades(Result<std::vector<Trade>> answer) {
  if (!answer) return fail(Feed::kTrades, answer.error());
  auto page = read_trade_page(cursor_, std::move(*answer));
  if (!page) return fail(Feed::kTrades, page.error());
  succeed(Feed::kTrades);
  if (page->gap && sinks_.gap) sinks_.gap(*page->gap);
  if (page->cursor == cursor_) return release(Feed::kTrades, interval(Feed::kTrades));  // nothing new
  // The feed stays busy until the owner acknowledges this batch (acknowledge() releases it).
  awaited_cursor_ = page->cursor;
  awaited_page_full_ = page->full;
  TradeBatch batch{std::move(page->trades), *page->cursor};
  if (sinks_.trades)
    sinks_.trades(batch);
  else
    acknowledge(batch.cursor);
}

void MarketPoller::succeed(Feed feed) {
  FeedState& s = state(feed);
  s.errors = 0;
  s.last_ok = scheduler_.now();
}

void MarketPoller::fail(Feed feed, const Error& error) {
  FeedState& s = state(feed);
  s.busy = false;
  s.refresh = false;  // the backoff wins over a refresh asked while the request was out
  ++s.errors;
  const Micros delay = backoff_delay(backoff_, s.errors, rng_);
  schedule(feed, delay);
  if (sinks_.error) sinks_.error(feed, error, delay);
}

void MarketPoller::release(Feed feed, std::optional<Micros> next) {
  FeedState& s = state(feed);
  s.busy = false;
  if (s.refresh) next = Micros(0);
  s.refresh = false;
  if (next) schedule(feed, *next);
}

}  // namespace dealer::live
