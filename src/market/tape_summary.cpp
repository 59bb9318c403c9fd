#include "market/tape_summary.h"

#include <stdexcept>

namespace dealer {
void TapeAccumulator::add(const Trade& t) {
  if (s_.trades == 0) {
    s_.start = t.date;
    s_.first_tid = t.tid;
    s_.open = s_.high = s_.low = t.price;
  }
  ++s_.trades;
  s_.last_tid = t.tid;
  s_.close = t.price;
  if (t.price > s_.high) s_.high = t.price;
  if (t.price < s_.low) s_.low = t.price;
  s_.volume += t.amount;
  notional_ += static_cast<Int128>(t.price.raw()) * t.amount.raw();
  price_sum_ += t.price.raw();
  amount_decimals_ = t.item.decimals();
}

TapeSummary TapeAccumulator::finish() const {
  TapeSummary s = s_;
  s.turnover = Cost(static_cast<int64_t>(divide_pow10_rounded(notional_, amount_decimals_)));
  if (s.volume.raw() != 0) s.vwap = Price(divide_rounded(notional_, s.volume.raw()));
  if (s.trades != 0) s.avg = Price(divide_rounded(price_sum_, static_cast<Int128>(s.trades)));
  return s;
}

TapeSummary summarize(std::span<const Trade> trades) {
  TapeAccumulator acc;
  for (const Trade& t : trades)
    if (t.primary) acc.add(t);
  if (acc.empty()) throw std::invalid_argument("summarize: no primary trades");
  return acc.finish();
}

std::vector<TapeSummary> summarize_buckets(std::span<const Trade> trades, int64_t seconds) {
  std::vector<TapeSummary> out;
  TapeAccumulator acc;
  int64_t bucket = 0;
  for (const Trade& t : trades) {
    if (!t.primary) continue;
    const int64_t b = t.date - t.date % seconds;
    if (!acc.empty() && b != bucket) {
      out.push_back(acc.finish());
      out.back().start = bucket;
      acc = TapeAccumulator();
    }
    bucket = b;
    acc.add(t);
  }
  if (!acc.empty()) {
    out.push_back(acc.finish());
    out.back().start = bucket;
  }
  return out;
}

}  // namespace dealer
