#include "live/driver.h"

#include <type_traits>
#include <utility>

#include "core/json_binding.h"
#include "live/logging.h"
#include "live/poll_setup.h"
#include "live/store_rows.h"

namespace dealer::live {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
// While shutting down, how often to look whether every answer is in.
constexpr Micros kIdlePoll = std::chrono::milliseconds(20);
// What the halt's last log line tells the operator to do.
constexpr std::string_view kStoreAdvice =
    "free disk space or repair the store file as the error says, then start dealer again: it "
    "reconciles with the exchange before it trades";
constexpr std::string_view kMissingMarketAdvice =
    "set exchange.pair to a pair the exchange lists (`dealer api mtgox ticker --pair PAIR` answers), then "
    "start dealer again";

// A callback that does nothing once the driver is gone.
template <class F>
auto guard(const std::shared_ptr<LiveDriver*>& self, F f) {
  return [weak = std::weak_ptr<LiveDriver*>(self), f = std::move(f)](auto&&... args) mutable {
    if (weak.lock()) f(std::forward<decltype(args)>(args)...);
  };
}

engine::Fill fill_of(const OwnTrade& t) {
  engine::Fill f;
  f.trade_id = std::to_string(t.tid);
  f.order_id = t.order_id;
  f.side = t.side;
  f.price = t.price;
  f.amount = t.amount;
  f.spent = t.spent;
  if (t.fee) {
    f.fee = std::visit([](auto value) { return value.raw(); }, t.fee->value);
    f.fee_currency = t.fee->currency;
  } else {
    f.fee_currency = t.price_currency;
  }
  f.time = wall_from_us(t.date * kMicrosPerSecond);
  return f;
}

std::string order_text(Side side, Price price, Amount amount, engine::Pair pair) {
  return std::string(side == Side::kBid ? "buy " : "sell ") +
         format_units_trimmed(amount.raw(), pair.item.decimals()) + " " + std::string(pair.item.code()) +
         " at " + format_units_trimmed(price.raw(), pair.quote.decimals()) + " " +
         std::string(pair.quote.code());
}

}  // namespace

LiveDriver::LiveDriver(engine::Core& core, store::Store& store, Exchange& exchange, Scheduler& scheduler,
                       const Clock& wall, Post post, DriverOptions options)
    : core_(core),
      store_(store),
      exchange_(exchange),
      scheduler_(scheduler),
      wall_(wall),
      post_(std::move(post)),
      options_(std::move(options)),
      self_(std::make_shared<LiveDriver*>(this)) {}

LiveDriver::~LiveDriver() {
  for (Scheduler::TimerId id : timers_) scheduler_.cancel(id);
}

// --- effects -------------------------------------------------------------------------------------

void LiveDriver::handle(std::span<const engine::Effect> effects) {
  if (halted_) return;
  std::vector<store::WriteOp> rows;
  for (const engine::Effect& effect : effects) {
    if (halted_) return;
    std::visit(
        [&](const auto& e) {
          using E = std::decay_t<decltype(e)>;
          if constexpr (std::is_same_v<E, engine::PersistOrder>) {
            rows.push_back(order_op(e, options_.mode));
          } else if constexpr (std::is_same_v<E, engine::PersistFill>) {
            if (options_.metrics) ++options_.metrics->fills;
            rows.push_back(fill_row(e, options_.pair, options_.mode));
          } else if constexpr (std::is_same_v<E, engine::PersistDecision>) {
            log_info("decision " + std::string(dealer::to_string(e.decision.kind)) +
                     (e.decision.strategy_id.empty() ? "" : " [" + e.decision.strategy_id + "]") + ": " +
                     e.decision.reason);
            rows.push_back(decision_row(e.decision));
          } else if constexpr (std::is_same_v<E, engine::PersistStrategyState>) {
            rows.push_back(state_row(e, now()));
          } else {
            // A send or request: everything persisted before it must be durable first.
            if (!rows.empty()) submit(std::exchange(rows, {}));
            // A refused submit halted us, and halting refilled the core's effect buffer that
            // `effects` views: `effect` may be destroyed now, so neither it nor the rest is touched.
            if (halted_) return;
            waiting_.push_back({groups_submitted_, action_for(effect)});
          }
        },
        effect);
    // The notification joins the group of the row that records its cause: durable together or not at all.
    if (halted_) return;  // `effect` may be gone (see above)
    if (options_.outbox) options_.outbox->append_for(effect, options_.pair, to_us(now()), rows);
  }
  if (!rows.empty()) submit(std::move(rows));
  run_waiting();
  // Not from inside this call: `effects` may be the core's buffer of a caller still reading it. The
  // operator's own halt (the dashboard's) keeps the bot up, to be resumed: a person is already looking.
  if (core_.halted() && !core_.halted_by_operator() && !stopping_ && !halted_)
    post_(guard(self_, [this] { halt_on_kill_switch(); }));
}

