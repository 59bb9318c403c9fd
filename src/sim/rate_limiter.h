// Per client and per endpoint request limits for the simulator (a client is its API key, else its
// address). Over the limit the caller answers HTTP 403, as both exchanges did.
#pragma once

#include <map>
#include <string>
#include <utility>

#include "core/token_bucket.h"
#include "sim/config.h"

namespace dealer::sim {

class RateLimiter {
 public:
  explicit RateLimiter(RateLimitConfig config) : config_(std::move(config)) {}

  bool allow(const std::string& client, const std::string& endpoint, int64_t now_us) {
    const auto it = config_.endpoint.find(endpoint);
    const RateLimit& limit = it != config_.endpoint.end() ? it->second : config_.fallback;
    if (limit.per_second <= 0) return true;
    auto [bucket, fresh] = buckets_.try_emplace({client, endpoint}, limit.per_second, limit.burst);
    return bucket->second.try_take(now_us);
  }

 private:
  RateLimitConfig config_;
  std::map<std::pair<std::string, std::string>, TokenBucket> buckets_;
};

}  // namespace dealer::sim
