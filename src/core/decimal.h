// Decimal: an exact decimal number, mantissa x 10^-scale over int64, that remembers how many fraction
// digits it was written with ("42.00000000" stays 8 digits). It is the bridge between wire text and the
// integer money types; it never passes through floating point.
#pragma once

#include <compare>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/result.h"

namespace dealer {

// 128-bit intermediate for products of two int64 money values (a GCC/Clang extension).
__extension__ typedef __int128 Int128;

// Money arithmetic that cannot fit int64: a bug or absurd input that got past validation, never an
// everyday outcome (validation returns Errc::kOverflow as a value instead). Thrown rather than wrapped.
class MoneyOverflow : public std::overflow_error {
 public:
  using std::overflow_error::overflow_error;
};

class Decimal {
 public:
  static constexpr int kMaxScale = 18;

  constexpr Decimal() = default;
  // `scale` must be 0..kMaxScale: every operation indexes powers of ten by it. Out of range is a
  // programming error (wire text goes through parse(), which reports it as a value) and throws
  // std::out_of_range.
  constexpr Decimal(int64_t mantissa, int scale) : mantissa_(mantissa), scale_(scale) {
    if (scale < 0 || scale > kMaxScale) throw std::out_of_range("Decimal scale outside 0..18");
  }

  // Plain decimal text as exchanges send it in strings: -?digits(.digits)?. No exponent, no '+',
  // no spaces; at most kMaxScale fraction digits and an int64 mantissa, else an error.
  static Result<Decimal> parse(std::string_view text);
  // A JSON number token (RFC 8259 grammar, exponent allowed: MtGox depth sends 4.165e-05).
  static Result<Decimal> parse_json_number(std::string_view text);

  int64_t mantissa() const { return mantissa_; }
  int scale() const { return scale_; }

  // The same value with trailing fraction zeros removed ("1.500" -> "1.5", "2.0" -> "2").
  Decimal normalized() const;
  // The value in units of 10^-decimals, exactly; an error if digits would be lost or it overflows.
  Result<int64_t> to_units(int decimals) const;
  // The value in units of 10^-decimals, rounded half away from zero; an error on overflow.
  Result<int64_t> to_units_rounded(int decimals) const;

  std::string to_string() const;
  void append_to(std::string& out) const;

  // Numeric comparison: 1.50 == 1.5. Use same_text() to compare representations.
  friend bool operator==(const Decimal& a, const Decimal& b) { return compare(a, b) == 0; }
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) { return compare(a, b) <=> 0; }
  bool same_text(const Decimal& o) const { return mantissa_ == o.mantissa_ && scale_ == o.scale_; }

 private:
  static int compare(const Decimal& a, const Decimal& b);

  int64_t mantissa_ = 0;
  int scale_ = 0;
};

// 10^n for 0 <= n <= 18; std::out_of_range otherwise.
int64_t pow10(int n);

// Divides by 10^digits (digits >= 0, any size), rounding half away from zero (the one rounding rule
// for all money).
Int128 divide_pow10_rounded(Int128 value, int digits);

// num / den rounded half away from zero; den must be positive. A quotient past int64 throws
// MoneyOverflow (callers that take outside input check with to_int64 first).
int64_t divide_rounded(Int128 num, Int128 den);

// A 128-bit intermediate narrowed to int64: Errc::kOverflow naming `what` if it does not fit.
Result<int64_t> to_int64(Int128 value, std::string_view what);

// A base-10 integer as exchanges send it in strings ("value_int", "tid"): -?digits, fits int64.
Result<int64_t> parse_int64(std::string_view text);

}  // namespace dealer