LiveDriver::Action LiveDriver::action_for(const engine::Effect& effect) {
  if (const auto* place = std::get_if<engine::SendPlace>(&effect))
    return [this, p = *place] { send_place(p); };
  if (const auto* cancel = std::get_if<engine::SendCancel>(&effect))
    return [this, c = *cancel] { send_cancel(c); };
  if (const auto* book = std::get_if<engine::RequestBook>(&effect)) {
    return [this, reason = book->reason] {
      log_debug("depth refresh: " + reason);
      if (poller_) poller_->refresh_now(Feed::kDepth);
    };
  }
  const auto& request = std::get<engine::RequestReconcile>(effect);
  return [this, reason = request.reason] {
    log_info("reconciling: " + reason);
    reconcile([](bool) {});
  };
}

void LiveDriver::submit(std::vector<store::WriteOp> rows, Action then) {
  if (halted_) return;
  ++groups_submitted_;
  auto on_durable = [weak = std::weak_ptr<LiveDriver*>(self_), post = post_,
                     then = std::move(then)](const Status& status) mutable {
    post([weak, status, then = std::move(then)] {
      auto self = weak.lock();
      if (!self) return;
      LiveDriver& d = **self;
      if (!status) return d.fail_store(status.error());
      ++d.groups_durable_;
      if (then && !d.halted_) then();
      d.run_waiting();
    });
  };
  if (Status s = store_.submit(std::move(rows), std::move(on_durable)); !s) fail_store(s.error());
}

void LiveDriver::run_waiting() {
  while (!halted_ && !waiting_.empty() && waiting_.front().after_group <= groups_durable_) {
    Action action = std::move(waiting_.front().action);
    waiting_.pop_front();
    action();
  }
}

void LiveDriver::fail_store(const Error& error) {
  if (halted_) return;
  store_failed_ = true;
  fail(error, "store failed", kStoreAdvice);
}

void LiveDriver::fail(const Error& error, std::string_view why, std::string_view advice) {
  if (halted_) return;
  log_error(std::string(why) + ", trading halted: " + error.describe());
  halt(error, std::string(advice));
}

void LiveDriver::halt(const Error& cause, const std::string& advice) {
  if (halted_) return;
  // The core must place nothing more; its effects may not be writable any more, so none is carried
  // out: the cancels below go to the exchange directly.
  halted_ = true;
  trading_ = false;
  core_.stop(now(), false);
  waiting_.clear();
  if (poller_) poller_->stop();
  for (Scheduler::TimerId id : timers_) scheduler_.cancel(id);
  log_warn("halting: cancelling every open order at the exchange");
  cancel_every_open_order(
      exchange_, scheduler_, options_.halt_deadline,
      guard(self_, [this, cause, advice](const Status& cancelled) {
        log_error("halted: " + cause.describe() + ". Open orders: " +
                  (cancelled ? std::string("all cancelled") : cancelled.error().describe()) +
                  ". To resume: " + advice);
        if (fatal_) fatal_(cause);
      }));
}

