// The README's strategy comparison ("Comparing the five strategies on the bundled tape") is what its
// command prints: the command is taken from the README's sh block, run from the repository root as a
// user would, and its output must equal the README's text block line for line. The figures themselves
// are asserted and explained in each strategy's backtest test; this keeps the README from going stale.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/dealer_run.h"
#include "support/test_support.h"

namespace dealer::testing {
namespace {

// The body of the first ```<lang> block after `heading`.
std::string block_after(const std::string& text, const std::string& heading, const std::string& lang) {
  const size_t at = text.find(heading);
  if (at == std::string::npos) return "";
  const std::string open = "```" + lang + "\n";
  const size_t start = text.find(open, at);
  if (start == std::string::npos) return "";
  const size_t end = text.find("```", start + open.size());
  return text.substr(start + open.size(), end - start - open.size());
}

TEST(StrategyComparison, TheReadmeTableIsWhatItsCommandPrints) {
  const std::filesystem::path root = std::filesystem::path(test_data_path("../..")).lexically_normal();
  std::stringstream readme;
  readme << std::ifstream(root / "README.md").rdbuf();
  const std::string heading = "### Comparing the five strategies on the bundled tape";
  std::string command = block_after(readme.str(), heading, "sh");
  const std::string table = block_after(readme.str(), heading, "text");
  ASSERT_FALSE(command.empty()) << "no sh block after " << heading;
  ASSERT_FALSE(table.empty()) << "no text block after " << heading;
  for (size_t cont; (cont = command.find("\\\n")) != std::string::npos;) command.replace(cont, 2, " ");
  const std::string prefix = "./build/dealer ";
  ASSERT_EQ(command.rfind(prefix, 0), 0u) << command;
  const std::string args = command.substr(prefix.size(), command.find('\n') - prefix.size());

  const std::filesystem::path before = std::filesystem::current_path();
  std::filesystem::current_path(root);
  const DealerRun run = run_dealer(args);
  std::filesystem::current_path(before);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, table);
}

}  // namespace
}  // namespace dealer::testing
