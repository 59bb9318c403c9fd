// Semantic faults: well-formed MtGox answers that say impossible or wrong things, as a buggy or hostile
// exchange would (issue 18): negative and tiny prices, crossed and unsorted depth, repeated and backward
// tids, overstated fills, balances that jump, an order id that is later denied. Each is a share (in
// percent) of the answers of the calls it applies to, drawn from its own seeded generator, so that
// adding one changes nothing in the sequence of the transport faults (sim/faults.h). The answer is
// decoded into the MtGox wire types, changed and encoded again; answers that are not a wrapped success
// (errors, ?raw) are left alone. Owned by the FaultInjector; not thread-safe (the simulator's thread).
#pragma once

#include <array>
#include <random>
#include <span>
#include <string_view>

#include "core/json_writer.h"
#include "net/http_message.h"
#include "sim/config.h"

namespace dealer::sim {

struct SemanticShare {
  std::string_view name;  // the config key and /sim/faults field, e.g. "negative_price_percent"
  Decimal FaultConfig::*field;
  std::string_view applies_to;  // the MtGox endpoints, for the docs and messages
};
// Every semantic share, in the order they are drawn and counted.
std::span<const SemanticShare> semantic_shares();

class SemanticFaults {
 public:
  explicit SemanticFaults(uint64_t seed) : rng_(seed ^ 0x5e3a471cULL) {}

  // Whether this order/add is answered with a made-up order id and not placed.
  bool denies_order(const FaultConfig& config);
  // The answer of MtGox `endpoint` ("trades", "depth", ...) with the faults of `config` drawn for it.
  net::HttpResponse rewrite(const FaultConfig& config, std::string_view endpoint, net::HttpResponse response);
  // Writes each share's count by its name without "_percent" into an open object.
  void write_counts(JsonWriter& w) const;

 private:
  bool drawn(const FaultConfig& config, size_t share);

  std::mt19937_64 rng_;
  std::array<int64_t, 9> injected_{};
};

}  // namespace dealer::sim