// The kill switch tripped inside the core: it has asked to cancel the orders it knows (written
// first: the store works). The halt then cancels whatever the exchange still lists, ambiguous places
// included, and ends the run: a person looks before anything trades again.
void LiveDriver::halt_on_kill_switch() {
  if (halted_ || stopping_ || !core_.halted()) return;
  stopping_ = true;
  if (poller_) poller_->stop();
  for (Scheduler::TimerId id : timers_) scheduler_.cancel(id);
  const MonoTime until = scheduler_.now() + options_.halt_deadline;
  idle_then(until, [this] {
    stopping_ = false;
    halt(make_error(Errc::kInvalidArgument, core_.halt_reason()),
         "read the kill_switch decision (dealer history, the log), settle what it names, then start dealer "
         "again");
  });
}

void LiveDriver::missing_market(std::string_view where, const Error& error) {
  const std::string what = "exchange.pair " + options_.pair.code() + ": the exchange answered " +
                           std::string(where) + " with " + error.describe();
  if (any_feed_answered())
    return fail(make_error(Errc::kExchange, what), "the exchange no longer knows the pair",
                kMissingMarketAdvice);
  fail(make_error(Errc::kConfig,
                  what + ": it does not list this pair or call (check exchange.pair and base_url)"),
       "configuration error", kMissingMarketAdvice);
}

bool LiveDriver::any_feed_answered() const {
  if (!poller_) return false;
  for (Feed feed : {Feed::kTicker, Feed::kTrades, Feed::kDepth, Feed::kFullDepth})
    if (poller_->age(feed)) return true;
  return false;
}

void LiveDriver::market_data_arrived() {
  if (market_data_) return;
  market_data_ = true;
  log_info("trading " + options_.pair.code() + ": market data arrived");
}

void LiveDriver::count(OrderEvent event) {
  if (options_.metrics) options_.metrics->order(event);
}

void LiveDriver::decided(std::chrono::steady_clock::time_point arrived) {
  if (options_.metrics) options_.metrics->decision_latency.observe_since(arrived);
}

namespace {
struct FillsJob {
  struct Ask {
    engine::ClientId id;
    Side side;
    std::string exchange_id;
  };
  std::vector<Ask> asks;
  size_t next = 0;
  std::vector<engine::Fill> fills;
  std::function<void(Result<std::vector<engine::Fill>>)> done;
};

// An execution order/result reports, as the own trade it is (MtGox's order/result does not report
// the fee either: it is charged in what the order receives).
engine::Fill fill_of(const FillsJob::Ask& ask, const Trade& t) {
  engine::Fill f = fill_of(OwnTrade{t.tid, ask.exchange_id, ask.side, t.price, t.amount, t.price_currency,
                                    t.item, std::nullopt, t.date, t.spent});
  f.client_id = ask.id;
  return f;
}

// One order/result after the other (MtGox limits private calls; there are few unsettled orders).
void next_fills(Exchange& exchange, const std::shared_ptr<LiveDriver*>& self, std::shared_ptr<FillsJob> job) {
  if (job->next == job->asks.size()) return job->done(std::move(job->fills));
  const FillsJob::Ask& ask = job->asks[job->next++];
  exchange.order_result(ask.side, ask.exchange_id,
                        guard(self, [&exchange, self, job, ask](Result<OrderFills> r) {
                          if (!r) return job->done(r.error());
                          for (const Trade& t : r->trades) job->fills.push_back(fill_of(ask, t));
                          next_fills(exchange, self, job);
                        }));
}

// order/result of each of `asks`; `done` gets all their fills, or the first error.
void fetch_fills_of(Exchange& exchange, const std::shared_ptr<LiveDriver*>& self,
                    std::vector<FillsJob::Ask> asks,
                    std::function<void(Result<std::vector<engine::Fill>>)> done) {
  auto job = std::make_shared<FillsJob>();
  job->asks = std::move(asks);
  job->done = std::move(done);
  next_fills(exchange, self, std::move(job));
}
}  // namespace

