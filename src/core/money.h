// Money types: integers in the exchange's own units, never floating point.
//   Amount - a quantity of the traded item (BTC units of 1e-8).
//   Price  - quote-currency units (USD 1e-5, JPY 1e-3) per one whole item.
//   Cost   - a quantity of the quote currency (price x amount), same units as Price.
//   Funds  - a quantity of any one currency in its own units, where the currency is known from context
//            (a wallet, a fee account): BTC wallets hold Amount's units, USD wallets Cost's.
// They do not convert into one another implicitly. Arithmetic that overflows int64 throws MoneyOverflow
// (a bug or absurd input, never an everyday outcome); parsing returns errors as values.
// Rounding, wherever digits must go (products, fees, display_short): half away from zero.
#pragma once

#include <compare>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/result.h"

namespace dealer {

[[noreturn]] void throw_money_overflow(const char* operation, int64_t a, int64_t b);

template <class Tag>
class Fixed {
 public:
  constexpr Fixed() = default;
  constexpr explicit Fixed(int64_t raw) : raw_(raw) {}
  constexpr int64_t raw() const { return raw_; }

  friend constexpr auto operator<=>(Fixed, Fixed) = default;

  Fixed operator+(Fixed o) const {
    int64_t r;
    if (__builtin_add_overflow(raw_, o.raw_, &r)) throw_money_overflow("+", raw_, o.raw_);
    return Fixed(r);
  }
  Fixed operator-(Fixed o) const {
    int64_t r;
    if (__builtin_sub_overflow(raw_, o.raw_, &r)) throw_money_overflow("-", raw_, o.raw_);
    return Fixed(r);
  }
  Fixed operator-() const { return Fixed() - *this; }
  Fixed& operator+=(Fixed o) { return *this = *this + o; }
  Fixed& operator-=(Fixed o) { return *this = *this - o; }

 private:
  int64_t raw_ = 0;
};

struct AmountTag {};
struct PriceTag {};
struct CostTag {};
using Amount = Fixed<AmountTag>;
using Price = Fixed<PriceTag>;
using Cost = Fixed<CostTag>;
struct FundsTag {};
using Funds = Fixed<FundsTag>;

// price x amount in quote units, where the amount has `amount_decimals` (8 for BTC). Computed in 128
// bits, rounded half away from zero, an error if the result does not fit int64.
Result<Cost> cost_of(Price price, Amount amount, int amount_decimals = 8);

// `percent` percent of a raw value (a fee of 0.6 % is percent 0.6), rounded half away from zero. Any
// Decimal works, 18 fraction digits included; the result is an error only if it does not fit int64.
Result<int64_t> percent_of(int64_t raw, Decimal percent);
template <class Tag>
Result<Fixed<Tag>> percent_of(Fixed<Tag> value, Decimal percent) {
  auto r = percent_of(value.raw(), percent);
  if (!r) return std::move(r).error();
  return Fixed<Tag>(*r);
}

// Exact text <-> units: "5.5594" at 5 decimals is 555940; "0.000000001" at 8 decimals is an error.
Result<int64_t> parse_units(std::string_view text, int decimals);
// All `decimals` digits: 555940 at 5 -> "5.55940".
std::string format_units(int64_t raw, int decimals);
// Trailing zeros dropped: 555940 at 5 -> "5.5594"; 11400000 -> "114".
std::string format_units_trimmed(int64_t raw, int decimals);

// MtGox display strings: "$5.55940", "55,829.58960346\u00a0BTC", and the short form with two
// decimals "$5.56" / "55,829.59\u00a0BTC".
std::string display(int64_t raw, Currency currency);
std::string display_short(int64_t raw, Currency currency);

}  // namespace dealer
