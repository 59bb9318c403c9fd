// LiveDriver: runs the synchronous engine::Core against a live Exchange, with the store as its memory.
// It wires Core + store::Store + Exchange + MarketPoller on one Scheduler (net::AsioScheduler live,
// VirtualScheduler in tests) and a wall Clock, and carries out the core's effects in their order:
//   - Persist* effects become store rows; a Send* (and a Request*) waits until every row submitted
//     before it is durable (the store's callback, posted back to the driver's thread): write before
//     you send. One FIFO of waiting actions keeps the core's order.
//   - SendPlace -> Exchange::place -> on_placed / on_place_rejected / on_place_ambiguous (kAmbiguous);
//     SendCancel -> cancel -> (that order's fills, then) on_cancelled / on_cancel_failed; RequestReconcile ->
//     open orders, then our fills (order/result of each order the exchange named; with an ambiguous order,
//     also the account's own trades that name their order) -> on_reconcile; RequestBook -> a depth refresh.
//   - Market data: trades -> Core::on_trades and trade rows + cursor; the poller's cursor is
//     acknowledged only once those rows are durable. Ticker and depth -> core and store (depth rows at
//     most every `depth_snapshot_every`). Balances, our fills, reconciliation and the core's timer
//     each on their own interval.
// Start-up: restore what the store holds into the core, reconcile with the exchange (open orders and
// fills) and fetch the balances BEFORE the pollers start, so no strategy can place before that.
// A halt (a store failure, the kill switch, an answer that says the pair or a call does not exist)
// leaves nothing resting: the core is stopped, every order the exchange lists open for the account is
// cancelled (no store write before: the store may be what failed), the answers are awaited until
// `halt_deadline`, then one log line says what stopped the bot and what to do, and `on_fatal` says why.
// A missing pair or call (live/poll_setup.h names_missing_market) before any market feed has answered
// is a configuration error (Errc::kConfig, naming the pair), later Errc::kExchange. Until a market feed
// has answered, the log says the bot is waiting, not trading.
//
// Ownership: holds references to the core, store, exchange, scheduler and clock, which must outlive
// it; owns the poller. Not thread-safe: use it on the scheduler's thread; only the `post` function
// given to it is called from the store's writer thread.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/scheduler.h"
#include "engine/core.h"
#include "exchange/exchange.h"
#include "live/bot_config.h"
#include "live/market_poller.h"
#include "live/metrics.h"
#include "live/restore.h"
#include "notify/outbox.h"
#include "store/store.h"

namespace dealer::live {

struct DriverOptions {
  std::string exchange = "mtgox";  // names the trade cursor
  engine::Pair pair;
  PollIntervals poll;
  Micros depth_snapshot_every = std::chrono::minutes(1);
  store::RunMode mode = store::RunMode::kLive;
  // After a failed start-up step (the exchange unreachable), wait this long before trying again.
  Micros startup_retry = std::chrono::seconds(2);
  uint64_t jitter_seed = 1;
  // Order events, fills and decision latency are counted here when given (the status endpoint's
  // /metrics); it must outlive the driver.
  Metrics* metrics = nullptr;
  // How long a halt waits for the answers to its cancels before it reports (on_fatal) regardless.
  Micros halt_deadline = std::chrono::seconds(20);
  // Notifications of fills, rejections, ambiguous orders, disabled strategies and the kill switch go
  // into the outbox in the same store group as the row that records them, when given; it must outlive
  // the driver.
  const notify::Outbox* outbox = nullptr;
};

// Runs a task on the driver's thread soon; must be callable from any thread (boost::asio::post live).
using Post = std::function<void(std::function<void()>)>;

// Cancels every order `exchange` lists open for the account, without the store (a halt, or a start-up
// that cannot restore, must not leave orders resting unattended), and calls `done` once: when every
// cancel is answered, or at `deadline` from now, with what was left (a message a person can act on);
// the log says each cancel. `exchange` and `scheduler` must outlive the answers and the deadline.
void cancel_every_open_order(Exchange& exchange, Scheduler& scheduler, Micros deadline,
                             std::function<void(const Status&)> done);

class LiveDriver {
 public:
  LiveDriver(engine::Core& core, store::Store& store, Exchange& exchange, Scheduler& scheduler,
             const Clock& wall, Post post, DriverOptions options);
  ~LiveDriver();
  LiveDriver(const LiveDriver&) = delete;
  LiveDriver& operator=(const LiveDriver&) = delete;

  // Called once when trading had to halt (a store failure, a pair the exchange does not know); the owner
  // should exit with an error.
  void on_fatal(std::function<void(const Error&)> fatal) { fatal_ = std::move(fatal); }
  // Whether the halt came from the store (a write it refused), rather than the kill switch or the
  // exchange.
  bool store_failed() const { return store_failed_; }

