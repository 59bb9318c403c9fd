// A walk-forward run's output (`dealer backtest --walk-forward`): the table on stdout, the --json
// object (keys fixed by issue 21, docs/backtesting.md) and the --html page. Made from
// the result alone: the same result gives the same bytes, on any number of threads.
#pragma once

#include <string>

#include "backtest/walk_forward.h"

namespace dealer::backtest {

std::string walk_forward_table(const WalkForwardResult& result);
std::string walk_forward_json(const WalkForwardResult& result);
std::string walk_forward_html(const WalkForwardResult& result);

}  // namespace dealer::backtest
