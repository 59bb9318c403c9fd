#include "exchange/retry_policy.h"

#include <algorithm>

namespace dealer {

Verdict classify(const CallOutcome& o, bool write) {
  const Verdict transient = write ? Verdict::kAmbiguous : Verdict::kRetry;
  if (o.transport_failed) return o.sent ? transient : Verdict::kRetry;  // unsent: nothing happened yet
  if (o.status >= 500) return transient;
  if (o.decoded.ok()) return o.status < 300 ? Verdict::kDone : Verdict::kFail;
  const Error& e = o.decoded.error();
  if (e.token == kInvalidNonceToken) return Verdict::kRetryNow;  // refused before execution
  if (e.code == Errc::kRateLimited) return write ? Verdict::kFail : Verdict::kRetry;  // refused, not executed
  if (o.status >= 400) return Verdict::kFail;  // a definite refusal, whatever the body says
  if (e.code == Errc::kExchangeBusy || e.code == Errc::kParse) return transient;
  return Verdict::kFail;
}

std::chrono::milliseconds backoff_delay(const BackoffPolicy& policy, int attempt, std::mt19937_64& rng) {
  const int64_t exp = policy.base.count() << std::min(attempt - 1, 20);
  const int64_t capped = std::min<int64_t>(exp, policy.max.count());
  const int64_t jittered = capped / 2 + static_cast<int64_t>(rng() % static_cast<uint64_t>(capped / 2 + 1));
  return std::chrono::milliseconds(std::max<int64_t>(jittered, 1));
}

}  // namespace dealer
