// Pair: a traded item and the currency it is quoted in ("BTCUSD": BTC priced in USD). Prices of the
// pair are in the quote currency's units, amounts in the item's. A small value type, cheap to copy.
#pragma once

#include <string>
#include <string_view>

#include "core/currency.h"
#include "core/money.h"
#include "core/result.h"

namespace dealer::engine {

struct Pair {
  Currency item;
  Currency quote;

  // "BTCUSD" -> {BTC, USD}: two three-letter currency codes, nothing else.
  static Result<Pair> parse(std::string_view code);
  std::string code() const;
  // Trimmed decimal text in the pair's units: a price "13.45" (quote decimals), an amount "2" (item).
  std::string format_price(Price price) const;
  std::string format_amount(Amount amount) const;

  friend bool operator==(Pair, Pair) = default;
};

}  // namespace dealer::engine
