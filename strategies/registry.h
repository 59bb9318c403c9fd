// StrategyRegistry: strategies by name (`strategy: watch_price` in the configuration). A factory takes
// the strategy's id, pair and its YAML entry and returns the strategy or an error naming the key and
// its line and column. builtin() holds every strategy shipped in strategies/, listed explicitly (a
// self-registering static object in a static library would be dropped by the linker).
//
// Ownership: the registry owns its factories; created strategies belong to the caller. builtin() is
// immutable after first use and safe to read from any thread.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "engine/strategy.h"

namespace dealer::strategies {

struct StrategySpec {
  std::string id;
  engine::Pair pair;
  YAML::Node node;   // the whole entry: id, strategy, pair and the strategy's own keys
  std::string path;  // for messages: "strategies[dip-chain]"
};

using StrategyFactory = std::function<Result<std::unique_ptr<engine::Strategy>>(const StrategySpec&)>;

class StrategyRegistry {
 public:
  static const StrategyRegistry& builtin();

  void add(std::string name, StrategyFactory factory);
  std::vector<std::string> names() const;

  // One entry of the `strategies:` list: {id, strategy, pair, ...its own keys}.
  Result<std::unique_ptr<engine::Strategy>> create(const YAML::Node& entry) const;
  // The whole `strategies:` list; ids must be unique.
  Result<std::vector<std::unique_ptr<engine::Strategy>>> create_all(const YAML::Node& list) const;

 private:
  std::map<std::string, StrategyFactory> factories_;
};

}  // namespace dealer::strategies
