// The figures of trade_analysis.h from a finished replay: statistics of the closed round trips,
// Sortino and Calmar of the equity, and buy-and-hold over the same trades. analyse_trades() is the one
// call the backtest makes after its replay; the rest are its parts, public for their tests.
// Pure functions; thread-safe.
#pragma once

#include <span>

#include "backtest/backtest.h"

namespace dealer::backtest {

// `daily_returns` as EquityMetrics keeps them; `span` from the first trade to the last.
TradeStats trade_stats(std::span<const RoundTrip> round_trips, std::span<const double> daily_returns,
                       double return_pct, double max_drawdown_pct, Micros span);

// `start_equity` (quote units) put into the item at the first trade's price, marked at every trade
// (BuyAndHoldTracker of trade_analysis.h over the span).
BuyAndHold buy_and_hold(std::span<const Trade> trades, int64_t start_equity);
// The same equity at the points of a price series.
std::vector<SeriesPoint> buy_and_hold_curve(std::span<const SeriesPoint> prices, Price first_price,
                                            int64_t start_equity);

// Fills in report.analysis from the report's fills, prices and figures (buy-and-hold over the replay's
// trades, its start equity and its daily returns besides).
void analyse_trades(Report& report, const BuyAndHold& buy_and_hold, int64_t start_equity,
                    std::span<const double> daily_returns);

}  // namespace dealer::backtest
