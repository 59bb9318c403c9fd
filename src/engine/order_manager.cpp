#include "engine/order_manager.h"

#include <algorithm>

namespace dealer::engine {
namespace {

std::string amount_text(const OrderRecord& o, Amount a) {
  return format_units_trimmed(a.raw(), o.pair.item.decimals());
}
std::string price_text(const OrderRecord& o, Price p) {
  return format_units_trimmed(p.raw(), o.pair.quote.decimals());
}

std::string describe(const OrderRecord& o) {
  return "order " + std::to_string(o.client_id) + " (" +
         std::string(o.side == Side::kBid ? "buy " : "sell ") + amount_text(o, o.amount) + " at " +
         price_text(o, o.price) + ")";
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
    seen_trades_.insert(f.trade_id);
    OrderRecord* o = order_for_fill(f);
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
  set_state(now, *o, OrderState::kCancelled, "cancelled with " + amount_text(*o, o->filled) + " filled", out);
}

void OrderManager::on_cancel_failed(WallTime now, ClientId id, const Error& error, Effects& out) {
  OrderRecord* o = lookup(id, "cancel failure", now, out);
  if (o == nullptr || o->state != OrderState::kCancelling) return;
  // The order may have filled meanwhile: back to what the fills say, and reconcile to learn the rest.
  set_state(now, *o, o->filled.raw() > 0 ? OrderState::kPartiallyFilled : OrderState::kOpen,
            "cancel failed: " + error.describe(), out, error);
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

OrderRecord* OrderManager::match_ambiguous_fill(const Fill& fill) {
  for (auto& [id, o] : orders_) {
    if (o.state == OrderState::kAmbiguous && o.exchange_id.empty() && o.side == fill.side &&
        within_limit(o, fill.price) && fill.amount <= o.remaining() &&
        fill.time >= o.created - config_.clock_skew) {
      return &o;
    }
  }
  return nullptr;
}

void OrderManager::on_fill(WallTime now, const Fill& fill, Effects& out) {
  if (fill.trade_id.empty()) {
    anomaly(now, "fill without a trade id for exchange order " + fill.order_id + ": ignored", out);
    return;
  }
  if (seen_trades_.contains(fill.trade_id)) return;
  seen_trades_.insert(fill.trade_id);
  OrderRecord* o = order_for_fill(fill);
  if (o == nullptr && (o = match_ambiguous_fill(fill)) != nullptr) bind(*o, fill.order_id);
  if (o == nullptr) {
    anomaly(now,
            "fill " + fill.trade_id + " of unknown exchange order " + fill.order_id + ": not ours, ignored",
            out);
    return;
  }
  if (fill.side != o->side || fill.amount.raw() <= 0 || fill.amount > o->remaining()) {
    anomaly(now,
            "fill " + fill.trade_id + " does not fit " + describe(*o) + " with " +
                amount_text(*o, o->filled) + " filled: ignored",
            out);
    return;
  }
  o->filled += fill.amount;
  position_[o->pair.item.index()] += o->side == Side::kBid ? fill.amount.raw() : -fill.amount.raw();
  out.push_back(PersistFill{fill, o->client_id});
  notices_.push_back(OrderNotice{OrderNotice::Kind::kFill, o->client_id, fill, std::nullopt});
  const std::string why = "fill " + fill.trade_id + ": " + amount_text(*o, fill.amount) + " at " +
                          price_text(*o, fill.price) + ", " + amount_text(*o, o->filled) + " of " +
                          amount_text(*o, o->amount) + " filled";
  if (o->state == OrderState::kRejected) {
    anomaly(now, describe(*o) + " was given up as never placed, yet filled: " + why, out);
  }
  OrderState next = o->state;
  if (o->complete() && !is_terminal(o->state)) {
    next = OrderState::kFilled;  // also from cancelling: the fill won the race with the cancel
  } else if (o->state == OrderState::kOpen || o->state == OrderState::kAmbiguous) {
    next = OrderState::kPartiallyFilled;
  }
  if (next != o->state) {
    set_state(now, *o, next, why, out);
  } else {
    o->updated = now;
    out.push_back(PersistOrder{*o, why});
  }
}

OrderRecord* OrderManager::match_ambiguous_open(const Order& open, Amount unseen_fills) {
  for (auto& [id, o] : orders_) {
    // The snapshot's amount is what remains open; fills (seen, or in this snapshot's own trades) make
    // up the difference.
    if (o.state == OrderState::kAmbiguous && o.exchange_id.empty() && o.side == open.side &&
        o.price == open.price && open.amount + unseen_fills == o.remaining() &&
        wall_from_us(open.date * 1'000'000) >= o.created - config_.clock_skew) {
      return &o;
    }
  }
  return nullptr;
}

void OrderManager::on_reconcile(WallTime now, std::span<const Order> open_orders,
                                std::span<const Fill> own_trades, Effects& out) {
  // Open orders first, so an ambiguous order still resting is matched by its exact remaining amount
  // before a fill of some other order could be taken for it.
  std::unordered_set<std::string> open_ids;
  for (const Order& open : open_orders) {
    open_ids.insert(open.id);
    if (by_exchange_id_.contains(open.id)) continue;
    Amount unseen_fills;
    for (const Fill& f : own_trades) {
      if (f.order_id == open.id && !seen_trades_.contains(f.trade_id)) unseen_fills += f.amount;
    }
    if (OrderRecord* o = match_ambiguous_open(open, unseen_fills)) {
      bind(*o, open.id);
      set_state(now, *o, o->filled.raw() > 0 ? OrderState::kPartiallyFilled : OrderState::kOpen,
                "ambiguous place found among open orders as " + open.id, out);
    }
  }
  for (const Fill& f : own_trades) on_fill(now, f, out);
  settle_missing(now, open_ids, out);
  give_up_or_keep_ambiguous(now, out);
}

void OrderManager::settle_missing(WallTime now, const std::unordered_set<std::string>& open_ids,
                                  Effects& out) {
  for (auto& [id, o] : orders_) {
    const bool held = o.state == OrderState::kOpen || o.state == OrderState::kPartiallyFilled ||
                      o.state == OrderState::kCancelling || o.state == OrderState::kAmbiguous;
    if (!held || o.exchange_id.empty() || open_ids.contains(o.exchange_id)) continue;
    // Not open any more and its own trades are all in: what did not fill was closed. Never assumed filled.
    if (o.complete()) {
      set_state(now, o, OrderState::kFilled, "no longer open; its fills cover the amount", out);
    } else {
      set_state(now, o, OrderState::kCancelled,
                "no longer open with " + amount_text(o, o.filled) + " of " + amount_text(o, o.amount) +
                    " filled: the rest was closed",
                out);
    }
  }
}

void OrderManager::give_up_or_keep_ambiguous(WallTime now, Effects& out) {
  for (auto& [id, o] : orders_) {
    if (o.state != OrderState::kAmbiguous || !o.exchange_id.empty()) continue;
    if (now - o.updated >= config_.ambiguous_window) {
      set_state(
          now, o, OrderState::kRejected,
          "ambiguous place found neither among open orders nor own trades: it never reached the exchange",
          out);
    }
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

void OrderManager::prune(WallTime before) {
  std::erase_if(orders_, [&](const auto& kv) {
    const OrderRecord& o = kv.second;
    if (!is_terminal(o.state) || o.updated >= before) return false;
    if (!o.exchange_id.empty()) by_exchange_id_.erase(o.exchange_id);
    return true;
  });
}

}  // namespace dealer::engine
