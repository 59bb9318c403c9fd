// kill -9 safety: a child process writes groups and reports each durable callback through a pipe; it is
// killed at a seeded random moment. Every group it reported durable must be in the file after the kill,
// and the file must pass PRAGMA integrity_check and accept writes again.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <set>

#include "store/history_reader.h"
#include "store/store.h"
#include "store_fixture.h"
#include "support/test_support.h"

namespace dealer::store {
namespace {

using testing::sample_fill;
using testing::sample_order;
using testing::StoreTest;

// The child: order + fill + cursor per group, numbered from `first`, until killed. Never returns.
[[noreturn]] void write_until_killed(const std::string& path, int64_t first, int report_fd) {
  auto store = Store::open({.path = path, .sync_full = false});
  if (!store) _exit(3);
  for (int64_t i = first; i < first + 1'000'000; ++i) {
    const std::string id = "o" + std::to_string(i);
    const Status s = (*store)->submit({sample_order(id, i), sample_fill(i, id), CursorRow{"last", i, i}},
                                      [report_fd, i](const Status& s) {
                                        if (s && write(report_fd, &i, sizeof i) != sizeof i) _exit(4);
                                      });
    if (!s) _exit(5);
    // Now and then let the writer catch up so kills land both mid-batch and between batches.
    if (i % 64 == 0) (void)(*store)->flush();
  }
  _exit(6);
}

// Runs one child from group `first`, kills it after `reports` durable reports; returns every reported id.
std::set<int64_t> run_and_kill(const std::string& path, int64_t first, int reports) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  if (child == 0) {
    close(fds[0]);
    write_until_killed(path, first, fds[1]);
  }
  close(fds[1]);
  std::set<int64_t> durable;
  int64_t id = 0;
  while (static_cast<int>(durable.size()) < reports && read(fds[0], &id, sizeof id) == sizeof id)
    durable.insert(id);
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status)) << "the child ended by itself with status " << WEXITSTATUS(status);
  // Reports written before the kill are still in the pipe.
  while (read(fds[0], &id, sizeof id) == sizeof id) durable.insert(id);
  close(fds[0]);
  return durable;
}

TEST_F(StoreTest, EveryGroupReportedDurableSurvivesKillNine) {
  std::mt19937_64 rng = dealer::testing::seeded_rng();
  int64_t next = 1;
  for (int round = 0; round < 8; ++round) {
    const int reports = std::uniform_int_distribution<int>(1, 400)(rng);
    const std::set<int64_t> durable = run_and_kill(db_path(), next, reports);
    ASSERT_GE(static_cast<int>(durable.size()), reports) << "round " << round;

    auto reader = HistoryReader::open(db_path());
    ASSERT_TRUE(reader.ok()) << reader.error().describe();
    ASSERT_TRUE(reader->integrity_check().ok()) << "round " << round;
    for (int64_t id : durable) {
      ASSERT_TRUE(reader->order("o" + std::to_string(id))->has_value())
          << "round " << round << " lost order " << id;
      ASSERT_TRUE(*reader->fill_exists(std::to_string(id))) << "round " << round << " lost fill " << id;
    }
    // Groups are all or nothing: as many orders as fills, and the cursor names the last one written.
    const auto orders = reader->orders_since(0);
    const auto fills = reader->fills_since(0);
    ASSERT_EQ(orders->size(), fills->size());
    const int64_t last = *reader->cursor("last").value();
    EXPECT_GE(last, *durable.rbegin());
    EXPECT_EQ(*reader->max_fill_trade_id(), std::optional<int64_t>(last));
    next = last + 1;  // the next child resumes where the file says, as a restarted dealer would
  }
}

}  // namespace
}  // namespace dealer::store
