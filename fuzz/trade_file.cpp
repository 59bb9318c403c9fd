// Trade file import (MtGox CSV and bitcoincharts CSV) over any text. Invariants: tids increase strictly;
// each trade's date is its tid's second; written back as MtGox CSV (computed here, independently of the
// parser) the trades parse to the same trades.
#include "market/trade_file.h"

#include "core/money.h"
#include "fuzz/fuzz_support.h"

using namespace dealer;
using fuzz::check;

namespace {

std::string as_mtgox_csv(const std::vector<Trade>& trades) {
  std::string csv = "id,price,amount,type\n";
  for (const Trade& t : trades) {
    csv += std::to_string(t.tid) + "," + format_units(t.price.raw(), t.price_currency.decimals()) + "," +
           format_units(t.amount.raw(), t.item.decimals()) + "," + (t.side == Side::kBid ? "bid" : "ask") +
           "\n";
  }
  return csv;
}

bool same(const Trade& a, const Trade& b) {
  return a.tid == b.tid && a.date == b.date && a.price == b.price && a.amount == b.amount &&
         a.side == b.side && a.price_currency == b.price_currency && a.item == b.item;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto trades = parse_trade_csv(fuzz::text_of(data, size), Currency::usd());
  if (!trades) return 0;
  for (size_t i = 0; i < trades->size(); ++i) {
    const Trade& t = (*trades)[i];
    check(i == 0 || t.tid > (*trades)[i - 1].tid, "tids increase strictly");
    check(t.date == t.tid / 1'000'000, "a trade's date is its tid's second");
  }
  const auto again = parse_trade_csv(as_mtgox_csv(*trades), Currency::usd());
  check(again.ok() && again->size() == trades->size(), "trades written as MtGox CSV parse again");
  for (size_t i = 0; i < trades->size(); ++i)
    check(same((*again)[i], (*trades)[i]), "and are the same trades");
  return 0;
}
