// A seeded random walk over the outbox's state machine (notify/outbox_queue.h) with a model of the
// store and of three receivers around it: rows are added, time moves, attempts are answered (delivered,
// refused, a response lost after the receiver got it, 429, 4xx), bookkeeping commits or is lost to a
// crash (the queue is rebuilt from what was durable, as after a kill -9). Invariants, at every step:
//   - the bookkeeping never finishes a row twice (no update after delivered / given up / expired);
//   - a receiver is sent a row only once every earlier row of its own is finished: order per receiver;
//   - a receiver sees a row again only after a crash or a lost response for that row;
// and at the end, after a quiet drain, nothing is lost: every row is finished, each one delivered unless
// a 4xx gave it up or it expired, and every delivered row reached its receiver.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "notify/outbox_queue.h"
#include "support/test_support.h"

namespace dealer::notify {
namespace {

constexpr int kSteps = 20'000;
constexpr int64_t kSecond = 1'000'000;
const std::vector<std::string> kReceivers = {"a", "b", "c"};

struct Row {
  std::string receiver;
  int64_t time_us = 0;
  std::string state = "pending";  // durable
  int64_t attempts = 0;
  int64_t next_attempt_us = 0;
  bool excused_duplicate = false;  // a crash or a lost response: the receiver may see it again
  bool given_up_by_4xx = false;
};

struct World {
  explicit World(uint64_t seed) : rng(seed), seed(seed) { rebuild(); }

  std::mt19937_64 rng;
  uint64_t seed;
  int64_t now = 1'700'000'000 * kSecond;
  int64_t next_id = 1;
  std::map<int64_t, Row> db;
  std::vector<store::NotificationUpdate> uncommitted;
  std::set<int64_t> finished;  // in the queue's memory since the last rebuild (or durable)
  std::vector<Pending> in_flight;
  std::map<int64_t, int> received;  // by the receivers
  std::unique_ptr<OutboxQueue> queue;
  const Micros expire = std::chrono::hours(24);

  void rebuild() {
    queue = std::make_unique<OutboxQueue>(
        kReceivers, Backoff{std::chrono::seconds(1), std::chrono::minutes(10)}, expire, rng());
    finished.clear();
    in_flight.clear();
    for (const auto& [id, r] : db) {
      if (r.state != "pending") {
        finished.insert(id);
        continue;
      }
      Pending p;
      p.id = id;
      p.receiver = r.receiver;
      p.event.id = "e" + std::to_string(id);
      p.event.time_us = r.time_us;
      p.created_us = r.time_us;
      p.attempts = r.attempts;
      p.next_attempt_us = r.next_attempt_us;
      queue->add(std::move(p));
    }
  }

  void apply(const store::NotificationUpdate& u) {
    if (u.state != "pending") finished.insert(u.id);
    uncommitted.push_back(u);
  }

  void commit() {
    for (const store::NotificationUpdate& u : uncommitted) {
      Row& r = db.at(u.id);
      ASSERT_EQ(r.state, "pending") << "row " << u.id << " finished twice (seed " << seed << ")";
      r.state = u.state;
      r.attempts = u.attempts;
      r.next_attempt_us = u.next_attempt_us;
    }
    uncommitted.clear();
  }

  void crash() {
    for (const store::NotificationUpdate& u : uncommitted) db.at(u.id).excused_duplicate = true;
    for (const Pending& p : in_flight) db.at(p.id).excused_duplicate = true;
    uncommitted.clear();
    rebuild();
  }

  void add() {
    Row r;
    r.receiver = kReceivers[rng() % kReceivers.size()];
    r.time_us = now;
    const int64_t id = next_id++;
    db[id] = r;
    Pending p;
    p.id = id;
    p.receiver = r.receiver;
    p.event.id = "e" + std::to_string(id);
    p.event.time_us = now;
    p.created_us = now;
    ASSERT_TRUE(queue->add(std::move(p)));
  }

