// The HTML report's tables (report_html.h): rows of the metrics table, the trade analysis's figures
// among them, and the sortable tables of round trips, fills and per-strategy figures. Every value in
// the --json text form, so a person reads the same figures in both.
#pragma once

#include <string>
#include <string_view>

#include "backtest/backtest.h"

namespace dealer::backtest {

// One row of the metrics table: <tr><th>key</th><td>value</td><td>unit</td></tr>.
void metric_row(std::string& out, const std::string& key, const std::string& value,
                std::string_view unit = "");
// The rows of the trade analysis's --json keys (round_trips as their count).
void analysis_rows(std::string& out, const Report& report);
// Round trips, fills and per strategy, each a <table class="sortable">.
void trade_tables(std::string& out, const Report& report);

}  // namespace dealer::backtest
