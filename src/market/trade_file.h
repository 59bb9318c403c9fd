// Recorded trade files: the tape that backtests and the simulator's replay run over.
// Two formats, told apart by the first line:
//   MtGox CSV         header "id,price,amount,type"; id is the tid (microseconds), type bid|ask.
//   bitcoincharts CSV no header, "unix_seconds,price,amount". It has no tids and no sides: tids are
//                     made as unix_seconds * 1e6 + the trade's index within its second, and the side
//                     follows the tick rule (an uptick was a buyer lifting an ask: bid; a downtick an
//                     ask; an unchanged price keeps the previous side; the first trade counts as bid).
// Files are read streaming (market/line_reader.h), a batch of trades at a time. A bad line (a field
// that does not parse, a value out of range, a tid that does not increase) is an error "FILE:LINE: what";
// with `strict` it ends the reading, otherwise it is reported, counted and skipped.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/currency.h"
#include "core/result.h"
#include "model/model.h"

namespace dealer {

struct TradeReadOptions {
  Currency currency = Currency::usd();  // the quote: prices are read in its units, amounts in BTC's
  bool strict = false;                  // the first bad line is the error
  // Each bad line skipped when not strict, as "FILE:LINE: what".
  std::function<void(const Error&)> on_bad_line;
};

// Receives the trades as they are read, a batch at a time, oldest first, tids strictly increasing
// across batches; it may move them out. An error from it ends the reading and is returned.
using TradeBatchSink = std::function<Status(std::span<Trade>)>;

struct TradeReadSummary {
  size_t trades = 0;     // handed to the sink
  size_t bad_lines = 0;  // skipped (not strict)
};

// The last second a trade may carry (9999-12-31 23:59:59 UTC, as `dealer backtest --from/--to`): every
// reader refuses a trade outside 0..this, a price or an amount not above 0, or a negative tid, as a bad
// line (issue 18).
inline constexpr int64_t kLastTradeSecond = 253'402'300'799;

// The values every reader requires of a trade (issue 18): price and amount above 0, the time within
// 0..kLastTradeSecond, the tid not negative.
inline bool plausible(int64_t tid, int64_t date, int64_t price, int64_t amount) {
  return price > 0 && amount > 0 && date >= 0 && date <= kLastTradeSecond && tid >= 0;
}
// What of that `t` fails, as a bad line's text ("price -13.50000 is not above 0"), or nothing.
std::optional<std::string> file_trade_fault(const Trade& t);

// The trades a batch sink collects; a batch of this size is handed on as soon as it is full.
inline constexpr size_t kTradeBatchSize = 4096;

// Reads a MtGox or bitcoincharts CSV file.
Result<TradeReadSummary> read_trade_csv(const std::string& path, const TradeReadOptions& options,
                                        const TradeBatchSink& sink);

// The whole file strictly, into memory (the simulator's replay, `dealer tape`, tests).
Result<std::vector<Trade>> read_trade_file(const std::string& path, Currency currency);
// A text in memory, strictly; `name` stands for the file in errors.
Result<std::vector<Trade>> parse_trade_csv(std::string_view text, Currency currency,
                                           const std::string& name = "trade file");

// Reading's bookkeeping shared by every trade reader: reports or stops at bad lines, keeps tids
// increasing, and hands trades to the sink in batches of kTradeBatchSize.
class TradeCollector {
 public:
  TradeCollector(std::string name, const TradeReadOptions& options, const TradeBatchSink& sink);

  // A bad line: an error when strict, else reported and counted (then ok).
  Status bad_line(size_t line_no, const std::string& what);
  // A trade read at `line_no`: a bad line if its tid does not increase, else collected (and a full
  // batch handed on).
  Status add(Trade trade, size_t line_no);
  // Hands on what is collected; the summary.
  Result<TradeReadSummary> finish();

  // The latest trade collected (nullptr before the first).
  const Trade* last() const {
    if (!batch_.empty()) return &batch_.back();
    return has_last_ ? &last_ : nullptr;
  }
  const std::string& name() const { return name_; }

 private:
  Status flush();

  std::string name_;
  const TradeReadOptions& options_;
  const TradeBatchSink& sink_;
  std::vector<Trade> batch_;
  Trade last_;  // the latest trade of the batches handed on
  bool has_last_ = false;
  TradeReadSummary summary_;
};

// A sink that appends every batch to `out`.
TradeBatchSink append_to(std::vector<Trade>& out);

}  // namespace dealer
