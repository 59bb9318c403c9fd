// Currency: one of the currencies MtGox quoted, with the number of decimals of its value_int units
// (BTC 8; JPY, SEK 3; the other fiat 5) and how MtGox displayed it. A small value type, cheap to copy.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/result.h"

namespace dealer {

class Currency {
 public:
  Currency() : index_(0) {}  // BTC, the item every MtGox pair trades
  static Result<Currency> from_code(std::string_view code);
  static Currency btc();
  static Currency usd();
  static constexpr int kCount = 19;
  // Every known currency, in table order (index() is the position).
  static Currency at(int index) { return Currency(static_cast<uint8_t>(index)); }
  int index() const { return index_; }

  std::string_view code() const;
  // Digits after the point in value_int units: BTC 8 means 1 BTC = 100000000 units.
  int decimals() const;
  // How MtGox displayed it: "$" before the number, or a suffix such as "\u00a0BTC" or " \u20ac".
  std::string_view display_prefix() const;
  std::string_view display_suffix() const;

  friend bool operator==(Currency, Currency) = default;

 private:
  explicit Currency(uint8_t index) : index_(index) {}
  uint8_t index_;
};

}  // namespace dealer
