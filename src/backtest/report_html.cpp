#include "backtest/report_html.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <span>

#include "backtest/report_json.h"
#include "backtest/report_tables.h"
#include "core/time_format.h"

namespace dealer::backtest {
namespace {

constexpr double kWidth = 960, kLeft = 90, kRight = 20, kTop = 14, kBottom = 26;
constexpr int kTimeTicks = 6;

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

std::string num(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", v);
  return text;
}

std::string minute(WallTime t) { return format_utc(to_us(t) / 1'000'000, "%Y-%m-%d %H:%M"); }

// Maps times and values into one chart's drawing area.
struct Frame {
  double height;
  int64_t t0, t1;  // microseconds
  double v0, v1;
  double x(WallTime t) const {
    const double span = static_cast<double>(std::max<int64_t>(t1 - t0, 1));
    return kLeft + (kWidth - kLeft - kRight) * static_cast<double>(to_us(t) - t0) / span;
  }
  double y(double v) const {
    const double span = v1 > v0 ? v1 - v0 : 1;
    return kTop + (height - kTop - kBottom) * (1 - (v - v0) / span);
  }
};

Frame frame(const Report& r, double height, double v0, double v1) {
  const int64_t t0 = r.prices.empty() ? 0 : to_us(r.prices.front().time);
  const int64_t t1 = r.prices.empty() ? 0 : to_us(r.prices.back().time);
  return Frame{height, t0, t1, v0, v1};
}

// The frame's axes: the low and high value and the first and last time as text.
void axes(std::string& out, const Frame& f, const std::string& low, const std::string& high) {
  const double bottom = f.height - kBottom;
  out += "<line class=\"axis\" x1=\"" + num(kLeft) + "\" y1=\"" + num(kTop) + "\" x2=\"" + num(kLeft) +
         "\" y2=\"" + num(bottom) + "\"/><line class=\"axis\" x1=\"" + num(kLeft) + "\" y1=\"" + num(bottom) +
         "\" x2=\"" + num(kWidth - kRight) + "\" y2=\"" + num(bottom) + "\"/>\n";
  out += "<text x=\"" + num(kLeft - 6) + "\" y=\"" + num(kTop + 4) + "\" text-anchor=\"end\">" + high +
         "</text><text x=\"" + num(kLeft - 6) + "\" y=\"" + num(bottom) + "\" text-anchor=\"end\">" + low +
         "</text>\n";
  // Ticks between the ends: hours and minutes within two days, dates beyond.
  const bool long_span = f.t1 - f.t0 > int64_t{2} * 86400 * 1'000'000;
  for (int i = 1; i < kTimeTicks; ++i) {
    const WallTime t = wall_from_us(f.t0 + (f.t1 - f.t0) * i / kTimeTicks);
    const std::string x = num(f.x(t));
    out += "<line class=\"axis\" x1=\"" + x + "\" y1=\"" + num(bottom) + "\" x2=\"" + x + "\" y2=\"" +
           num(bottom + 4) + "\"/><text x=\"" + x + "\" y=\"" + num(f.height - 8) +
           "\" text-anchor=\"middle\">" + format_utc(to_us(t) / 1'000'000, long_span ? "%Y-%m-%d" : "%H:%M") +
           "</text>\n";
  }
  out += "<text x=\"" + num(kLeft) + "\" y=\"" + num(f.height - 8) + "\">" + minute(wall_from_us(f.t0)) +
         "</text><text x=\"" + num(kWidth - kRight) + "\" y=\"" + num(f.height - 8) +
         "\" text-anchor=\"end\">" + minute(wall_from_us(f.t1)) + " UTC</text>\n";
}

std::string polyline(const Frame& f, std::span<const SeriesPoint> points) {
  std::string out = "<polyline class=\"line\" points=\"";
  for (const SeriesPoint& p : points)
    out += num(f.x(p.time)) + "," + num(f.y(static_cast<double>(p.value))) + " ";
  out += "\"/>\n";
  return out;
}

std::pair<int64_t, int64_t> range(std::span<const SeriesPoint> points) {
  if (points.empty()) return {0, 1};
  const auto [lo, hi] =
      std::minmax_element(points.begin(), points.end(),
                          [](const SeriesPoint& a, const SeriesPoint& b) { return a.value < b.value; });
  return {lo->value, hi->value};
}

void open_svg(std::string& out, const char* id, double height, const std::string& title) {
  out += "<h2>" + title + "</h2>\n<svg id=\"" + std::string(id) +
         "\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(kWidth) + "\" height=\"" + num(height) +
         "\" viewBox=\"0 0 " + num(kWidth) + " " + num(height) + "\">\n";
}

// What the page's script shows under the mouse: per chart, the x of each point and its label.
struct Hover {
  std::string json = "{";
  void chart(const char* id, const Frame& f, std::span<const SeriesPoint> points,
             const std::function<std::string(const SeriesPoint&)>& label) {
    std::string xs, labels;
    for (const SeriesPoint& p : points) {
      xs += (xs.empty() ? "" : ",") + num(f.x(p.time));
      labels += std::string(labels.empty() ? "" : ",") + "\"" + format_utc(to_us(p.time) / 1'000'000) + "  " +
                label(p) + "\"";
    }
    json += std::string(json.size() > 1 ? "," : "") + "\"" + id + "\":{\"x\":[" + xs + "],\"label\":[" +
            labels + "]}";
  }
};

// The cursor and the readout the script moves; hidden until the mouse is over the chart.
void hover_marks(std::string& out, const Frame& f) {
  out += "<line class=\"cursor\" x1=\"0\" y1=\"" + num(kTop) + "\" x2=\"0\" y2=\"" + num(f.height - kBottom) +
         "\" style=\"display:none\"/><text class=\"readout\" x=\"" + num(kWidth - kRight) + "\" y=\"" +
         num(kTop + 10) + "\" text-anchor=\"end\" style=\"display:none\"></text>\n";
}

void price_chart(std::string& out, const Report& r, Hover& hover) {
  const int qd = r.pair.quote.decimals();
  auto [lo, hi] = range(r.prices);
  for (const FillRecord& f : r.fills) {  // a fill outside the traded range still shows
    lo = std::min(lo, f.price.raw());
    hi = std::max(hi, f.price.raw());
  }
  const Frame f = frame(r, 300, static_cast<double>(lo), static_cast<double>(hi));
  open_svg(out, "price", f.height, "Price (" + r.pair.code() + ") and fills");
  axes(out, f, format_units(lo, qd), format_units(hi, qd));
  out += polyline(f, r.prices);
  for (const FillRecord& fill : r.fills) {
    const bool buy = fill.side == Side::kBid;
    const double x = f.x(fill.time), y = f.y(static_cast<double>(fill.price.raw()));
    // The triangle's tip sits on the fill price: below it for a buy, above it for a sell.
    out += "<path class=\"fill " + std::string(buy ? "buy" : "sell") + "\" d=\"M" + num(x) + "," + num(y) +
           (buy ? "l-6,10h12z" : "l-6,-10h12z") + "\"><title>" + (buy ? "buy " : "sell ") +
           format_units(fill.amount.raw(), r.pair.item.decimals()) + " at " +
           format_units(fill.price.raw(), qd) + ", fee " + format_units(fill.fee, qd) + ", " +
           format_time(fill.time) + ", " + html_escape(fill.strategy) + "</title></path>\n";
  }
  hover_marks(out, f);
  out += "</svg>\n";
  hover.chart("price", f, r.prices,
              [&](const SeriesPoint& p) { return "price " + format_units(p.value, qd); });
}

void equity_chart(std::string& out, const Report& r, Hover& hover) {
  const int qd = r.pair.quote.decimals();
  auto [lo, hi] = range(r.equity);
  const auto [bh_lo, bh_hi] = range(r.analysis.buy_and_hold_equity);
  if (!r.analysis.buy_and_hold_equity.empty()) lo = std::min(lo, bh_lo), hi = std::max(hi, bh_hi);
  const Frame f = frame(r, 200, static_cast<double>(lo), static_cast<double>(hi));
  open_svg(out, "equity", f.height,
           "Equity (" + std::string(r.pair.quote.code()) +
               ", marked at each trade) and buy-and-hold of the start equity (dashed)");
  axes(out, f, format_units(lo, qd), format_units(hi, qd));
  out += polyline(f, r.equity);
  std::string bh = polyline(f, r.analysis.buy_and_hold_equity);
  bh.replace(bh.find("class=\"line\""), 12, "class=\"line bh\"");
  out += bh;
  hover_marks(out, f);
  out += "</svg>\n";
  hover.chart("equity", f, r.equity,
              [&](const SeriesPoint& p) { return "equity " + format_units(p.value, qd); });
}

void drawdown_chart(std::string& out, const Report& r, Hover& hover) {
  // From the charted equity's running peak: the deepest point is the report's max_drawdown_pct up to
  // the cut-down series' resolution (a run's low is kept, but so far only against earlier runs' highs).
  std::vector<double> drawdown;
  drawdown.reserve(r.equity.size());
  int64_t peak = r.equity.empty() ? 0 : r.equity.front().value;
  for (const SeriesPoint& p : r.equity) {
    peak = std::max(peak, p.value);
    drawdown.push_back(peak > 0 ? -100.0 * static_cast<double>(peak - p.value) / static_cast<double>(peak)
                                : 0);
  }
  const double deepest = drawdown.empty() ? 0 : *std::min_element(drawdown.begin(), drawdown.end());
  const Frame f = frame(r, 140, std::min(deepest, -0.000001), 0);
  open_svg(out, "drawdown", f.height, "Drawdown from the running peak (%)");
  axes(out, f, format_ratio(deepest), "0");
  std::string area = "<polygon class=\"drawdown\" points=\"";
  if (!r.equity.empty()) area += num(f.x(r.equity.front().time)) + "," + num(f.y(0)) + " ";
  for (size_t i = 0; i < r.equity.size(); ++i)
    area += num(f.x(r.equity[i].time)) + "," + num(f.y(drawdown[i])) + " ";
  if (!r.equity.empty()) area += num(f.x(r.equity.back().time)) + "," + num(f.y(0));
  out += area + "\"/>\n";
  hover_marks(out, f);
  out += "</svg>\n";
  std::vector<SeriesPoint> points;  // the drawdown in millionths of a percent, to label it
  for (size_t i = 0; i < r.equity.size(); ++i)
    points.push_back({r.equity[i].time, static_cast<int64_t>(std::llround(drawdown[i] * 1e6))});
  hover.chart("drawdown", f, points,
              [](const SeriesPoint& p) { return "drawdown " + format_units(p.value, 6) + " %"; });
}

void metrics_table(std::string& out, const Report& r, double wall_seconds) {
  const int qd = r.pair.quote.decimals();
  const std::string_view quote = r.pair.quote.code();
  out += "<h2>Metrics</h2>\n<table id=\"metrics\">\n";
  metric_row(out, "trades_replayed", std::to_string(r.trades_replayed));
  metric_row(out, "orders", std::to_string(r.orders));
  metric_row(out, "fills", std::to_string(r.fills.size()));
  metric_row(out, "fees", format_units(r.fees, qd), quote);
  for (const auto& [name, list] :
       {std::pair{"start_balances", &r.start_balances}, {"final_balances", &r.final_balances}})
    for (const Balance& b : *list)
      metric_row(out, std::string(name) + "." + std::string(b.currency.code()),
                 format_units(b.total.raw(), b.currency.decimals()), b.currency.code());
  metric_row(out, "first_price", format_units(r.first_price.raw(), qd), quote);
  metric_row(out, "last_price", format_units(r.last_price.raw(), qd), quote);
  metric_row(out, "pnl", format_units(r.pnl, qd), quote);
  metric_row(out, "return_pct", format_ratio(r.return_pct), "%");
  metric_row(out, "max_drawdown_pct", format_ratio(r.max_drawdown_pct), "%");
  metric_row(out, "sharpe", r.sharpe ? format_ratio(*r.sharpe) : "null", "daily returns × √365");
  metric_row(out, "exposure_pct", format_ratio(r.exposure_pct), "%");
  analysis_rows(out, r);
  metric_row(out, "wall_seconds", format_ratio(wall_seconds), "s");
  out += "</table>\n";
}

}  // namespace

const char* const kReportStyle =
    "body{font-family:sans-serif;margin:1.5em;color:#222}"
    "svg{display:block;background:#fcfcfc;border:1px solid #ddd}"
    "svg text{font-size:11px;fill:#555}.axis{stroke:#999}"
    ".line{fill:none;stroke:#1f5fa8;stroke-width:1}"
    ".buy{fill:#1a9a3a}.sell{fill:#c62828}.drawdown{fill:#e57373;stroke:#c62828}"
    "table{border-collapse:collapse}th,td{padding:2px 10px;border-bottom:1px solid #eee;text-align:left}"
    "td:nth-child(2){text-align:right;font-family:monospace}"
    ".bh{stroke:#888;stroke-dasharray:4 3}.cursor{stroke:#444;stroke-dasharray:2 2}"
    ".readout{fill:#222;font-weight:bold}table.sortable th{cursor:pointer;background:#f3f3f3}"
    "table.sortable td{text-align:right;font-family:monospace}";

namespace {

// Hover readouts on the charts and sortable tables (a click on a column's head sorts by it, again to
// reverse); inline, so the page still loads nothing from anywhere.
constexpr const char* kScript = R"(for (const [id, d] of Object.entries(hover)) {
  const svg = document.getElementById(id);
  const cursor = svg.querySelector('.cursor'), readout = svg.querySelector('.readout');
  svg.addEventListener('mousemove', e => {
    if (!d.x.length) return;
    const p = svg.createSVGPoint();
    p.x = e.clientX;
    p.y = e.clientY;
    const x = p.matrixTransform(svg.getScreenCTM().inverse()).x;
    let lo = 0, hi = d.x.length - 1;
    while (lo < hi) { const m = (lo + hi) >> 1; if (d.x[m] < x) lo = m + 1; else hi = m; }
    if (lo > 0 && x - d.x[lo - 1] < d.x[lo] - x) lo--;
    cursor.setAttribute('x1', d.x[lo]);
    cursor.setAttribute('x2', d.x[lo]);
    readout.textContent = d.label[lo];
    cursor.style.display = readout.style.display = '';
  });
  svg.addEventListener('mouseleave', () => { cursor.style.display = readout.style.display = 'none'; });
}
for (const table of document.querySelectorAll('table.sortable')) {
  table.querySelectorAll('th').forEach((th, column) => th.addEventListener('click', () => {
    const body = table.tBodies[0], rows = Array.from(body.rows), up = th.dataset.order !== 'up';
    th.dataset.order = up ? 'up' : 'down';
    const key = row => {
      const text = row.cells[column].textContent;
      return /^-?[0-9]+(\.[0-9]+)?$/.test(text) ? parseFloat(text) : text;
    };
    rows.sort((a, b) => { const x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * (up ? 1 : -1); });
    for (const row of rows) body.appendChild(row);
  }));
}
document.body.dataset.script = 'ran';  // the browser test's sign that the script ran to its end
)";

}  // namespace

std::string report_html(const Report& r, double wall_seconds) {
  std::string out;
  out.reserve(64 * 1024 + 120 * r.fills.size());
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>dealer backtest " +
         r.pair.code() + "</title>\n<style>" + kReportStyle + "</style>\n</head>\n<body>\n";
  out +=
      "<h1>dealer backtest: " + r.pair.code() + "</h1>\n<p>" + std::to_string(r.trades_replayed) + " trades";
  if (!r.prices.empty())
    out += " from " + minute(r.prices.front().time) + " to " + minute(r.prices.back().time) + " UTC";
  out += ", " + std::to_string(r.fills.size()) + " fills.</p>\n";
  Hover hover;
  price_chart(out, r, hover);
  equity_chart(out, r, hover);
  drawdown_chart(out, r, hover);
  metrics_table(out, r, wall_seconds);
  trade_tables(out, r);
  out += "<script>\nconst hover = " + hover.json + "};\n" + kScript + "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace dealer::backtest
