// An endless line takes no more memory than one read buffer (issue 18): /dev/zero as `dealer backtest
// --trades`, `dealer import --input` and `dealer tape --file` ends with a clear error naming the file and
// its first line, and the largest of those processes stays under a stated bound of resident memory
// (before the bound, each took 1.2-2.9 GB in 6 s).
#include <gtest/gtest.h>
#include <sys/resource.h>

#include "support/bot_process.h"
#include "support/dealer_run.h"
#include "support/test_support.h"

namespace dealer::testing {
namespace {

// The reader's buffer is 2 MiB; the rest is the process itself (a sanitized build's shadow memory
// included), measured at 10-40 MB.
constexpr long kMaxResidentKiB = 128 * 1024;

// The largest resident set of any child (and its descendants) this test process has waited for, KiB.
long children_peak_kib() {
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  return usage.ru_maxrss;
}

TEST(EndlessInput, DevZeroIsALineTooLongInBoundedMemory) {
  TempDir dir;
  const std::string too_long = "/dev/zero:1: a line longer than 1048576 bytes";
  const std::string runs[] = {
      "backtest --config " + test_data_path("../../config/backtest.yaml") + " --trades /dev/zero",
      "import --input /dev/zero --output " + dir.path + "/zero.sqlite",
      "tape --file /dev/zero",
  };
  for (const std::string& args : runs) {
    const DealerRun r = run_dealer(args);
    EXPECT_EQ(r.exit_code, 1) << args << "\n" << r.err;
    EXPECT_NE(r.err.find(too_long), std::string::npos) << args << "\n" << r.err;
    EXPECT_LT(children_peak_kib(), kMaxResidentKiB) << args;
  }
}

}  // namespace
}  // namespace dealer::testing
