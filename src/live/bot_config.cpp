#include "live/bot_config.h"

#include "config/reader.h"
#include "net/http_client.h"
#include "strategies/registry.h"
#include "strategies/risk_params.h"

namespace dealer::live {
namespace {

using std::chrono::milliseconds;

// A duration key of `poll`: at least 10 ms (a tighter loop would only spin), at most a day.
Micros interval(const config::Node& poll, std::string_view key, Micros fallback) {
  const milliseconds fallback_ms = std::chrono::duration_cast<milliseconds>(fallback);
  return poll[key].duration(milliseconds(10), std::chrono::hours(24), fallback_ms);
}

PollIntervals read_poll(const config::Node& poll) {
  poll.allow_keys(
      {"ticker", "trades", "depth", "full_depth", "own_trades", "balances", "reconcile", "timer"});
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

BotConfig read_config(const config::Node& root, bool allow_backtest_block) {
  if (allow_backtest_block)
    root.allow_keys({"exchange", "store", "risk", "strategies", "poll", "log", "shutdown", "backtest"});
  else
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
  c.depth_snapshot_every =
      store["depth_every"].duration(milliseconds(0), std::chrono::hours(24),
                                    std::chrono::duration_cast<milliseconds>(c.depth_snapshot_every));

  c.risk = strategies::parse_risk_limits(root["risk"], c.pair.item);
  const config::Node list = root["strategies"];
  if (list.list().empty()) list.fail("expected a list of at least one strategy");
  c.strategies = strategies::StrategyRegistry::builtin().create_all(list);
  for (size_t i = 0; i < c.strategies.size(); ++i) {
    if (c.strategies[i]->pair() != c.pair)
      list.list()[i]["pair"].fail("must be the exchange's pair " + c.pair.code());
  }
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

}  // namespace

Result<BotConfig> parse_bot_config(std::string_view text, const std::string& file_name,
                                   bool allow_backtest_block) {
  return config::parse(text, file_name,
                       [&](const config::Node& root) { return read_config(root, allow_backtest_block); });
}

Result<BotConfig> load_bot_config(const std::string& path, bool allow_backtest_block) {
  auto text = config::read_file(path);
  if (!text) return text.error();
  return parse_bot_config(*text, path, allow_backtest_block);
}

}  // namespace dealer::live
