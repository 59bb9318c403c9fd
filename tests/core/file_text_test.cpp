// read_file_text: a file up to its limit is read whole, one byte more is refused naming the file and
// the limit, and an endless file ends at the limit.
#include "core/file_text.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/bot_process.h"

namespace dealer {
namespace {

TEST(FileText, ReadsUpToTheLimitAndRefusesOneByteMore) {
  testing::TempDir dir;
  const std::string path = dir.path + "/f.json";
  std::ofstream(path) << std::string(100'000, 'x');  // more than one 64 KiB chunk
  auto whole = read_file_text(path, 100'000, "test file");
  ASSERT_TRUE(whole.ok()) << whole.error().describe();
  EXPECT_EQ(whole->size(), 100'000u);
  auto over = read_file_text(path, 99'999, "test file");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(over.error().message, path + ": more than 99999 bytes: not a test file");
}

TEST(FileText, AnEndlessFileStopsAtTheLimit) {
  auto zero = read_file_text("/dev/zero", 1024 * 1024, "configuration file");
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().message, "/dev/zero: more than 1 MiB: not a configuration file");
}

TEST(FileText, AMissingFileIsAnIoError) {
  auto missing = read_file_text("/nonexistent/f.json", 10, "test file");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Errc::kIo);
}

}  // namespace
}  // namespace dealer
