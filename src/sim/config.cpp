#include "sim/config.h"

#include <filesystem>
#include <set>

#include "config/reader.h"
#include "core/crypto.h"
#include "core/money.h"
#include "sim/semantic_faults.h"

namespace dealer::sim {
namespace {

using config::Node;

// A fee in percent, absent: `fallback`. 0 <= fee < 100: a fee of 100 % or more would take all a trade
// brings, or more.
Decimal fee_percent(const Node& n, const Decimal& fallback) {
  const Decimal d = n.decimal(fallback);
  if (d < Decimal(0, 0) || d >= Decimal(100, 0)) n.fail("a fee must be at least 0 and below 100 (percent)");
  return d;
}

AccountConfig account(const Node& n) {
  n.allow_keys({"name", "key", "secret", "rights", "fee_percent", "balances"});
  AccountConfig a;
  a.name = n["name"].string();
  a.key = n["key"].string();
  if (a.key.size() != 36 || a.key[8] != '-' || a.key[13] != '-' || a.key[18] != '-' || a.key[23] != '-')
    n["key"].fail("expected a UUID such as 0b5bd1a5-3f16-4a8b-8ae3-3c0b1b4a0d11");
  auto secret = base64_decode(n["secret"].string());
  if (!secret || secret->empty()) n["secret"].fail("not valid base64");
  a.secret = std::move(*secret);
  for (const Node& r : n["rights"].list()) a.rights.push_back(r.string());
  a.fee_percent = fee_percent(n["fee_percent"], a.fee_percent);
  for (const auto& [k, v] : n["balances"].entries()) {
    const Currency c = k.currency();
    a.balances[c.index()] = v.units(c.decimals());
  }
  return a;
}

LiquidityConfig liquidity(const Node& n) {
  n.allow_keys({"enabled", "seed", "levels", "spread_percent", "step_percent", "amount"});
  LiquidityConfig l;
  l.enabled = n["enabled"].boolean(l.enabled);
  l.seed = static_cast<uint64_t>(n["seed"].integer(0, INT64_MAX, l.seed));
  l.levels = static_cast<int>(n["levels"].integer(1, 100, l.levels));
  l.spread_percent = n["spread_percent"].decimal(l.spread_percent);
  l.step_percent = n["step_percent"].decimal(l.step_percent);
  l.amount = n["amount"].units(8, l.amount);
  if (l.amount <= 0) n["amount"].fail("expected a positive BTC amount");
  return l;
}

MarketConfig market(const Node& n, const std::string& base_dir) {
  n.allow_keys({"trades", "currency", "speed", "shift_to_now", "fx", "liquidity", "max_unfunded_orders"});
  MarketConfig m;
  m.currency = n["currency"].currency(m.currency);
  if (const Node trades = n["trades"]) {
    std::filesystem::path p = trades.string();
    if (p.is_relative()) p = std::filesystem::path(base_dir) / p;
    if (!std::filesystem::exists(p)) trades.fail("no such file: " + p.string());
    m.trades_file = p.string();
  }
  m.speed = n["speed"].integer(0, 1'000'000, m.speed);
  m.shift_to_now = n["shift_to_now"].boolean(m.shift_to_now);
  for (const auto& [k, v] : n["fx"].entries()) {
    const Currency c = k.currency();
    const Decimal rate = v.decimal();
    if (rate.mantissa() <= 0) v.fail("a rate must be positive");
    if (c == m.currency) k.fail("the market's own currency needs no rate");
    m.fx[c.index()] = rate;
  }
  if (const Node l = n["liquidity"]) m.liquidity = liquidity(l);
  m.max_unfunded_orders = static_cast<int>(n["max_unfunded_orders"].integer(0, 100'000, m.max_unfunded_orders));
  return m;
}

RateLimit rate(const Node& n) {
  n.allow_keys({"per_second", "burst"});
  RateLimit r;
  r.per_second = static_cast<double>(n["per_second"].integer(0, 10'000'000, 0));
  r.burst = static_cast<double>(n["burst"].integer(1, 10'000'000, static_cast<int64_t>(r.per_second)));
  return r;
}

FaultConfig faults(const Node& n) {
  n.allow_keys({"seed",
                "latency_ms",
                "error_500_percent",
                "error_502_percent",
                "drop_percent",
                "truncate_percent",
                "malformed_percent",
                "mysql_error_percent",
                "rate_limit_burst_percent",
                "rate_limit_burst_length",
                "latency_spike_percent",
                "latency_spike_ms",
                "overstated_fill_factor",
                "negative_price_percent",
                "tiny_price_percent",
                "crossed_depth_percent",
                "unsorted_depth_percent",
                "repeated_tid_percent",
                "backward_tid_percent",
                "overstated_fill_percent",
                "balance_jump_percent",
                "denied_order_percent"});
  FaultConfig f;
  f.seed = static_cast<uint64_t>(n["seed"].integer(0, INT64_MAX, f.seed));
  f.latency_ms = n["latency_ms"].integer(0, 600'000, f.latency_ms);
  f.rate_limit_burst_length = n["rate_limit_burst_length"].integer(1, 1'000'000, f.rate_limit_burst_length);
  f.latency_spike_ms = n["latency_spike_ms"].integer(0, 600'000, f.latency_spike_ms);
  f.overstated_fill_factor = n["overstated_fill_factor"].integer(2, 1'000'000, f.overstated_fill_factor);
  const std::pair<const char*, Decimal*> shares[] = {
      {"error_500_percent", &f.error_500_percent}, {"error_502_percent", &f.error_502_percent},
      {"drop_percent", &f.drop_percent},           {"truncate_percent", &f.truncate_percent},
      {"malformed_percent", &f.malformed_percent}, {"mysql_error_percent", &f.mysql_error_percent},
      {"rate_limit_burst_percent", &f.rate_limit_burst_percent},
      {"latency_spike_percent", &f.latency_spike_percent}};
  auto read_share = [&n](const char* name, Decimal* target) {
    *target = n[name].decimal(*target);
    if (*target < Decimal(0, 0) || *target > Decimal(100, 0)) n[name].fail("must be 0 to 100");
  };
  for (const auto& [name, target] : shares) read_share(name, target);
  for (const SemanticShare& s : semantic_shares()) read_share(std::string(s.name).c_str(), &(f.*s.field));
  return f;
}

GatewayMarketConfig gateway_market(const Node& n) {
  n.allow_keys({"symbol_pair", "ask", "bid", "ask_max", "bid_max", "ask_fee_percent", "bid_fee_percent",
                "has_orderbook", "flipped", "buy_disabled", "sell_disabled", "up", "asset_name", "is_asset",
                "asset_type", "notes"});
  GatewayMarketConfig m;
  m.symbol_pair = n["symbol_pair"].string();
  const size_t underscore = m.symbol_pair.find('_');
  if (underscore == std::string::npos || underscore == 0 || underscore + 1 == m.symbol_pair.size())
    n["symbol_pair"].fail("expected BASE_QUOTE, e.g. bitBTC_BTC");
  // Metaexchange amounts and prices are held in units of 1e-8.
  m.ask = n["ask"].units(8);
  m.bid = n["bid"].units(8);
  if (m.ask <= 0 || m.bid <= 0) n["ask"].fail("ask and bid must be positive");
  m.ask_max = n["ask_max"].units(8);
  m.bid_max = n["bid_max"].units(8);
  m.ask_fee_percent = fee_percent(n["ask_fee_percent"], m.ask_fee_percent);
  m.bid_fee_percent = fee_percent(n["bid_fee_percent"], m.bid_fee_percent);
  const std::pair<const char*, bool*> flags[] = {
      {"has_orderbook", &m.has_orderbook}, {"flipped", &m.flipped}, {"buy_disabled", &m.buy_disabled},
      {"sell_disabled", &m.sell_disabled}, {"up", &m.up},           {"is_asset", &m.is_asset}};
  for (const auto& [name, target] : flags) *target = n[name].boolean(*target);
  if (const Node a = n["asset_name"]) m.asset_name = a.string();
  m.asset_type = n["asset_type"].string(m.asset_type);
  if (const Node notes = n["notes"]) m.notes = notes.string();
  return m;
}

ExchangeConfig parse(const Node& root, const std::string& base_dir) {
  root.allow_keys({"http", "accounts", "market", "rate_limits", "faults", "merchant", "metaexchange"});
  ExchangeConfig c;
  std::set<std::string> keys;
  for (const Node& a : root["accounts"].list()) {
    c.accounts.push_back(account(a));
    if (!keys.insert(c.accounts.back().key).second) a["key"].fail("used by two accounts");
  }
  if (const Node m = root["market"]) c.market = market(m, base_dir);
  if (const Node r = root["rate_limits"]) {
    r.allow_keys({"default", "endpoints"});
    if (const Node d = r["default"]) c.rate_limits.fallback = rate(d);
    for (const auto& [name, limit] : r["endpoints"].entries())
      c.rate_limits.endpoint[name.string()] = rate(limit);
  }
  if (const Node f = root["faults"]) c.faults = faults(f);
  if (const Node g = root["metaexchange"]) {
    g.allow_keys({"confirm_seconds", "markets"});
    c.metaexchange.confirm_seconds = g["confirm_seconds"].integer(0, 86400, c.metaexchange.confirm_seconds);
    std::set<std::string> pairs;
    for (const Node& m : g["markets"].list()) {
      c.metaexchange.markets.push_back(gateway_market(m));
      if (!pairs.insert(c.metaexchange.markets.back().symbol_pair).second)
        m["symbol_pair"].fail("listed twice");
    }
  }
  if (const Node h = root["http"]) {
    h.allow_keys({"read_timeout_ms", "max_body_bytes", "max_connections"});
    c.http.read_timeout_ms = h["read_timeout_ms"].integer(10, 3'600'000, c.http.read_timeout_ms);
    c.http.max_body_bytes = h["max_body_bytes"].integer(64, 64 << 20, c.http.max_body_bytes);
    c.http.max_connections = h["max_connections"].integer(1, 1'000'000, c.http.max_connections);
  }
  if (const Node m = root["merchant"]) {
    m.allow_keys({"ipn_retry_seconds", "public_url"});
    c.ipn_retry_seconds = m["ipn_retry_seconds"].integer(1, 86400, c.ipn_retry_seconds);
    c.public_url = m["public_url"].string(c.public_url);
  }
  return c;
}

}  // namespace

Result<ExchangeConfig> parse_exchange_config(const std::string& yaml, const std::string& base_dir) {
  return config::parse(yaml, "(config text)", [&](const Node& root) { return parse(root, base_dir); });
}

Result<ExchangeConfig> load_exchange_config(const std::string& path) {
  const std::string base_dir = std::filesystem::path(path).parent_path().string();
  return config::load(path, [&](const Node& root) { return parse(root, base_dir); });
}

}  // namespace dealer::sim
