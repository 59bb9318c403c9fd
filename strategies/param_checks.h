// Checks shared by the strategies' YAML factories. Each reads one value through config::Node and stops
// the configuration build with "file:line:col: key: problem" when it is out of range.
#pragma once

#include <cstdint>
#include <optional>

#include "config/reader.h"
#include "core/decimal.h"

namespace dealer::strategies {

// Exact units at `decimals`, above zero (an amount, a price).
int64_t positive_units(const config::Node& node, int decimals);

// A decimal between `low` and `high`, each bound included or not as told; `fallback` when absent
// (none: the key is required).
Decimal decimal_in(const config::Node& node, Decimal low, bool low_included, Decimal high, bool high_included,
                   std::optional<Decimal> fallback = std::nullopt);

}  // namespace dealer::strategies
