// Fault injection for the simulator's API answers: added latency and, drawn per request from a seeded
// generator, a share of 500/502 answers, dropped connections, truncated or malformed bodies and the
// MtGox "MySQL error" body. Configured at start-up and changed at run time through /sim/faults.
#pragma once

#include <random>

#include "core/form.h"
#include "net/http_message.h"
#include "sim/config.h"

namespace dealer::sim {

class FaultInjector {
 public:
  explicit FaultInjector(const FaultConfig& config) : config_(config), rng_(config.seed) {}

  // Turns the real answer into what the client gets.
  net::Reply apply(net::HttpResponse response);

  // Updates the shares from form fields named as in the config ("drop_percent=5&latency_ms=20").
  Status update(const FormFields& fields);
  std::string describe_json() const;

 private:
  FaultConfig config_;
  std::mt19937_64 rng_;
};

}  // namespace dealer::sim
