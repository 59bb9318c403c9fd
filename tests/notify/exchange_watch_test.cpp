// exchange_down once per outage (after N failures in a row or S seconds of failures), exchange_up once
// when it ends; never one per failed poll.
#include "notify/exchange_watch.h"

#include <gtest/gtest.h>

namespace dealer::notify {
namespace {

constexpr int64_t kSecond = 1'000'000;

NotifyRules rules(int64_t failures, int64_t seconds) {
  NotifyRules r;
  r.exchange_down_after_failures = failures;
  r.exchange_down_after = std::chrono::seconds(seconds);
  return r;
}

TEST(ExchangeWatch, DownAfterNFailuresInARowOnceAndUpOnce) {
  ExchangeWatch w(rules(3, 3600));
  EXPECT_EQ(w.attempt(false, 0), std::nullopt);
  EXPECT_EQ(w.attempt(false, 1), std::nullopt);
  EXPECT_EQ(w.attempt(true, 2), std::nullopt);  // a success in between starts the count again
  EXPECT_EQ(w.attempt(false, 3), std::nullopt);
  EXPECT_EQ(w.attempt(false, 4), std::nullopt);
  EXPECT_EQ(w.attempt(false, 5), EventKind::kExchangeDown);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(w.attempt(false, 6 + i), std::nullopt);
  EXPECT_TRUE(w.down());
  EXPECT_EQ(w.attempt(true, 200), EventKind::kExchangeUp);
  EXPECT_EQ(w.attempt(true, 201), std::nullopt);
  EXPECT_FALSE(w.down());
}

TEST(ExchangeWatch, DownAfterFailingForLongEnoughEvenWithFewFailures) {
  ExchangeWatch w(rules(1000, 30));
  EXPECT_EQ(w.attempt(false, 0), std::nullopt);
  EXPECT_EQ(w.attempt(false, 29 * kSecond), std::nullopt);
  EXPECT_EQ(w.attempt(false, 30 * kSecond), EventKind::kExchangeDown);
  EXPECT_EQ(w.attempt(false, 90 * kSecond), std::nullopt);
  EXPECT_EQ(w.attempt(true, 91 * kSecond), EventKind::kExchangeUp);
}

TEST(ExchangeWatch, ZeroSecondsMeansCountOnly) {
  ExchangeWatch w(rules(2, 0));
  EXPECT_EQ(w.attempt(false, 0), std::nullopt);
  EXPECT_EQ(w.attempt(false, 0), EventKind::kExchangeDown);
}

}  // namespace
}  // namespace dealer::notify
