// Per client and per endpoint request limits for the simulator. A client is an authenticated API key
// (the caller checks the signature first, so a made-up key never gets a bucket) or, for public calls, the
// client's address. Over the limit the caller answers HTTP 403, as both exchanges did.
// Memory stays bounded by the clients active within one refill period: a bucket that has had time to
// refill to its burst is the same as a fresh one, so such buckets are dropped as the table grows.
// Not thread-safe: the simulator runs on one io_context thread.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/clock.h"
#include "core/token_bucket.h"
#include "sim/config.h"

namespace dealer::sim {

class RateLimiter {
 public:
  // `steady` measures real time for the buckets; it must outlive the limiter.
  RateLimiter(RateLimitConfig config, const Clock& steady) : config_(std::move(config)), clock_(steady) {}

  bool allow(std::string_view client, const std::string& endpoint) {
    const auto it = config_.endpoint.find(endpoint);
    const RateLimit& limit = it != config_.endpoint.end() ? it->second : config_.fallback;
    if (limit.per_second <= 0) return true;
    const int64_t now = clock_.now_us();
    if (buckets_.size() >= prune_at_) prune(now);
    std::string id = endpoint;
    id += ' ';  // endpoint names hold no space, so "endpoint client" is unambiguous
    id += client;
    const auto refill_us = static_cast<int64_t>(limit.burst / limit.per_second * 1e6) + 1;
    auto [entry, fresh] = buckets_.try_emplace(
        std::move(id), Entry{TokenBucket(limit.per_second, limit.burst), now, refill_us});
    entry->second.last_us = now;
    if (entry->second.bucket.try_take(now)) return true;
    ++refused_;
    return false;
  }

  // Requests refused so far (GET /sim/stats: a client that keeps to the limits sees none).
  int64_t refused() const { return refused_; }

  // Buckets held now (tests check that the table stays bounded).
  size_t size() const { return buckets_.size(); }

 private:
  static constexpr size_t kPruneFloor = 1024;

  struct Entry {
    TokenBucket bucket;
    int64_t last_us;    // last request
    int64_t refill_us;  // time to refill from empty to the burst
  };

  // Drops the buckets that are full again, then waits for the table to double before the next sweep,
  // so sweeping costs O(1) per request on average.
  void prune(int64_t now) {
    std::erase_if(buckets_, [now](const auto& kv) { return now - kv.second.last_us >= kv.second.refill_us; });
    prune_at_ = std::max(kPruneFloor, 2 * buckets_.size());
  }

  RateLimitConfig config_;
  const Clock& clock_;
  int64_t refused_ = 0;
  std::unordered_map<std::string, Entry> buckets_;
  size_t prune_at_ = kPruneFloor;
};

}  // namespace dealer::sim
