#include "engine/order_manager.h"

#include <algorithm>

namespace dealer::engine {
namespace {

std::string describe(const OrderRecord& o) {
  return "order " + std::to_string(o.client_id) + " (" +
         std::string(o.side == Side::kBid ? "buy " : "sell ") + o.pair.format_amount(o.amount) + " at " +
         o.pair.format_price(o.price) + ")";
}

bool cancellable(OrderState s) { return s == OrderState::kOpen || s == OrderState::kPartiallyFilled; }

// Whether a fill price is one the order could have executed at: at its limit or better.
bool within_limit(const OrderRecord& o, Price fill_price) {
  return o.side == Side::kBid ? fill_price <= o.price : fill_price >= o.price;
}

}  // namespace

void OrderManager::restore(WallTime now, std::span<const OrderRecord> orders, std::span<const Fill> fills,
                           ClientId next_client_id, Effects& out) {
  next_id_ = std::max(next_id_, next_client_id);
  for (const OrderRecord& row : orders) {
    OrderRecord& o = orders_[row.client_id] = row;
    o.filled = Amount(0);
    if (!o.exchange_id.empty()) by_exchange_id_[o.exchange_id] = o.client_id;
    next_id_ = std::max(next_id_, o.client_id + 1);
  }
  for (const Fill& f : fills) {
    OrderRecord* o = order_for_fill(f);
    applied_.emplace(key_of(f, o), Applied{f.price, f.amount});
    if (o == nullptr) continue;  // a fill of a pruned order: already in the store, nothing to settle
    o->filled += f.amount;
    position_[o->pair.item.index()] += o->side == Side::kBid ? f.amount.raw() : -f.amount.raw();
  }
  bool reconcile = false;
  for (auto& [id, o] : orders_) {
    if (o.state == OrderState::kNew || o.state == OrderState::kSent) {
      // Written, perhaps sent, answer unknown: the place may have landed. The window runs from the last
      // change, so a long downtime does not give it up before one reconciliation has looked.
      o.state = OrderState::kAmbiguous;
      o.updated = now;
      out.push_back(PersistOrder{o, "restored unanswered: the place may have reached the exchange"});
      reconcile = true;
    } else if (!is_terminal(o.state) && o.complete()) {
      set_state(now, o, OrderState::kFilled, "restored: its fills cover the amount", out);
    } else if (!is_terminal(o.state)) {
      // The answer to a cancel may have been lost with the crash: ask again (a second cancel of a
      // closed order only fails).
      if (o.state == OrderState::kCancelling) out.push_back(SendCancel{id, o.pair, o.side, o.exchange_id});
      reconcile = true;
    }
  }
  if (reconcile) {
    out.push_back(RequestReconcile{oldest_unsettled().value_or(now), "start-up: settle orders left open"});
  }
}

const OrderRecord& OrderManager::place(WallTime now, const std::string& strategy_id, Pair pair, Side side,
                                       Price price, Amount amount, std::string reason, Effects& out) {
  const ClientId id = next_id_++;
  OrderRecord& o = orders_[id];
  o.client_id = id;
  o.strategy_id = strategy_id;
  o.pair = pair;
  o.side = side;
  o.price = price;
  o.amount = amount;
  o.state = OrderState::kNew;
  o.created = o.updated = now;
  out.push_back(PersistOrder{o, std::move(reason)});
  out.push_back(SendPlace{id, pair, side, price, amount});
  o.state = OrderState::kSent;  // the driver sends in effect order; "sent" is not written separately
  return o;
}

Status OrderManager::cancel(WallTime now, ClientId id, std::string reason, Effects& out) {
  auto it = orders_.find(id);
  if (it == orders_.end()) return make_error(Errc::kNotFound, "no order " + std::to_string(id));
  OrderRecord& o = it->second;
  if (!cancellable(o.state)) {
    return make_error(Errc::kInvalidArgument,
                      describe(o) + " cannot be cancelled while " + std::string(to_string(o.state)));
  }
  // No notice: whoever cancels knows it.
  o.state = OrderState::kCancelling;
  o.updated = now;
  out.push_back(PersistOrder{o, std::move(reason)});
  out.push_back(SendCancel{id, o.pair, o.side, o.exchange_id});
  return {};
}

OrderRecord* OrderManager::lookup(ClientId id, std::string_view event, WallTime now, Effects& out) {
  auto it = orders_.find(id);
  if (it != orders_.end()) return &it->second;
  anomaly(now, std::string(event) + " for unknown order " + std::to_string(id) + ": ignored", out);
  return nullptr;
}

void OrderManager::on_placed(WallTime now, ClientId id, const std::string& exchange_id, Effects& out) {
  OrderRecord* o = lookup(id, "placed", now, out);
  if (o == nullptr) return;
  if (auto bound = by_exchange_id_.find(exchange_id); bound != by_exchange_id_.end() && bound->second != id) {
    anomaly(now,
            "placed answer names " + exchange_id + " for " + describe(*o) + ", already known as order " +
                std::to_string(bound->second) + ": ignored",
            out);
    return;
  }
  if (o->state != OrderState::kSent && o->state != OrderState::kAmbiguous) {
    anomaly(now,
            "placed answer for " + describe(*o) + " while " + std::string(to_string(o->state)) + ": ignored",
            out);
    return;
  }
  bind(*o, exchange_id);
  set_state(now, *o, o->filled.raw() > 0 ? OrderState::kPartiallyFilled : OrderState::kOpen,
            "placed as " + exchange_id, out);
}

void OrderManager::on_place_rejected(WallTime now, ClientId id, const Error& error, Effects& out) {
  OrderRecord* o = lookup(id, "rejection", now, out);
  if (o == nullptr) return;
  if (o->state != OrderState::kSent) {
    anomaly(now, "rejection of " + describe(*o) + " while " + std::string(to_string(o->state)) + ": ignored",
            out);
    return;
  }
  set_state(now, *o, OrderState::kRejected, "rejected by the exchange: " + error.describe(), out, error);
}

void OrderManager::on_place_ambiguous(WallTime now, ClientId id, const Error& error, Effects& out) {
  OrderRecord* o = lookup(id, "ambiguous answer", now, out);
  if (o == nullptr) return;
  if (o->state != OrderState::kSent) {
    anomaly(
        now,
        "ambiguous answer for " + describe(*o) + " while " + std::string(to_string(o->state)) + ": ignored",
        out);
    return;
  }
  set_state(now, *o, OrderState::kAmbiguous, "place may have landed: " + error.describe(), out, error);
  out.push_back(RequestReconcile{o->created, "ambiguous place of " + describe(*o)});
}

void OrderManager::on_cancelled(WallTime now, ClientId id, Effects& out) {
  OrderRecord* o = lookup(id, "cancelled answer", now, out);
  if (o == nullptr || is_terminal(o->state)) return;  // e.g. filled before the cancel arrived: stays filled
  // Its fills are disputed (or it is otherwise unsettled): "cancelled with what we counted" may be
  // false, so the reconciliation already asked for settles it.
  if (o->state == OrderState::kAmbiguous) return;
  set_state(now, *o, OrderState::kCancelled, "cancelled with " + o->pair.format_amount(o->filled) + " filled",
            out);
}

void OrderManager::on_cancel_failed(WallTime now, ClientId id, const Error& error, Effects& out) {
  OrderRecord* o = lookup(id, "cancel failure", now, out);
  if (o == nullptr || o->state != OrderState::kCancelling) return;
  if (error.code == Errc::kExchange) {
    // Refused (MtGox "Order not found"): the exchange holds it open no more; it filled or was closed.
    // Back to open, its strategy would cancel it again at once, and every refusal would make the
    // reconciliation that settles it start over (issue 13: thousands of cancels, its fills never
    // fetched). It stays cancelling; the reconciliation fetches its fills and settles it.
    set_state(now, *o, OrderState::kCancelling, "cancel refused: " + error.describe(), out, error);
  } else {
    // Unanswered: it may still be open, or have filled meanwhile. Back to what the fills say, and
    // reconcile to learn the rest.
    set_state(now, *o, o->filled.raw() > 0 ? OrderState::kPartiallyFilled : OrderState::kOpen,
              "cancel failed: " + error.describe(), out, error);
  }
  out.push_back(RequestReconcile{o->created, "cancel of " + describe(*o) + " failed"});
}

OrderRecord* OrderManager::order_for_fill(const Fill& fill) {
  if (fill.client_id != 0) {
    auto it = orders_.find(fill.client_id);
    return it == orders_.end() ? nullptr : &it->second;
  }
  auto it = by_exchange_id_.find(fill.order_id);
  return it == by_exchange_id_.end() ? nullptr : &orders_.at(it->second);
}

OrderManager::FillKey OrderManager::key_of(const Fill& fill, const OrderRecord* order) {
  std::string order_id = fill.order_id;
  if (order_id.empty() && order != nullptr) {
    order_id = order->exchange_id.empty() ? "#" + std::to_string(order->client_id) : order->exchange_id;
  }
  return {std::move(order_id), fill.trade_id};
}

void OrderManager::on_fill(WallTime now, const Fill& fill, Effects& out) {
  if (fill.trade_id.empty()) {
    anomaly(now, "fill without a trade id for exchange order " + fill.order_id + ": ignored", out);
    return;
  }
  OrderRecord* o = order_for_fill(fill);
  const FillKey key = key_of(fill, o);
  if (o == nullptr) {
    // Not marked seen: a reconciliation may yet find it is an ambiguous order's. Reported once.
    if (!applied_.contains(key) && unknown_reported_.insert(key).second) {
      anomaly(now,
              "fill " + fill.trade_id + " of exchange order " + fill.order_id + " matches no order of ours",
              out);
    }
    return;
  }
  // Built only for a dispute: a fill seen again (every reconciliation feeds them all) costs nothing.
  auto claim = [&] {
    return "fill " + fill.trade_id + " (" + std::string(fill.side == Side::kBid ? "buy " : "sell ") +
           o->pair.format_amount(fill.amount) + " at " + o->pair.format_price(fill.price) + ")";
  };
  if (auto seen = applied_.find(key); seen != applied_.end()) {
    if (seen->second.amount != fill.amount || seen->second.price != fill.price) {
      dispute(now, *o,
              claim() + " contradicts the same fill applied as " + o->pair.format_amount(seen->second.amount) +
                  " at " + o->pair.format_price(seen->second.price),
              out);
    }
    return;
  }
  // A limit order executes at its limit or better, never beyond; nor more than what is left of it.
  if (fill.side != o->side || fill.amount.raw() <= 0 || fill.amount > o->remaining() ||
      !within_limit(*o, fill.price)) {
    dispute(now, *o, claim() + " does not fit it with " + o->pair.format_amount(o->filled) + " filled", out);
    return;
  }
  applied_.emplace(key, Applied{fill.price, fill.amount});
  o->filled += fill.amount;
  position_[o->pair.item.index()] += o->side == Side::kBid ? fill.amount.raw() : -fill.amount.raw();
  Fill stored = fill;
  stored.order_id = key.first[0] == '#' ? std::string() : key.first;
  out.push_back(PersistFill{std::move(stored), o->client_id, now});
  notices_.push_back(OrderNotice{OrderNotice::Kind::kFill, o->client_id, fill, std::nullopt});
  const std::string why = "fill " + fill.trade_id + ": " + o->pair.format_amount(fill.amount) + " at " +
                          o->pair.format_price(fill.price) + ", " + o->pair.format_amount(o->filled) +
                          " of " + o->pair.format_amount(o->amount) + " filled";
  if (o->state == OrderState::kRejected) {
    anomaly(now, describe(*o) + " was given up as never placed, yet filled: " + why, out);
  }
  OrderState next = o->state;
  if (o->complete() && !is_terminal(o->state)) {
    next = OrderState::kFilled;  // also from cancelling: the fill won the race with the cancel
  } else if (o->state == OrderState::kOpen ||
             (o->state == OrderState::kAmbiguous && !disputed_.contains(o->client_id))) {
    next = OrderState::kPartiallyFilled;
  }
  if (next != o->state) {
    set_state(now, *o, next, why, out);
  } else {
    o->updated = now;
    out.push_back(PersistOrder{*o, why});
  }
}

// An exchange order no order of ours is bound to, as one reconciliation snapshot shows it.
struct OrderManager::Candidate {
  std::string id;
  Side side = Side::kBid;
  std::optional<Price> open_price;  // set if it is among the open orders
  Amount open_remaining;
  Amount filled;  // its fills among the own trades
  Price worst_fill_price;
  WallTime first_seen = WallTime::max();
};

std::vector<OrderManager::Candidate> OrderManager::candidates(std::span<const Order> open_orders,
                                                              std::span<const Fill> own_trades) const {
  std::vector<Candidate> out;
  auto entry = [&](const std::string& id, Side side) -> Candidate& {
    for (Candidate& c : out) {
      if (c.id == id) return c;
    }
    Candidate& c = out.emplace_back();
    c.id = id;
    c.side = side;
    return c;
  };
  for (const Order& open : open_orders) {
    if (by_exchange_id_.contains(open.id)) continue;
    Candidate& c = entry(open.id, open.side);
    c.open_price = open.price;
    c.open_remaining = open.amount;
    c.first_seen = std::min(c.first_seen, wall_from_us(open.date * 1'000'000));
  }
  for (const Fill& f : own_trades) {
    if (f.client_id != 0 || by_exchange_id_.contains(f.order_id) || applied_.contains(key_of(f, nullptr))) {
      continue;
    }
    Candidate& c = entry(f.order_id, f.side);
    const bool first_fill = c.filled.raw() == 0;
    c.filled += f.amount;
    // The fill price furthest from any limit the order could have had: a buy's highest, a sell's lowest.
    if (first_fill || (f.side == Side::kBid ? f.price > c.worst_fill_price : f.price < c.worst_fill_price)) {
      c.worst_fill_price = f.price;
    }
    c.first_seen = std::min(c.first_seen, f.time);
  }
  // Oldest first: a candidate can be any order created before it (within the skew), so the earliest
  // has the fewest choices and must choose first.
  std::sort(out.begin(), out.end(),
            [](const Candidate& a, const Candidate& b) { return a.first_seen < b.first_seen; });
  return out;
}

// Whether an order not yet bound to an exchange id can be the candidate: same side; if open, the same
// limit price, else every fill at its limit or better; open remainder plus fills equal to its whole
// amount (a partial match could take another order's fills for ours); seen no earlier than its
// creation minus the skew.
bool OrderManager::fits(const OrderRecord& o, const Candidate& c) const {
  if (!o.exchange_id.empty() || o.side != c.side) return false;
  const bool price_fits = c.open_price ? *c.open_price == o.price : within_limit(o, c.worst_fill_price);
  return price_fits && c.open_remaining + c.filled == o.remaining() &&
         c.first_seen >= o.created - config_.clock_skew;
}

// The ambiguous order the candidate is. Of several, one whose limit equals the candidate's (worst)
// price first, then the one created closest to when the exchange first showed the candidate, then the
// oldest. Orders alike in side, price and amount are interchangeable for the candidate itself, but not
// for the candidates after it: binding a lookalike placed long before would leave the later one to
// take an older candidate's fills at the wrong limit. None while an order still awaiting its answer
// (sent) fits too: the candidate may be that one's, and the answer will tell.
OrderRecord* OrderManager::match_ambiguous(const Candidate& c) {
  const Price price = c.open_price.value_or(c.worst_fill_price);
  auto distance = [&](const OrderRecord& o) { return o.created > c.first_seen ? o.created - c.first_seen
                                                                               : c.first_seen - o.created; };
  auto better = [&](const OrderRecord& o, const OrderRecord& than) {
    if ((o.price == price) != (than.price == price)) return o.price == price;
    if (distance(o) != distance(than)) return distance(o) < distance(than);
    return o.client_id < than.client_id;
  };
  OrderRecord* best = nullptr;
  for (auto& [id, o] : orders_) {
    if (!fits(o, c)) continue;
    if (o.state == OrderState::kSent) return nullptr;
    if (o.state != OrderState::kAmbiguous) continue;
    if (best == nullptr || better(o, *best)) best = &o;
  }
  return best;
}

void OrderManager::on_reconcile(WallTime now, std::span<const Order> open_orders,
                                std::span<const Fill> own_trades, Effects& out) {
  // Disputes are judged afresh by each snapshot: an order stays disputed while a claim in it disagrees.
  disputed_.clear();
  std::vector<Candidate> unmatched;
  for (Candidate& c : candidates(open_orders, own_trades)) {
    OrderRecord* o = match_ambiguous(c);
    if (o == nullptr) {
      unmatched.push_back(std::move(c));
      continue;
    }
    bind(*o, c.id);
    if (c.open_price) {
      set_state(now, *o, OrderState::kOpen, "ambiguous place found among open orders as " + c.id, out);
    }  // else the fills applied next settle it
  }
  for (const Fill& f : own_trades) on_fill(now, f, out);
  std::unordered_set<std::string> open_ids;
  for (const Order& open : open_orders) open_ids.insert(open.id);
  settle_missing(now, open_ids, out);
  give_up_or_keep_ambiguous(now, unmatched, out);
}

void OrderManager::settle_missing(WallTime now, const std::unordered_set<std::string>& open_ids,
                                  Effects& out) {
  for (auto& [id, o] : orders_) {
    const bool held = o.state == OrderState::kOpen || o.state == OrderState::kPartiallyFilled ||
                      o.state == OrderState::kCancelling || o.state == OrderState::kAmbiguous;
    if (!held || o.exchange_id.empty()) continue;
    // Its sources disagree on what it filled: neither "cancelled" nor "open" may be concluded; it stays
    // ambiguous, and so its strategy places nothing, until they agree.
    if (disputed_.contains(id)) continue;
    if (open_ids.contains(o.exchange_id)) {
      if (o.state == OrderState::kAmbiguous) {
        set_state(now, o, o.filled.raw() > 0 ? OrderState::kPartiallyFilled : OrderState::kOpen,
                  "its fills agree again; still open", out);
        continue;
      }
      // Still open though its cancel was refused (or went unanswered) a window ago: ask again, rather
      // than leave it cancelling, and so uncancellable, for good.
      if (o.state == OrderState::kCancelling && now - o.updated >= config_.ambiguous_window) {
        o.updated = now;
        out.push_back(PersistOrder{o, "still open a while after its cancel: cancelling again"});
        out.push_back(SendCancel{id, o.pair, o.side, o.exchange_id});
      }
      continue;
    }
    // Not open any more and its own trades are all in: what did not fill was closed. Never assumed filled.
    if (o.complete()) {
      set_state(now, o, OrderState::kFilled, "no longer open; its fills cover the amount", out);
    } else {
      set_state(now, o, OrderState::kCancelled,
                "no longer open with " + o.pair.format_amount(o.filled) + " of " +
                    o.pair.format_amount(o.amount) + " filled: the rest was closed",
                out);
    }
  }
}

void OrderManager::give_up_or_keep_ambiguous(WallTime now, std::span<const Candidate> unmatched,
                                             Effects& out) {
  for (auto& entry : orders_) {
    OrderRecord& o = entry.second;  // not a structured binding: clang 14 (the fuzz build) cannot capture one
    if (o.state != OrderState::kAmbiguous || !o.exchange_id.empty()) continue;
    if (now - o.updated < config_.ambiguous_window) continue;
    // An exchange order that could be this one, left unmatched for now (an unanswered order fits it
    // too), keeps it waiting for the next reconciliation.
    if (std::any_of(unmatched.begin(), unmatched.end(), [&](const Candidate& c) { return fits(o, c); }))
      continue;
    set_state(now, o, OrderState::kRejected,
              "ambiguous place found neither among open orders nor own trades: it never reached the exchange",
              out);
  }
}

void OrderManager::set_state(WallTime now, OrderRecord& order, OrderState state, std::string reason,
                             Effects& out, std::optional<Error> error) {
  order.state = state;
  order.updated = now;
  out.push_back(PersistOrder{order, std::move(reason)});
  notices_.push_back(
      OrderNotice{OrderNotice::Kind::kUpdate, order.client_id, std::nullopt, std::move(error)});
}

void OrderManager::bind(OrderRecord& order, const std::string& exchange_id) {
  order.exchange_id = exchange_id;
  by_exchange_id_[exchange_id] = order.client_id;
}

void OrderManager::anomaly(WallTime now, std::string reason, Effects& out) {
  out.push_back(PersistDecision{Decision{now, {}, DecisionKind::kAnomaly, std::move(reason)}});
}

// A claim about the order's fills that cannot be true, or contradicts another source. A settled order
// keeps what its agreed fills say (the claim is only reported); an unsettled one becomes ambiguous
// until a reconciliation in which no claim disputes it. Said and asked for once per dispute: while it
// stays ambiguous, Core's timer asks for reconciliations.
void OrderManager::dispute(WallTime now, OrderRecord& o, const std::string& claim, Effects& out) {
  disputed_.insert(o.client_id);
  if (o.state == OrderState::kAmbiguous) return;
  const std::string why = claim + ": not applied";
  if (is_terminal(o.state))
    return anomaly(now, why + "; " + describe(o) + " stays " + std::string(to_string(o.state)), out);
  anomaly(now, why + "; " + describe(o) + " is ambiguous until a reconciliation settles it", out);
  set_state(now, o, OrderState::kAmbiguous, why, out);
  out.push_back(RequestReconcile{o.created, "fills of " + describe(o) + " disagree"});
}

const OrderRecord* OrderManager::find(ClientId id) const {
  auto it = orders_.find(id);
  return it == orders_.end() ? nullptr : &it->second;
}

bool OrderManager::has_ambiguous(const std::string& strategy_id) const {
  return std::any_of(orders_.begin(), orders_.end(), [&](const auto& kv) {
    return kv.second.state == OrderState::kAmbiguous && kv.second.strategy_id == strategy_id;
  });
}

bool OrderManager::any_ambiguous() const {
  return std::any_of(orders_.begin(), orders_.end(),
                     [](const auto& kv) { return kv.second.state == OrderState::kAmbiguous; });
}

std::optional<WallTime> OrderManager::oldest_unsettled() const {
  std::optional<WallTime> oldest;
  for (const auto& [id, o] : orders_) {
    if (!is_terminal(o.state) && (!oldest || o.created < *oldest)) oldest = o.created;
  }
  return oldest;
}

size_t OrderManager::prune(WallTime before) {
  return std::erase_if(orders_, [&](const auto& kv) {
    const OrderRecord& o = kv.second;
    if (!is_terminal(o.state) || o.updated >= before) return false;
    if (!o.exchange_id.empty()) by_exchange_id_.erase(o.exchange_id);
    return true;
  });
}

}  // namespace dealer::engine
