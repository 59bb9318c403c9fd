// Recorded trade files: the tape that backtests and the simulator's replay run over.
// Two formats, told apart by the first line:
//   MtGox CSV         header "id,price,amount,type"; id is the tid (microseconds), type bid|ask.
//   bitcoincharts CSV no header, "unix_seconds,price,amount". It has no tids and no sides: tids are
//                     made as unix_seconds * 1e6 + the trade's index within its second, and the side
//                     follows the tick rule (an uptick was a buyer lifting an ask: bid; a downtick an
//                     ask; an unchanged price keeps the previous side; the first trade counts as bid).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/currency.h"
#include "core/result.h"
#include "model/model.h"

namespace dealer {

// Parses a whole file's text. Prices are in `currency` units, amounts in BTC units, both exact; any
// malformed line is an error naming the line. Tids must increase strictly.
Result<std::vector<Trade>> parse_trade_csv(std::string_view text, Currency currency);

Result<std::vector<Trade>> read_trade_file(const std::string& path, Currency currency);

}  // namespace dealer
