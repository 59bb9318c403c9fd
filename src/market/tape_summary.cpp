#include "market/tape_summary.h"

#include <stdexcept>

namespace dealer {
namespace {

class Accumulator {
 public:
  void add(const Trade& t) {
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
    amount_decimals_ = t.item.decimals();
  }

  bool empty() const { return s_.trades == 0; }

  TapeSummary finish() {
    s_.turnover = Cost(static_cast<int64_t>(divide_pow10_rounded(notional_, amount_decimals_)));
    if (s_.volume.raw() != 0) {
      s_.vwap = Price(divide_rounded(notional_, s_.volume.raw()));
    }
    return s_;
  }

 private:
  TapeSummary s_;
  Int128 notional_ = 0;
  int amount_decimals_ = 8;
};

}  // namespace

TapeSummary summarize(std::span<const Trade> trades) {
  Accumulator acc;
  for (const Trade& t : trades)
    if (t.primary) acc.add(t);
  if (acc.empty()) throw std::invalid_argument("summarize: no primary trades");
  return acc.finish();
}

std::vector<TapeSummary> summarize_buckets(std::span<const Trade> trades, int64_t seconds) {
  std::vector<TapeSummary> out;
  Accumulator acc;
  int64_t bucket = 0;
  for (const Trade& t : trades) {
    if (!t.primary) continue;
    const int64_t b = t.date - t.date % seconds;
    if (!acc.empty() && b != bucket) {
      out.push_back(acc.finish());
      out.back().start = bucket;
      acc = Accumulator();
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
