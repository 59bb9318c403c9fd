#include "market/fill_model.h"

#include <algorithm>

namespace dealer::market {
namespace {

// Price-time priority among the bot's orders: buys before sells; market orders first on their side;
// then the better price; then the older order.
bool before(Side side_a, bool market_a, Price price_a, uint64_t seq_a, Side side_b, bool market_b,
            Price price_b, uint64_t seq_b) {
  if (side_a != side_b) return side_a == Side::kBid;
  if (market_a != market_b) return market_a;
  if (price_a != price_b) return side_a == Side::kBid ? price_a > price_b : price_a < price_b;
  return seq_a < seq_b;
}

}  // namespace

bool passes(FillRule rule, Side side, Price limit, Price trade_price) {
  if (rule == FillRule::kTouch && trade_price == limit) return true;
  return side == Side::kBid ? trade_price < limit : trade_price > limit;
}

WallTime trade_time(const Trade& trade) {
  if (trade.tid / 1'000'000 == trade.date) return wall_from_us(trade.tid);
  return wall_from_us(trade.date * 1'000'000);
}

FillModel::FillModel(FillModelConfig config) : config_(std::move(config)) {}

void FillModel::reserve(size_t orders) {
  orders_.reserve(orders);
  events_.reserve(orders);
}

void FillModel::set_balance(Currency currency, int64_t total) {
  if (currency == config_.item)
    item_total_ = total;
  else if (currency == config_.quote)
    quote_total_ = total;
}

int64_t FillModel::total(Currency currency) const {
  if (currency == config_.item) return item_total_;
  return currency == config_.quote ? quote_total_ : 0;
}

int64_t FillModel::reserved(Currency currency) const {
  if (currency == config_.item) return item_reserved_;
  return currency == config_.quote ? quote_reserved_ : 0;
}

std::optional<int64_t> FillModel::notional(Price price, Amount amount) const {
  auto cost = cost_of(price, amount, config_.item.decimals());
  if (!cost) return std::nullopt;
  return cost->raw();
}

int64_t FillModel::fee_of(int64_t notional) const {
  // Below 100 % of an int64 the fee fits; the config refuses larger percentages.
  return *percent_of(notional, config_.fee_percent);
}

Status FillModel::place_limit(WallTime now, FillOrderId id, Side side, Price price, Amount amount) {
  if (price <= Price(0)) return make_error(Errc::kInvalidArgument, "the limit price must be positive");
  return add(now, id, side, false, price, amount);
}

Status FillModel::place_market(WallTime now, FillOrderId id, Side side, Amount amount) {
  return add(now, id, side, true, Price(), amount);
}

Status FillModel::add(WallTime now, FillOrderId id, Side side, bool market, Price price, Amount amount) {
  if (amount <= Amount(0)) return make_error(Errc::kInvalidArgument, "the amount must be positive");
  if (std::any_of(orders_.begin(), orders_.end(), [&](const Resting& o) { return o.id == id; }))
    return make_error(Errc::kInvalidArgument, "order " + std::to_string(id) + " is already resting");
  Resting o{id, side, market, price, amount, 0, now + config_.latency, trades_seen_, next_sequence_++};
  if (side == Side::kAsk) {
    if (free(config_.item) < amount.raw()) return make_error(Errc::kInvalidArgument, "insufficient funds");
    o.reserved = amount.raw();
    item_reserved_ += o.reserved;
  } else if (!market) {
    const auto cost = notional(price, amount);
    if (!cost) return make_error(Errc::kOverflow, "price x amount does not fit");
    const int64_t need = *cost + fee_of(*cost);
    if (free(config_.quote) < need) return make_error(Errc::kInvalidArgument, "insufficient funds");
    o.reserved = need;
    quote_reserved_ += need;
  }
  const auto at = std::find_if(orders_.begin(), orders_.end(), [&](const Resting& r) {
    return before(o.side, o.market, o.price, o.sequence, r.side, r.market, r.price, r.sequence);
  });
  orders_.insert(at, o);
  return {};
}

bool FillModel::cancel(FillOrderId id) {
  auto it = std::find_if(orders_.begin(), orders_.end(), [&](const Resting& o) { return o.id == id; });
  if (it == orders_.end()) return false;
  release(*it);
  orders_.erase(it);
  return true;
}

void FillModel::release(Resting& o) {
  (o.side == Side::kBid ? quote_reserved_ : item_reserved_) -= o.reserved;
  o.reserved = 0;
}

bool FillModel::active(const Resting& o, WallTime at) const {
  return o.placed_after < trades_seen_ && at >= o.active_from;
}

Amount FillModel::affordable_buy(const Resting& o, Price price, Amount want) const {
  const int64_t available = o.reserved + free(config_.quote);
  auto charge = [&](Amount a) -> std::optional<int64_t> {
    auto n = notional(price, a);
    if (!n) return std::nullopt;
    return *n + fee_of(*n);
  };
  auto full = charge(want);
  if (full && *full <= available) return want;
  if (!full || *full <= 0 || available <= 0) return Amount(0);
  // Proportionally less, then down unit by unit past the rounding (a step or two).
  Amount a(static_cast<int64_t>(static_cast<Int128>(want.raw()) * available / *full));
  while (a > Amount(0) && *charge(a) > available) a -= Amount(1);
  return a;
}

Amount FillModel::fill(Resting& o, Price price, Amount want) {
  if (o.side == Side::kBid) {
    const Amount can = affordable_buy(o, price, want);
    want = o.market && can != want ? Amount(0) : can;  // a market order fills whole or not at all
  }
  if (want <= Amount(0)) return Amount(0);
  const int64_t n = *notional(price, want);
  const int64_t fee = fee_of(n);
  if (o.side == Side::kBid) {
    const int64_t from_reserve = std::min(n + fee, o.reserved);
    o.reserved -= from_reserve;
    quote_reserved_ -= from_reserve;
  } else {
    o.reserved -= want.raw();
    item_reserved_ -= want.raw();
  }
  settle(o.side, want, n, fee);
  o.remaining -= want;
  events_.push_back(
      FillEvent{FillEvent::Kind::kFill, o.id, o.side, price, want, Cost(n), fee, o.remaining == Amount(0)});
  return want;
}

void FillModel::settle(Side side, Amount amount, int64_t n, int64_t fee) {
  if (side == Side::kBid) {
    quote_total_ -= n + fee;
    item_total_ += amount.raw();
  } else {
    item_total_ -= amount.raw();
    quote_total_ += n - fee;
  }
  fees_ += fee;
}

void FillModel::apply_past_fill(Side side, Price price, Amount amount) {
  // A stored fill was a fill of this model once, so its notional fitted then.
  const int64_t n = notional(price, amount).value_or(0);
  settle(side, amount, n, fee_of(n));
}

std::span<const FillEvent> FillModel::on_trade(const Trade& trade) {
  events_.clear();
  ++trades_seen_;
  const WallTime at = trade_time(trade);
  Amount left = trade.amount;
  for (size_t i = 0; i < orders_.size();) {
    Resting& o = orders_[i];
    bool gone = false;
    if (!active(o, at)) {
      // Not yet: it keeps its place in the queue.
    } else if (o.market) {
      if (fill(o, trade.price, o.remaining) == Amount(0)) {
        events_.push_back(
            FillEvent{FillEvent::Kind::kRejected, o.id, o.side, trade.price, o.remaining, Cost(0), 0, true});
        release(o);
      }
      gone = true;  // filled whole or rejected: a market order never rests
    } else if (left > Amount(0) && passes(config_.rule, o.side, o.price, trade.price)) {
      left -= fill(o, o.price, std::min(left, o.remaining));
      gone = o.remaining == Amount(0);
      if (gone) release(o);  // what per-fill rounding left over of a buy's reservation
    }
    if (gone)
      orders_.erase(orders_.begin() + static_cast<std::ptrdiff_t>(i));
    else
      ++i;
  }
  return events_;
}

}  // namespace dealer::market
