// The results file of a sweep: rows written as they finish come back on resume; a cut-off last line
// is dropped and cut from the file; damaged lines, rows of another shard and another sweep's header
// are refused, naming the file (and line).
#include "backtest/sweep_resume.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace dealer::backtest {
namespace {

SweepFile header(int64_t shard = 0, int64_t shards = 1) {
  return SweepFile{std::string(kSweepFormat),
                   {{"config", {"a.yaml"}}, {"k", {"1", "2", "3", "4"}}},
                   "0123456789abcdef",
                   "USD",
                   shard,
                   shards,
                   {}};
}

SweepRow row(int64_t point) {
  SweepRow r;
  r.point = point;
  r.values = {"a.yaml", std::to_string(point + 1)};
  r.fills = point;
  r.pnl = Decimal(point * 100, 5);
  return r;
}

std::string fresh(const std::string& name) {
  const std::string path = ::testing::TempDir() + name;
  std::remove(path.c_str());
  return path;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(SweepResults, RowsComeBackOnResumeAndACutLineIsDropped) {
  const std::string path = fresh("resume-a.rows");
  {
    auto results = SweepResults::open(path, header(), false);
    ASSERT_TRUE(results) << results.error().message;
    EXPECT_TRUE((*results)->earlier().empty());
    (*results)->finished(row(2));
    (*results)->finished(row(0));
    EXPECT_EQ((*results)->rows(), 2u);
    EXPECT_TRUE((*results)->status());
  }
  const std::string whole = slurp(path);
  std::ofstream(path, std::ios::app) << "{\"point\":1,\"valu";  // the crash cut this one short
  auto resumed = SweepResults::open(path, header(), true);
  ASSERT_TRUE(resumed) << resumed.error().message;
  ASSERT_EQ((*resumed)->earlier().size(), 2u);
  EXPECT_EQ((*resumed)->earlier()[0], row(0));  // ascending by point
  EXPECT_EQ((*resumed)->earlier()[1], row(2));
  EXPECT_EQ(slurp(path), whole);  // the cut line is gone from the file
  (*resumed)->finished(row(1));
  EXPECT_EQ(slurp(path), whole + encode_json(row(1)) + "\n");
  ASSERT_TRUE((*resumed)->remove());
  EXPECT_FALSE(std::ifstream(path).good());
}

TEST(SweepResults, RefusesWhatIsNotThisSweepsAndRowsWithoutResume) {
  const std::string path = fresh("resume-b.rows");
  {
    auto results = SweepResults::open(path, header(1, 2), false);
    ASSERT_TRUE(results);
    (*results)->finished(row(1));
  }
  const auto refused = [&](const SweepFile& h, bool resume, const std::string& why) {
    auto r = SweepResults::open(path, h, resume);
    ASSERT_FALSE(r) << why;
    EXPECT_NE(r.error().message.find(why), std::string::npos) << r.error().message;
  };
  refused(header(1, 2), false, "holds 1 points of an unfinished run of this sweep: add --resume");
  refused(header(0, 2), true, "is the results file of another sweep: it is shard 1/2");
  SweepFile other = header(1, 2);
  other.inputs = "fedcba9876543210";
  refused(other, true, "its inputs differ");

  std::ofstream(path, std::ios::app) << encode_json(row(2)) << "\n";  // point 2 is shard 0's
  refused(header(1, 2), true, "resume-b.rows:3: point 2 is not one of shard 1/2's points");
  const std::string damaged = fresh("resume-c.rows");
  std::ofstream(damaged) << encode_json(header()) << "\n{\"point\":1}\n";
  auto r = SweepResults::open(damaged, header(), true);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("resume-c.rows:2:"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace dealer::backtest
