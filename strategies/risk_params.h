// The `risk:` block of the configuration as engine::RiskLimits, validated like strategy parameters
// (errors name the key and its line:column). Every key is optional; an absent one sets no limit.
//   risk:
//     max_order_amount: "5"          # BTC per order
//     max_open_orders: 10
//     max_position: "20"             # BTC, net of fills plus open orders on the order's side
//     max_orders_per_minute: 30
//     min_balance: {USD: "100", BTC: "0.5"}
//     max_drawdown_percent: "20"
//     max_consecutive_errors: 5
#pragma once

#include <yaml-cpp/yaml.h>

#include <string_view>

#include "core/result.h"
#include "engine/risk.h"

namespace dealer::strategies {

// Amounts are in units of `item` (the item every configured pair trades: BTC).
Result<engine::RiskLimits> parse_risk_limits(const YAML::Node& node, Currency item = Currency::btc(),
                                             std::string_view path = "risk");

}  // namespace dealer::strategies
