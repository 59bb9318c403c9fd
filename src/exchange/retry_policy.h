// How a client treats the outcome of one HTTP call to an exchange. Reads are retried with jittered
// exponential backoff on anything transient (transport failure, 5xx, 403 rate limit, the MtGox MySQL
// body, a truncated or malformed 2xx body). Writes are never retried blindly: once the request has
// left, a failure without a definite answer is Ambiguous, and the caller must reconcile. A 4xx answer
// is final whatever its body (HTML, plain text): the server understood and refused. Two 4xx answers
// are refusals before execution and so are retried even for writes: the rate limit (after backoff,
// reads only) and MtGox's invalid nonce (at once, with a fresh nonce: kRetryNow).
#pragma once

#include <chrono>
#include <cstdint>
#include <random>
#include <string_view>

#include "core/result.h"

namespace dealer {

enum class Verdict { kDone, kRetry, kRetryNow, kAmbiguous, kFail };

// MtGox's answer to a nonce not above the last one it saw: refused before anything was executed.
inline constexpr std::string_view kInvalidNonceToken = "login_error_invalid_nonce";

struct CallOutcome {
  bool transport_failed = false;  // no HTTP answer at all
  bool sent = false;              // the request left in full
  int status = 0;                 // HTTP status when there was an answer
  Status decoded;                 // the body's decoding: ok, or the error it carried
};

Verdict classify(const CallOutcome& outcome, bool write);

struct BackoffPolicy {
  int read_attempts = 5;  // tries in all, for reads
  std::chrono::milliseconds base{100};
  std::chrono::milliseconds max{5'000};
  // The whole call, reads and writes: every attempt, rate-limit wait and backoff. Past it, kTimeout
  // (or kAmbiguous for a write whose request had left).
  std::chrono::milliseconds deadline{60'000};
};

// The delay before retry number `attempt` (1, 2, ...): base x 2^(attempt-1), capped, then a random
// value between half of that and all of it, so that many clients do not retry in step.
std::chrono::milliseconds backoff_delay(const BackoffPolicy& policy, int attempt, std::mt19937_64& rng);

}  // namespace dealer
