#include "backtest/config.h"

#include "config/reader.h"
#include "strategies/registry.h"

namespace dealer::backtest {
namespace {

BacktestConfig read_block(const config::Node& root) {
  const config::Node b = root["backtest"];
  if (!b) root.fail("missing key: backtest (balances, fee_percent, latency_ms, fill_model)");
  b.allow_keys({"balances", "fee_percent", "latency_ms", "fill_model"});
  BacktestConfig c;
  for (const auto& [key, value] : b["balances"].entries()) {
    const Currency currency = key.currency();
    c.balances.push_back(Balance{currency, Funds(value.units(currency.decimals())), Funds()});
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

BacktestSetup read_setup(const config::Node& root) {
  root.allow_keys({"strategies", "backtest"});
  if (!root["strategies"]) root.fail("missing key: strategies (the strategies to replay)");
  BacktestSetup setup;
  setup.strategies = strategies::StrategyRegistry::builtin().create_all(root["strategies"]);
  if (setup.strategies.empty()) root["strategies"].fail("the list is empty");
  setup.config = read_block(root);
  setup.config.pair = setup.strategies.front()->pair();
  return setup;
}

}  // namespace

Result<BacktestSetup> parse_backtest_config(std::string_view text, const std::string& file_name,
                                            const std::vector<config::Override>& overrides) {
  return config::parse(text, file_name, read_setup, overrides);
}

Result<BacktestSetup> load_backtest_config(const std::string& path) { return config::load(path, read_setup); }

Result<BacktestConfig> load_backtest_block(const std::string& path) { return config::load(path, read_block); }

}  // namespace dealer::backtest
