// StrategyRegistry: strategies by name (`strategy: watch_price` in the configuration). A factory takes
// the strategy's id, pair and its configuration node and returns the strategy; it validates its own
// keys through config::Node, whose getters stop the configuration build at the first mistake with
// "file:line:col: key.path: problem" (src/config/reader.h), so a factory needs no error plumbing.
// builtin() holds every strategy shipped in strategies/, listed explicitly (a self-registering static
// object in a static library would be dropped by the linker).
//
// Ownership: the registry owns its factories; created strategies belong to the caller. builtin() is
// immutable after first use and safe to read from any thread.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/reader.h"
#include "core/result.h"
#include "engine/strategy.h"
#include "strategies/gateway_leg.h"

namespace dealer::strategies {

// What a run offers its strategies beyond their YAML. `dealer run` fills it in; backtest, paper, the
// demo and the tests leave it empty, and a strategy that needs a missing service says so as a
// configuration error.
struct StrategyServices {
  // The live gateway leg for gateway_arbitrage's `gateway:` block with `mode: metaexchange`: reads
  // and checks that block's own keys (config::Node getters stop the configuration build).
  std::function<std::unique_ptr<GatewayLeg>(const config::Node& gateway)> live_gateway;
};

struct StrategySpec {
  std::string id;
  engine::Pair pair;
  const config::Node& node;  // the whole entry: id, strategy, pair and the strategy's own keys
  const StrategyServices& services;
};

using StrategyFactory = std::function<std::unique_ptr<engine::Strategy>(const StrategySpec&)>;

class StrategyRegistry {
 public:
  static const StrategyRegistry& builtin();

  void add(std::string name, StrategyFactory factory);
  std::vector<std::string> names() const;

  // Inside a configuration build (config::load / parse): one entry of the `strategies:` list,
  // {id, strategy, pair, ...its own keys}, and the whole list (ids must be unique).
  std::unique_ptr<engine::Strategy> create(const config::Node& entry, const StrategyServices& services = {}) const;
  std::vector<std::unique_ptr<engine::Strategy>> create_all(const config::Node& list,
                                                            const StrategyServices& services = {}) const;

  // Standalone: the `strategies:` list of a YAML document (other top-level keys are left alone), named
  // `file_name` in errors. For tests, tools and benchmarks.
  Result<std::vector<std::unique_ptr<engine::Strategy>>> from_document(std::string_view yaml,
                                                                       std::string file_name) const;

 private:
  std::map<std::string, StrategyFactory> factories_;
};

}  // namespace dealer::strategies
