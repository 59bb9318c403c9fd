// The command line as a user meets it: the real dealer binary run as a process. Help and version go to
// standard output with exit 0; every usage mistake is named on standard error with exit 2.
#include <gtest/gtest.h>

#include <fstream>

#include "support/dealer_run.h"
#include "support/test_support.h"

namespace dealer::testing {
namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(CommandLine, HelpListsEveryCommand) {
  const DealerRun r = run_dealer("--help");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* command : {"tape", "exchange", "api", "help"}) EXPECT_TRUE(has(r.out, command)) << r.out;
  EXPECT_TRUE(has(r.out, "--version")) << r.out;
  EXPECT_EQ(r.err, "");
  // `dealer help` says the same.
  EXPECT_EQ(run_dealer("help").out, r.out);
}

TEST(CommandLine, VersionIsTheProjectVersion) {
  const DealerRun r = run_dealer("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "dealer " DEALER_PROJECT_VERSION "\n");  // project(dealer VERSION ...) in CMakeLists.txt
}

// Before CLI11, `dealer api --help` failed with "option --help needs a value" (exit 2).
TEST(CommandLine, ApiHelpWorks) {
  const DealerRun r = run_dealer("api --help");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* part : {"dealer api", "--base-url", "--pair", "DEALER_MTGOX_KEY", "mtgox", "metaexchange"})
    EXPECT_TRUE(has(r.out, part)) << part << " in\n" << r.out;
}

TEST(CommandLine, ExchangeHelpNamesBothListenAddresses) {
  for (const char* args : {"exchange --help", "help exchange"}) {
    const DealerRun r = run_dealer(args);
    EXPECT_EQ(r.exit_code, 0) << args << ": " << r.err;
    for (const char* part : {"dealer exchange", "--config", "--mtgox-listen", "--metaexchange-listen"})
      EXPECT_TRUE(has(r.out, part)) << args << ": " << part << " in\n" << r.out;
  }
}

// Before CLI11, an unknown option passed silently: `dealer tape --bucket-minuts 5` ran with 60-minute
// buckets and exit 0. On a trading command that is a money risk.
TEST(CommandLine, MisspelledOptionIsAnErrorNamingIt) {
  const DealerRun tape = run_dealer("tape --bucket-minuts 5");
  EXPECT_EQ(tape.exit_code, 2);
  EXPECT_EQ(tape.out, "");
  EXPECT_TRUE(has(tape.err, "--bucket-minuts")) << tape.err;
  EXPECT_TRUE(has(tape.err, "Did you mean --bucket-minutes")) << tape.err;

  const DealerRun api = run_dealer("api mtgox ticker --bse-url=http://127.0.0.1:1");
  EXPECT_EQ(api.exit_code, 2);
  EXPECT_TRUE(has(api.err, "--bse-url")) << api.err;
  EXPECT_TRUE(has(api.err, "Did you mean --base-url")) << api.err;
}

TEST(CommandLine, UsageMistakesExitTwoOnStandardError) {
  struct Case {
    const char* args;
    const char* named;  // what the message must name
  };
  for (const Case& c : {Case{"nonsense", "no command 'nonsense'"},
                        Case{"", "Usage: dealer"},  // no command: the help, as an error
                        Case{"exchange", "--config is required"}, Case{"api", "exchange is required"},
                        Case{"api bitstamp ticker", "bitstamp not in {mtgox,metaexchange}"},
                        Case{"tape --bucket-minutes 0", "--bucket-minutes: must be between 1 and"},
                        Case{"tape --bucket-minutes 1e3", "--bucket-minutes: '1e3' is not a decimal number"},
                        Case{"tape --bucket-minutes", "--bucket-minutes"}, Case{"tape stray", "stray"},
                        Case{"help nonsense", "no command 'nonsense'"}}) {
    const DealerRun r = run_dealer(c.args);
    EXPECT_EQ(r.exit_code, 2) << "dealer " << c.args;
    EXPECT_EQ(r.out, "") << "dealer " << c.args;
    EXPECT_TRUE(has(r.err, c.named)) << "dealer " << c.args << ":\n" << r.err;
  }
}

// CLI11 alone reads integers with strtoll in base 0, where "010" would be eight.
TEST(CommandLine, IntegerOptionsAreBaseTen) {
  const DealerRun leading_zero = run_dealer("tape --bucket-minutes 010");
  const DealerRun ten = run_dealer("tape --bucket-minutes=10");
  EXPECT_EQ(leading_zero.exit_code, 0) << leading_zero.err;
  EXPECT_EQ(leading_zero.out, ten.out);
  EXPECT_TRUE(has(ten.out, "\n2013-01-01 00:10 ")) << ten.out;
}

TEST(CommandLine, TapeStillSummarizesTheBundledFile) {
  // The bundled file (data/ at the project root) has a header line and then one line per trade.
  std::ifstream csv(std::string(DEALER_TEST_DATA_DIR) + "/../../data/mtgox-trades-btcusd-2013-01-01.csv");
  std::string line;
  size_t trades = 0;
  for (std::getline(csv, line); std::getline(csv, line);) ++trades;
  const DealerRun r = run_dealer("tape");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.out, ": " + std::to_string(trades) + " trades, BTC/USD\n")) << r.out;
}

TEST(CommandLine, ExchangeConfigErrorNamesFileLineColumnAndKey) {
  const std::string path = ::testing::TempDir() + "/cli-bad-exchange.yaml";
  // Line 3 is "    key: not-a-uuid"; the value starts after 4 spaces and "key: ", in column 10.
  std::ofstream(path) << "accounts:\n"
                         "  - name: x\n"
                         "    key: not-a-uuid\n"
                         "    secret: AAAA\n";
  const DealerRun r = run_dealer("exchange --config " + path);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(has(r.err, "dealer exchange: " + path + ":3:10: accounts[0].key: expected a UUID")) << r.err;
}

}  // namespace
}  // namespace dealer::testing
