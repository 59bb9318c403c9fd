// DemoSummary: what `dealer demo` reports at the end, read back from the SQLite history it wrote (so the
// figures are those a person finds there with `dealer history` or sqlite3), plus the replay's count.
//
// MtGox reports no fee per trade (tests/data/seeds/mtgox-api-v1.txt: "Does not include fees"), so the
// fees are what the account's balances moved less than its fills: for the item, bought - sold - the
// item's change; for the quote, received - paid - the quote's change (the first balance row is fetched
// before trading, the last at shut-down, and nothing else moves the demo account). P&L is the change
// of the balances marked at the last price: quote change + item change x the price of the last trade
// in the history, rounded half away from zero. Each fill's price x amount is rounded the same way, as
// the exchange charges it. A plain value; not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/result.h"
#include "engine/pair.h"

namespace dealer::demo {

struct BalanceChange {
  int64_t start_int = 0;  // the first balance row (fetched before trading)
  int64_t end_int = 0;    // the last one (fetched at shut-down)
  int64_t change() const { return end_int - start_int; }
};

struct DemoSummary {
  std::string store_path;
  int64_t trades_replayed = 0;  // recorded trades the simulator replayed
  int64_t trades_seen = 0;      // public trades in the history (the tape and trades with our orders)
  int64_t orders = 0;
  std::map<std::string, int64_t> orders_by_state;  // final state -> count
  int64_t fills = 0;
  int64_t bought_int = 0, sold_int = 0;    // item units
  int64_t paid_int = 0, received_int = 0;  // quote units, for buys and sells
  BalanceChange item, quote;               // the pair's two currencies
  int64_t item_fees_int = 0, quote_fees_int = 0;
  int64_t last_price_int = 0;  // quote units; 0 when the history has no trade
  int64_t pnl_int = 0;         // quote units
};

// Reads the summary of the history at `store_path` (flushed: every row committed).
Result<DemoSummary> summarize(const std::string& store_path, engine::Pair pair, int64_t trades_replayed);

// The summary for a person: figures, how fees and P&L are worked out, where the history is and how to
// query it.
std::string format_summary(const DemoSummary& summary, engine::Pair pair);

}  // namespace dealer::demo