// Lists the account's open orders, cancels each, and reports once all are answered or at the deadline.
void cancel_every_open_order(Exchange& exchange, Scheduler& scheduler, Micros deadline,
                             std::function<void(const Status&)> done) {
  struct Sweep {
    std::function<void(const Status&)> done;
    size_t unanswered = 0;
    std::vector<std::string> failed;
    void finish(const Status& status) {
      if (auto f = std::exchange(done, nullptr)) f(status);
    }
    void answered() {
      if (--unanswered > 0) return;
      if (failed.empty()) return finish(Status());
      std::string ids;
      for (const std::string& id : failed) ids += (ids.empty() ? "" : ", ") + id;
      finish(make_error(Errc::kExchange,
                        "cancels refused or failed for " + ids + ": look at the exchange's open orders"));
    }
  };
  auto sweep = std::make_shared<Sweep>();
  sweep->done = std::move(done);
  scheduler.after(deadline, [sweep] {
    if (!sweep->done) return;
    sweep->finish(make_error(Errc::kTimeout, std::to_string(sweep->unanswered) +
                                                 " cancels unanswered at the deadline: look at the "
                                                 "exchange's open orders"));
  });
  exchange.open_orders([&exchange, sweep](Result<std::vector<Order>> open) {
    if (!sweep->done) return;
    if (!open) {
      return sweep->finish(make_error(open.error().code, "the open orders could not be listed (" +
                                                             open.error().describe() +
                                                             "): look at the exchange's open orders"));
    }
    if (open->empty()) return sweep->finish(Status());
    sweep->unanswered = open->size();
    for (const Order& o : *open) {
      log_warn("halt: cancelling exchange order " + o.id);
      exchange.cancel(o.id, [sweep, id = o.id](Result<bool> r) {
        if (!sweep->done) return;
        if (!r) {
          log_warn("halt: cancel of exchange order " + id + " failed: " + r.error().describe());
          sweep->failed.push_back(id);
        }
        sweep->answered();
      });
    }
  });
}

// --- orders --------------------------------------------------------------------------------------

void LiveDriver::send_place(const engine::SendPlace& p) {
  const std::string what =
      "order " + std::to_string(p.client_id) + " (" + order_text(p.side, p.price, p.amount, p.pair) + ")";
  log_info("placing " + what);
  ++in_flight_;
  exchange_.place(OrderRequest{p.side, p.amount, p.price},
                  guard(self_, [this, id = p.client_id, what](Result<std::string> r) {
                    --in_flight_;
                    ++order_epoch_;
                    if (halted_) return;
                    if (r) {
                      log_info(what + " placed: exchange id " + *r);
                      count(OrderEvent::kPlaced);
                      handle(core_.on_placed(now(), id, *r));
                    } else if (r.error().code == Errc::kAmbiguous) {
                      log_warn(what + " may or may not have been placed: " + r.error().describe());
                      handle(core_.on_place_ambiguous(now(), id, r.error()));
                    } else {
                      log_warn(what + " rejected: " + r.error().describe());
                      count(OrderEvent::kRejected);
                      handle(core_.on_place_rejected(now(), id, r.error()));
                      if (names_missing_market(r.error())) missing_market("an order", r.error());
                    }
                  }));
}

void LiveDriver::send_cancel(const engine::SendCancel& c) {
  log_info("cancelling order " + std::to_string(c.client_id) + " (exchange id " + c.exchange_id + ")");
  ++in_flight_;
  exchange_.cancel(c.exchange_id, guard(self_, [this, c, id = c.client_id](Result<bool> r) {
                     --in_flight_;
                     ++order_epoch_;
                     if (halted_) return;
                     if (r) {
                       log_info("order " + std::to_string(id) + " cancelled");
                       count(OrderEvent::kCancelled);
                       settle_cancelled(c);
                     } else {
                       // A fill that beat the cancel to the exchange is the usual reason, and the
                       // reconciliation that follows says what became of the order: no alarm.
                       if (r.error().token == "order_not_found")
                         log_info("cancel of order " + std::to_string(id) +
                                  ": the exchange no longer lists it open (filled or cancelled meanwhile); "
                                  "reconciling");
                       else
                         log_warn("cancel of order " + std::to_string(id) + " failed: " + r.error().describe());
                       handle(core_.on_cancel_failed(now(), id, r.error()));
                     }
                   }));
}

