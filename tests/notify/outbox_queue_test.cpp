// The delivery rules of the outbox (notify/outbox_queue.h) on virtual time: the backoff schedule, 429's
// Retry-After, 4xx giving up, expiry, order per receiver.
#include "notify/outbox_queue.h"

#include <gtest/gtest.h>

namespace dealer::notify {
namespace {

using std::chrono::seconds;
constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kT0 = 1'700'000'000 * kSecond;

Pending row(int64_t id, const std::string& receiver = "a", int64_t created_us = kT0) {
  Pending p;
  p.id = id;
  p.receiver = receiver;
  p.event.id = "e" + std::to_string(id);
  p.event.event = "fill";
  p.event.time_us = created_us;
  p.created_us = created_us;
  return p;
}

Answer answer(Answer::Kind kind, std::optional<Micros> retry_after = std::nullopt) {
  return Answer{kind, retry_after, "test"};
}

std::vector<int64_t> ids(const std::vector<Pending>& rows) {
  std::vector<int64_t> out;
  for (const Pending& p : rows) out.push_back(p.id);
  return out;
}

net::HttpResponse status(int code, net::Headers headers = {}) {
  net::HttpResponse r;
  r.status = code;
  r.headers = std::move(headers);
  return r;
}

TEST(OutboxQueue, BackoffDoublesUpToItsCapWithJitterInTheUpperHalf) {
  OutboxQueue q({"a"}, Backoff{seconds(1), seconds(60)}, std::chrono::hours(24), 7);
  ASSERT_TRUE(q.add(row(1)));
  // Ceilings by hand: 1, 2, 4, 8, 16, 32 s, then the 60 s cap.
  const int64_t ceilings[] = {1, 2, 4, 8, 16, 32, 60, 60, 60};
  int64_t now = kT0;
  for (int64_t ceiling : ceilings) {
    ASSERT_EQ(ids(q.due(now).send), std::vector<int64_t>{1});
    auto u = q.answered("a", 1, answer(Answer::Kind::kRetry), now);
    ASSERT_TRUE(u.has_value());
    EXPECT_EQ(u->state, "pending");
    const int64_t wait = u->next_attempt_us - now;
    EXPECT_GE(wait, ceiling * kSecond / 2) << "ceiling " << ceiling;
    EXPECT_LE(wait, ceiling * kSecond) << "ceiling " << ceiling;
    // Not a moment before its time, and at its time.
    EXPECT_TRUE(q.due(u->next_attempt_us - 1).send.empty());
    EXPECT_EQ(q.next_due_us(), u->next_attempt_us);
    now = u->next_attempt_us;
  }
  EXPECT_EQ(q.failures("a"), 9);
  EXPECT_EQ(q.pending("a"), 1);
}

TEST(OutboxQueue, TheSameSeedGivesTheSameSchedule) {
  const auto schedule = [](uint64_t seed) {
    OutboxQueue q({"a"}, Backoff{}, std::chrono::hours(24), seed);
    q.add(row(1));
    std::vector<int64_t> waits;
    int64_t now = kT0;
    for (int i = 0; i < 6; ++i) {
      q.due(now);
      now = q.answered("a", 1, answer(Answer::Kind::kRetry), now)->next_attempt_us;
      waits.push_back(now);
    }
    return waits;
  };
  EXPECT_EQ(schedule(42), schedule(42));
  EXPECT_NE(schedule(42), schedule(43));
}

TEST(OutboxQueue, A429WaitsForItsRetryAfter) {
  OutboxQueue q({"a"}, Backoff{}, std::chrono::hours(24), 1);
  q.add(row(1));
  q.due(kT0);
  auto u = q.answered("a", 1, classify(status(429, {{"Retry-After", "120"}})), kT0);
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->state, "pending");
  EXPECT_EQ(u->next_attempt_us, kT0 + 120 * kSecond);  // exactly: the receiver's own word, no jitter
  EXPECT_TRUE(q.due(kT0 + 119 * kSecond).send.empty());
  EXPECT_EQ(ids(q.due(kT0 + 120 * kSecond).send), std::vector<int64_t>{1});
}

TEST(OutboxQueue, ClassifiesAnswers) {
  EXPECT_EQ(classify(status(200)).kind, Answer::Kind::kDelivered);
  EXPECT_EQ(classify(status(204)).kind, Answer::Kind::kDelivered);
  EXPECT_EQ(classify(status(400)).kind, Answer::Kind::kGiveUp);
  EXPECT_EQ(classify(status(404)).kind, Answer::Kind::kGiveUp);
  EXPECT_EQ(classify(status(429)).kind, Answer::Kind::kRetry);
  EXPECT_EQ(classify(status(429)).retry_after, std::nullopt);  // no header: the backoff
  EXPECT_EQ(classify(status(429, {{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}})).retry_after,
            std::nullopt);
  EXPECT_EQ(classify(status(429, {{"retry-after", "3"}})).retry_after, Micros(seconds(3)));
  EXPECT_EQ(classify(status(500)).kind, Answer::Kind::kRetry);
  EXPECT_EQ(classify(status(503)).kind, Answer::Kind::kRetry);
  EXPECT_EQ(classify(status(301)).kind, Answer::Kind::kRetry);
  EXPECT_EQ(classify(make_error(Errc::kNetwork, "connect: refused")).kind, Answer::Kind::kRetry);
  net::HttpResponse bad = status(400);
  bad.body = "chat not found";
  EXPECT_EQ(classify(bad).detail, "HTTP 400: chat not found");
}

TEST(OutboxQueue, A4xxGivesTheMessageUpAndTheNextOneGoes) {
  OutboxQueue q({"a"}, Backoff{}, std::chrono::hours(24), 1);
  q.add(row(1));
  q.add(row(2));
  EXPECT_EQ(ids(q.due(kT0).send), std::vector<int64_t>{1});  // only the head: in order
  auto u = q.answered("a", 1, classify(status(400)), kT0);
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->state, "given_up");
  EXPECT_EQ(u->detail, "HTTP 400");
  EXPECT_EQ(u->attempts, 1);
  EXPECT_EQ(ids(q.due(kT0).send), std::vector<int64_t>{2});
  EXPECT_EQ(q.answered("a", 2, classify(status(200)), kT0)->state, "delivered");
  EXPECT_EQ(q.pending("a"), 0);
  EXPECT_EQ(q.next_due_us(), std::nullopt);
}

