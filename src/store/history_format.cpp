#include "store/history_format.h"

#include <algorithm>

#include "core/currency.h"
#include "core/json_binding.h"
#include "core/money.h"
#include "core/text_table.h"
#include "core/time_format.h"

namespace dealer::store {

namespace {

std::string utc(int64_t time_us) {
  // Floor, not truncation, so a time before the epoch still shows its own second.
  const int64_t seconds = time_us >= 0 ? time_us / 1'000'000 : -((-time_us + 999'999) / 1'000'000);
  return format_utc(seconds);
}

// Units in decimal form for a known currency code; the raw integer (with its code) otherwise.
std::string units(int64_t raw, std::string_view code) {
  auto currency = Currency::from_code(code);
  if (!currency) return std::to_string(raw) + " units";
  return format_units(raw, currency->decimals());
}

// "BTCUSD" -> item "BTC", quote "USD".
std::string_view item_of(std::string_view pair) { return pair.substr(0, 3); }
std::string_view quote_of(std::string_view pair) { return pair.size() > 3 ? pair.substr(3) : pair; }

std::string orders_table(const std::vector<OrderRow>& orders) {
  TextTable table({"created (UTC)", "client id", "strategy", "pair", "side", "kind", "price", "amount",
                   "filled", "state", "exchange id", "mode"},
                  {false, false, false, false, false, false, true, true, true, false, false, false});
  for (const OrderRow& o : orders) {
    table.add({utc(o.created_us), o.client_id, o.strategy_id, o.pair, std::string(to_string(o.side)),
               std::string(to_string(o.kind)),
               o.kind == OrderKind::kMarket ? "market" : units(o.price_int, quote_of(o.pair)),
               units(o.amount_int, item_of(o.pair)), units(o.filled_amount_int, item_of(o.pair)), o.state,
               o.exchange_id, std::string(to_string(o.mode))});
  }
  return table.render();
}

// "time" is when dealer saw the fill (what --since selects by, as for orders); "traded" the exchange's.
std::string fills_table(const std::vector<FillView>& views) {
  TextTable table({"time (UTC)", "traded (UTC)", "trade id", "client id", "strategy", "pair", "side", "price",
                   "amount", "fee", "mode"},
                  {false, false, true, false, false, false, false, true, true, true, false});
  for (const auto& [f, strategy_id] : views) {
    table.add({utc(f.seen_us), utc(f.time_us), f.trade_id, f.client_id, strategy_id, f.pair,
               std::string(to_string(f.side)), units(f.price_int, quote_of(f.pair)),
               units(f.amount_int, item_of(f.pair)), units(f.fee_int, f.fee_currency) + " " + f.fee_currency,
               std::string(to_string(f.mode))});
  }
  return table.render();
}

}  // namespace

Result<std::string> format_history(HistoryReader& reader, const HistoryQuery& query) {
  std::string out;
  if (query.orders) {
    auto orders = reader.orders_since(query.since_us);
    if (!orders) return std::move(orders).error();
    out += "orders (" + std::to_string(orders->size()) + ")\n";
    if (!orders->empty()) out += orders_table(*orders);
  }
  if (query.fills) {
    auto fills = reader.fill_views_since(query.since_us);
    if (!fills) return std::move(fills).error();
    if (!out.empty()) out += '\n';
    out += "fills (" + std::to_string(fills->size()) + ")\n";
    if (!fills->empty()) out += fills_table(*fills);
  }
  return out;
}

}  // namespace dealer::store