// Fills are fetched only for unsettled orders, and a cancelled order is settled: one that filled in
// part after its fills were last fetched would keep those fills from the history for good (issue 13:
// the history and the exchange's balances diverged). So its fills first, then the cancel.
void LiveDriver::settle_cancelled(const engine::SendCancel& c) {
  ++in_flight_;
  fetch_fills_of(exchange_, self_, {{c.client_id, c.side, c.exchange_id}},
                 [this, id = c.client_id](Result<std::vector<engine::Fill>> fills) {
                   --in_flight_;
                   if (halted_) return;
                   if (!fills) {
                     // Left cancelling: the reconciliation fetches its fills, then finds it closed.
                     log_warn("fills of cancelled order " + std::to_string(id) + ": " +
                              fills.error().describe() + "; the reconciliation settles it");
                     return reconcile([](bool) {});
                   }
                   handle(core_.on_own_trades(now(), *fills));
                   handle(core_.on_cancelled(now(), id));
                 });
}

void LiveDriver::reconcile(std::function<void(bool)> then) {
  ++in_flight_;
  const uint64_t epoch = order_epoch_;
  exchange_.open_orders(
      guard(self_, [this, epoch, then = std::move(then)](Result<std::vector<Order>> open) mutable {
        if (!open) {
          --in_flight_;
          if (names_missing_market(open.error())) return missing_market("the open orders", open.error());
          log_warn("reconciliation: open orders: " + open.error().describe());
          return then(false);
        }
        // Fetched after the open orders, so an order missing from them has all its fills here.
        fetch_fills([this, epoch, open = std::move(*open),
                     then = std::move(then)](Result<std::vector<engine::Fill>> fills) mutable {
          --in_flight_;
          if (halted_) return;
          if (!fills) {
            log_warn("reconciliation: fills: " + fills.error().describe());
            return then(false);
          }
          if (!core_.orders().any_ambiguous()) return apply_reconcile(epoch, open, *fills, std::move(then));
          // A place whose answer was lost has no exchange id to ask order/result with: the account's own
          // trades may show it filled at once. Only those naming their order help (the documented MtGox
          // answer does not name it; an unnamed trade could be matched to the wrong order). They also
          // check what order/result said of a disputed order: all go in, the order manager deduplicates
          // per order and compares the two sources (issue 18: filtering them out here by trade id kept
          // the true fill from the order whose order/result overstated it).
          ++in_flight_;
          exchange_.own_trades(
              std::nullopt, guard(self_, [this, epoch, open = std::move(open), fills = std::move(*fills),
                                          then = std::move(then)](Result<std::vector<OwnTrade>> own) mutable {
                --in_flight_;
                if (halted_) return;
                if (!own) {
                  log_warn("reconciliation: own trades: " + own.error().describe());
                  return then(false);
                }
                for (const OwnTrade& t : *own) {
                  if (!t.order_id.empty()) fills.push_back(fill_of(t));
                }
                apply_reconcile(epoch, open, fills, std::move(then));
              }));
        });
      }));
}

void LiveDriver::apply_reconcile(uint64_t epoch, std::span<const Order> open,
                                 std::span<const engine::Fill> fills, std::function<void(bool)> then) {
  if (epoch != order_epoch_) {
    // An order was answered meanwhile: the snapshot may predate it (an order placed and filled after
    // the open orders were fetched would look closed without fills). Take a fresh one.
    log_debug("reconciliation overlapped an order answer: fetching again");
    return reconcile(std::move(then));
  }
  handle(core_.on_reconcile(now(), open, fills));
  then(true);
}

