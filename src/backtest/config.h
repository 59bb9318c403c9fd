// The backtest's configuration file: the `strategies:` list (as for `dealer run`, built by the
// strategy registry) and the `backtest:` block, nothing else:
//
//   backtest:
//     balances: {BTC: "0", USD: "1000"}   # start totals, exact decimal text
//     fee_percent: "0.6"                  # of each fill's quote notional, in [0, 100)
//     latency_ms: 0                       # placement to activation
//     fill_model: through                 # or touch
//
// Every error names file:line:col and the key. All strategies must trade one pair, the run's.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "backtest/backtest.h"
#include "config/reader.h"

namespace dealer::backtest {

struct BacktestSetup {
  BacktestConfig config;
  std::vector<std::unique_ptr<engine::Strategy>> strategies;
};

Result<BacktestSetup> load_backtest_config(const std::string& path);
// Only the (required) `backtest:` block of a file whose other keys are someone else's to check: dealer
// paper's configuration, whose paper account it describes. The pair is left at its default.
Result<BacktestConfig> load_backtest_block(const std::string& path);
// The same from text, named `file_name` in errors, with `overrides` (a sweep's grid point) applied
// first.
Result<BacktestSetup> parse_backtest_config(std::string_view text, const std::string& file_name,
                                            const std::vector<config::Override>& overrides = {});

}  // namespace dealer::backtest
