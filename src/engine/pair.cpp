#include "engine/pair.h"

namespace dealer::engine {

Result<Pair> Pair::parse(std::string_view code) {
  if (code.size() != 6) {
    return make_error(Errc::kInvalidArgument,
                      "pair \"" + std::string(code) + "\" is not two currency codes such as BTCUSD");
  }
  auto item = Currency::from_code(code.substr(0, 3));
  if (!item) return std::move(item).error();
  auto quote = Currency::from_code(code.substr(3, 3));
  if (!quote) return std::move(quote).error();
  if (*item == *quote) {
    return make_error(Errc::kInvalidArgument,
                      "pair \"" + std::string(code) + "\" quotes a currency in itself");
  }
  return Pair{*item, *quote};
}

std::string Pair::code() const { return std::string(item.code()) + std::string(quote.code()); }

std::string Pair::format_price(Price price) const {
  return format_units_trimmed(price.raw(), quote.decimals());
}

std::string Pair::format_amount(Amount amount) const {
  return format_units_trimmed(amount.raw(), item.decimals());
}

}  // namespace dealer::engine