void LiveDriver::fetch_fills(std::function<void(Result<std::vector<engine::Fill>>)> done) {
  std::vector<FillsJob::Ask> asks;
  for (const auto& [id, order] : core_.orders().orders()) {
    if (!engine::is_terminal(order.state) && !order.exchange_id.empty())
      asks.push_back({id, order.side, order.exchange_id});
  }
  fetch_fills_of(exchange_, self_, std::move(asks), std::move(done));
}

void LiveDriver::fetch_balances(std::function<void(bool)> then) {
  exchange_.account(guard(self_, [this, then = std::move(then)](Result<AccountInfo> info) {
    if (halted_) return;
    if (!info) {
      if (names_missing_market(info.error())) return missing_market("the balances", info.error());
      log_warn("balances: " + info.error().describe());
      return then(false);
    }
    const WallTime t = now();
    std::vector<store::WriteOp> rows;
    for (const Balance& b : info->balances) rows.push_back(balance_row(b, t, options_.mode));
    if (!rows.empty()) submit(std::move(rows));
    handle(core_.on_balances(t, info->balances));
    then(true);
  }));
}

// --- start-up and polling ------------------------------------------------------------------------

void LiveDriver::start(const Restored& restored) {
  trades_cursor_ = restored.trades_cursor;
  log_info("restoring " + std::to_string(restored.orders.size()) + " unsettled orders, " +
           std::to_string(restored.fills.size()) + " fills, next client id " +
           std::to_string(restored.next_client_id));
  handle(core_.restore(now(), restored.data()));
  start_step(0);
}

// 0: reconcile, 1: balances, 2: poll. A failed step is tried again after a pause; no strategy can place
// before step 2, since only market data makes them act.
void LiveDriver::start_step(int step) {
  if (halted_ || stopping_) return;
  auto retry = [this, step](bool ok) {
    if (ok) return start_step(step + 1);
    log_warn("start-up: trying again in " + std::to_string(options_.startup_retry.count() / 1000) + " ms");
    timers_.push_back(
        scheduler_.after(options_.startup_retry, guard(self_, [this, step] { start_step(step); })));
  };
  if (step == 0) return reconcile(retry);
  if (step == 1) return fetch_balances(retry);
  start_polling();
}

void LiveDriver::start_polling() {
  PollerSinks sinks;
  sinks.ticker = [this](const Ticker& t) { on_ticker(t); };
  sinks.trades = [this](const TradeBatch& b) { on_trades(b); };
  sinks.depth = [this](const Depth& d, bool full) { on_depth(d, full); };
  log_feed_problems(sinks, [this](Feed feed, const Error& e) {
    missing_market("the " + std::string(to_string(feed)) + " feed", e);
  });
  const PollerConfig pc = poller_config(options_.poll, options_.jitter_seed, trades_cursor_);
  poller_ = std::make_unique<MarketPoller>(exchange_, scheduler_, pc, std::move(sinks));
  poller_->start();
  trading_ = true;
  log_info("polling " + options_.pair.code() + ": trading once market data arrives");

  every(options_.poll.timer, [this](Action next) {
    handle(core_.on_timer(now()));
    next();
  });
  every(options_.poll.balances, [this](Action next) { fetch_balances([next](bool) { next(); }); });
  every(options_.poll.reconcile, [this](Action next) { reconcile([next](bool) { next(); }); });
  every(options_.poll.own_trades, [this](Action next) {
    fetch_fills([this, next](Result<std::vector<engine::Fill>> fills) {
      if (!fills) {
        log_warn("own trades: " + fills.error().describe());
      } else if (!halted_ && !fills->empty()) {
        handle(core_.on_own_trades(now(), *fills));
      }
      next();
    });
  });
}

