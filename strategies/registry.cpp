#include "strategies/registry.h"

#include <set>

#include "strategies/watch_price.h"
#include "strategies/yaml_params.h"

namespace dealer::strategies {

const StrategyRegistry& StrategyRegistry::builtin() {
  static const StrategyRegistry registry = [] {
    StrategyRegistry r;
    r.add("watch_price", &WatchPrice::create);
    return r;
  }();
  return registry;
}

void StrategyRegistry::add(std::string name, StrategyFactory factory) {
  factories_[std::move(name)] = std::move(factory);
}

std::vector<std::string> StrategyRegistry::names() const {
  std::vector<std::string> names;
  for (const auto& [name, f] : factories_) names.push_back(name);
  return names;
}

Result<std::unique_ptr<engine::Strategy>> StrategyRegistry::create(const YAML::Node& entry) const {
  if (!entry.IsMap()) return param_error(entry, "strategies[]", "expected a map with id, strategy and pair");
  auto id = required_text(entry, "id", "strategies[]");
  if (!id) return std::move(id).error();
  const std::string path = "strategies[" + *id + "]";
  auto name = required_text(entry, "strategy", path);
  if (!name) return std::move(name).error();
  auto it = factories_.find(*name);
  if (it == factories_.end()) {
    std::string known;
    for (const std::string& n : names()) known += (known.empty() ? "" : ", ") + n;
    return param_error(entry["strategy"], path + ".strategy",
                       "unknown strategy \"" + *name + "\" (known: " + known + ")");
  }
  auto pair_text = required_text(entry, "pair", path);
  if (!pair_text) return std::move(pair_text).error();
  auto pair = engine::Pair::parse(*pair_text);
  if (!pair) return param_error(entry["pair"], path + ".pair", pair.error().message);
  return it->second(StrategySpec{*id, *pair, entry, path});
}

Result<std::vector<std::unique_ptr<engine::Strategy>>> StrategyRegistry::create_all(
    const YAML::Node& list) const {
  if (!list.IsSequence()) return param_error(list, "strategies", "expected a list of strategies");
  std::vector<std::unique_ptr<engine::Strategy>> out;
  std::set<std::string> ids;
  for (const YAML::Node& entry : list) {
    auto s = create(entry);
    if (!s) return std::move(s).error();
    if (!ids.insert((*s)->id()).second) {
      return param_error(entry["id"], "strategies[" + (*s)->id() + "].id", "used by an earlier strategy too");
    }
    out.push_back(std::move(*s));
  }
  return out;
}

}  // namespace dealer::strategies
