// `dealer history` only reads (issue 18 case 4): pointed at a file that is not a dealer history it
// refuses with one line naming what it found, and the file keeps every byte (no schema written, no
// user_version set, no switch to WAL); a real history reads as before.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "store/sqlite.h"
#include "store/store.h"
#include "support/bot_process.h"
#include "support/dealer_run.h"
#include "support/test_support.h"

namespace dealer::testing {
namespace {

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream all;
  all << in.rdbuf();
  return all.str();
}

// What `dealer history` on `path` does to it: the run, with the file's bytes compared before and after.
DealerRun history_leaves_alone(const std::string& path) {
  const std::string before = bytes_of(path);
  const DealerRun run = run_dealer("history --store " + path);
  EXPECT_EQ(bytes_of(path), before) << path << " changed";
  return run;
}

// A file that was no WAL database must not have become one.
void expect_no_wal(const std::string& path) {
  EXPECT_FALSE(std::filesystem::exists(path + "-wal")) << "a WAL file appeared beside " << path;
  EXPECT_FALSE(std::filesystem::exists(path + "-journal"));
}

TEST(HistoryCommand, AnotherApplicationsFileIsRefusedAndLeftByteIdentical) {
  TempDir dir;
  const std::string path = dir.path + "/notes.sqlite";
  {
    auto db = store::Database::open(path, store::Database::Access::kReadWriteCreate);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); "
                         "INSERT INTO notes (body) VALUES ('keep me')")
                    .ok());
  }
  ASSERT_FALSE(bytes_of(path).empty());
  const DealerRun run = history_leaves_alone(path);
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("is not a dealer history: user_version 0 and tables notes"), std::string::npos)
      << run.err;
  EXPECT_EQ(run.out, "");
  expect_no_wal(path);
}

TEST(HistoryCommand, AnEmptyFileIsRefusedAndStaysEmpty) {
  TempDir dir;
  const std::string path = dir.path + "/empty.sqlite";
  std::ofstream(path).close();
  const DealerRun run = history_leaves_alone(path);
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("is not a dealer history: it has no tables"), std::string::npos) << run.err;
  EXPECT_EQ(std::filesystem::file_size(path), 0u);
  expect_no_wal(path);
}

TEST(HistoryCommand, ARealHistoryIsReadWithoutBeingWritten) {
  TempDir dir;
  const std::string path = dir.path + "/history.sqlite";
  {
    auto store = store::Store::open({.path = path});
    ASSERT_TRUE(store.ok()) << store.error().describe();
  }
  const DealerRun run = history_leaves_alone(path);
  EXPECT_EQ(run.exit_code, 0) << run.err;
}

}  // namespace
}  // namespace dealer::testing
