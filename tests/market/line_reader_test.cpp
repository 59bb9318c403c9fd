// LineReader's bound on a line (issue 18): a line of exactly kMaxLineBytes is read, a longer one ends
// the reading with an error naming the file and the line, from a file and from a text alike.
#include "market/line_reader.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/bot_process.h"

namespace dealer::market {
namespace {

const std::string kLongest(LineReader::kMaxLineBytes, 'x');
const std::string kTooLong(LineReader::kMaxLineBytes + 1, 'y');

void expect_longest_then_error(LineReader& lines, const std::string& name) {
  auto first = lines.next();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(*first, "a");
  auto longest = lines.next();
  ASSERT_TRUE(longest.has_value()) << lines.status().error().message;
  EXPECT_EQ(longest->size(), LineReader::kMaxLineBytes);
  EXPECT_FALSE(lines.next().has_value());
  ASSERT_FALSE(lines.status().ok());
  EXPECT_EQ(lines.status().error().code, Errc::kParse);
  EXPECT_EQ(lines.status().error().message,
            name + ":3: a line longer than 1048576 bytes (is this a trade file?)");
  EXPECT_FALSE(lines.next().has_value());  // and it stays ended
}

TEST(LineReader, ALineLongerThanOneMebibyteEndsTheReadingNamingFileAndLine) {
  const std::string text = "a\r\n" + kLongest + "\n" + kTooLong + "\nz\n";
  LineReader over = LineReader::over(text, "mem.csv");
  expect_longest_then_error(over, "mem.csv");

  testing::TempDir dir;
  const std::string path = dir.path + "/long.csv";
  std::ofstream(path, std::ios::binary) << text;
  auto file = LineReader::open(path);
  ASSERT_TRUE(file.ok());
  expect_longest_then_error(*file, path);
}

TEST(LineReader, AnEndlessLastLineWithoutNewlineIsBoundedToo) {
  const std::string text = "a\n" + kLongest + "\n" + kTooLong;  // no '\n' at the end
  LineReader over = LineReader::over(text, "mem.csv");
  expect_longest_then_error(over, "mem.csv");
}

TEST(LineReader, LinesAcrossManyChunksComeOutWhole) {
  // 3 MiB of 100-byte lines: lines straddle every chunk boundary.
  std::string text;
  const std::string line(99, 'q');
  const size_t count = 3 * (LineReader::kChunkBytes / 100);
  for (size_t i = 0; i < count; ++i) text += line + "\n";
  testing::TempDir dir;
  const std::string path = dir.path + "/many.csv";
  std::ofstream(path, std::ios::binary) << text;
  auto lines = LineReader::open(path);
  ASSERT_TRUE(lines.ok());
  size_t n = 0;
  while (auto l = lines->next()) {
    ASSERT_EQ(*l, line) << "line " << n + 1;
    ++n;
  }
  EXPECT_TRUE(lines->status().ok());
  EXPECT_EQ(n, count);
}

}  // namespace
}  // namespace dealer::market
