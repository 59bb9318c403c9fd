#include "core/decimal.h"

#include <limits>

namespace dealer {
namespace {

constexpr int64_t kPow10[] = {1,
                              10,
                              100,
                              1000,
                              10000,
                              100000,
                              1000000,
                              10000000,
                              100000000,
                              1000000000,
                              10000000000,
                              100000000000,
                              1000000000000,
                              10000000000000,
                              100000000000000,
                              1000000000000000,
                              10000000000000000,
                              100000000000000000,
                              1000000000000000000};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

Error syntax_error(std::string_view text, std::string_view why) {
  std::string msg = "'";
  msg.append(text.substr(0, 64));
  msg += "' is not a decimal number: ";
  msg += why;
  return make_error(Errc::kParse, std::move(msg));
}

Error overflow_error(std::string_view text) {
  std::string msg = "'";
  msg.append(text.substr(0, 64));
  msg += "' does not fit a 64-bit money value";
  return make_error(Errc::kOverflow, std::move(msg));
}

// Accumulates digits into a magnitude that must stay within int64 for the given sign.
struct Accumulator {
  uint64_t magnitude = 0;
  uint64_t limit;  // 2^63 - 1, or 2^63 for a negative number
  bool overflow = false;

  explicit Accumulator(bool negative)
      : limit(negative ? uint64_t{1} << 63 : static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {}

  void push(char digit) {
    const uint64_t d = static_cast<uint64_t>(digit - '0');
    if (magnitude > (limit - d) / 10) {
      overflow = true;
      return;
    }
    magnitude = magnitude * 10 + d;
  }
  int64_t value(bool negative) const {
    return negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  }
};

}  // namespace

int64_t pow10(int n) {
  if (n < 0 || n > Decimal::kMaxScale) throw std::out_of_range("pow10 exponent outside 0..18");
  return kPow10[n];
}

namespace {
Int128 divide_rounded_wide(Int128 num, Int128 den) {
  Int128 quotient = num / den;
  const Int128 remainder = num % den;
  // remainder >= den / 2 without doubling it, which could overflow for den near 2^126.
  const Int128 magnitude = remainder < 0 ? -remainder : remainder;
  if (magnitude >= den - magnitude) quotient += num < 0 ? -1 : 1;
  return quotient;
}

bool fits_int64(Int128 v) { return v <= std::numeric_limits<int64_t>::max() && v >= std::numeric_limits<int64_t>::min(); }
}  // namespace

Int128 divide_pow10_rounded(Int128 value, int digits) {
  // 10^38 is the largest power of ten in 128 bits; every |value| < 1.7e38 is below half of 10^39.
  if (digits > 38) return 0;
  Int128 divisor = 1;
  for (int i = 0; i < digits; ++i) divisor *= 10;
  return divide_rounded_wide(value, divisor);
}

int64_t divide_rounded(Int128 num, Int128 den) {
  const Int128 q = divide_rounded_wide(num, den);
  if (!fits_int64(q)) throw MoneyOverflow("money overflow: a quotient does not fit 64 bits");
  return static_cast<int64_t>(q);
}

Result<int64_t> to_int64(Int128 value, std::string_view what) {
  if (!fits_int64(value)) return make_error(Errc::kOverflow, std::string(what) + " does not fit 64 bits");
  return static_cast<int64_t>(value);
}

Result<int64_t> parse_int64(std::string_view text) {
  if (text.empty()) return syntax_error(text, "empty");
  const bool negative = text.front() == '-';
  const std::string_view digits = negative ? text.substr(1) : text;
  if (digits.empty()) return syntax_error(text, "no digits");
  Accumulator acc(negative);
  for (char c : digits) {
    if (!is_digit(c)) return syntax_error(text, "unexpected character");
    acc.push(c);
  }
  if (acc.overflow) return overflow_error(text);
  return acc.value(negative);
}

Result<Decimal> Decimal::parse(std::string_view text) {
  if (text.empty()) return syntax_error(text, "empty");
  const bool negative = text.front() == '-';
  size_t i = negative ? 1 : 0;
  Accumulator acc(negative);
  const size_t int_begin = i;
  while (i < text.size() && is_digit(text[i])) acc.push(text[i++]);
  if (i == int_begin) return syntax_error(text, "expected a digit");
  int scale = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    const size_t frac_begin = i;
    while (i < text.size() && is_digit(text[i])) acc.push(text[i++]);
    scale = static_cast<int>(i - frac_begin);
    if (scale == 0) return syntax_error(text, "expected a digit after '.'");
  }
  if (i != text.size()) return syntax_error(text, "unexpected character");
  if (scale > kMaxScale) return syntax_error(text, "more than 18 decimal places");
  if (acc.overflow) return overflow_error(text);
  return Decimal(acc.value(negative), scale);
}

Result<Decimal> Decimal::parse_json_number(std::string_view text) {
  if (text.empty()) return syntax_error(text, "empty");
  const bool negative = text.front() == '-';
  size_t i = negative ? 1 : 0;
  Accumulator acc(negative);
  if (i < text.size() && text[i] == '0') {
    acc.push(text[i++]);
  } else {
    const size_t begin = i;
    while (i < text.size() && is_digit(text[i])) acc.push(text[i++]);
    if (i == begin) return syntax_error(text, "expected a digit");
  }
  int fraction_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    const size_t begin = i;
    while (i < text.size() && is_digit(text[i])) acc.push(text[i++]);
    fraction_digits = static_cast<int>(i - begin);
    if (fraction_digits == 0) return syntax_error(text, "expected a digit after '.'");
  }
  int exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    const bool exp_negative = i < text.size() && text[i] == '-';
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    const size_t begin = i;
    while (i < text.size() && is_digit(text[i])) {
      if (i - begin >= 4) return syntax_error(text, "exponent out of range");
      exponent = exponent * 10 + (text[i++] - '0');
    }
    if (i == begin) return syntax_error(text, "expected a digit in the exponent");
    if (exp_negative) exponent = -exponent;
  }
  if (i != text.size()) return syntax_error(text, "unexpected character");
  if (acc.overflow) return overflow_error(text);
  int64_t mantissa = acc.value(negative);
  int scale = fraction_digits - exponent;
  if (scale < 0) {
    if (scale < -kMaxScale) return overflow_error(text);
    const Int128 widened = static_cast<Int128>(mantissa) * kPow10[-scale];
    if (widened > std::numeric_limits<int64_t>::max() || widened < std::numeric_limits<int64_t>::min())
      return overflow_error(text);
    mantissa = static_cast<int64_t>(widened);
    scale = 0;
  }
  // Trailing zeros may bring a long fraction within kMaxScale ("1.50000000000000000000e-3").
  while (scale > kMaxScale && mantissa % 10 == 0) {
    mantissa /= 10;
    --scale;
  }
  if (scale > kMaxScale) return syntax_error(text, "more than 18 decimal places");
  return Decimal(mantissa, scale);
}

