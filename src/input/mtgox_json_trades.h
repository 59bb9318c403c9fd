// MtGox `public/trades` answers as a trade file (tests/data/seeds/mtgox-api-v1.txt, tests/data/mtgox/):
// one answer, or several one after the other (concatenated, one per line, or pretty-printed), as a
// recorder of pages writes them; each either wrapped ({"result":"success","return":[...]}) or bare
// (`?raw`, [...]). Read streaming: one answer in memory at a time.
//   - Only primary trades are kept (the API's own rule: the copies with primary "N" are the same trade
//     mirrored into another currency); a primary trade not priced in the options' currency, or not
//     of BTC, is a bad line.
//   - Trades at or before the last one kept are dropped as already seen: pages overlap when the
//     recent-trades answer is stored over and over.
//   - An answer that does not decode (an error body, a malformed member) is a bad line named by the
//     line the answer starts on; with `strict` it ends the reading.
#pragma once

#include <string>

#include "market/trade_file.h"

namespace dealer::input {

Result<TradeReadSummary> read_mtgox_trades_json(const std::string& path, const TradeReadOptions& options,
                                                const TradeBatchSink& sink);

// The same over a text in memory; `name` stands for the file in errors.
Result<TradeReadSummary> parse_mtgox_trades_json(std::string_view text, const std::string& name,
                                                 const TradeReadOptions& options, const TradeBatchSink& sink);

}  // namespace dealer::input
