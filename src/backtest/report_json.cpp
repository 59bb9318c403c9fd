#include "backtest/report_json.h"

#include <cstdio>

#include "core/json_writer.h"
#include "core/time_format.h"

namespace dealer::backtest {
namespace {

void balances(JsonWriter& w, std::string_view key, const std::vector<Balance>& list) {
  w.key(key);
  w.begin_object();
  for (const Balance& b : list) {
    w.key(b.currency.code());
    w.string(format_units(b.total.raw(), b.currency.decimals()));
  }
  w.end_object();
}

}  // namespace

std::string format_ratio(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.6f", value);
  return text;
}

std::string format_time(WallTime time) {
  const int64_t us = to_us(time);
  const int64_t seconds = us >= 0 ? us / 1'000'000 : (us - 999'999) / 1'000'000;
  char micros[8];
  std::snprintf(micros, sizeof micros, "%06lld", static_cast<long long>(us - seconds * 1'000'000));
  return format_utc(seconds, "%Y-%m-%dT%H:%M:%S") + "." + micros + "Z";
}

std::string report_json(const Report& r, double wall_seconds) {
  const int qd = r.pair.quote.decimals();
  const int id = r.pair.item.decimals();
  JsonWriter w;
  w.begin_object();
  w.key("trades_replayed");
  w.integer(static_cast<int64_t>(r.trades_replayed));
  w.key("orders");
  w.integer(static_cast<int64_t>(r.orders));
  w.key("fills");
  w.begin_array();
  for (const FillRecord& f : r.fills) {
    w.begin_object();
    w.key("time");
    w.string(format_time(f.time));
    w.key("side");
    w.string(f.side == Side::kBid ? "buy" : "sell");
    w.key("price");
    w.string(format_units(f.price.raw(), qd));
    w.key("amount");
    w.string(format_units(f.amount.raw(), id));
    w.key("fee");
    w.string(format_units(f.fee, qd));
    w.key("order_id");
    w.integer(f.order_id);
    w.key("strategy");
    w.string(f.strategy);
    w.end_object();
  }
  w.end_array();
  w.key("fees");
  w.string(format_units(r.fees, qd));
  balances(w, "start_balances", r.start_balances);
  balances(w, "final_balances", r.final_balances);
  w.key("first_price");
  w.string(format_units(r.first_price.raw(), qd));
  w.key("last_price");
  w.string(format_units(r.last_price.raw(), qd));
  w.key("pnl");
  w.string(format_units(r.pnl, qd));
  w.key("return_pct");
  w.raw(format_ratio(r.return_pct));
  w.key("max_drawdown_pct");
  w.raw(format_ratio(r.max_drawdown_pct));
  w.key("sharpe");
  if (r.sharpe)
    w.raw(format_ratio(*r.sharpe));
  else
    w.null();
  w.key("exposure_pct");
  w.raw(format_ratio(r.exposure_pct));
  w.key("wall_seconds");
  w.raw(format_ratio(wall_seconds));
  w.key("trades_per_second");
  w.integer(wall_seconds > 0 ? static_cast<int64_t>(static_cast<double>(r.trades_replayed) / wall_seconds)
                             : 0);
  w.end_object();
  return w.take();
}

}  // namespace dealer::backtest
