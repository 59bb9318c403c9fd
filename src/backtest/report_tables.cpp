#include "backtest/report_tables.h"

#include <initializer_list>

#include "backtest/report_html.h"
#include "backtest/report_json.h"

namespace dealer::backtest {
namespace {

std::string ratio_or_null(const std::optional<double>& v) { return v ? format_ratio(*v) : "null"; }

void table(std::string& out, const char* id, const char* title, std::initializer_list<const char*> header) {
  out += std::string("<h2>") + title + "</h2>\n<table class=\"sortable\" id=\"" + id + "\">\n<thead><tr>";
  for (const char* h : header) out += std::string("<th>") + h + "</th>";
  out += "</tr></thead>\n<tbody>\n";
}

void cells(std::string& out, std::initializer_list<std::string> values) {
  out += "<tr>";
  for (const std::string& v : values) out += "<td>" + html_escape(v) + "</td>";
  out += "</tr>\n";
}

std::string seconds(Micros m) { return format_ratio(static_cast<double>(m.count()) / 1e6); }

}  // namespace

void metric_row(std::string& out, const std::string& key, const std::string& value, std::string_view unit) {
  out += "<tr><th>" + html_escape(key) + "</th><td>" + html_escape(value) + "</td><td>" + html_escape(unit) +
         "</td></tr>\n";
}

void analysis_rows(std::string& out, const Report& r) {
  const int qd = r.pair.quote.decimals();
  const std::string_view quote = r.pair.quote.code();
  const TradeAnalysis& a = r.analysis;
  const TradeStats& s = a.stats;
  metric_row(out, "round_trips", std::to_string(a.round_trips.size()), "listed below, open ones too");
  metric_row(out, "closed_round_trips", std::to_string(s.closed));
  metric_row(out, "win_rate", ratio_or_null(s.win_rate), "of the closed ones, 0..1");
  metric_row(out, "profit_factor", ratio_or_null(s.profit_factor), "gross profit / gross loss");
  metric_row(out, "expectancy", s.expectancy ? format_units(*s.expectancy, qd) : "null", quote);
  metric_row(out, "avg_holding_seconds", ratio_or_null(s.avg_holding_seconds), "s");
  metric_row(out, "max_holding_seconds", seconds(s.max_holding), "s");
  metric_row(out, "largest_win", format_units(s.largest_win, qd), quote);
  metric_row(out, "largest_loss", format_units(s.largest_loss, qd), quote);
  metric_row(out, "sortino", ratio_or_null(s.sortino), "daily returns × √365");
  metric_row(out, "calmar", ratio_or_null(s.calmar), "annual return / max drawdown");
  metric_row(out, "buy_and_hold.pnl", format_units(a.buy_and_hold.pnl, qd), quote);
  metric_row(out, "buy_and_hold.return_pct", format_ratio(a.buy_and_hold.return_pct), "%");
  metric_row(out, "buy_and_hold.max_drawdown_pct", format_ratio(a.buy_and_hold.max_drawdown_pct), "%");
  for (const StrategyFigures& f : a.per_strategy) {
    const std::string key = "per_strategy." + f.strategy + ".";
    metric_row(out, key + "fills", std::to_string(f.fills));
    metric_row(out, key + "fees", format_units(f.fees, qd), quote);
    metric_row(out, key + "pnl", format_units(f.pnl, qd), quote);
    metric_row(out, key + "round_trips", std::to_string(f.round_trips));
  }
}

void trade_tables(std::string& out, const Report& r) {
  const int qd = r.pair.quote.decimals(), id = r.pair.item.decimals();
  table(out, "round-trips",
        "Round trips (first in, first out per strategy; open ones marked at the last price)",
        {"strategy", "entry_time", "exit_time", "entry_price", "exit_price", "amount", "fees", "pnl",
         "holding_seconds", "open"});
  for (const RoundTrip& t : r.analysis.round_trips)
    cells(out, {t.strategy, format_time(t.entry_time), format_time(t.exit_time),
                format_units(t.entry_price.raw(), qd), format_units(t.exit_price.raw(), qd),
                format_units(t.amount.raw(), id), format_units(t.fees, qd), format_units(t.pnl, qd),
                seconds(t.holding()), t.open ? "open" : ""});
  out += "</tbody>\n</table>\n";
  table(out, "fills", "Fills", {"time", "side", "price", "amount", "fee", "order_id", "strategy"});
  for (const FillRecord& f : r.fills)
    cells(out, {format_time(f.time), f.side == Side::kBid ? "buy" : "sell", format_units(f.price.raw(), qd),
                format_units(f.amount.raw(), id), format_units(f.fee, qd), std::to_string(f.order_id),
                f.strategy});
  out += "</tbody>\n</table>\n";
}

}  // namespace dealer::backtest
