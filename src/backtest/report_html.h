// The backtest report as one self-contained HTML page (`dealer backtest --html OUT`): inline SVG
// charts of the price with a marker per fill (buys green triangles up, sells red triangles down), the
// equity and the drawdown from its running peak, and the metrics table with the --json figures in the
// --json text form (keys as in the JSON; balances as start_balances.BTC). No script, font or image
// from anywhere: it opens offline in any browser, and the same report gives the same bytes.
#pragma once

#include <string>

#include "backtest/backtest.h"

namespace dealer::backtest {

std::string report_html(const Report& report, double wall_seconds);

// Shared with the walk-forward page: text made safe for HTML, and the pages' one style sheet.
std::string html_escape(std::string_view text);
extern const char* const kReportStyle;

}  // namespace dealer::backtest
