// Summaries of a tape of trades: open/high/low/close, volume, turnover and VWAP, whole or in time
// buckets. Turnover is summed exactly in 128 bits and rounded once (half away from zero) at the end,
// so the VWAP does not depend on how the tape is split.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/money.h"
#include "model/model.h"

namespace dealer {

struct TapeSummary {
  int64_t start = 0;  // unix seconds: first trade, or the bucket's start
  size_t trades = 0;
  int64_t first_tid = 0, last_tid = 0;
  Price open, high, low, close;
  Amount volume;
  Cost turnover;
  Price vwap;
  Price avg;  // the plain mean of the trade prices, rounded half away from zero
};

// Accumulates trades, in time order, into a TapeSummary. Takes every trade it is given: filtering
// (primary only, a time window) is the caller's.
class TapeAccumulator {
 public:
  void add(const Trade& t);
  bool empty() const { return s_.trades == 0; }
  TapeSummary finish() const;

 private:
  TapeSummary s_;
  Int128 notional_ = 0;
  Int128 price_sum_ = 0;
  int amount_decimals_ = 8;
};

// Trades with primary == false (currency mirrors) are skipped. Requires at least one primary trade.
TapeSummary summarize(std::span<const Trade> trades);

// One summary per `seconds`-long bucket that holds a trade, in time order.
std::vector<TapeSummary> summarize_buckets(std::span<const Trade> trades, int64_t seconds);

}  // namespace dealer
