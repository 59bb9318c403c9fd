// The journal of HTTP exchanges (exchange/journal.h): what is appended reads back the same, in order;
// files rotate at their size and the oldest go once the total passes its bound; a file that is not a
// journal is an error naming it.
#include "exchange/journal.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/bot_process.h"
#include "support/dealer_run.h"

namespace dealer {
namespace {

namespace fs = std::filesystem;

JournalEntry entry(int i) {
  return JournalEntry{"MtGox",
                      i % 2 ? "POST" : "GET",
                      "/api/1/BTCUSD/public/trades?since=" + std::to_string(i),
                      200,
                      R"({"result":"success","return":[]})" + std::string(static_cast<size_t>(i % 7), ' '),
                      1'700'000'000'000'000 + i,
                      1'700'000'000'000'100 + i,
                      5'000 + i,
                      5'100 + i};
}

std::vector<std::string> journal_files(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<JournalEntry> read_all(const std::vector<std::string>& files) {
  std::vector<JournalEntry> out;
  for (const std::string& f : files) {
    Status s = read_journal(f, [&out](const JournalEntry& e) { out.push_back(e); });
    EXPECT_TRUE(s.ok()) << s.error().describe();
  }
  return out;
}

void expect_same(const JournalEntry& a, const JournalEntry& b) { EXPECT_EQ(encode_json(a), encode_json(b)); }

TEST(Journal, WhatIsAppendedReadsBackInOrder) {
  testing::TempDir dir;
  {
    auto journal = Journal::open({dir.path + "/j"});
    ASSERT_TRUE(journal.ok()) << journal.error().describe();
    for (int i = 0; i < 500; ++i) {
      (*journal)->append(entry(i));
      if (i % 100 == 0) (*journal)->flush();  // several frames in one file
    }
  }  // the destructor writes the rest
  const auto files = journal_files(dir.path + "/j");
  ASSERT_EQ(files.size(), 1u);
  const auto back = read_all(files);
  ASSERT_EQ(back.size(), 500u);
  for (int i = 0; i < 500; ++i) expect_same(back[static_cast<size_t>(i)], entry(i));
}

TEST(Journal, FilesRotateAtTheirSizeAndTheOldestGoPastTheTotal) {
  testing::TempDir dir;
  const std::string at = dir.path + "/j";
  auto journal = Journal::open({at, 2'000, 6'000});
  ASSERT_TRUE(journal.ok());
  for (int i = 0; i < 400; ++i) {
    (*journal)->append(entry(i));
    (*journal)->flush();  // one frame per entry: each file fills up after a few dozen
  }
  const auto files = journal_files(at);
  ASSERT_GE(files.size(), 2u);
  int64_t total = 0;
  for (const auto& f : files) total += static_cast<int64_t>(fs::file_size(f));
  EXPECT_LE(total, 6'000);
  // What is left is the newest entries, in order, ending with the last one.
  const auto back = read_all(files);
  ASSERT_FALSE(back.empty());
  EXPECT_LT(back.size(), 400u);
  const size_t first = 400 - back.size();
  for (size_t i = 0; i < back.size(); ++i) expect_same(back[i], entry(static_cast<int>(first + i)));
}

// `dealer journal show`: one line per exchange, filtered by --path and --since. entry(i) was sent at
// 1700000000 s + i µs = 2023-11-14 22:13:20 UTC (1700000000 = 19675 days x 86400 + 80000 s, by hand).
TEST(Journal, ShowPrintsTheEntriesThatMatch) {
  testing::TempDir dir;
  {
    auto journal = Journal::open({dir.path});
    ASSERT_TRUE(journal.ok());
    (*journal)->append(entry(1));
    (*journal)->append(JournalEntry{"MtGox", "POST", "/api/1/generic/private/info", 200, "{}",
                                    1'700'000'060'000'000, 1'700'000'060'002'500, 9'000, 11'500});
  }
  const std::string file = journal_files(dir.path).at(0);
  const testing::DealerRun all = testing::run_dealer("journal show " + file);
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_EQ(all.out,
            "2023-11-14 22:13:20.000001 MtGox POST /api/1/BTCUSD/public/trades?since=1 200 0.100 ms "
            "{\"result\":\"success\",\"return\":[]} \n"
            "2023-11-14 22:14:20.000000 MtGox POST /api/1/generic/private/info 200 2.500 ms {}\n");
  const testing::DealerRun info = testing::run_dealer("journal show " + file + " --path private/info");
  EXPECT_EQ(std::count(info.out.begin(), info.out.end(), '\n'), 1) << info.out;
  const testing::DealerRun later =
      testing::run_dealer("journal show " + file + " --since '2023-11-14 22:14:00'");
  EXPECT_NE(later.out.find("private/info"), std::string::npos) << later.out;
  EXPECT_EQ(later.out.find("public/trades"), std::string::npos) << later.out;
}

TEST(Journal, AFileThatIsNotAJournalIsAnError) {
  testing::TempDir dir;
  const std::string path = dir.path + "/journal-1.jsonl.zst";
  std::ofstream(path) << "not zstd at all";
  Status s = read_journal(path, [](const JournalEntry&) {});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find(path + ": not a zstd journal"), std::string::npos) << s.error().message;
}

}  // namespace
}  // namespace dealer