Decimal Decimal::normalized() const {
  Decimal d = *this;
  while (d.scale_ > 0 && d.mantissa_ % 10 == 0) {
    d.mantissa_ /= 10;
    --d.scale_;
  }
  if (d.mantissa_ == 0) d.scale_ = 0;
  return d;
}

Result<int64_t> Decimal::to_units(int decimals) const {
  if (decimals < 0 || decimals > kMaxScale)
    return make_error(Errc::kInvalidArgument, std::to_string(decimals) + " decimals is outside 0..18");
  if (decimals >= scale_) {
    const Int128 widened = static_cast<Int128>(mantissa_) * kPow10[decimals - scale_];
    if (widened > std::numeric_limits<int64_t>::max() || widened < std::numeric_limits<int64_t>::min())
      return make_error(Errc::kOverflow, to_string() + " does not fit 64 bits at " +
                                             std::to_string(decimals) + " decimals");
    return static_cast<int64_t>(widened);
  }
  const int64_t divisor = kPow10[scale_ - decimals];
  if (mantissa_ % divisor != 0)
    return make_error(Errc::kInvalidArgument,
                      to_string() + " has more than " + std::to_string(decimals) + " decimal places");
  return mantissa_ / divisor;
}

Result<int64_t> Decimal::to_units_rounded(int decimals) const {
  if (decimals < 0 || decimals >= scale_) return to_units(decimals);
  return static_cast<int64_t>(divide_pow10_rounded(mantissa_, scale_ - decimals));
}

int Decimal::compare(const Decimal& a, const Decimal& b) {
  const int scale = a.scale_ > b.scale_ ? a.scale_ : b.scale_;
  const Int128 x = static_cast<Int128>(a.mantissa_) * kPow10[scale - a.scale_];
  const Int128 y = static_cast<Int128>(b.mantissa_) * kPow10[scale - b.scale_];
  return x < y ? -1 : (x > y ? 1 : 0);
}

void Decimal::append_to(std::string& out) const {
  uint64_t magnitude = mantissa_ < 0 ? 0 - static_cast<uint64_t>(mantissa_) : static_cast<uint64_t>(mantissa_);
  char digits[24];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  while (n <= scale_) digits[n++] = '0';  // at least one integer digit
  if (mantissa_ < 0) out += '-';
  for (int k = n - 1; k >= 0; --k) {
    if (k == scale_ - 1) out += '.';
    out += digits[k];
  }
}

std::string Decimal::to_string() const {
  std::string out;
  append_to(out);
  return out;
}

}  // namespace dealer
