// The backtest report as JSON (`dealer backtest --json OUT`), keys fixed by issue 11 and listed in the
// README: money as decimal strings in the currency's units, ratios as numbers with six decimals. The
// same report gives the same bytes; only wall_seconds and trades_per_second depend on the run.
#pragma once

#include <string>

#include "backtest/backtest.h"

namespace dealer::backtest {

std::string report_json(const Report& report, double wall_seconds);

// Ratios (return_pct, sharpe, ...) are doubles; six fixed decimals keep the text the same on every
// run of the same inputs. Every report (JSON, HTML, sweep tables) shows them so.
std::string format_ratio(double value);

// "2013-01-01T00:05:12.123456Z"
std::string format_time(WallTime time);

}  // namespace dealer::backtest
