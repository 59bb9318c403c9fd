// Reading one answer of Exchange::trades_since against the cursor it was asked from: what is new, where
// the cursor may move, whether more is waiting, and whether the answer fails to connect to the cursor.
//
// What the API lets us know (tests/data/seeds/mtgox-api-v1.txt, exchange/exchange.h): `since` answers
// trades with tid strictly greater than the cursor, oldest first, at most kTradesPageSize; without a
// cursor, the recent trades (MtGox: the last 24 hours, uncapped). There are no sequence numbers and tids
// are timestamps with holes, so an answer can never *prove* that nothing lies between the cursor and its
// first trade; the poller relies on the documented contract and reports every answer that breaks it:
// - tids going backwards: the answer is rejected (an error, retried with backoff), nothing delivered;
// - more than kTradesPageSize trades and none at or before the cursor: the exchange ignored `since`
//   (that is the uncapped recent form), so trades between the cursor and the first one may be missing:
//   a TradeGap is reported with both tids, and the trades are still delivered;
// - an answer that overlaps the cursor (some tid <= cursor) connects by construction: the overlap is
//   dropped as already seen;
// - a full page entirely at or before the cursor cannot move it: an error, as the feed would spin.
// A full page (kTradesPageSize) means more may follow: the poller asks again at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/model.h"

namespace dealer::live {

// The most trades one `since` answer carries (MtGox v1 public/trades).
inline constexpr size_t kTradesPageSize = 1000;

// Trades may be missing between `after_tid` and `next_tid` (both exclusive).
struct TradeGap {
  int64_t after_tid = 0;
  int64_t next_tid = 0;
  std::string reason;
};

struct TradePage {
  std::vector<Trade> trades;      // new primary trades, tids strictly increasing, each tid once
  std::optional<int64_t> cursor;  // the highest tid the answer covered (non-primary copies included)
  bool full = false;              // the answer filled a page: ask again at once
  std::optional<TradeGap> gap;
};

Result<TradePage> read_trade_page(std::optional<int64_t> cursor, std::vector<Trade> answer);

}  // namespace dealer::live
