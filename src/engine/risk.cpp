#include "engine/risk.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>

namespace dealer::engine {
namespace {

constexpr Micros kMinute = std::chrono::minutes(1);

std::string units(int64_t raw, Currency c) {
  return format_units_trimmed(raw, c.decimals()) + " " + std::string(c.code());
}

}  // namespace

std::optional<ReferencePrice> reference_price(const Book& book, const Tape& tape, WallTime now,
                                              Micros max_book_age) {
  const auto bid = book.best_bid();
  const auto ask = book.best_ask();
  if (max_book_age.count() > 0 && !book.stale(now, max_book_age) && bid && ask && *bid < *ask) {
    return ReferencePrice{Price((bid->raw() + ask->raw()) / 2), "book mid"};
  }
  const size_t n = std::min(tape.size(), kReferenceTrades);
  if (n < kMinReferenceTrades) return std::nullopt;
  std::array<int64_t, kReferenceTrades> prices{};
  for (size_t i = 0; i < n; ++i) prices[i] = tape.recent(i).price.raw();
  // The lower median: with an even count, the lower of the two middle prices.
  const auto middle = prices.begin() + static_cast<std::ptrdiff_t>((n - 1) / 2);
  std::nth_element(prices.begin(), middle, prices.begin() + static_cast<std::ptrdiff_t>(n));
  return ReferencePrice{Price(*middle), "median of the last " + std::to_string(n) + " trades"};
}

// |price - reference| / reference * 100 > limit, in integers: |price - reference| * 100 * 10^scale >
// mantissa * reference.
std::optional<std::string> Risk::outside_collar(const OrderCheck& order) const {
  const Decimal& limit = *limits_.max_price_deviation_percent;
  if (!order.reference) {
    return "no reference price (no fresh two-sided book, fewer than " + std::to_string(kMinReferenceTrades) +
           " trades): the price collar (max_price_deviation_percent " + limit.to_string() +
           ") places nothing";
  }
  const int64_t reference = order.reference->price.raw();
  const Int128 distance = Int128(order.price.raw()) - reference;
  const Int128 lhs = (distance < 0 ? -distance : distance) * 100 * pow10(limit.scale());
  if (lhs <= Int128(limit.mantissa()) * reference) return std::nullopt;
  // The distance for the reader, in hundredths of a percent (truncated).
  const auto hundredths = static_cast<int64_t>((distance < 0 ? -distance : distance) * 10'000 / reference);
  return "price " + units(order.price.raw(), order.pair.quote) + " is " +
         format_units_trimmed(hundredths, 2) + " % from the reference " + units(reference, order.pair.quote) +
         " (" + order.reference->source + "), max_price_deviation_percent is " + limit.to_string();
}

std::optional<std::string> Risk::refuse(const OrderCheck& order, WallTime now) const {
  const Currency item = order.pair.item;
  if (order.amount.raw() <= 0 || order.price.raw() <= 0) return "amount and price must be positive";
  if (collars_prices()) {
    if (auto outside = outside_collar(order)) return outside;
  }
  // Self-trade prevention: two strategies (or one) crossing each other would pay the fee twice for no
  // change of position, and the exchange reports both sides of such a trade under one trade id.
  if (order.own_opposite && (order.side == Side::kBid ? order.price >= *order.own_opposite
                                                       : order.price <= *order.own_opposite)) {
    return std::string("it would trade with our own ") + (order.side == Side::kBid ? "ask at " : "bid at ") +
           units(order.own_opposite->raw(), order.pair.quote) + " (self-trade)";
  }
  if (limits_.max_order_amount && order.amount > *limits_.max_order_amount) {
    return "amount " + units(order.amount.raw(), item) + " exceeds max_order_amount " +
           units(limits_.max_order_amount->raw(), item);
  }
  if (limits_.max_open_orders && order.open_orders >= *limits_.max_open_orders) {
    return std::to_string(order.open_orders) + " orders open, max_open_orders is " +
           std::to_string(*limits_.max_open_orders);
  }
  if (limits_.max_position) {
    const int64_t sign = order.side == Side::kBid ? 1 : -1;
    const int64_t worst = order.position + sign * (order.open_same_side.raw() + order.amount.raw());
    if (std::llabs(worst) > limits_.max_position->raw()) {
      return "position would reach " + units(worst, item) + " with the open orders, max_position is " +
             units(limits_.max_position->raw(), item);
    }
  }
  if (limits_.max_orders_per_minute) {
    int recent = 0;
    for (WallTime t : placements_) recent += now - t < kMinute ? 1 : 0;
    if (recent >= *limits_.max_orders_per_minute) {
      return std::to_string(recent) + " orders placed in the last minute, max_orders_per_minute is " +
             std::to_string(*limits_.max_orders_per_minute);
    }
  }
  const Currency spent = order.side == Side::kBid ? order.pair.quote : item;
  if (order.free) {
    int64_t need = order.amount.raw();
    if (order.side == Side::kBid) {
      auto cost = cost_of(order.price, order.amount, item.decimals());
      if (!cost) return "order cost: " + cost.error().describe();
      need = cost->raw();
    }
    if (need > *order.free) {
      return "insufficient funds: needs " + units(need, spent) + ", " + units(*order.free, spent) + " free";
    }
    const auto& keep = limits_.min_balance[spent.index()];
    if (keep && *order.free - need < *keep) {
      return "would leave " + units(*order.free - need, spent) + " free, min_balance is " +
             units(*keep, spent);
    }
  }
  return std::nullopt;
}

void Risk::record_placement(WallTime now) {
  while (!placements_.empty() && now - placements_.front() >= kMinute) placements_.pop_front();
  if (limits_.max_orders_per_minute) placements_.push_back(now);
}

std::optional<std::string> Risk::record_error(const std::string& what) {
  ++error_run_;
  if (limits_.max_consecutive_errors && error_run_ >= *limits_.max_consecutive_errors) {
    return std::to_string(error_run_) + " order errors in a row (max_consecutive_errors " +
           std::to_string(*limits_.max_consecutive_errors) + "), the last: " + what;
  }
  return std::nullopt;
}

std::optional<std::string> Risk::observe_equity(int64_t equity, Currency currency) {
  if (equity > peak_equity_) peak_equity_ = equity;
  if (!limits_.max_drawdown_percent || peak_equity_ <= 0) return std::nullopt;
  const Decimal& limit = *limits_.max_drawdown_percent;
  // (peak - equity) / peak * 100 > limit, in integers: (peak - equity) * 100 * 10^scale > mantissa * peak.
  const Int128 lhs = Int128(peak_equity_ - equity) * 100 * pow10(limit.scale());
  const Int128 rhs = Int128(limit.mantissa()) * peak_equity_;
  if (lhs <= rhs) return std::nullopt;
  return "equity " + units(equity, currency) + " is down more than max_drawdown_percent " +
         limit.to_string() + " from its peak " + units(peak_equity_, currency);
}

}  // namespace dealer::engine
