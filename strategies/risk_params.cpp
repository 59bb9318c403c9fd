#include "strategies/risk_params.h"

namespace dealer::strategies {
namespace {

constexpr int64_t kMaxCount = 1'000'000'000;

std::optional<Amount> positive_amount(const config::Node& node, Currency item) {
  if (!node) return std::nullopt;
  const int64_t units = node.units(item.decimals());
  if (units <= 0) node.fail("must be positive, got \"" + node.string() + "\"");
  return Amount(units);
}

std::optional<int> positive_count(const config::Node& node) {
  if (!node) return std::nullopt;
  return static_cast<int>(node.integer(1, kMaxCount));
}

// A percentage above 0 and at most 100.
Decimal percent_in(const config::Node& node) {
  const Decimal percent = node.decimal();
  if (percent <= Decimal(0, 0) || percent > Decimal(100, 0)) {
    node.fail("expected a percentage above 0 and at most 100, got \"" + node.string() + "\"");
  }
  return percent;
}

}  // namespace

engine::RiskLimits parse_risk_limits(const config::Node& node, Currency item) {
  engine::RiskLimits limits;
  // On unless configured otherwise: one bad print must not place an absurd order (issue 18 case 3).
  limits.max_price_deviation_percent = kDefaultMaxPriceDeviationPercent;
  if (!node) return limits;
  node.allow_keys({"max_order_amount", "max_open_orders", "max_position", "max_orders_per_minute",
                   "min_balance", "max_drawdown_percent", "max_consecutive_errors",
                   "max_price_deviation_percent"});
  limits.max_order_amount = positive_amount(node["max_order_amount"], item);
  limits.max_position = positive_amount(node["max_position"], item);
  limits.max_open_orders = positive_count(node["max_open_orders"]);
  limits.max_orders_per_minute = positive_count(node["max_orders_per_minute"]);
  limits.max_consecutive_errors = positive_count(node["max_consecutive_errors"]);
  // Two limits that no order can satisfy together are a mistake in the file, not a quiet refusal later:
  // starting flat, |position after the order| <= max_position lets no order above max_position through.
  if (limits.max_order_amount && limits.max_position && *limits.max_order_amount > *limits.max_position) {
    node["max_order_amount"].fail("\"" + node["max_order_amount"].string() + "\" is above max_position \"" +
                                  node["max_position"].string() +
                                  "\": from a flat position no order that large passes the position limit; lower "
                                  "it to at most max_position");
  }
  for (const auto& [key, value] : node["min_balance"].entries()) {
    const Currency currency = key.currency();
    limits.min_balance[currency.index()] = value.units(currency.decimals());
  }
  if (const config::Node drawdown = node["max_drawdown_percent"])
    limits.max_drawdown_percent = percent_in(drawdown);
  if (const config::Node collar = node["max_price_deviation_percent"])
    limits.max_price_deviation_percent = percent_in(collar);
  return limits;
}

}  // namespace dealer::strategies
