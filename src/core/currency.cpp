#include "core/currency.h"

#include <array>
#include <string>

namespace dealer {
namespace {

struct CurrencyInfo {
  std::string_view code;
  int decimals;
  std::string_view prefix;
  std::string_view suffix;
};

// Decimals from MtGox v1 value_int (shared/data/README.md). Display forms for USD, EUR and BTC are the
// ones the recorded responses show; for the others MtGox's exact symbol is not on record, so they use
// the BTC form (number, no-break space, code), which is unambiguous.
constexpr std::array<CurrencyInfo, Currency::kCount> kCurrencies = {{
    {"BTC", 8, "", "\u00a0BTC"},  {"USD", 5, "$", ""},          {"EUR", 5, "", " \u20ac"},
    {"GBP", 5, "\u00a3", ""},     {"AUD", 5, "", "\u00a0AUD"},  {"CAD", 5, "", "\u00a0CAD"},
    {"CHF", 5, "", "\u00a0CHF"},  {"CNY", 5, "", "\u00a0CNY"},  {"DKK", 5, "", "\u00a0DKK"},
    {"HKD", 5, "", "\u00a0HKD"},  {"NZD", 5, "", "\u00a0NZD"},  {"PLN", 5, "", "\u00a0PLN"},
    {"RUB", 5, "", "\u00a0RUB"},  {"SGD", 5, "", "\u00a0SGD"},  {"THB", 5, "", "\u00a0THB"},
    {"NOK", 5, "", "\u00a0NOK"},  {"CZK", 5, "", "\u00a0CZK"},  {"JPY", 3, "\u00a5", ""},
    {"SEK", 3, "", "\u00a0SEK"},
}};

}  // namespace

Result<Currency> Currency::from_code(std::string_view code) {
  for (size_t i = 0; i < kCurrencies.size(); ++i)
    if (kCurrencies[i].code == code) return Currency(static_cast<uint8_t>(i));
  return make_error(Errc::kInvalidArgument, "unknown currency '" + std::string(code.substr(0, 16)) + "'");
}

Currency Currency::btc() { return Currency(0); }
Currency Currency::usd() { return Currency(1); }
std::string_view Currency::code() const { return kCurrencies[index_].code; }
int Currency::decimals() const { return kCurrencies[index_].decimals; }
std::string_view Currency::display_prefix() const { return kCurrencies[index_].prefix; }
std::string_view Currency::display_suffix() const { return kCurrencies[index_].suffix; }

}  // namespace dealer
