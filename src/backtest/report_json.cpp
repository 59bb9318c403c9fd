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

void ratio_or_null(JsonWriter& w, std::string_view key, std::optional<double> value) {
  w.key(key);
  if (value)
    w.raw(format_ratio(*value));
  else
    w.null();
}

void money(JsonWriter& w, std::string_view key, int64_t units, int decimals) {
  w.key(key);
  w.string(format_units(units, decimals));
}

void round_trips(JsonWriter& w, const Report& r) {
  const int qd = r.pair.quote.decimals();
  w.key("round_trips");
  w.begin_array();
  for (const RoundTrip& t : r.analysis.round_trips) {
    w.begin_object();
    w.key("strategy");
    w.string(t.strategy);
    w.key("entry_time");
    w.string(format_time(t.entry_time));
    w.key("exit_time");
    w.string(format_time(t.exit_time));
    money(w, "entry_price", t.entry_price.raw(), qd);
    money(w, "exit_price", t.exit_price.raw(), qd);
    money(w, "amount", t.amount.raw(), r.pair.item.decimals());
    money(w, "fees", t.fees, qd);
    money(w, "pnl", t.pnl, qd);
    w.key("open");
    w.boolean(t.open);
    w.end_object();
  }
  w.end_array();
}

// The keys of issue 21 beside the equity figures (docs/backtesting.md).
void trade_analysis(JsonWriter& w, const Report& r) {
  const int qd = r.pair.quote.decimals();
  const TradeAnalysis& a = r.analysis;
  const TradeStats& s = a.stats;
  round_trips(w, r);
  w.key("closed_round_trips");
  w.integer(s.closed);
  ratio_or_null(w, "win_rate", s.win_rate);
  ratio_or_null(w, "profit_factor", s.profit_factor);
  w.key("expectancy");
  if (s.expectancy)
    w.string(format_units(*s.expectancy, qd));
  else
    w.null();
  ratio_or_null(w, "avg_holding_seconds", s.avg_holding_seconds);
  w.key("max_holding_seconds");
  w.raw(format_ratio(static_cast<double>(s.max_holding.count()) / 1e6));
  money(w, "largest_win", s.largest_win, qd);
  money(w, "largest_loss", s.largest_loss, qd);
  ratio_or_null(w, "sortino", s.sortino);
  ratio_or_null(w, "calmar", s.calmar);
  w.key("buy_and_hold");
  w.begin_object();
  money(w, "pnl", a.buy_and_hold.pnl, qd);
  w.key("return_pct");
  w.raw(format_ratio(a.buy_and_hold.return_pct));
  w.key("max_drawdown_pct");
  w.raw(format_ratio(a.buy_and_hold.max_drawdown_pct));
  w.end_object();
  w.key("per_strategy");
  w.begin_object();
  for (const StrategyFigures& f : a.per_strategy) {
    w.key(f.strategy);
    w.begin_object();
    w.key("fills");
    w.integer(f.fills);
    money(w, "fees", f.fees, qd);
    money(w, "pnl", f.pnl, qd);
    w.key("round_trips");
    w.integer(f.round_trips);
    w.end_object();
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
  trade_analysis(w, r);
  w.key("wall_seconds");
  w.raw(format_ratio(wall_seconds));
  w.key("trades_per_second");
  w.integer(wall_seconds > 0 ? static_cast<int64_t>(static_cast<double>(r.trades_replayed) / wall_seconds)
                             : 0);
  w.end_object();
  return w.take();
}

}  // namespace dealer::backtest
