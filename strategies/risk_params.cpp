#include "strategies/risk_params.h"

#include "strategies/yaml_params.h"

namespace dealer::strategies {
namespace {

bool has(const YAML::Node& node, const char* key) { return node[key].IsDefined() && !node[key].IsNull(); }

Status parse_min_balance(const YAML::Node& node, const std::string& path, engine::RiskLimits& limits) {
  if (!node.IsMap())
    return param_error(node, path, "expected a map of currency to amount, e.g. {USD: \"100\"}");
  for (const auto& kv : node) {
    const std::string code = kv.first.Scalar();
    auto currency = Currency::from_code(code);
    if (!currency) return param_error(kv.first, path + "." + code, currency.error().message);
    auto units = decimal_units(node, code, path, currency->decimals(), true);
    if (!units) return std::move(units).error();
    limits.min_balance[currency->index()] = *units;
  }
  return {};
}

Status parse_drawdown(const YAML::Node& node, const std::string& path, engine::RiskLimits& limits) {
  auto text = required_text(node, "max_drawdown_percent", path);
  if (!text) return std::move(text).error();
  auto percent = Decimal::parse(*text);
  if (!percent || *percent <= Decimal(0, 0) || *percent > Decimal(100, 0)) {
    return param_error(node["max_drawdown_percent"], path + ".max_drawdown_percent",
                       "expected a percentage above 0 and at most 100, got \"" + *text + "\"");
  }
  limits.max_drawdown_percent = *percent;
  return {};
}

}  // namespace

Result<engine::RiskLimits> parse_risk_limits(const YAML::Node& node, Currency item,
                                             std::string_view path_view) {
  engine::RiskLimits limits;
  if (!node.IsDefined() || node.IsNull()) return limits;
  const std::string path(path_view);
  if (Status s = check_keys(node, path,
                            {"max_order_amount", "max_open_orders", "max_position", "max_orders_per_minute",
                             "min_balance", "max_drawdown_percent", "max_consecutive_errors"});
      !s) {
    return s.error();
  }
  for (auto [key, target] : {std::pair{"max_order_amount", &limits.max_order_amount},
                             std::pair{"max_position", &limits.max_position}}) {
    if (!has(node, key)) continue;
    auto units = decimal_units(node, key, path, item.decimals(), false);
    if (!units) return std::move(units).error();
    *target = Amount(*units);
  }
  for (auto [key, target] : {std::pair{"max_open_orders", &limits.max_open_orders},
                             std::pair{"max_orders_per_minute", &limits.max_orders_per_minute},
                             std::pair{"max_consecutive_errors", &limits.max_consecutive_errors}}) {
    if (!has(node, key)) continue;
    auto n = positive_count(node, key, path);
    if (!n) return std::move(n).error();
    *target = *n;
  }
  if (has(node, "min_balance")) {
    if (Status s = parse_min_balance(node["min_balance"], path + ".min_balance", limits); !s)
      return s.error();
  }
  if (has(node, "max_drawdown_percent")) {
    if (Status s = parse_drawdown(node, path, limits); !s) return s.error();
  }
  return limits;
}

}  // namespace dealer::strategies
