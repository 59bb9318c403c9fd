// Parameters of a strategy's YAML entry, read exactly through config::Node (never through a double):
// prices in the pair's quote units, amounts in its item's, ratios as decimals in a range. Inside a
// configuration build: a mistake stops it with "file:line:col: key: problem".
#pragma once

#include <cstdint>
#include <optional>

#include "config/reader.h"
#include "core/decimal.h"
#include "core/money.h"
#include "engine/pair.h"

namespace dealer::strategies {

// Exact units at `decimals`, above zero.
int64_t positive_units(const config::Node& node, int decimals);

Price positive_price(const config::Node& node, engine::Pair pair);
Amount positive_amount(const config::Node& node, engine::Pair pair);
// Zero allowed; `fallback` when the key is absent.
Price price_or(const config::Node& node, engine::Pair pair, Price fallback);

// A decimal between `low` and `high`, each bound included or not as told; `fallback` when absent
// (none: the key is required).
Decimal decimal_in(const config::Node& node, Decimal low, bool low_included, Decimal high, bool high_included,
                   std::optional<Decimal> fallback = std::nullopt);

// A Metaexchange market's symbol pair with BTC on exactly one side ("bitUSD_BTC"): whether BTC is its
// quote, i.e. a BTC deposit buys the base asset (else it sells base BTC).
bool btc_is_quote(const config::Node& symbol_pair);

}  // namespace dealer::strategies
