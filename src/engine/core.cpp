#include "engine/core.h"

#include <algorithm>
#include <exception>

namespace dealer::engine {

struct Core::Market {
  Pair pair;
  Book book;
  Tape tape;
  std::optional<Ticker> ticker;
  std::vector<size_t> slots;  // strategies trading this pair
};

struct Core::Slot {
  std::unique_ptr<Strategy> strategy;
  Market* market = nullptr;
  bool enabled = true;
  std::string disabled_reason;
  bool paused = false;  // by the operator: no market events, no placing
  bool acted = false;  // placed, cancelled, decided or heard of its orders during the current callback
  std::vector<const OrderRecord*> orders;  // not terminal, oldest first
};

Core::Core(CoreConfig config) : config_(std::move(config)), orders_(config_.orders), risk_(config_.risk) {}
Core::~Core() = default;

Status Core::add_strategy(std::unique_ptr<Strategy> strategy) {
  if (slot_by_id_.contains(strategy->id())) {
    return make_error(Errc::kConfig, "strategy id \"" + strategy->id() + "\" is used twice");
  }
  Market& m = market_or_add(strategy->pair());
  slot_by_id_[strategy->id()] = slots_.size();
  m.slots.push_back(slots_.size());
  Slot slot;
  slot.strategy = std::move(strategy);
  slot.market = &m;
  slots_.push_back(std::move(slot));
  return {};
}

Status Core::replace_strategy(std::unique_ptr<Strategy> fresh) {
  auto it = slot_by_id_.find(fresh->id());
  if (it == slot_by_id_.end())
    return make_error(Errc::kNotFound, "no strategy \"" + fresh->id() + "\" runs: a new one needs a restart");
  Slot& slot = slots_[it->second];
  if (fresh->pair() != slot.market->pair) {
    return make_error(Errc::kInvalidArgument, "strategy \"" + fresh->id() + "\" trades " +
                                                  slot.market->pair.code() +
                                                  ": another pair needs a restart");
  }
  Status carried = Status();
  try {
    carried = fresh->load_state(slot.strategy->save_state());
  } catch (const std::exception& e) {
    carried = make_error(Errc::kParse, std::string("load_state threw: ") + e.what());
  }
  if (!carried) {
    return make_error(
        carried.error().code,
        "strategy \"" + fresh->id() + "\": its state does not carry over: " + carried.error().message);
  }
  slot.strategy = std::move(fresh);
  return {};
}

std::vector<StrategyView> Core::strategies() const {
  std::vector<StrategyView> out;
  for (const Slot& s : slots_) {
    StrategyView v{s.strategy->id(), s.market->pair, s.enabled, s.disabled_reason, {}, {}, s.paused};
    try {
      v.state = s.strategy->save_state();
      v.described = s.strategy->describe_state();
    } catch (const std::exception& e) {
      v.state = v.described = std::string("(save_state threw: ") + e.what() + ")";
    }
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<Balance> Core::balances() const {
  std::vector<Balance> out;
  for (const auto& b : balances_) {
    if (b) out.push_back(*b);
  }
  return out;
}

Effects& Core::begin() {
  effects_.clear();
  return effects_;
}

Core::Market* Core::market(Pair pair) {
  for (auto& m : markets_) {
    if (m->pair == pair) return m.get();
  }
  return nullptr;
}

Core::Market& Core::market_or_add(Pair pair) {
  if (Market* m = market(pair)) return *m;
  markets_.push_back(std::make_unique<Market>());
  markets_.back()->pair = pair;
  return *markets_.back();
}

const Book* Core::book(Pair pair) const {
  for (const auto& m : markets_) {
    if (m->pair == pair) return &m->book;
  }
  return nullptr;
}

bool Core::strategy_enabled(const std::string& id) const {
  auto it = slot_by_id_.find(id);
  return it != slot_by_id_.end() && slots_[it->second].enabled;
}

std::span<const Effect> Core::restore(WallTime now, const RestoreData& data) {
  Effects& out = begin();
  orders_.restore(now, data.orders, data.fills, data.next_client_id, out);
  views_dirty_ = true;
  for (const StrategyState& s : data.states) {
    auto it = slot_by_id_.find(s.strategy_id);
    if (it == slot_by_id_.end()) continue;  // a strategy no longer configured
    Status loaded = Status();
    try {
      loaded = slots_[it->second].strategy->load_state(s.state);
    } catch (const std::exception& e) {
      loaded = make_error(Errc::kParse, e.what());
    }
    if (!loaded) disable(it->second, now, "saved state unreadable: " + loaded.error().describe());
  }
  // Each strategy hears of each of its orders as restored (fills counted while it was down included),
  // after its state is loaded, in client id order.
  auto& notices = orders_.notices();
  notices.clear();
  std::vector<ClientId> ids;
  for (const auto& [id, o] : orders_.orders()) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  for (ClientId id : ids) {
    notices.push_back(OrderNotice{OrderNotice::Kind::kUpdate, id, std::nullopt, std::nullopt});
  }
  deliver_notices(now);
  if (orders_.any_ambiguous()) last_reconcile_request_ = now;
  return effects_;
}

// Runs one strategy callback: the context, the exception guard, then the strategy's state and sends.
template <class Fn>
void Core::run(size_t slot, WallTime now, Fn&& callback) {
  Slot& s = slots_[slot];
  if (!s.enabled) return;
  if (views_dirty_) refresh_order_views();
  StrategyContext ctx(*this, slot, now);
  std::string failure;
  try {
    callback(*s.strategy, ctx);
  } catch (const std::exception& e) {
    failure = std::string("threw: ") + e.what();
  } catch (...) {
    failure = "threw a non-standard exception";
  }
  finish_callback(slot, now);
  if (!failure.empty()) disable(slot, now, failure);
}

// After a callback in which the strategy acted: its state, then what it sent. Orders it placed before
// failing are written and go out regardless; once disabled, they are cancelled as soon as they rest.
void Core::finish_callback(size_t slot, WallTime now) {
  Slot& s = slots_[slot];
  if (!s.acted && staged_.empty()) return;
  s.acted = false;
  std::string failure;
  try {
    effects_.push_back(PersistStrategyState{s.strategy->id(), s.strategy->save_state()});
  } catch (const std::exception& e) {
    failure = std::string("save_state threw: ") + e.what();
  } catch (...) {
    failure = "save_state threw a non-standard exception";
  }
  for (Effect& e : staged_) effects_.push_back(std::move(e));
  staged_.clear();
  if (!failure.empty()) disable(slot, now, failure);
}

void Core::refresh_order_views() {
  for (Slot& s : slots_) s.orders.clear();
  for (auto& m : markets_) {
    std::vector<OwnQuote> own;
    for (const auto& [id, o] : orders_.orders()) {
      if (o.pair == m->pair && (o.state == OrderState::kOpen || o.state == OrderState::kPartiallyFilled ||
                                o.state == OrderState::kCancelling)) {
        own.push_back(OwnQuote{o.side, o.price, o.remaining()});
      }
    }
    m->book.set_own(std::move(own));
  }
  for (const auto& [id, o] : orders_.orders()) {
    if (is_terminal(o.state)) continue;
    auto it = slot_by_id_.find(o.strategy_id);
    if (it != slot_by_id_.end()) slots_[it->second].orders.push_back(&o);
  }
  for (Slot& s : slots_) {
    std::sort(s.orders.begin(), s.orders.end(),
              [](const OrderRecord* a, const OrderRecord* b) { return a->client_id < b->client_id; });
  }
  views_dirty_ = false;
}

void Core::deliver_notices(WallTime now) {
  auto& notices = orders_.notices();
  if (!notices.empty()) views_dirty_ = true;
  // Callbacks may cancel, which adds notices: index, not iterators.
  for (size_t i = 0; i < notices.size(); ++i) {
    const OrderNotice notice = notices[i];
    const OrderRecord* o = orders_.find(notice.client_id);
    if (o == nullptr) continue;
    auto it = slot_by_id_.find(o->strategy_id);
    if (it == slot_by_id_.end()) continue;
    slots_[it->second].acted = true;
    if (notice.kind == OrderNotice::Kind::kFill) {
      run(it->second, now, [&](Strategy& s, StrategyContext& ctx) { s.on_fill(ctx, *o, *notice.fill); });
    } else {
      const Error* error = notice.error ? &*notice.error : nullptr;
      run(it->second, now, [&](Strategy& s, StrategyContext& ctx) { s.on_order(ctx, *o, error); });
    }
    slots_[it->second].acted = false;
  }
  notices.clear();
}

std::span<const Effect> Core::on_trades(WallTime now, Pair pair, std::span<const Trade> trades) {
  begin();
  Market* m = market(pair);
  if (m == nullptr || trades.empty()) return effects_;
  for (const Trade& t : trades) m->tape.add(t);
  for (size_t slot : m->slots) {
    if (slots_[slot].paused) continue;
    run(slot, now, [&](Strategy& s, StrategyContext& ctx) { s.on_trades(ctx, trades); });
  }
  if (risk_.watches_equity()) mark_equity(now);
  return effects_;
}

std::span<const Effect> Core::on_book(WallTime now, Pair pair, const Depth& depth) {
  begin();
  Market& m = market_or_add(pair);
  if (Book::crossed(depth)) {
    // A snapshot that cannot be right is not applied: strategies keep the last good book (which ages
    // towards stale) and the driver is asked for another.
    effects_.push_back(RequestBook{pair, "crossed depth snapshot: best bid at or above best ask"});
    return effects_;
  }
  m.book.apply(now, depth);
  for (size_t slot : m.slots) {
    if (slots_[slot].paused) continue;
    run(slot, now, [&](Strategy& s, StrategyContext& ctx) { s.on_book(ctx); });
  }
  return effects_;
}

std::span<const Effect> Core::on_ticker(WallTime now, Pair pair, const Ticker& ticker) {
  begin();
  Market& m = market_or_add(pair);
  m.ticker = ticker;
  for (size_t slot : m.slots) {
    if (slots_[slot].paused) continue;
    run(slot, now, [&](Strategy& s, StrategyContext& ctx) { s.on_ticker(ctx, ticker); });
  }
  return effects_;
}

std::span<const Effect> Core::on_balances(WallTime now, std::span<const Balance> balances) {
  begin();
  for (const Balance& b : balances) balances_[b.currency.index()] = b;
  balances_time_ = now;
  if (risk_.watches_equity()) mark_equity(now);
  return effects_;
}

std::span<const Effect> Core::on_timer(WallTime now) {
  begin();
  if (config_.max_book_age.count() > 0) {
    for (auto& m : markets_) {
      if (!m->slots.empty() && m->book.stale(now, config_.max_book_age)) {
        effects_.push_back(RequestBook{
            m->pair, "book older than " + std::to_string(config_.max_book_age.count() / 1'000'000) + " s"});
      }
    }
  }
  const auto unsettled = orders_.oldest_unsettled();
  const Micros since_last = now - last_reconcile_request_;
  if (orders_.any_ambiguous() && since_last >= config_.reconcile_interval) {
    last_reconcile_request_ = now;
    effects_.push_back(RequestReconcile{unsettled.value_or(now), "ambiguous orders unresolved"});
  } else if (unsettled && config_.periodic_reconcile.count() > 0 &&
             since_last >= config_.periodic_reconcile) {
    // Orders closed by someone else leave only the open-orders snapshot to tell.
    last_reconcile_request_ = now;
    effects_.push_back(RequestReconcile{*unsettled, "periodic check of open orders"});
  }
  if (orders_.prune(now - config_.retention) > 0) views_dirty_ = true;
  for (size_t slot = 0; slot < slots_.size(); ++slot) {
    if (slots_[slot].paused) continue;
    run(slot, now, [&](Strategy& s, StrategyContext& ctx) { s.on_timer(ctx); });
  }
  return effects_;
}

std::span<const Effect> Core::on_placed(WallTime now, ClientId id, const std::string& exchange_id) {
  begin();
  orders_.on_placed(now, id, exchange_id, effects_);
  risk_.record_success();
  deliver_notices(now);
  take_back_orphans(now, "nobody minds it: halted or its strategy disabled");
  return effects_;
}

std::span<const Effect> Core::on_place_rejected(WallTime now, ClientId id, const Error& error) {
  begin();
  orders_.on_place_rejected(now, id, error, effects_);
  if (const OrderRecord* o = orders_.find(id); o != nullptr && o->state == OrderState::kRejected) {
    decide(now, o->strategy_id, DecisionKind::kOrderRejected,
           "order " + std::to_string(id) + " rejected by the exchange: " + error.describe());
  }
  deliver_notices(now);
  order_error(now, "place of order " + std::to_string(id) + " rejected: " + error.describe());
  return effects_;
}

std::span<const Effect> Core::on_place_ambiguous(WallTime now, ClientId id, const Error& error) {
  begin();
  orders_.on_place_ambiguous(now, id, error, effects_);
  last_reconcile_request_ = now;
  deliver_notices(now);
  order_error(now, "place of order " + std::to_string(id) + " ambiguous: " + error.describe());
  return effects_;
}

std::span<const Effect> Core::on_cancelled(WallTime now, ClientId id) {
  begin();
  orders_.on_cancelled(now, id, effects_);
  risk_.record_success();
  deliver_notices(now);
  return effects_;
}

std::span<const Effect> Core::on_cancel_failed(WallTime now, ClientId id, const Error& error) {
  begin();
  orders_.on_cancel_failed(now, id, error, effects_);
  deliver_notices(now);
  order_error(now, "cancel of order " + std::to_string(id) + " failed: " + error.describe());
  take_back_orphans(now, "nobody minds it: halted or its strategy disabled");
  return effects_;
}

std::span<const Effect> Core::on_fill(WallTime now, const Fill& fill) {
  return on_own_trades(now, {&fill, 1});
}

std::span<const Effect> Core::on_own_trades(WallTime now, std::span<const Fill> fills) {
  begin();
  for (const Fill& f : fills) orders_.on_fill(now, f, effects_);
  deliver_notices(now);
  return effects_;
}

std::span<const Effect> Core::on_reconcile(WallTime now, std::span<const Order> open_orders,
                                           std::span<const Fill> own_trades) {
  begin();
  orders_.on_reconcile(now, open_orders, own_trades, effects_);
  deliver_notices(now);
  take_back_orphans(now, "nobody minds it: halted or its strategy disabled");
  return effects_;
}

std::span<const Effect> Core::stop(WallTime now, bool cancel_open) {
  begin();
  halted_ = true;
  stopped_ = true;
  if (halt_reason_.empty()) halt_reason_ = "stopping";
  cancel_when_halted_ = cancel_open;
  decide(now, {}, DecisionKind::kHalt, cancel_open ? "stopping: cancelling open orders" : "stopping");
  for (size_t slot = 0; slot < slots_.size(); ++slot) {
    run(slot, now, [&](Strategy& s, StrategyContext& ctx) { s.on_stop(ctx); });
  }
  take_back_orphans(now, "stopping");
  deliver_notices(now);
  return effects_;
}

Result<std::span<const Effect>> Core::pause(WallTime now, const std::string& id, bool cancel_orders) {
  begin();
  auto it = slot_by_id_.find(id);
  if (it == slot_by_id_.end()) return make_error(Errc::kNotFound, "no strategy \"" + id + "\"");
  Slot& s = slots_[it->second];
  s.paused = true;
  decide(now, id, DecisionKind::kStrategy,
         cancel_orders ? "paused by the operator; its open orders are cancelled" : "paused by the operator");
  if (cancel_orders) {
    for (const auto& [cid, o] : orders_.orders()) {
      if (o.strategy_id == id && (o.state == OrderState::kOpen || o.state == OrderState::kPartiallyFilled))
        orphans_.push_back(cid);
    }
    std::sort(orphans_.begin(), orphans_.end());
    for (ClientId cid : orphans_) (void)orders_.cancel(now, cid, "strategy " + id + " paused", effects_);
    if (!orphans_.empty()) views_dirty_ = true;
    orphans_.clear();
  }
  return std::span<const Effect>(effects_);
}

Result<std::span<const Effect>> Core::resume(WallTime now, const std::string& id) {
  begin();
  auto it = slot_by_id_.find(id);
  if (it == slot_by_id_.end()) return make_error(Errc::kNotFound, "no strategy \"" + id + "\"");
  slots_[it->second].paused = false;
  decide(now, id, DecisionKind::kStrategy, "resumed by the operator");
  return std::span<const Effect>(effects_);
}

std::span<const Effect> Core::kill(WallTime now, const std::string& reason) {
  begin();
  if (!halted_) by_operator_ = true;  // a halt of the risk limits' stays theirs
  halt(now, reason);
  return effects_;
}

Result<std::span<const Effect>> Core::resume_trading(WallTime now) {
  begin();
  if (stopped_) return make_error(Errc::kInvalidArgument, "the bot is stopping: it does not trade again");
  if (!halted_) return make_error(Errc::kInvalidArgument, "not halted: nothing to resume");
  halted_ = false;
  by_operator_ = false;
  cancel_when_halted_ = false;
  halt_reason_.clear();
  risk_.record_success();  // the run of errors that may have tripped it starts again from zero
  decide(now, {}, DecisionKind::kStrategy, "trading resumed by the operator after the kill switch");
  return std::span<const Effect>(effects_);
}

Result<std::span<const Effect>> Core::cancel(WallTime now, ClientId id, const std::string& reason) {
  begin();
  const OrderRecord* o = orders_.find(id);
  if (o == nullptr) return make_error(Errc::kNotFound, "no order " + std::to_string(id));
  if (o->state != OrderState::kOpen && o->state != OrderState::kPartiallyFilled) {
    return make_error(Errc::kInvalidArgument, "order " + std::to_string(id) + " is " +
                                                  std::string(to_string(o->state)) + ", not open");
  }
  if (Status s = orders_.cancel(now, id, reason, effects_); !s) return s.error();
  views_dirty_ = true;
  return std::span<const Effect>(effects_);
}

bool Core::paused(const std::string& id) const {
  auto it = slot_by_id_.find(id);
  return it != slot_by_id_.end() && slots_[it->second].paused;
}

std::optional<Price> Core::last_price(Pair pair) const {
  for (const auto& m : markets_) {
    if (m->pair != pair) continue;
    if (auto last = m->tape.last()) return last->price;
  }
  return std::nullopt;
}

void Core::order_error(WallTime now, const std::string& what) {
  if (auto reason = risk_.record_error(what)) halt(now, *reason);
}

void Core::halt(WallTime now, std::string reason) {
  if (halted_) return;
  halted_ = true;
  halt_reason_ = "kill switch: " + reason;
  cancel_when_halted_ = true;
  decide(now, {}, DecisionKind::kHalt,
         "kill switch: " + reason + "; cancelling everything, placing nothing more");
  take_back_orphans(now, "kill switch");
  deliver_notices(now);
}

void Core::disable(size_t slot, WallTime now, std::string reason) {
  Slot& s = slots_[slot];
  if (!s.enabled) return;
  s.enabled = false;
  s.disabled_reason = reason;
  decide(now, s.strategy->id(), DecisionKind::kDisabled,
         reason + "; disabled, its open orders are cancelled");
  take_back_orphans(now, "strategy " + s.strategy->id() + " disabled");
}

// Cancels the open orders nobody minds any more: all of them once halted (by the kill switch, or by
// stop() if asked to cancel), and those of disabled or no longer configured strategies. Called
// whenever that may have changed or an order may have come to rest (placed, found by reconciliation).
void Core::take_back_orphans(WallTime now, const std::string& reason) {
  for (const auto& [id, o] : orders_.orders()) {
    if (o.state != OrderState::kOpen && o.state != OrderState::kPartiallyFilled) continue;
    if ((halted_ && cancel_when_halted_) || !strategy_enabled(o.strategy_id)) orphans_.push_back(id);
  }
  std::sort(orphans_.begin(), orphans_.end());
  for (ClientId id : orphans_) (void)orders_.cancel(now, id, reason, effects_);
  if (!orphans_.empty()) views_dirty_ = true;
  orphans_.clear();
}

void Core::mark_equity(WallTime now) {
  const Currency v = config_.valuation;
  if (!balances_[v.index()]) return;
  int64_t equity = balances_[v.index()]->total.raw();
  for (const auto& m : markets_) {
    const auto& item = balances_[m->pair.item.index()];
    auto last = m->tape.last();
    if (m->pair.quote != v || !item || !last) continue;
    auto value = cost_of(last->price, Amount(item->total.raw()), m->pair.item.decimals());
    if (!value) return;  // absurd figures; nothing sensible to mark
    equity += value->raw();
  }
  if (auto reason = risk_.observe_equity(equity, v)) halt(now, *reason);
}

std::optional<int64_t> Core::free_balance(Currency currency) const {
  const auto& b = balances_[currency.index()];
  if (!b) return std::nullopt;
  int64_t free = b->total.raw() - b->in_open_orders.raw();
  for (const auto& [id, o] : orders_.orders()) {
    // Orders the snapshot cannot know yet: placed after it, or not confirmed at all.
    if (is_terminal(o.state) ||
        (o.created < balances_time_ && o.state != OrderState::kSent && o.state != OrderState::kAmbiguous)) {
      continue;
    }
    if (o.side == Side::kBid && o.pair.quote == currency) {
      auto cost = cost_of(o.price, o.remaining(), o.pair.item.decimals());
      free -= cost ? cost->raw() : 0;
    } else if (o.side == Side::kAsk && o.pair.item == currency) {
      free -= o.remaining().raw();
    }
  }
  return free;
}

Result<ClientId> Core::place(size_t slot, WallTime now, Side side, Price price, Amount amount,
                             std::string_view reason) {
  Slot& s = slots_[slot];
  const std::string& id = s.strategy->id();
  if (halted_ || !s.enabled) return make_error(Errc::kInvalidArgument, "halted: no orders are placed");
  if (s.paused) return make_error(Errc::kInvalidArgument, "paused by the operator: no orders are placed");
  if (orders_.has_ambiguous(id)) {
    return make_error(Errc::kAmbiguous,
                      "an ambiguous order of " + id + " is being reconciled: nothing is placed");
  }
  OrderCheck check;
  check.pair = s.market->pair;
  check.side = side;
  check.price = price;
  check.amount = amount;
  for (const auto& [cid, o] : orders_.orders()) {
    if (is_terminal(o.state)) continue;
    ++check.open_orders;
    if (o.side == side && o.pair.item == s.market->pair.item) check.open_same_side += o.remaining();
    // An ambiguous or unanswered order may rest at the exchange too.
    if (o.side != side && o.pair == s.market->pair && o.price.raw() > 0) {
      const bool first = !check.own_opposite || (o.side == Side::kAsk ? o.price < *check.own_opposite
                                                                      : o.price > *check.own_opposite);
      if (first) check.own_opposite = o.price;
    }
  }
  check.position = orders_.position(s.market->pair.item);
  if (risk_.collars_prices()) {
    check.reference = reference_price(s.market->book, s.market->tape, now, config_.max_book_age);
    // No reference yet (just started: no fresh book, too few trades): no order, and no decision. The
    // strategy tries again later (kAmbiguous, as strategy.h has it for "try again later"), rather than
    // spend a one-shot trigger on a refusal (a watch_price rule fires once).
    if (!check.reference) {
      return make_error(Errc::kAmbiguous, "no reference price yet (no fresh two-sided book, fewer than " +
                                              std::to_string(kMinReferenceTrades) +
                                              " trades): the price collar places nothing until there is one");
    }
  }
  check.free = free_balance(side == Side::kBid ? s.market->pair.quote : s.market->pair.item);
  if (auto refusal = risk_.refuse(check, now)) {
    s.acted = true;
    decide(now, id, DecisionKind::kRiskRejected, "order refused: " + *refusal);
    return make_error(Errc::kInvalidArgument, *refusal);
  }
  risk_.record_placement(now);
  s.acted = true;
  views_dirty_ = true;
  return orders_.place(now, id, s.market->pair, side, price, amount, std::string(reason), staged_).client_id;
}

void Core::decide(WallTime now, const std::string& strategy_id, DecisionKind kind, std::string reason) {
  effects_.push_back(PersistDecision{Decision{now, strategy_id, kind, std::move(reason)}});
}

// --- StrategyContext: a thin window onto the core for one strategy --------------------------------

WallTime StrategyContext::now() const { return now_; }
const std::string& StrategyContext::strategy_id() const { return core_.slots_[slot_].strategy->id(); }
Pair StrategyContext::pair() const { return core_.slots_[slot_].market->pair; }
const Book& StrategyContext::book() const { return core_.slots_[slot_].market->book; }
const Tape& StrategyContext::tape() const { return core_.slots_[slot_].market->tape; }

std::optional<Price> StrategyContext::last_price() const {
  auto last = tape().last();
  if (!last) return std::nullopt;
  return last->price;
}

const Ticker* StrategyContext::ticker() const {
  const auto& t = core_.slots_[slot_].market->ticker;
  return t ? &*t : nullptr;
}

bool StrategyContext::halted() const { return core_.halted_; }

std::optional<int64_t> StrategyContext::free_balance(Currency currency) const {
  return core_.free_balance(currency);
}

const std::vector<const OrderRecord*>& StrategyContext::orders() const {
  if (core_.views_dirty_) core_.refresh_order_views();
  return core_.slots_[slot_].orders;
}

const OrderRecord* StrategyContext::order(ClientId id) const {
  const OrderRecord* o = core_.orders_.find(id);
  return o != nullptr && o->strategy_id == strategy_id() ? o : nullptr;
}

Result<ClientId> StrategyContext::place(Side side, Price price, Amount amount, std::string_view reason) {
  return core_.place(slot_, now_, side, price, amount, reason);
}

Status StrategyContext::cancel(ClientId id, std::string_view reason) {
  if (order(id) == nullptr)
    return make_error(Errc::kNotFound, "no order " + std::to_string(id) + " of this strategy");
  core_.slots_[slot_].acted = true;
  core_.views_dirty_ = true;
  return core_.orders_.cancel(now_, id, std::string(reason), core_.staged_);
}

void StrategyContext::decide(std::string_view reason) {
  core_.slots_[slot_].acted = true;
  core_.decide(now_, strategy_id(), DecisionKind::kStrategy, std::string(reason));
}

}  // namespace dealer::engine
