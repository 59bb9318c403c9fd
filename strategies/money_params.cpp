#include "strategies/money_params.h"

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

}  // namespace dealer::strategies
