#include "live/bot_config.h"

#include <boost/asio/ip/address.hpp>
#include <charconv>

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

// "127.0.0.1:8080" or "[::1]:8080": a loopback address literal only, as the endpoint tells the state
// of the account to whoever can connect.
StatusListen read_status_listen(const config::Node& listen) {
  const std::string text = listen.string();
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos) listen.fail("expected ADDRESS:PORT, e.g. \"127.0.0.1:9100\"");
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string_view port_text = std::string_view(text).substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port_text.empty() || port > 65535)
    listen.fail("'" + std::string(port_text) + "' is not a port (0-65535)");
  boost::system::error_code bad;
  const auto address = boost::asio::ip::make_address(host, bad);
  if (bad) listen.fail("'" + host + "' is not an IP address (write 127.0.0.1, not a host name)");
  if (!address.is_loopback())
    listen.fail("'" + host +
                "' is not a loopback address: the status endpoint listens on 127.0.0.0/8 or ::1 only");
  return StatusListen{host, static_cast<uint16_t>(port)};
}

// exchange: and store:, the same for `dealer run` and `dealer record`.
void read_exchange_and_store(const config::Node& root, BotConfig& c) {
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
}

// poll: and log:, the same for `dealer run` and `dealer record`.
void read_poll_and_log(const config::Node& root, BotConfig& c) {
  c.poll = read_poll(root["poll"]);
  const config::Node log = root["log"];
  log.allow_keys({"level"});
  auto level = parse_log_level(log["level"].string("info"));
  if (!level) log["level"].fail(level.error().message);
  c.log_level = *level;
}

// `dealer paper` reads its account from the same file's `backtest:` block.
BotConfig read_config(const config::Node& root, bool allow_backtest_block,
                      const strategies::StrategyServices& services) {
  if (allow_backtest_block)
    root.allow_keys({"exchange", "store", "risk", "strategies", "poll", "log", "shutdown", "status", "notify",
                     "notify_rules", "journal", "backtest"});
  else
    root.allow_keys({"exchange", "store", "risk", "strategies", "poll", "log", "shutdown", "status", "notify",
                     "notify_rules", "journal"});
  BotConfig c;
  read_exchange_and_store(root, c);
  c.risk = strategies::parse_risk_limits(root["risk"], c.pair.item);
  const config::Node list = root["strategies"];
  if (list.list().empty()) list.fail("expected a list of at least one strategy");
  c.strategies = strategies::StrategyRegistry::builtin().create_all(list, services);
  for (size_t i = 0; i < c.strategies.size(); ++i) {
    if (c.strategies[i]->pair() != c.pair)
      list.list()[i]["pair"].fail("must be the exchange's pair " + c.pair.code());
    c.strategy_kinds[c.strategies[i]->id()] = list.list()[i]["strategy"].string();
  }
  read_poll_and_log(root, c);

  const config::Node shutdown = root["shutdown"];
  shutdown.allow_keys({"cancel_open_orders"});
  c.cancel_open_orders = shutdown["cancel_open_orders"].boolean(false);

  const config::Node status = root["status"];
  status.allow_keys({"listen", "controls"});
  if (status) {
    c.status = read_status_listen(status["listen"]);
    c.status->controls = status["controls"].boolean(true);
  }
  c.notify = notify::read_notify_config(root["notify"], root["notify_rules"]);

  const config::Node journal = root["journal"];
  journal.allow_keys({"enabled", "dir", "max_file_mb", "max_total_mb"});
  c.journal.enabled = journal["enabled"].boolean(c.journal.enabled);
  c.journal.dir = journal["dir"].string(c.store_path + ".journal");
  c.journal.max_file_mb = journal["max_file_mb"].integer(1, 1024 * 1024, c.journal.max_file_mb);
  c.journal.max_total_mb =
      journal["max_total_mb"].integer(c.journal.max_file_mb, 1024 * 1024 * 1024, c.journal.max_total_mb);
  return c;
}

// `dealer record`: the market feeds only. The trading blocks of a run.yaml are accepted and ignored
// (not even read), so the bot's own file can be recorded with; any other key is an error.
BotConfig read_record_config(const config::Node& root) {
  root.allow_keys({"exchange", "store", "poll", "log", "risk", "strategies", "shutdown", "status", "notify",
                   "notify_rules", "journal"});
  BotConfig c;
  read_exchange_and_store(root, c);
  read_poll_and_log(root, c);
  return c;
}

// The file's text through `parse`.
template <class Parse>
Result<BotConfig> load_with(const std::string& path, Parse parse) {
  auto text = config::read_file(path);
  if (!text) return text.error();
  return parse(*text, path);
}

}  // namespace

Result<BotConfig> parse_bot_config(std::string_view text, const std::string& file_name, bool allow_backtest_block,
                                   const strategies::StrategyServices& services) {
  return config::parse(text, file_name, [&](const config::Node& root) {
    return read_config(root, allow_backtest_block, services);
  });
}

Result<BotConfig> load_bot_config(const std::string& path, bool allow_backtest_block,
                                  const strategies::StrategyServices& services) {
  return load_with(path, [&](std::string_view text, const std::string& name) {
    return parse_bot_config(text, name, allow_backtest_block, services);
  });
}

namespace {

// Reads one part of a run or paper configuration with `read`; the other keys are left unread.
template <class Read>
auto load_part(const std::string& path, Read read)
    -> Result<std::invoke_result_t<Read, const config::Node&>> {
  auto text = config::read_file(path);
  if (!text) return text.error();
  return config::parse(*text, path, [&](const config::Node& root) {
    root.allow_keys({"exchange", "store", "risk", "strategies", "poll", "log", "shutdown", "status", "notify",
                     "notify_rules", "journal", "backtest"});
    return read(root);
  });
}

}  // namespace

Result<std::optional<StatusListen>> load_status_listen(const std::string& path) {
  return load_part(path, [](const config::Node& root) -> std::optional<StatusListen> {
    const config::Node status = root["status"];
    status.allow_keys({"listen", "controls"});
    if (!status) return std::nullopt;
    return read_status_listen(status["listen"]);
  });
}

Result<notify::NotifyConfig> load_notify_config(const std::string& path) {
  return load_part(path, [](const config::Node& root) {
    return notify::read_notify_config(root["notify"], root["notify_rules"]);
  });
}

Result<BotConfig> parse_record_config(std::string_view text, const std::string& file_name) {
  return config::parse(text, file_name, read_record_config);
}

Result<BotConfig> load_record_config(const std::string& path) { return load_with(path, parse_record_config); }

std::vector<std::string> keys_needing_restart(const BotConfig& a, const BotConfig& b) {
  std::vector<std::string> changed;
  if (a.exchange_kind != b.exchange_kind || a.base_url != b.base_url || a.pair != b.pair)
    changed.push_back("exchange");
  if (a.store_path != b.store_path || a.depth_snapshot_every != b.depth_snapshot_every)
    changed.push_back("store");
  if (a.risk != b.risk) changed.push_back("risk");
  if (a.poll != b.poll) changed.push_back("poll");
  if (a.log_level != b.log_level) changed.push_back("log");
  if (a.cancel_open_orders != b.cancel_open_orders) changed.push_back("shutdown");
  if (a.status != b.status) changed.push_back("status");
  if (a.notify.receivers != b.notify.receivers) changed.push_back("notify");
  if (a.notify.rules != b.notify.rules) changed.push_back("notify_rules");
  if (a.journal != b.journal) changed.push_back("journal");
  return changed;
}

}  // namespace dealer::live
