// Recorder: `dealer record`'s engine. Polls one Exchange's public market data (live::MarketPoller) and
// writes it into the SQLite history in the rows `dealer run` writes and `dealer backtest` reads
// (live/store_rows.h): every new trade, each batch together with the trades cursor that follows it;
// every ticker; a depth snapshot at most every `depth_snapshot_every` (each full depth always). No
// strategy, no order, no private call: it needs no keys.
//
// Resuming: the poller starts from the cursor the store holds (trades_cursor_name, live/restore.h), and
// acknowledges a batch only once its rows and cursor are committed, so a restart (or a crash) continues after
// the last committed trade: no gap, no duplicate (the trades table is keyed by pair and tid as well). A store
// failure (full disk) stops the polling and calls `on_fatal`.
//
// Ownership: holds references to the store, exchange, scheduler and clock, which must outlive it; owns
// its poller. Not thread-safe: use it on the scheduler's thread; only `post` is called from the store's
// writer thread.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.h"
#include "live/driver.h"
#include "live/market_poller.h"
#include "store/store.h"

namespace dealer::live {

struct RecorderOptions {
  std::string exchange = "mtgox";  // names the trade cursor (the same one `dealer run` keeps)
  engine::Pair pair;
  PollIntervals poll;  // ticker, trades, depth and full_depth are used
  Micros depth_snapshot_every = std::chrono::minutes(1);
  uint64_t jitter_seed = 1;
};

// What has been committed so far.
struct RecorderCounts {
  int64_t trades = 0;
  int64_t tickers = 0;
  int64_t depths = 0;
};

class Recorder {
 public:
  Recorder(store::Store& store, Exchange& exchange, Scheduler& scheduler, const Clock& wall, Post post,
           RecorderOptions options);
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  void on_fatal(std::function<void(const Error&)> fatal) { fatal_ = std::move(fatal); }
  // Starts polling; trades after `cursor` (nullopt: the exchange's recent trades).
  void start(std::optional<int64_t> cursor);
  // Stops polling; rows already submitted are still written (flush the store after).
  void stop();

  const RecorderCounts& counts() const { return counts_; }
  std::optional<int64_t> trades_cursor() const { return poller_ ? poller_->trades_cursor() : std::nullopt; }

 private:
  // Submits one group; `then` runs on the scheduler's thread once it is committed.
  void submit(std::vector<store::WriteOp> rows, std::function<void()> then);
  void fail(const Error& error);
  void on_trades(const TradeBatch& batch);
  void on_depth(const Depth& depth, bool full);

  store::Store& store_;
  Exchange& exchange_;
  Scheduler& scheduler_;
  const Clock& wall_;
  Post post_;
  RecorderOptions options_;
  std::function<void(const Error&)> fatal_;
  std::unique_ptr<MarketPoller> poller_;
  std::optional<WallTime> last_depth_row_;
  RecorderCounts counts_;
  bool failed_ = false;
  // Durable callbacks hold a weak copy: those arriving after destruction are dropped.
  std::shared_ptr<Recorder*> self_;
};

}  // namespace dealer::live
