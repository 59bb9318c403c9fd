#include "core/money.h"

#include "core/narrow_cost.h"

namespace dealer {

void throw_money_overflow(const char* operation, int64_t a, int64_t b) {
  throw MoneyOverflow("money overflow: " + std::to_string(a) + " " + operation + " " + std::to_string(b) +
                      " does not fit 64 bits");
}

namespace {

// "1234567.891" -> "1,234,567.891"
std::string group_thousands(const std::string& plain) {
  const size_t sign = plain[0] == '-' ? 1 : 0;
  size_t int_end = plain.find('.');
  if (int_end == std::string::npos) int_end = plain.size();
  std::string out = plain.substr(0, sign);
  for (size_t i = sign; i < int_end; ++i) {
    if (i > sign && (int_end - i) % 3 == 0) out += ',';
    out += plain[i];
  }
  out.append(plain, int_end, std::string::npos);
  return out;
}

std::string decorate(const std::string& number, Currency currency) {
  std::string out;
  std::string_view body = number;
  if (!body.empty() && body[0] == '-') {
    out += '-';
    body.remove_prefix(1);
  }
  out.append(currency.display_prefix());
  out.append(body);
  out.append(currency.display_suffix());
  return out;
}

}  // namespace

Result<Cost> cost_of(Price price, Amount amount, int amount_decimals) {
  // In 64 bits where the product fits (every sane price x amount does).
  if (amount_decimals >= 0 && amount_decimals <= Decimal::kMaxScale) {
    if (auto narrow = narrow_cost(price.raw(), amount.raw(), pow10(amount_decimals))) return Cost(*narrow);
  }
  const Int128 product = static_cast<Int128>(price.raw()) * amount.raw();
  auto r = to_int64(divide_pow10_rounded(product, amount_decimals), "price x amount");
  if (!r) return std::move(r).error();
  return Cost(*r);
}

Result<int64_t> percent_of(int64_t raw, Decimal percent) {
  // raw * mantissa / (100 * 10^scale); the 128-bit product cannot overflow for int64 operands.
  const Int128 product = static_cast<Int128>(raw) * percent.mantissa();
  return to_int64(divide_pow10_rounded(product, percent.scale() + 2), "percentage");
}

Result<int64_t> parse_units(std::string_view text, int decimals) {
  auto d = Decimal::parse(text);
  if (!d) return std::move(d).error();
  return d->to_units(decimals);
}

std::string format_units(int64_t raw, int decimals) { return Decimal(raw, decimals).to_string(); }

std::string format_units_trimmed(int64_t raw, int decimals) {
  return Decimal(raw, decimals).normalized().to_string();
}

std::string display(int64_t raw, Currency currency) {
  return decorate(group_thousands(format_units(raw, currency.decimals())), currency);
}

std::string display_short(int64_t raw, Currency currency) {
  const int decimals = currency.decimals();
  const int64_t cents = static_cast<int64_t>(divide_pow10_rounded(raw, decimals - 2));
  return decorate(group_thousands(format_units(cents, 2)), currency);
}

}  // namespace dealer
