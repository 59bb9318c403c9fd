// The `risk:` block of the configuration as engine::RiskLimits. Every key is optional; an absent one
// sets no limit, except the price collar, on at kDefaultMaxPriceDeviationPercent unless set. Called inside a
// configuration build (config::load / parse): a mistake stops it with "file:line:col: risk.key: problem".
//   risk:
//     max_order_amount: "5"          # BTC per order
//     max_open_orders: 10
//     max_position: "20"             # BTC, net of fills plus open orders on the order's side
//     max_orders_per_minute: 30
//     min_balance: {USD: "100", BTC: "0.5"}
//     max_drawdown_percent: "20"
//     max_consecutive_errors: 5
//     max_price_deviation_percent: "5"  # an order's price within 5 % of the book's mid or the trades' median
#pragma once

#include "config/reader.h"
#include "engine/risk.h"

namespace dealer::strategies {

inline const Decimal kDefaultMaxPriceDeviationPercent{5, 0};

// Amounts are in units of `item` (the item every configured pair trades: BTC).
engine::RiskLimits parse_risk_limits(const config::Node& node, Currency item = Currency::btc());

}  // namespace dealer::strategies
