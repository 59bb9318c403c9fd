#include "backtest/config.h"

#include <yaml-cpp/yaml.h>

#include "config/reader.h"
#include "strategies/registry.h"

namespace dealer::backtest {
namespace {

BacktestConfig read_block(const config::Node& root) {
  root.allow_keys({"strategies", "backtest"});
  if (!root["strategies"]) root.fail("missing key: strategies (the strategies to replay)");
  const config::Node b = root["backtest"];
  if (!b) root.fail("missing key: backtest (balances, fee_percent, latency_ms, fill_model)");
  b.allow_keys({"balances", "fee_percent", "latency_ms", "fill_model"});
  BacktestConfig c;
  for (const auto& [key, value] : b["balances"].entries()) {
    const Currency currency = key.currency();
    c.balances.push_back(Balance{currency, value.units(currency.decimals()), 0});
  }
  c.fee_percent = b["fee_percent"].decimal(Decimal());
  if (c.fee_percent < Decimal() || !(c.fee_percent < *Decimal::parse("100")))
    b["fee_percent"].fail("must be at least 0 and below 100");
  c.latency = b["latency_ms"].integer(0, 24 * 3600 * 1000, 0) * Micros(1000);
  const std::string rule = b["fill_model"].string("through");
  if (rule == "touch")
    c.rule = market::FillRule::kTouch;
  else if (rule != "through")
    b["fill_model"].fail("expected through or touch");
  return c;
}

}  // namespace

Result<BacktestSetup> parse_backtest_config(std::string_view text, const std::string& file_name) {
  auto config = config::parse(text, file_name, read_block);
  if (!config) return std::move(config).error();
  BacktestSetup setup{std::move(*config), {}};
  // The strategy registry reads yaml-cpp nodes itself; its errors carry line:col, the file goes first.
  auto strategies =
      strategies::StrategyRegistry::builtin().create_all(YAML::Load(std::string(text))["strategies"]);
  if (!strategies) {
    Error e = std::move(strategies).error();
    const bool positioned = !e.message.empty() && e.message[0] >= '0' && e.message[0] <= '9';
    e.message = file_name + (positioned ? ":" : ": ") + e.message;
    return e;
  }
  setup.strategies = std::move(*strategies);
  if (setup.strategies.empty())
    return make_error(Errc::kConfig, file_name + ": strategies: the list is empty");
  setup.config.pair = setup.strategies.front()->pair();
  return setup;
}

Result<BacktestSetup> load_backtest_config(const std::string& path) {
  auto text = config::read_file(path);
  if (!text) return std::move(text).error();
  return parse_backtest_config(*text, path);
}

}  // namespace dealer::backtest
