// Fault injection for the simulator's API answers: added latency and, drawn per request from a seeded
// generator, a share of 500/502 answers, dropped connections, truncated or malformed bodies and the
// MtGox "MySQL error" body; besides, latency spikes and bursts of rate-limit refusals. Configured at
// start-up and changed at run time through /sim/faults.
#pragma once

#include <array>
#include <random>

#include "core/form.h"
#include "core/json_writer.h"
#include "net/http_message.h"
#include "sim/config.h"

namespace dealer::sim {

class FaultInjector {
 public:
  explicit FaultInjector(const FaultConfig& config) : config_(config), rng_(config.seed) {}

  // Asked before a request is handled: true while a burst of rate-limit refusals lasts, so that the
  // caller refuses the request (403) without executing it, as a real refusal.
  bool refuses();
  // Turns the real answer into what the client gets.
  net::Reply apply(net::HttpResponse response);

  // Updates the shares from form fields named as in the config ("drop_percent=5&latency_ms=20").
  Status update(const FormFields& fields);
  std::string describe_json() const;
  // Writes "faults": {kind: count, ...} into an open object: each kind by its share's name without
  // "_percent" (error_500, drop, ...), "latency" for the answers delayed by latency_ms,
  // "latency_spike" for those delayed by a spike, "rate_limit_burst" for the bursts started and
  // "rate_limit_refused" for the requests they refused.
  void write_counts(JsonWriter& w) const;

 private:
  FaultConfig config_;
  std::mt19937_64 rng_;
  std::array<int64_t, 6> injected_{};  // per kind, in the order of the shares
  int64_t delayed_ = 0;
  int64_t spiked_ = 0;
  int64_t bursts_ = 0;
  int64_t refused_ = 0;
  int64_t burst_left_ = 0;  // refusals still due in the current burst

  // One draw against `percent`; no draw at all when it is zero.
  bool drawn(const Decimal& percent);
};

}  // namespace dealer::sim
