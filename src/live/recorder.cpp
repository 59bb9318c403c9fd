#include "live/recorder.h"

#include "live/logging.h"
#include "live/poll_setup.h"
#include "live/store_rows.h"

namespace dealer::live {

Recorder::Recorder(store::Store& store, Exchange& exchange, Scheduler& scheduler, const Clock& wall,
                   Post post, RecorderOptions options)
    : store_(store),
      exchange_(exchange),
      scheduler_(scheduler),
      wall_(wall),
      post_(std::move(post)),
      options_(std::move(options)),
      self_(std::make_shared<Recorder*>(this)) {}

Recorder::~Recorder() = default;

void Recorder::start(std::optional<int64_t> cursor) {
  PollerSinks sinks;
  sinks.trades = [this](const TradeBatch& b) { on_trades(b); };
  sinks.ticker = [this](const Ticker& t) {
    submit({ticker_row(t, options_.pair, wall_from_us(wall_.now_us()))}, [this] { ++counts_.tickers; });
  };
  sinks.depth = [this](const Depth& d, bool full) { on_depth(d, full); };
  log_feed_problems(sinks);
  const PollerConfig pc = poller_config(options_.poll, options_.jitter_seed, cursor);
  poller_ = std::make_unique<MarketPoller>(exchange_, scheduler_, pc, std::move(sinks));
  poller_->start();
}

void Recorder::stop() {
  if (poller_) poller_->stop();
}

void Recorder::submit(std::vector<store::WriteOp> rows, std::function<void()> then) {
  if (failed_) return;
  auto on_durable = [weak = std::weak_ptr<Recorder*>(self_), post = post_,
                     then = std::move(then)](const Status& status) mutable {
    post([weak, status, then = std::move(then)] {
      auto self = weak.lock();
      if (!self) return;
      if (!status) return (*self)->fail(status.error());
      then();
    });
  };
  if (Status s = store_.submit(std::move(rows), std::move(on_durable)); !s) fail(s.error());
}

void Recorder::fail(const Error& error) {
  if (failed_) return;
  failed_ = true;
  stop();
  log_error("store: " + error.describe() + "; recording stopped");
  if (fatal_) fatal_(error);
}

void Recorder::on_trades(const TradeBatch& batch) {
  const WallTime now = wall_from_us(wall_.now_us());
  auto rows = trade_batch_rows(batch.trades, options_.pair,
                               trades_cursor_name(options_.exchange, options_.pair), batch.cursor, now);
  // The poller asks for more only after this: a crash before the rows are durable re-fetches them.
  submit(std::move(rows), [this, cursor = batch.cursor, n = batch.trades.size()] {
    counts_.trades += static_cast<int64_t>(n);
    if (poller_) poller_->acknowledge(cursor);
  });
}

void Recorder::on_depth(const Depth& depth, bool full) {
  const WallTime now = wall_from_us(wall_.now_us());
  if (!full && last_depth_row_ && now - *last_depth_row_ < options_.depth_snapshot_every) return;
  last_depth_row_ = now;
  submit({depth_row(depth, options_.pair, now)}, [this] { ++counts_.depths; });
}

}  // namespace dealer::live
