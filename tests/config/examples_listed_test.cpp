// config/README.md lists every example file of config/ (issue 23: it listed 4 of 11, "once the commands
// ... exist"), and names no file that is not there.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "support/test_support.h"

namespace dealer::config {
namespace {

TEST(ConfigExamples, TheReadmeListsEveryExampleFileAndNoOther) {
  const std::filesystem::path dir = testing::test_data_path("../../config");
  std::stringstream readme;
  readme << std::ifstream(dir / "README.md").rdbuf();
  std::set<std::string> listed;
  const std::string text = readme.str();
  static const std::regex kItem("(^|\n)- `([^`]+\\.yaml)`");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kItem); it != std::sregex_iterator(); ++it)
    listed.insert((*it)[2].str());
  std::set<std::string> present;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".yaml") present.insert(entry.path().filename().string());
  EXPECT_EQ(listed, present);
  EXPECT_EQ(text.find("once the commands"), std::string::npos);
}

}  // namespace
}  // namespace dealer::config