  // Restores `restored` into the core, then reconciles, fetches balances and starts polling.
  void start(const Restored& restored);

  // Shut-down: stop polling and placing; with `cancel_open`, cancel every open order; wait for the
  // answers (at most `deadline`), take a last look at our fills and balances, then call `done` (once)
  // with ok, or with what was left unfinished.
  void shutdown(bool cancel_open, Micros deadline, std::function<void(const Status&)> done);

  // Carries out the effects of an operator's control (live/controls.h) as it does the core's own;
  // nothing once a store failure halted it.
  void carry_out(std::span<const engine::Effect> effects) {
    if (!halted_) handle(effects);
  }

  // Whether the start-up reconciliation is over and the pollers run (tests).
  bool trading() const { return trading_; }
  bool halted() const { return halted_; }
  // Time since the market feed's last answer; none before polling starts or before its first answer.
  std::optional<Micros> feed_age(Feed feed) const { return poller_ ? poller_->age(feed) : std::nullopt; }

 private:
  using Action = std::function<void()>;
  struct Waiting {
    int64_t after_group;  // runs once this many store groups are durable
    Action action;
  };

  WallTime now() const { return wall_from_us(wall_.now_us()); }
  // Carries out the core's effects in order (copies them first: the span dies at the next core call).
  void handle(std::span<const engine::Effect> effects);
  Action action_for(const engine::Effect& effect);
  // Submits one group of rows; `then` runs on the driver's thread once it is durable.
  void submit(std::vector<store::WriteOp> rows, Action then = {});
  void run_waiting();
  // Halts for good: `why` leads the first log line, `advice` ends the halt's last one.
  void fail_store(const Error& error);
  void fail(const Error& error, std::string_view why, std::string_view advice);
  // Halts (see the class comment): `cause` says what stopped the bot, `advice` what to do about it.
  void halt(const Error& cause, const std::string& advice);
  void halt_on_kill_switch();
  // The exchange answered `where` that the pair or the call does not exist.
  void missing_market(std::string_view where, const Error& error);
  bool any_feed_answered() const;
  // Market data arrived: the first time, the log says the bot is trading.
  void market_data_arrived();
  void count(OrderEvent event);
  // A market event that arrived at `arrived` has had its effects carried out.
  void decided(std::chrono::steady_clock::time_point arrived);

  void send_place(const engine::SendPlace& place);
  void send_cancel(const engine::SendCancel& cancel);
  // A cancel succeeded: the order's fills (some may have come since they were last fetched), then
  // Core::on_cancelled.
  void settle_cancelled(const engine::SendCancel& cancel);
  // Open orders, then our fills, then Core::on_reconcile; `then(ok)` after. Fetched again when an order
  // was answered while the snapshot was being taken.
  void reconcile(std::function<void(bool)> then);
  // Core::on_reconcile with the snapshot, unless an order was answered since it was begun (`epoch`).
  void apply_reconcile(uint64_t epoch, std::span<const Order> open, std::span<const engine::Fill> fills,
                       std::function<void(bool)> then);
  // Our fills: order/result of every order the exchange has named and that is not settled.
  void fetch_fills(std::function<void(Result<std::vector<engine::Fill>>)> done);
  void fetch_balances(std::function<void(bool)> then);

  void start_step(int step);
  void start_polling();
  void every(Micros interval, std::function<void(Action next)> job);
  void idle_then(MonoTime deadline, Action then);

  void on_trades(const TradeBatch& batch);
  void on_ticker(const Ticker& ticker);
  void on_depth(const Depth& depth, bool full);

  engine::Core& core_;
  store::Store& store_;
  Exchange& exchange_;
  Scheduler& scheduler_;
  const Clock& wall_;
  Post post_;
  DriverOptions options_;
  std::function<void(const Error&)> fatal_;
  std::unique_ptr<MarketPoller> poller_;

  std::deque<Waiting> waiting_;
  int64_t groups_submitted_ = 0;
  int64_t groups_durable_ = 0;
  int in_flight_ = 0;                  // places, cancels and reconciliations not yet answered
  // Counts place and cancel answers: a reconciliation snapshot taken across one is stale.
  uint64_t order_epoch_ = 0;
  std::optional<WallTime> last_depth_row_;
  std::vector<Scheduler::TimerId> timers_;
  std::vector<std::shared_ptr<Action>> ticks_;  // the periodic jobs of every()
  bool trading_ = false;
  bool stopping_ = false;
  bool halted_ = false;
  bool store_failed_ = false;
  bool market_data_ = false;  // some market feed has delivered
  std::optional<int64_t> trades_cursor_;
  // Callbacks hold a weak copy: answers and durable notices that arrive after destruction are dropped.
  std::shared_ptr<LiveDriver*> self_;
};

}  // namespace dealer::live
