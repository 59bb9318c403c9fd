#include "backtest/walk_forward_report.h"

#include "backtest/report_html.h"
#include "backtest/report_json.h"
#include "core/json_writer.h"
#include "core/text_table.h"
#include "core/time_format.h"

namespace dealer::backtest {
namespace {

std::string money(const WalkForwardResult& r, int64_t units) {
  return format_units(units, r.quote.decimals());
}

std::string spec_text(const WalkForwardSpec& s) {
  return s.train_text + "/" + s.test_text + "/" + s.step_text;
}

// The ranked metric of a row as the sweep table shows it.
std::string metric_text(const SweepRow& row, RankMetric rank) {
  switch (rank) {
    case RankMetric::kPnl:
      return row.pnl.to_string();
    case RankMetric::kReturnPct:
      return row.return_pct.to_string();
    case RankMetric::kMaxDrawdownPct:
      return row.max_drawdown_pct.to_string();
    case RankMetric::kSharpe:
      return row.sharpe ? row.sharpe->to_string() : "-";
    case RankMetric::kFills:
      return std::to_string(row.fills);
    case RankMetric::kFees:
      return row.fees.to_string();
  }
  return "";
}

// JSON types as the backtest report's: money a string, ratios numbers, a missing sharpe null.
void metric_json(JsonWriter& w, const SweepRow& row, RankMetric rank) {
  switch (rank) {
    case RankMetric::kPnl:
      return w.string(row.pnl.to_string());
    case RankMetric::kFees:
      return w.string(row.fees.to_string());
    case RankMetric::kFills:
      return w.integer(row.fills);
    case RankMetric::kSharpe:
      if (!row.sharpe) return w.null();
      return w.raw(row.sharpe->to_string());
    case RankMetric::kReturnPct:
      return w.raw(row.return_pct.to_string());
    case RankMetric::kMaxDrawdownPct:
      return w.raw(row.max_drawdown_pct.to_string());
  }
}

void values_json(JsonWriter& w, const WalkForwardResult& r, const SweepRow& row) {
  w.key("values");
  w.begin_object();
  for (size_t d = 0; d < r.grid.size(); ++d) {
    w.key(r.grid[d].key);
    w.string(row.values[d]);
  }
  w.end_object();
}

std::string values_text(const WalkForwardResult& r, const SweepRow& row) {
  std::string out;
  for (size_t d = 0; d < r.grid.size(); ++d) out += (d ? " " : "") + r.grid[d].key + "=" + row.values[d];
  return out;
}

struct Summary {
  std::string label, pnl, return_pct;
};

// Out of sample, hindsight, buy-and-hold, and the cost of choosing without hindsight.
std::vector<Summary> summaries(const WalkForwardResult& r) {
  return {{"out of sample (the test spans, each point chosen on its training span)", money(r, r.oos_pnl()),
           format_ratio(r.oos_return_pct())},
          {"hindsight (" + values_text(r, r.hindsight) + ", the best over the whole out-of-sample period)",
           money(r, r.hindsight_pnl()), format_ratio(r.hindsight_return_pct())},
          {"buy and hold over the test spans", money(r, r.buy_and_hold_pnl()),
           format_ratio(r.buy_and_hold_return_pct())}};
}

std::string title(const WalkForwardResult& r) {
  return "walk-forward " + spec_text(r.spec) + ": " + std::to_string(r.windows.size()) +
         " windows, each choosing by " + std::string(rank_metric_name(r.rank)) +
         " over its training span (fees and pnl in " + std::string(r.quote.code()) + ", ratios in %)";
}

std::vector<std::string> header(const WalkForwardResult& r) {
  std::vector<std::string> h{"window", "train_from", "train_to", "test_from", "test_to"};
  for (const SweepAxis& axis : r.grid) h.push_back(axis.key);
  h.push_back("train_" + std::string(rank_metric_name(r.rank)));
  for (const char* m : {"fills", "fees", "pnl", "return_pct", "max_drawdown_pct", "sharpe"})
    h.emplace_back(m);
  return h;
}

std::vector<std::string> cells(const WalkForwardResult& r, size_t i) {
  const WindowResult& w = r.windows[i];
  std::vector<std::string> line{std::to_string(i + 1), format_utc(w.window.train_from),
                                format_utc(w.window.train_to), format_utc(w.window.test_from),
                                format_utc(w.window.test_to)};
  line.insert(line.end(), w.train.values.begin(), w.train.values.end());
  const SweepRow& t = w.test.row;
  for (std::string text : {metric_text(w.train, r.rank), std::to_string(t.fills), t.fees.to_string(),
                           t.pnl.to_string(), t.return_pct.to_string(), t.max_drawdown_pct.to_string(),
                           t.sharpe ? t.sharpe->to_string() : std::string("-")})
    line.push_back(std::move(text));
  return line;
}

}  // namespace

std::string walk_forward_table(const WalkForwardResult& r) {
  std::vector<std::string> h = header(r);
  std::vector<bool> right(h.size(), true);
  for (size_t c = 1; c < 5 + r.grid.size(); ++c) right[c] = false;
  TextTable table(std::move(h), std::move(right));
  for (size_t i = 0; i < r.windows.size(); ++i) table.add(cells(r, i));
  std::string out = title(r) + "\n" + table.render();
  for (const Summary& s : summaries(r))
    out += s.label + ": pnl " + s.pnl + ", return_pct " + s.return_pct + "\n";
  out += "cost of choosing without hindsight: " + money(r, r.hindsight_pnl() - r.oos_pnl()) + "\n";
  return out;
}

std::string walk_forward_json(const WalkForwardResult& r) {
  JsonWriter w;
  w.begin_object();
  w.key("walk_forward");
  w.begin_object();
  for (const auto& [key, text] :
       {std::pair{"train", &r.spec.train_text}, {"test", &r.spec.test_text}, {"step", &r.spec.step_text}}) {
    w.key(key);
    w.string(*text);
  }
  w.key("rank");
  w.string(rank_metric_name(r.rank));
  w.key("windows");
  w.begin_array();
  for (const WindowResult& win : r.windows) {
    w.begin_object();
    for (const auto& [key, seconds] : {std::pair{"train_from", win.window.train_from},
                                       {"train_to", win.window.train_to},
                                       {"test_from", win.window.test_from},
                                       {"test_to", win.window.test_to}}) {
      w.key(key);
      w.string(format_utc(seconds));
    }
    values_json(w, r, win.train);
    w.key("train_metric");
    metric_json(w, win.train, r.rank);
    const SweepRow& t = win.test.row;
    w.key("test");
    w.begin_object();
    w.key("fills");
    w.integer(t.fills);
    w.key("fees");
    w.string(t.fees.to_string());
    w.key("pnl");
    w.string(t.pnl.to_string());
    w.key("return_pct");
    w.raw(t.return_pct.to_string());
    w.key("max_drawdown_pct");
    w.raw(t.max_drawdown_pct.to_string());
    w.key("sharpe");
    if (t.sharpe)
      w.raw(t.sharpe->to_string());
    else
      w.null();
    w.end_object();
    w.end_object();
  }
  w.end_array();
  w.key("oos_pnl");
  w.string(money(r, r.oos_pnl()));
  w.key("oos_return_pct");
  w.raw(format_ratio(r.oos_return_pct()));
  w.key("hindsight");
  w.begin_object();
  values_json(w, r, r.hindsight);
  w.key("pnl");
  w.string(money(r, r.hindsight_pnl()));
  w.key("return_pct");
  w.raw(format_ratio(r.hindsight_return_pct()));
  w.end_object();
  w.key("buy_and_hold_pnl");
  w.string(money(r, r.buy_and_hold_pnl()));
  w.key("buy_and_hold_return_pct");
  w.raw(format_ratio(r.buy_and_hold_return_pct()));
  w.key("hindsight_cost");
  w.string(money(r, r.hindsight_pnl() - r.oos_pnl()));
  w.end_object();
  w.end_object();
  return w.take();
}

std::string walk_forward_html(const WalkForwardResult& r) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>dealer "
      "walk-forward</title>\n<style>" +
      std::string(kReportStyle) + "</style>\n</head>\n<body>\n<h1>" + html_escape(title(r)) +
      "</h1>\n<table id=\"windows\">\n<tr>";
  for (const std::string& h : header(r)) out += "<th>" + html_escape(h) + "</th>";
  out += "</tr>\n";
  for (size_t i = 0; i < r.windows.size(); ++i) {
    out += "<tr>";
    for (const std::string& c : cells(r, i)) out += "<td>" + html_escape(c) + "</td>";
    out += "</tr>\n";
  }
  out += "</table>\n<table id=\"summary\">\n";
  for (const Summary& s : summaries(r))
    out += "<tr><th>" + html_escape(s.label) + "</th><td>" + s.pnl + "</td><td>" + s.return_pct +
           " %</td></tr>\n";
  out += "<tr><th>cost of choosing without hindsight</th><td>" + money(r, r.hindsight_pnl() - r.oos_pnl()) +
         "</td><td></td></tr>\n</table>\n</body>\n</html>\n";
  return out;
}

}  // namespace dealer::backtest
