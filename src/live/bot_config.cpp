#include "live/bot_config.h"

#include <yaml-cpp/yaml.h>

#include "config/reader.h"
#include "net/http_client.h"
#include "strategies/registry.h"

namespace dealer::live {
namespace {

using std::chrono::milliseconds;

// A duration key of `poll`: at least 10 ms (a tighter loop would only spin), at most a day.
Micros interval(const config::Node& poll, std::string_view key, Micros fallback) {
  const milliseconds fallback_ms = std::chrono::duration_cast<milliseconds>(fallback);
  return poll[key].duration(milliseconds(10), std::chrono::hours(24), fallback_ms);
}

PollIntervals read_poll(const config::Node& poll) {
  poll.allow_keys({"ticker", "trades", "depth", "full_depth", "own_trades", "balances", "reconcile", "timer"});
  PollIntervals p;
  p.ticker = interval(poll, "ticker", p.ticker);
  p.trades = interval(poll, "trades", p.trades);
  p.depth = interval(poll, "depth", p.depth);
  p.full_depth = interval(poll, "full_depth", p.full_depth);
  p.own_trades = interval(poll, "own_trades", p.own_trades);
  p.balances = interval(poll, "balances", p.balances);
  p.reconcile = interval(poll, "reconcile", p.reconcile);
  p.timer = interval(poll, "timer", p.timer);
  return p;
}

// A positive count of `decimals` units (an amount limit of zero would refuse every order).
int64_t positive_units(const config::Node& node, int decimals) {
  const int64_t units = node.units(decimals);
  if (units == 0) node.fail("must be greater than zero");
  return units;
}

int positive_count(const config::Node& node) { return static_cast<int>(node.integer(1, 1'000'000)); }

engine::RiskLimits read_risk(const config::Node& risk, engine::Pair pair) {
  risk.allow_keys({"max_order_amount", "max_open_orders", "max_position", "max_orders_per_minute", "min_balance",
                   "max_drawdown_percent", "max_consecutive_errors"});
  engine::RiskLimits r;
  const int item_decimals = pair.item.decimals();
  if (risk["max_order_amount"]) r.max_order_amount = Amount(positive_units(risk["max_order_amount"], item_decimals));
  if (risk["max_position"]) r.max_position = Amount(positive_units(risk["max_position"], item_decimals));
  if (risk["max_open_orders"]) r.max_open_orders = positive_count(risk["max_open_orders"]);
  if (risk["max_orders_per_minute"]) r.max_orders_per_minute = positive_count(risk["max_orders_per_minute"]);
  if (risk["max_consecutive_errors"]) r.max_consecutive_errors = positive_count(risk["max_consecutive_errors"]);
  if (const config::Node d = risk["max_drawdown_percent"]) {
    const Decimal percent = d.decimal();
    if (percent <= Decimal() || percent > Decimal(100, 0)) d.fail("must be more than 0 and at most 100");
    r.max_drawdown_percent = percent;
  }
  for (const auto& [key, value] : risk["min_balance"].entries()) {
    const Currency currency = key.currency();
    r.min_balance[currency.index()] = value.units(currency.decimals());
  }
  return r;
}

// Everything but the strategies, which the registry reads from yaml-cpp nodes (below).
BotConfig read_config(const config::Node& root) {
  root.allow_keys({"exchange", "store", "risk", "strategies", "poll", "log", "shutdown"});
  BotConfig c;
  const config::Node exchange = root["exchange"];
  exchange.allow_keys({"kind", "base_url", "pair"});
  c.exchange_kind = exchange["kind"].string();
  if (c.exchange_kind != "mtgox") exchange["kind"].fail("unknown exchange kind (known: mtgox)");
  c.base_url = exchange["base_url"].string();
  if (auto url = net::parse_url(c.base_url); !url) exchange["base_url"].fail(url.error().message);
  auto pair = engine::Pair::parse(exchange["pair"].string());
  if (!pair) exchange["pair"].fail(pair.error().message);
  if (pair->item != Currency::btc()) exchange["pair"].fail("MtGox trades BTC: expected BTCxxx");
  c.pair = *pair;

  const config::Node store = root["store"];
  store.allow_keys({"path", "depth_every"});
  c.store_path = store["path"].string();
  c.depth_snapshot_every = store["depth_every"].duration(
      milliseconds(0), std::chrono::hours(24), std::chrono::duration_cast<milliseconds>(c.depth_snapshot_every));

  c.risk = read_risk(root["risk"], c.pair);
  if (root["strategies"].list().empty()) root["strategies"].fail("expected a list of at least one strategy");
  c.poll = read_poll(root["poll"]);

  const config::Node log = root["log"];
  log.allow_keys({"level"});
  auto level = parse_log_level(log["level"].string("info"));
  if (!level) log["level"].fail(level.error().message);
  c.log_level = *level;

  const config::Node shutdown = root["shutdown"];
  shutdown.allow_keys({"cancel_open_orders"});
  c.cancel_open_orders = shutdown["cancel_open_orders"].boolean(false);
  return c;
}

Status add_strategies(BotConfig& c, std::string_view text, const std::string& file_name) {
  // The reader has accepted the document, so yaml-cpp parses it too. The registry's errors start with
  // "line:col:"; the file name goes in front, as in every other config error.
  const YAML::Node root = YAML::Load(std::string(text));
  auto built = strategies::StrategyRegistry::builtin().create_all(root["strategies"]);
  if (!built) return make_error(Errc::kConfig, file_name + ":" + built.error().message);
  for (size_t i = 0; i < built->size(); ++i) {
    if ((*built)[i]->pair() != c.pair) {
      const YAML::Mark mark = root["strategies"][i]["pair"].Mark();
      return make_error(Errc::kConfig, file_name + ":" + std::to_string(mark.line + 1) + ":" +
                                           std::to_string(mark.column + 1) + ": strategies[" +
                                           (*built)[i]->id() + "].pair: must be the exchange's pair " +
                                           c.pair.code());
    }
  }
  c.strategies = std::move(*built);
  return {};
}

}  // namespace

Result<BotConfig> parse_bot_config(std::string_view text, const std::string& file_name) {
  auto config = config::parse(text, file_name, read_config);
  if (!config) return config;
  if (Status s = add_strategies(*config, text, file_name); !s) return s.error();
  return config;
}

Result<BotConfig> load_bot_config(const std::string& path) {
  auto text = config::read_file(path);
  if (!text) return text.error();
  return parse_bot_config(*text, path);
}

}  // namespace dealer::live
