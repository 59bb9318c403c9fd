#include "demo/summary.h"

#include <limits>

#include "core/money.h"
#include "store/history_reader.h"

namespace dealer::demo {
namespace {

// "13.45 USD" or "-0.5 BTC": a signed amount in a currency's units, trimmed.
std::string units(int64_t raw, Currency currency) {
  return format_units_trimmed(raw, currency.decimals()) + " " + std::string(currency.code());
}

Status add_fills(DemoSummary& s, const std::vector<store::FillRow>& fills) {
  s.fills = static_cast<int64_t>(fills.size());
  for (const store::FillRow& f : fills) {
    auto cost = cost_of(Price(f.price_int), Amount(f.amount_int));
    if (!cost) return cost.error();
    if (f.side == Side::kBid) {
      s.bought_int += f.amount_int;
      s.paid_int += cost->raw();
    } else {
      s.sold_int += f.amount_int;
      s.received_int += cost->raw();
    }
  }
  return {};
}

// The first and last balance row of `currency`; zero for a currency the history has none of.
BalanceChange balance_change(const std::vector<store::BalanceRow>& rows, Currency currency) {
  BalanceChange change;
  bool first = true;
  for (const store::BalanceRow& b : rows) {
    if (b.currency != currency.code()) continue;
    if (first) change.start_int = b.total_int;
    change.end_int = b.total_int;
    first = false;
  }
  return change;
}

}  // namespace

Result<DemoSummary> summarize(const std::string& store_path, engine::Pair pair, int64_t trades_replayed) {
  auto reader = store::HistoryReader::open(store_path);
  if (!reader) return reader.error();
  DemoSummary s;
  s.store_path = store_path;
  s.trades_replayed = trades_replayed;

  auto trades = reader->trades_after(pair.code(), std::numeric_limits<int64_t>::min(),
                                     std::numeric_limits<int64_t>::max());
  if (!trades) return trades.error();
  s.trades_seen = static_cast<int64_t>(trades->size());
  if (!trades->empty()) s.last_price_int = trades->back().price_int;

  auto orders = reader->orders_since(0);
  if (!orders) return orders.error();
  s.orders = static_cast<int64_t>(orders->size());
  for (const store::OrderRow& o : *orders) ++s.orders_by_state[o.state];

  auto fills = reader->fills_since(0);
  if (!fills) return fills.error();
  if (Status added = add_fills(s, *fills); !added) return added.error();

  auto balances = reader->balances_since(0);
  if (!balances) return balances.error();
  s.item = balance_change(*balances, pair.item);
  s.quote = balance_change(*balances, pair.quote);
  s.item_fees_int = s.bought_int - s.sold_int - s.item.change();
  s.quote_fees_int = s.received_int - s.paid_int - s.quote.change();
  auto marked = cost_of(Price(s.last_price_int), Amount(s.item.change()));
  if (!marked) return marked.error();
  s.pnl_int = s.quote.change() + marked->raw();
  return s;
}

std::string format_summary(const DemoSummary& s, engine::Pair pair) {
  const std::string item(pair.item.code()), quote(pair.quote.code());
  std::string out = "\nSummary\n";
  out += "  trades replayed   " + std::to_string(s.trades_replayed) + " of the tape; the bot stored " +
         std::to_string(s.trades_seen) + " (with the simulator's trades against its orders)\n";
  std::string states;
  for (const auto& [state, n] : s.orders_by_state)
    states += (states.empty() ? "" : ", ") + std::to_string(n) + " " + state;
  out +=
      "  orders            " + std::to_string(s.orders) + (states.empty() ? "" : " (" + states + ")") + "\n";
  out += "  fills             " + std::to_string(s.fills) + ": bought " + units(s.bought_int, pair.item) +
         " for " + units(s.paid_int, pair.quote) + ", sold " + units(s.sold_int, pair.item) + " for " +
         units(s.received_int, pair.quote) + "\n";
  out += "  fees              " + units(s.item_fees_int, pair.item) + " on buys, " +
         units(s.quote_fees_int, pair.quote) + " on sells (MtGox reports none per trade: what the\n" +
         "                    balances moved less than the fills)\n";
  out += "  balances          " + units(s.item.start_int, pair.item) + " -> " +
         units(s.item.end_int, pair.item) + ", " + units(s.quote.start_int, pair.quote) + " -> " +
         units(s.quote.end_int, pair.quote) + "\n";
  out += "  P&L               " + units(s.pnl_int, pair.quote) + ": the " + quote + " change + the " + item +
         " change x the last price " + units(s.last_price_int, pair.quote) + "\n";
  out += "\nThe history is in " + s.store_path + " (kept). Look at it with\n";
  out += "  dealer history --store " + s.store_path + "\n";
  out += "  sqlite3 " + s.store_path +
         " \"SELECT client_id, side, price_int / 1e5 AS usd, amount_int / 1e8 AS btc, state FROM orders\"\n";
  out += "(db/README.md describes every table; prices and amounts are integers in exchange units.)\n";
  return out;
}

}  // namespace dealer::demo