TEST(OutboxQueue, AMessageNotDeliveredInTimeExpires) {
  OutboxQueue q({"a"}, Backoff{seconds(1), seconds(600)}, std::chrono::hours(1), 1);
  q.add(row(1, "a", kT0));
  q.add(row(2, "a", kT0 + 3600 * kSecond));
  q.due(kT0);
  q.answered("a", 1, answer(Answer::Kind::kRetry), kT0);
  // An hour after its event: dropped as expired when it comes due, and the next one goes at once.
  const auto step = q.due(kT0 + 3600 * kSecond);
  ASSERT_EQ(step.updates.size(), 1u);
  EXPECT_EQ(step.updates[0].id, 1);
  EXPECT_EQ(step.updates[0].state, "expired");
  EXPECT_EQ(step.updates[0].attempts, 1);
  EXPECT_EQ(ids(step.send), std::vector<int64_t>{2});
}

// A fill carries the exchange's time, which may be far behind ours (a replayed tape): the expiry counts
// from when the message was queued.
TEST(OutboxQueue, AnOldEventQueuedNowDoesNotExpire) {
  OutboxQueue q({"a"}, Backoff{}, std::chrono::hours(1), 1);
  Pending p = row(1);
  p.event.time_us = kT0 - 365LL * 24 * 3600 * kSecond;
  q.add(p);
  const auto step = q.due(kT0);
  EXPECT_TRUE(step.updates.empty());
  EXPECT_EQ(ids(step.send), std::vector<int64_t>{1});
}

TEST(OutboxQueue, OneFailingReceiverDoesNotHoldAnotherBack) {
  OutboxQueue q({"a", "b"}, Backoff{}, std::chrono::hours(24), 1);
  q.add(row(1, "a"));
  q.add(row(2, "b"));
  q.add(row(3, "b"));
  EXPECT_EQ(ids(q.due(kT0).send), (std::vector<int64_t>{1, 2}));
  q.answered("a", 1, answer(Answer::Kind::kRetry), kT0);
  q.answered("b", 2, answer(Answer::Kind::kDelivered), kT0);
  EXPECT_EQ(ids(q.due(kT0).send), std::vector<int64_t>{3});
}

TEST(OutboxQueue, RowsAlreadyKnownOrOfUnknownReceiversAreIgnored) {
  OutboxQueue q({"a"}, Backoff{}, std::chrono::hours(24), 1);
  EXPECT_TRUE(q.add(row(5)));
  EXPECT_FALSE(q.add(row(5)));
  EXPECT_FALSE(q.add(row(4)));
  EXPECT_FALSE(q.add(row(6, "gone")));
  EXPECT_EQ(q.pending("a"), 1);
  // An answer for a row that is not the head in flight changes nothing.
  EXPECT_EQ(q.answered("a", 5, answer(Answer::Kind::kDelivered), kT0), std::nullopt);
  q.due(kT0);
  EXPECT_EQ(q.answered("a", 4, answer(Answer::Kind::kDelivered), kT0), std::nullopt);
  EXPECT_TRUE(q.in_flight("a"));
}

}  // namespace
}  // namespace dealer::notify
