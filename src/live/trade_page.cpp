#include "live/trade_page.h"

#include <algorithm>

namespace dealer::live {

Result<TradePage> read_trade_page(std::optional<int64_t> cursor, std::vector<Trade> answer) {
  TradePage page;
  page.cursor = cursor;
  page.full = answer.size() >= kTradesPageSize;
  size_t at_or_before_cursor = 0;
  int64_t previous = 0;
  for (size_t i = 0; i < answer.size(); ++i) {
    Trade& t = answer[i];
    // Copies of one trade in other currencies share its tid, so equal neighbours are allowed.
    if (i > 0 && t.tid < previous)
      return make_error(Errc::kExchange,
                        "trades answer goes backwards at index " + std::to_string(i) + ": tid " +
                            std::to_string(previous) + " then " + std::to_string(t.tid) +
                            "; nothing taken from it",
                        "trades_out_of_order");
    previous = t.tid;
    page.cursor = std::max(page.cursor.value_or(t.tid), t.tid);
    if (cursor && t.tid <= *cursor) {
      ++at_or_before_cursor;
      continue;
    }
    const bool seen = !page.trades.empty() && page.trades.back().tid == t.tid;
    if (t.primary && !seen) page.trades.push_back(std::move(t));
  }
  if (!cursor || answer.empty()) return page;
  if (page.full && at_or_before_cursor == answer.size())
    return make_error(Errc::kExchange,
                      "a full trades page lies entirely at or before cursor " + std::to_string(*cursor) +
                          ": the exchange ignores `since`, the cursor cannot move",
                      "trades_stuck");
  if (answer.size() > kTradesPageSize && at_or_before_cursor == 0)
    page.gap =
        TradeGap{*cursor, answer.front().tid,
                 "the answer has " + std::to_string(answer.size()) + " trades, more than a `since` page of " +
                     std::to_string(kTradesPageSize) + ", and none at or before the cursor"};
  return page;
}

}  // namespace dealer::live
