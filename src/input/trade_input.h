// Every recorded-trade input of `dealer backtest --trades` and `dealer import --input`, and the one
// place that picks the reader (README "Backtest inputs"), from the file's first bytes:
//   "SQLite format 3\0"  the SQLite history `dealer record` writes: its trades of the pair
//                        BTC<options.currency>, by tid;
//   "DLRTAPE\n"          the binary tape of `dealer import --format tape` (market/tape_file.h), of the
//                        pair BTC<options.currency>;
//   '{' or '[' (after blanks)  MtGox `public/trades` answers (input/mtgox_json_trades.h);
//   anything else        MtGox or bitcoincharts CSV (market/trade_file.h).
// Every reader streams (a batch at a time), reports bad lines as "FILE:LINE: what" and stops at the
// first one when `options.strict`.
#pragma once

#include <string>
#include <vector>

#include "market/trade_file.h"

namespace dealer::input {

enum class TradeInputFormat { kCsv, kMtGoxJson, kSqlite, kTape };

// Which reader the file needs; Errc::kIo when it cannot be read.
Result<TradeInputFormat> detect_trade_input(const std::string& path);

Result<TradeReadSummary> read_trade_input(const std::string& path, const TradeReadOptions& options,
                                          const TradeBatchSink& sink);

struct TradeInput {
  std::vector<Trade> trades;
  TradeReadSummary summary;
};

// The whole input into memory (a backtest replays a span).
Result<TradeInput> load_trade_input(const std::string& path, const TradeReadOptions& options);

// For the commands: options whose bad lines go to stderr as "PREFIX: FILE:LINE: what", the first
// kPrintedBadLines of them (the count is printed by print_bad_line_count).
inline constexpr size_t kPrintedBadLines = 20;
TradeReadOptions command_read_options(const std::string& prefix, Currency currency, bool strict);
void print_bad_line_count(const std::string& prefix, const TradeReadSummary& summary);

}  // namespace dealer::input
