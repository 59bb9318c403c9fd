// Runs the built `dealer` binary as a real process with a command line, for tests of the commands as a
// user meets them: exit code, standard output and standard error, each on its own.
#pragma once

#include <string>

namespace dealer::testing {

struct DealerRun {
  int exit_code = -1;  // -1: did not exit normally
  std::string out;     // standard output
  std::string err;     // standard error
};

// `args` and `env` ("NAME=value ...", prepended) go through /bin/sh, so quote accordingly.
DealerRun run_dealer(const std::string& args, const std::string& env = "");

// `dealer backtest --config config/backtest.yaml --trades TRADES --json JSON_OUT [EXTRA]` (expected to
// succeed): the report's JSON with its two timings zeroed, so two runs over the same trades compare equal.
std::string backtest_report(const std::string& trades, const std::string& json_out,
                            const std::string& extra_args = "");

}  // namespace dealer::testing
