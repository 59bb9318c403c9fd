// Notifications end to end: `dealer run` against `dealer exchange` (the dip-chain of
// tests/support/bot_process.h: two fills within seconds) with two real receiver processes
// (tests/notify/receiver.py) on loopback:
//   - "refuser" refuses every connection during the first run; "hanger" accepts and never answers, so
//     the notifier's request to it hangs for its whole budget;
//   - meanwhile the bot's decision latency histogram (/metrics) shows no sample above 1 s: the sender
//     blocked nothing (had it waited in the loop, the 10 s request budget would show there);
//   - the first run is killed with SIGKILL once its events are committed to the outbox and not
//     delivered (between the commit and the send); both receivers then answer, a second run starts on
//     the same store and is stopped with SIGTERM;
//   - every event of both runs reaches each receiver answered exactly once (by Idempotency-Key), in
//     the outbox's order, and every outbox row ends delivered.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <thread>

#include "store/sqlite.h"
#include "support/bot_process.h"
#include "support/prometheus_text.h"
#include "support/receiver_process.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"

namespace dealer::notify {
namespace {

using namespace std::chrono_literals;
using testing::BotProcess;
using testing::poll_until;
using testing::ReceiverProcess;
using testing::SimProcess;

struct OutboxRow {
  std::string event_id, event, state;
  int64_t attempts = 0;
};

std::vector<OutboxRow> outbox(const std::string& store_path, const std::string& receiver) {
  std::vector<OutboxRow> out;
  auto db = store::Database::open(store_path, store::Database::Access::kReadWrite);
  if (!db) return out;
  auto q = db->prepare(
      "SELECT event_id, event, state, attempts FROM notifications WHERE receiver = ? ORDER BY id");
  if (!q) return out;
  q->bind(1, receiver);
  for (auto row = q->step(); row && *row; row = q->step())
    out.push_back({q->text(0), q->text(1), q->text(2), q->int64(3)});
  return out;
}

std::vector<std::string> keys_of(const std::vector<OutboxRow>& rows) {
  std::vector<std::string> out;
  for (const OutboxRow& r : rows) out.push_back(r.event_id);
  return out;
}

int count_event(const std::vector<OutboxRow>& rows, const std::string& event) {
  return static_cast<int>(
      std::count_if(rows.begin(), rows.end(), [&](const OutboxRow& r) { return r.event == event; }));
}

uint16_t status_port(const BotProcess& bot) {
  const std::string log = bot.log();
  const std::string marker = "status: listening on 127.0.0.1 port ";
  const size_t at = log.find(marker);
  return at == std::string::npos ? 0 : static_cast<uint16_t>(std::stoi(log.substr(at + marker.size())));
}

TEST(NotifyE2E, RefusedHangingAndKilledBeforeTheSendEveryEventArrivesOnceInOrder) {
  SimProcess sim(testing::chain_sim_config());
  testing::TempDir dir;
  const std::string go = dir.path + "/go";
  ReceiverProcess refuser(dir.path, "refuser", "refuse", go);
  ReceiverProcess hanger(dir.path, "hanger", "hang", go);
  const std::string store_path = dir.path + "/dealer.sqlite";
  const std::string config = testing::chain_bot_config(sim.port(), store_path) +
                             "status: {listen: \"127.0.0.1:0\"}\n"
                             "notify:\n"
                             "  - {name: refuser, format: json, url: \"http://127.0.0.1:" +
                             std::to_string(refuser.port()) +
                             "/hook\"}\n"
                             "  - {name: hanger, format: slack, url: \"http://127.0.0.1:" +
                             std::to_string(hanger.port()) +
                             "/services/x\", events: [started, fill, stopped]}\n"
                             "notify_rules: {retry_max: 1s}\n";

  {
    BotProcess bot(dir.path, config, testing::kAliceKey, testing::kAliceSecret);
    // Both fills committed with their notifications, the refuser tried at least twice, the hanger's
    // first request left hanging.
    ASSERT_TRUE(poll_until(
        [&] {
          const auto rows = outbox(store_path, "refuser");
          return count_event(rows, "fill") >= 2 && !rows.empty() && rows.front().attempts >= 2 &&
                 !hanger.requests().empty();
        },
        30s))
        << bot.log();
    // The loop was never held up by the sender: nothing above the histogram's 1 s bound.
    const uint16_t port = status_port(bot);
    ASSERT_NE(port, 0) << bot.log();
    // The notifier reads the outbox every 200 ms: its gauge follows the committed rows shortly.
    const std::string pending = "dealer_notify_pending{receiver=\"refuser\"}";
    testing::PromText metrics;
    ASSERT_TRUE(poll_until(
        [&] {
          metrics = testing::parse_prometheus_text(sim.get("/metrics", port).body);
          return metrics.errors.empty() && metrics.samples.contains(pending) &&
                 metrics.samples.at(pending) >= 3;
        },
        10s));
    const double count = metrics.samples.at("dealer_decision_latency_seconds_count");
    EXPECT_GT(count, 10);
    EXPECT_EQ(metrics.samples.at("dealer_decision_latency_seconds_bucket{le=\"1\"}"), count);
    EXPECT_GE(metrics.samples.at("dealer_notify_failures_total{receiver=\"refuser\"}"), 2);
    EXPECT_TRUE(hanger.answered_keys().empty());
    bot.signal(SIGKILL);
    EXPECT_EQ(bot.wait(10s), -1);
  }
  for (const OutboxRow& r : outbox(store_path, "refuser")) EXPECT_EQ(r.state, "pending") << r.event_id;
  EXPECT_TRUE(refuser.requests().empty());

  std::ofstream(go) << "go";  // both receivers answer from now on
  BotProcess bot(dir.path, config, testing::kAliceKey, testing::kAliceSecret);
  ASSERT_TRUE(poll_until([&] { return status_port(bot) != 0; }, 20s)) << bot.log();
  // Both runs' started and the two fills, to each, before the stop (whose own message goes at exit).
  ASSERT_TRUE(poll_until(
      [&] { return refuser.answered_keys().size() >= 4 && hanger.answered_keys().size() >= 4; }, 20s))
      << bot.log();
  bot.signal(SIGTERM);
  ASSERT_EQ(bot.wait(30s), 0) << bot.log();

  for (const std::string receiver : {"refuser", "hanger"}) {
    const auto rows = outbox(store_path, receiver);
    EXPECT_EQ(count_event(rows, "started"), 2) << receiver;
    EXPECT_GE(count_event(rows, "fill"), 2) << receiver;
    EXPECT_EQ(count_event(rows, "stopped"), 1) << receiver;
    for (const OutboxRow& r : rows) EXPECT_EQ(r.state, "delivered") << receiver << " " << r.event_id;
    const ReceiverProcess& process = receiver == "refuser" ? refuser : hanger;
    // Once each by key, in the outbox's order.
    EXPECT_EQ(process.answered_keys(), keys_of(rows)) << receiver;
  }
  // The hanger saw its first message twice: unanswered in the first run, answered in the second.
  EXPECT_EQ(hanger.requests().front().key, outbox(store_path, "hanger").front().event_id);
  EXPECT_FALSE(hanger.requests().front().answered);
}

}  // namespace
}  // namespace dealer::notify
