#include "support/dealer_run.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

#include "support/sim_process.h"
#include "support/test_support.h"

namespace dealer::testing {

DealerRun run_dealer(const std::string& args, const std::string& env) {
  // Standard error goes to a file of its own while standard output comes through the pipe.
  static int runs = 0;
  const std::string err_file = ::testing::TempDir() + "/dealer-run-" + std::to_string(getpid()) + "-" +
                               std::to_string(++runs) + ".err";
  const std::string cmd = env + " " + dealer_binary() + " " + args + " 2> " + err_file;
  DealerRun run;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return run;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) run.out.append(buf, n);
  const int status = pclose(p);
  if (WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  std::stringstream err;
  err << std::ifstream(err_file).rdbuf();
  run.err = err.str();
  std::remove(err_file.c_str());
  return run;
}

std::string backtest_report(const std::string& trades, const std::string& json_out,
                            const std::string& extra_args) {
  const DealerRun r = run_dealer("backtest --config " + test_data_path("../../config/backtest.yaml") +
                                 " --trades " + trades + " --json " + json_out + " " + extra_args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::stringstream json;
  json << std::ifstream(json_out, std::ios::binary).rdbuf();
  static const std::regex timings(R"re("(wall_seconds|trades_per_second)":[0-9.]+)re");
  return std::regex_replace(json.str(), timings, "\"$1\":0");
}

}  // namespace dealer::testing
