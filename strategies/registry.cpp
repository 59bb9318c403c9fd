#include "strategies/registry.h"

#include <set>

#include "core/spelling.h"
#include "strategies/gateway_arbitrage.h"
#include "strategies/grid.h"
#include "strategies/market_maker.h"
#include "strategies/trend.h"
#include "strategies/watch_price.h"

namespace dealer::strategies {

const StrategyRegistry& StrategyRegistry::builtin() {
  static const StrategyRegistry registry = [] {
    StrategyRegistry r;
    r.add("watch_price", &WatchPrice::create);
    r.add("market_maker", &MarketMaker::create);
    r.add("grid", &Grid::create);
    r.add("trend", &Trend::create);
    r.add("gateway_arbitrage", &GatewayArbitrage::create);
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

std::unique_ptr<engine::Strategy> StrategyRegistry::create(const config::Node& entry,
                                                          const StrategyServices& services) const {
  const std::string id = entry["id"].string();
  const config::Node name = entry["strategy"];
  auto it = factories_.find(name.string());
  if (it == factories_.end()) {
    std::string known;
    for (const std::string& n : names()) known += (known.empty() ? "" : ", ") + n;
    const auto meant = closest_name(name.string(), names());
    name.fail("unknown strategy \"" + name.string() + "\"" + (meant ? ": did you mean " + *meant + "?" : "") +
              " (known: " + known + ")");
  }
  const config::Node pair_node = entry["pair"];
  auto pair = engine::Pair::parse(pair_node.string());
  if (!pair) pair_node.fail(pair.error().message);
  return it->second(StrategySpec{id, *pair, entry, services});
}

std::vector<std::unique_ptr<engine::Strategy>> StrategyRegistry::create_all(const config::Node& list,
                                                                           const StrategyServices& services) const {
  std::vector<std::unique_ptr<engine::Strategy>> out;
  std::set<std::string> ids;
  for (const config::Node& entry : list.list()) {
    out.push_back(create(entry, services));
    if (!ids.insert(out.back()->id()).second) entry["id"].fail("used by an earlier strategy too");
  }
  return out;
}

Result<std::vector<std::unique_ptr<engine::Strategy>>> StrategyRegistry::from_document(
    std::string_view yaml, std::string file_name) const {
  return config::parse(yaml, std::move(file_name),
                       [this](const config::Node& root) { return create_all(root["strategies"]); });
}

}  // namespace dealer::strategies
