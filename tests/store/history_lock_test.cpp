// store::HistoryLock: one owner per history, the second told the first one's pid; released with the
// owner. (Two processes: tests/live/history_lock_e2e_test.cpp.)
#include "store/history_lock.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "support/bot_process.h"

namespace dealer::store {
namespace {

TEST(HistoryLock, ASecondOwnerIsRefusedNamingTheFirstsPidUntilItIsReleased) {
  testing::TempDir dir;
  const std::string store = dir.path + "/dealer.sqlite";
  {
    auto first = HistoryLock::acquire(store);
    ASSERT_TRUE(first.ok()) << first.error().describe();
    std::ifstream file(HistoryLock::path_for(store));
    std::string pid;
    std::getline(file, pid);
    EXPECT_EQ(pid, std::to_string(getpid()));
    // flock(2) locks belong to the open file, so a second open in this process conflicts as another
    // process's would.
    auto second = HistoryLock::acquire(store);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, Errc::kConfig);
    EXPECT_NE(second.error().message.find("in use by dealer process " + std::to_string(getpid())),
              std::string::npos)
        << second.error().message;
    EXPECT_EQ(second.error().message.find('\n'), std::string::npos);
  }
  EXPECT_TRUE(HistoryLock::acquire(store).ok());
}

TEST(HistoryLock, AnUnwritableDirectoryIsAnIoError) {
  auto lock = HistoryLock::acquire("/nonexistent-dir-of-dealer/dealer.sqlite");
  ASSERT_FALSE(lock.ok());
  EXPECT_EQ(lock.error().code, Errc::kIo);
  EXPECT_NE(lock.error().message.find("/nonexistent-dir-of-dealer/dealer.sqlite.lock"), std::string::npos);
}

}  // namespace
}  // namespace dealer::store
