// Fault injection for the simulator's API answers: added latency and, drawn per request from a seeded
// generator, a share of 500/502 answers, dropped connections, truncated or malformed bodies and the
// MtGox "MySQL error" body; besides, latency spikes, bursts of rate-limit refusals and the semantic faults
// of sim/semantic_faults.h. Configured at
// start-up and changed at run time through /sim/faults.
#pragma once

#include <array>
#include <random>

#include "core/form.h"
#include "core/json_writer.h"
#include "net/http_message.h"
#include "sim/config.h"
#include "sim/semantic_faults.h"

namespace dealer::sim {

class FaultInjector {
 public:
  explicit FaultInjector(const FaultConfig& config)
      : config_(config), rng_(config.seed), semantic_(config.seed) {}

  // Asked before a request is handled: true while a burst of rate-limit refusals lasts, so that the
  // caller refuses the request (403) without executing it, as a real refusal.
  bool refuses();
  // Turns the real answer of MtGox `endpoint` (empty: another API) into what the client gets: first
  // the semantic faults of that endpoint (sim/semantic_faults.h), then the transport faults.
  net::Reply apply(net::HttpResponse response, std::string_view endpoint = {});
  // Whether this order/add is answered with a made-up order id instead of being placed.
  bool denies_order() { return semantic_.denies_order(config_); }

  // Updates the shares from form fields named as in the config ("drop_percent=5&latency_ms=20").
  Status update(const FormFields& fields);
  std::string describe_json() const;
  // Writes "faults": {kind: count, ...} into an open object: each kind by its share's name without
  // "_percent" (error_500, drop, ...), "latency" for the answers delayed by latency_ms,
  // "latency_spike" for those delayed by a spike, "rate_limit_burst" for the bursts started,
  // "rate_limit_refused" for the requests they refused, and each semantic fault by its name.
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
  SemanticFaults semantic_;

  // One draw against `percent`; no draw at all when it is zero.
  bool drawn(const Decimal& percent);
};

}  // namespace dealer::sim
