#include "live/restore.h"

#include <algorithm>
#include <set>

#include "live/store_rows.h"

namespace dealer::live {

std::string trades_cursor_name(const std::string& exchange, engine::Pair pair) {
  return "trades." + exchange + "." + pair.code();
}

Result<Restored> read_restore(store::HistoryReader& reader, store::RunMode mode,
                              const std::string& cursor_name) {
  Restored out;
  auto alive = reader.alive_orders(mode);
  if (!alive) return alive.error();
  std::set<std::string> alive_ids;
  for (const store::OrderRow& row : *alive) {
    auto order = order_record(row);
    if (!order) return order.error();
    out.orders.push_back(std::move(*order));
    alive_ids.insert(row.client_id);
  }
  // Every order ever written counts for the next client id, settled ones too (ids are never reused).
  // A full read: start-up only, and far cheaper than the exchange calls that follow it.
  auto all = reader.orders_since(0);
  if (!all) return all.error();
  for (const store::OrderRow& row : *all) out.next_client_id = std::max(out.next_client_id, row.seq + 1);

  auto fills = reader.fills_since(0);
  if (!fills) return fills.error();
  for (const store::FillRow& row : *fills) {
    if (row.mode != mode || !alive_ids.contains(row.client_id)) continue;
    auto fill = fill_record(row);
    if (!fill) return fill.error();
    out.fills.push_back(std::move(*fill));
  }

  auto states = reader.strategy_states();
  if (!states) return states.error();
  for (store::StrategyStateRow& s : *states)
    out.states.push_back({std::move(s.strategy_id), std::move(s.state)});

  auto cursor = reader.cursor(cursor_name);
  if (!cursor) return cursor.error();
  out.trades_cursor = *cursor;
  return out;
}

}  // namespace dealer::live
