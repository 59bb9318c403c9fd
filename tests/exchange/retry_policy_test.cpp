#include "exchange/retry_policy.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>

#include "exchange/nonce.h"
#include "support/test_support.h"

namespace dealer {
namespace {

CallOutcome answer(int status, Status decoded = {}) { return CallOutcome{false, true, status, std::move(decoded)}; }
Status failed(Errc code) { return make_error(code, "x"); }

TEST(RetryPolicy, ReadsRetryEverythingTransient) {
  EXPECT_EQ(classify(answer(200), false), Verdict::kDone);
  EXPECT_EQ(classify(CallOutcome{true, false, 0, {}}, false), Verdict::kRetry);  // connect failed
  EXPECT_EQ(classify(CallOutcome{true, true, 0, {}}, false), Verdict::kRetry);   // timed out after sending
  EXPECT_EQ(classify(answer(500), false), Verdict::kRetry);
  EXPECT_EQ(classify(answer(502), false), Verdict::kRetry);
  EXPECT_EQ(classify(answer(403, failed(Errc::kRateLimited)), false), Verdict::kRetry);
  EXPECT_EQ(classify(answer(200, failed(Errc::kExchangeBusy)), false), Verdict::kRetry);  // MySQL body
  EXPECT_EQ(classify(answer(200, failed(Errc::kParse)), false), Verdict::kRetry);         // truncated
  EXPECT_EQ(classify(answer(403, failed(Errc::kExchange)), false), Verdict::kFail);       // bad signature
  EXPECT_EQ(classify(answer(400, failed(Errc::kExchange)), false), Verdict::kFail);
}

TEST(RetryPolicy, WritesAreAmbiguousOnceSentAndNeverRetriedBlindly) {
  EXPECT_EQ(classify(answer(200), true), Verdict::kDone);
  EXPECT_EQ(classify(CallOutcome{true, false, 0, {}}, true), Verdict::kRetry);     // never left: safe
  EXPECT_EQ(classify(CallOutcome{true, true, 0, {}}, true), Verdict::kAmbiguous);  // left, no answer
  EXPECT_EQ(classify(answer(500), true), Verdict::kAmbiguous);
  EXPECT_EQ(classify(answer(200, failed(Errc::kExchangeBusy)), true), Verdict::kAmbiguous);
  EXPECT_EQ(classify(answer(200, failed(Errc::kParse)), true), Verdict::kAmbiguous);
  EXPECT_EQ(classify(answer(403, failed(Errc::kRateLimited)), true), Verdict::kFail);  // refused outright
  EXPECT_EQ(classify(answer(403, failed(Errc::kExchange)), true), Verdict::kFail);
}

TEST(RetryPolicy, AFourHundredIsFinalWhateverItsBody) {
  // A proxy's HTML 404 or a plain-text 400 does not decode (kParse), yet the server refused: final.
  for (const bool write : {false, true}) {
    EXPECT_EQ(classify(answer(404, failed(Errc::kParse)), write), Verdict::kFail) << write;
    EXPECT_EQ(classify(answer(400, failed(Errc::kParse)), write), Verdict::kFail) << write;
    EXPECT_EQ(classify(answer(413, failed(Errc::kParse)), write), Verdict::kFail) << write;
    EXPECT_EQ(classify(answer(403, failed(Errc::kExchangeBusy)), write), Verdict::kFail) << write;
  }
  // The same undecodable body on a 2xx is a truncated answer: transient.
  EXPECT_EQ(classify(answer(200, failed(Errc::kParse)), false), Verdict::kRetry);
}

TEST(RetryPolicy, AnInvalidNonceIsRetriedAtOnceEvenForWrites) {
  // MtGox checks the nonce before executing anything, so a write refused for it never happened.
  Status nonce = make_error(Errc::kExchange, "Invalid nonce", std::string(kInvalidNonceToken));
  EXPECT_EQ(classify(answer(403, nonce), true), Verdict::kRetryNow);
  EXPECT_EQ(classify(answer(403, nonce), false), Verdict::kRetryNow);
}

TEST(RetryPolicy, BackoffDoublesUpToTheCapWithJitter) {
  auto rng = testing::seeded_rng();
  const BackoffPolicy p{5, std::chrono::milliseconds(100), std::chrono::milliseconds(1000)};
  for (int i = 0; i < 200; ++i) {
    const auto d1 = backoff_delay(p, 1, rng).count();
    const auto d3 = backoff_delay(p, 3, rng).count();
    const auto d9 = backoff_delay(p, 9, rng).count();
    ASSERT_GE(d1, 50);
    ASSERT_LE(d1, 100);
    ASSERT_GE(d3, 200);
    ASSERT_LE(d3, 400);
    ASSERT_GE(d9, 500);
    ASSERT_LE(d9, 1000);
  }
}

TEST(NonceSource, NeverRepeatsAcrossRestartsEvenWhenTheClockGoesBack) {
  const std::string path = ::testing::TempDir() + "/nonce-" + std::to_string(::getpid());
  std::remove(path.c_str());
  ManualClock clock(1'365'779'997'854'917);
  uint64_t last;
  {
    auto n = NonceSource::open(path, clock);
    ASSERT_TRUE(n.ok()) << n.error().describe();
    EXPECT_EQ(n->next().value(), 1'365'779'997'854'917u);
    EXPECT_EQ(n->next().value(), 1'365'779'997'854'918u);  // same microsecond: last + 1
    clock.advance(1000);
    last = n->next().value();
    EXPECT_EQ(last, 1'365'779'997'855'917u);
  }
  clock.set(1'000);  // a restart with the clock far behind
  auto again = NonceSource::open(path, clock);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->next().value(), last + 1);
  std::remove(path.c_str());
}

TEST(NonceSource, RefusesACorruptFile) {
  const std::string path = ::testing::TempDir() + "/nonce-bad-" + std::to_string(::getpid());
  FILE* f = std::fopen(path.c_str(), "w");
  std::fputs("12ab\n", f);
  std::fclose(f);
  ManualClock clock(5);
  auto n = NonceSource::open(path, clock);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, Errc::kIo);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace dealer
