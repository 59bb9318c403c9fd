// Decimal and money parsing: plain decimal strings, JSON number tokens, integer strings and exchange
// units at every currency's decimals. Invariants: whatever parses formats back to text that parses to
// the same value (and, for plain decimals, the same digits); the three readings of one text agree.
#include "core/decimal.h"

#include "core/money.h"
#include "fuzz/fuzz_support.h"

using namespace dealer;
using fuzz::check;

namespace {

void check_decimal(std::string_view text) {
  auto d = Decimal::parse(text);
  if (!d) return;
  auto again = Decimal::parse(d->to_string());
  check(again.ok() && again->same_text(*d), "Decimal: parse(to_string(x)) has the same digits as x");
  check(d->normalized() == *d, "Decimal: normalized() keeps the value");
  auto json = Decimal::parse_json_number(d->to_string());
  check(json.ok() && *json == *d, "Decimal: its text is also a JSON number of the same value");
}

void check_json_number(std::string_view text) {
  auto d = Decimal::parse_json_number(text);
  if (!d) return;
  auto again = Decimal::parse(d->to_string());
  check(again.ok() && *again == *d, "JSON number: parse(to_string(x)) == x");
}

void check_units(std::string_view text) {
  for (const int decimals : {3, 5, 8}) {
    auto units = parse_units(text, decimals);
    auto d = Decimal::parse(text);
    if (units) {
      auto again = parse_units(format_units(*units, decimals), decimals);
      check(again.ok() && *again == *units, "units: parse(format(x)) == x");
      auto trimmed = parse_units(format_units_trimmed(*units, decimals), decimals);
      check(trimmed.ok() && *trimmed == *units, "units: parse(format_trimmed(x)) == x");
      check(d.ok(), "units: text that parses as units is a plain decimal");
    }
    if (d) {
      auto exact = d->to_units(decimals);
      check(exact.ok() == units.ok() && (!exact || *exact == *units),
            "units: parse_units agrees with Decimal");
    }
  }
}

void check_int64(std::string_view text) {
  auto v = parse_int64(text);
  if (!v) return;
  auto again = parse_int64(std::to_string(*v));
  check(again.ok() && *again == *v, "int64: parse(to_string(x)) == x");
  auto d = Decimal::parse(text);
  check(d.ok() && d->scale() == 0 && d->mantissa() == *v, "int64: agrees with Decimal");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = fuzz::text_of(data, size);
  check_decimal(text);
  check_json_number(text);
  check_units(text);
  check_int64(text);
  return 0;
}