  void step_due() {
    OutboxQueue::Step step = queue->due(now);
    for (const store::NotificationUpdate& u : step.updates) {
      ASSERT_EQ(u.state, "expired");
      ASSERT_GE(now, db.at(u.id).time_us + expire.count());
      apply(u);
    }
    for (Pending& p : step.send) {
      for (const auto& [id, r] : db) {
        if (id >= p.id) break;
        if (r.receiver == p.receiver) {
          ASSERT_TRUE(finished.contains(id))
              << "row " << p.id << " sent before " << id << " (seed " << seed << ")";
        }
      }
      in_flight.push_back(std::move(p));
    }
  }

  // `kind`: 0 delivered, 1 refused, 2 response lost after delivery, 3 429, 4 a 4xx.
  void answer_one(int kind) {
    if (in_flight.empty()) return;
    const size_t i = rng() % in_flight.size();
    const Pending p = in_flight[i];
    in_flight.erase(in_flight.begin() + static_cast<std::ptrdiff_t>(i));
    Row& r = db.at(p.id);
    if (kind == 0 || kind == 2) {
      if (++received[p.id] > 1) {
        ASSERT_TRUE(r.excused_duplicate) << "row " << p.id << " seen twice (seed " << seed << ")";
      }
    }
    if (kind == 2) r.excused_duplicate = true;
    Answer a;
    a.kind = kind == 0 ? Answer::Kind::kDelivered : kind == 4 ? Answer::Kind::kGiveUp : Answer::Kind::kRetry;
    if (kind == 3) a.retry_after = std::chrono::seconds(rng() % 120);
    auto u = queue->answered(p.receiver, p.id, a, now);
    ASSERT_TRUE(u.has_value()) << "the answer to an attempt in flight must count";
    if (kind == 4) r.given_up_by_4xx = true;
    apply(*u);
  }

  void advance(int64_t max_us) { now += static_cast<int64_t>(rng() % static_cast<uint64_t>(max_us)); }
};

TEST(OutboxProperty, NothingFinishedTwiceOrderPerReceiverKeptNothingLost) {
  auto seed_rng = testing::seeded_rng();
  World w(seed_rng());
  for (int i = 0; i < kSteps && !::testing::Test::HasFatalFailure(); ++i) {
    const uint64_t pick = w.rng() % 100;
    if (pick < 15) {
      w.add();
    } else if (pick < 35) {
      w.step_due();
    } else if (pick < 55) {
      w.answer_one(0);
    } else if (pick < 63) {
      w.answer_one(1);
    } else if (pick < 66) {
      w.answer_one(2);
    } else if (pick < 69) {
      w.answer_one(3);
    } else if (pick < 70) {
      w.answer_one(4);
    } else if (pick < 85) {
      w.commit();
    } else if (pick < 87) {
      w.crash();
    } else if (pick < 99) {
      w.advance(30 * kSecond);
    } else {
      w.advance(3 * 3600 * kSecond);  // now and then long enough for a message to expire
    }
  }
  ASSERT_FALSE(::testing::Test::HasFatalFailure());

  // A quiet drain: every receiver answers, time moves on, until every row is finished and durable.
  for (int round = 0; round < 10'000; ++round) {
    w.step_due();
    while (!w.in_flight.empty()) w.answer_one(0);
    w.commit();
    const auto next = w.queue->next_due_us();
    if (!next) break;
    w.now = std::max(w.now, *next);
  }
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  int delivered = 0, given_up = 0, expired = 0;
  for (const auto& [id, r] : w.db) {
    ASSERT_NE(r.state, "pending") << "row " << id << " was lost (seed " << w.seed << ")";
    if (r.state == "delivered") {
      ++delivered;
      EXPECT_GE(w.received[id], 1) << id;
    } else if (r.state == "given_up") {
      ++given_up;
      EXPECT_TRUE(r.given_up_by_4xx) << id;
    } else {
      ASSERT_EQ(r.state, "expired");
      ++expired;
    }
  }
  std::printf("[ outbox   ] %zu rows: %d delivered, %d given up, %d expired\n", w.db.size(), delivered,
              given_up, expired);
  EXPECT_GT(delivered, 100);
}

}  // namespace
}  // namespace dealer::notify
