#include "strategies/params.h"

#include <string>

namespace dealer::strategies {

int64_t positive_units(const config::Node& node, int decimals) {
  const int64_t units = node.units(decimals);
  if (units <= 0) node.fail("must be positive, got \"" + node.string() + "\"");
  return units;
}

Price positive_price(const config::Node& node, engine::Pair pair) {
  return Price(positive_units(node, pair.quote.decimals()));
}

Amount positive_amount(const config::Node& node, engine::Pair pair) {
  return Amount(positive_units(node, pair.item.decimals()));
}

Price price_or(const config::Node& node, engine::Pair pair, Price fallback) {
  return Price(node.units(pair.quote.decimals(), fallback.raw()));
}

Decimal decimal_in(const config::Node& node, Decimal low, bool low_included, Decimal high, bool high_included,
                   std::optional<Decimal> fallback) {
  const Decimal d = node.decimal(fallback);
  const bool above = low_included ? d >= low : d > low;
  const bool below = high_included ? d <= high : d < high;
  if (!above || !below) {
    node.fail("expected a number in " + std::string(low_included ? "[" : "(") + low.to_string() + ", " +
              high.to_string() + (high_included ? "]" : ")") + ", got \"" + d.to_string() + "\"");
  }
  return d;
}

bool btc_is_quote(const config::Node& symbol_pair) {
  const std::string pair = symbol_pair.string();
  const size_t bar = pair.find('_');
  const std::string base = pair.substr(0, bar), quote = bar == std::string::npos ? "" : pair.substr(bar + 1);
  if (bar == std::string::npos || base.empty() || quote.empty() || (base == "BTC") == (quote == "BTC"))
    symbol_pair.fail("expected BASE_QUOTE with BTC on exactly one side (bitUSD_BTC), got \"" + pair + "\"");
  return quote == "BTC";
}

}  // namespace dealer::strategies