// Runs `job` every `interval`, counted from the end of the previous run (job calls `next` when done).
void LiveDriver::every(Micros interval, std::function<void(Action next)> job) {
  const size_t slot = timers_.size();
  timers_.push_back(0);
  auto tick = std::make_shared<Action>();
  // The timer holds the task, the task holds `tick` weakly: no cycle, and it stops with the driver.
  *tick = [this, interval, job = std::move(job), slot, weak_tick = std::weak_ptr<Action>(tick)] {
    timers_[slot] = scheduler_.after(interval, guard(self_, [this, job, weak_tick] {
                                       if (stopping_ || halted_) return;
                                       auto tick = weak_tick.lock();
                                       if (tick) job(*tick);
                                     }));
  };
  ticks_.push_back(tick);
  (*tick)();
}

void LiveDriver::on_trades(const TradeBatch& batch) {
  market_data_arrived();
  const auto arrived = std::chrono::steady_clock::now();
  const WallTime t = now();
  auto rows = trade_batch_rows(batch.trades, options_.pair, trades_cursor_name(options_.exchange, options_.pair),
                               batch.cursor, t);
  // The poller asks for more only after this: a crash before the rows are durable re-fetches them.
  submit(std::move(rows), [this, cursor = batch.cursor] {
    if (poller_) poller_->acknowledge(cursor);
  });
  handle(core_.on_trades(t, options_.pair, batch.trades));
  decided(arrived);
}

void LiveDriver::on_ticker(const Ticker& ticker) {
  market_data_arrived();
  const auto arrived = std::chrono::steady_clock::now();
  const WallTime t = now();
  submit({ticker_row(ticker, options_.pair, t)});
  handle(core_.on_ticker(t, options_.pair, ticker));
  decided(arrived);
}

void LiveDriver::on_depth(const Depth& depth, bool full) {
  market_data_arrived();
  const auto arrived = std::chrono::steady_clock::now();
  const WallTime t = now();
  if (full || !last_depth_row_ || t - *last_depth_row_ >= options_.depth_snapshot_every) {
    last_depth_row_ = t;
    submit({depth_row(depth, options_.pair, t)});
  }
  handle(core_.on_book(t, options_.pair, depth));
  decided(arrived);
}

// --- shut-down -----------------------------------------------------------------------------------

void LiveDriver::shutdown(bool cancel_open, Micros deadline, std::function<void(const Status&)> done) {
  if (stopping_ || halted_) return;
  stopping_ = true;
  trading_ = false;
  if (poller_) poller_->stop();
  for (Scheduler::TimerId id : timers_) scheduler_.cancel(id);
  log_info(cancel_open ? "shutting down: cancelling open orders" : "shutting down: open orders stay open");

  auto finish = std::make_shared<std::function<void(const Status&)>>(std::move(done));
  auto finish_once = [finish](const Status& status) {
    if (auto f = std::exchange(*finish, nullptr)) f(status);
  };
  const MonoTime until = scheduler_.now() + deadline;
  timers_.push_back(scheduler_.at(
      until, guard(self_, [this, finish_once] {
        finish_once(
            make_error(Errc::kTimeout, std::to_string(in_flight_ + waiting_.size()) +
                                           " exchange requests still unanswered at the shut-down deadline"));
      })));
  handle(core_.stop(now(), cancel_open));
  // Once every answer is in: a last look at our fills and balances, so the history ends complete.
  idle_then(until, [this, finish_once] {
    reconcile([this, finish_once](bool reconciled) {
      fetch_balances([finish_once, reconciled](bool balances) {
        if (reconciled && balances) return finish_once(Status());
        finish_once(
            make_error(Errc::kNetwork, "the last reconciliation or balance fetch failed (see the log)"));
      });
    });
  });
}

void LiveDriver::idle_then(MonoTime deadline, Action then) {
  if ((waiting_.empty() && in_flight_ == 0) || scheduler_.now() >= deadline) return then();
  timers_.push_back(scheduler_.after(
      kIdlePoll, guard(self_, [this, deadline, then = std::move(then)] { idle_then(deadline, then); })));
}

}  // namespace dealer::live
