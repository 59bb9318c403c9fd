#include "sim/config.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <set>

#include "core/crypto.h"
#include "core/money.h"

namespace dealer::sim {
namespace {

// Thrown inside the parser with the key path; turned into an Errc::kConfig error at the edge.
struct ConfigError {
  std::string key;
  std::string message;
};

[[noreturn]] void fail(const std::string& key, const std::string& message) { throw ConfigError{key, message}; }

std::string scalar(const YAML::Node& n, const std::string& key) {
  if (!n.IsScalar()) fail(key, "expected a single value");
  return n.Scalar();
}

Decimal decimal(const YAML::Node& n, const std::string& key) {
  auto d = Decimal::parse(scalar(n, key));
  if (!d) fail(key, d.error().message);
  return *d;
}

// A fee in percent: 0 <= fee < 100 (a fee of 100 % or more would take all a trade brings, or more).
Decimal fee_percent(const YAML::Node& n, const std::string& key) {
  const Decimal d = decimal(n, key);
  if (d < Decimal(0, 0) || d >= Decimal(100, 0)) fail(key, "a fee must be at least 0 and below 100 (percent)");
  return d;
}

int64_t integer(const YAML::Node& n, const std::string& key, int64_t min, int64_t max) {
  auto v = parse_int64(scalar(n, key));
  if (!v) fail(key, v.error().message);
  if (*v < min || *v > max) fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  return *v;
}

Currency currency(const YAML::Node& n, const std::string& key) {
  auto c = Currency::from_code(scalar(n, key));
  if (!c) fail(key, c.error().message);
  return *c;
}

bool boolean(const YAML::Node& n, const std::string& key) {
  const std::string s = scalar(n, key);
  if (s == "true") return true;
  if (s == "false") return false;
  fail(key, "expected true or false");
}

// Rejects keys this section does not know, so that a typo is an error rather than a silent default.
void known_keys(const YAML::Node& n, const std::string& key, std::initializer_list<const char*> allowed) {
  if (!n.IsMap()) fail(key, "expected a mapping");
  const std::set<std::string> ok(allowed.begin(), allowed.end());
  for (const auto& kv : n) {
    const std::string k = kv.first.as<std::string>();
    if (!ok.contains(k)) fail(key.empty() ? k : key + "." + k, "unknown key");
  }
}

AccountConfig account(const YAML::Node& n, const std::string& key) {
  known_keys(n, key, {"name", "key", "secret", "rights", "fee_percent", "balances"});
  AccountConfig a;
  if (!n["name"]) fail(key + ".name", "missing");
  a.name = scalar(n["name"], key + ".name");
  if (!n["key"]) fail(key + ".key", "missing");
  a.key = scalar(n["key"], key + ".key");
  if (a.key.size() != 36 || a.key[8] != '-' || a.key[13] != '-' || a.key[18] != '-' || a.key[23] != '-')
    fail(key + ".key", "expected a UUID such as 0b5bd1a5-3f16-4a8b-8ae3-3c0b1b4a0d11");
  if (!n["secret"]) fail(key + ".secret", "missing");
  auto secret = base64_decode(scalar(n["secret"], key + ".secret"));
  if (!secret || secret->empty()) fail(key + ".secret", "not valid base64");
  a.secret = std::move(*secret);
  if (const auto r = n["rights"]) {
    if (!r.IsSequence()) fail(key + ".rights", "expected a list");
    for (size_t i = 0; i < r.size(); ++i) a.rights.push_back(scalar(r[i], key + ".rights[" + std::to_string(i) + "]"));
  }
  if (n["fee_percent"]) a.fee_percent = fee_percent(n["fee_percent"], key + ".fee_percent");
  if (const auto b = n["balances"]) {
    if (!b.IsMap()) fail(key + ".balances", "expected a mapping of currency to amount");
    for (const auto& kv : b) {
      const std::string k = key + ".balances." + kv.first.as<std::string>();
      const Currency c = currency(kv.first, k);
      auto units = decimal(kv.second, k).to_units(c.decimals());
      if (!units || *units < 0) fail(k, "expected a non-negative amount with at most " + std::to_string(c.decimals()) + " decimals");
      a.balances[c.index()] = *units;
    }
  }
  return a;
}

LiquidityConfig liquidity(const YAML::Node& n) {
  const std::string key = "market.liquidity";
  known_keys(n, key, {"enabled", "seed", "levels", "spread_percent", "step_percent", "amount"});
  LiquidityConfig l;
  if (n["enabled"]) l.enabled = boolean(n["enabled"], key + ".enabled");
  if (n["seed"]) l.seed = static_cast<uint64_t>(integer(n["seed"], key + ".seed", 0, INT64_MAX));
  if (n["levels"]) l.levels = static_cast<int>(integer(n["levels"], key + ".levels", 1, 100));
  if (n["spread_percent"]) l.spread_percent = decimal(n["spread_percent"], key + ".spread_percent");
  if (n["step_percent"]) l.step_percent = decimal(n["step_percent"], key + ".step_percent");
  if (n["amount"]) {
    auto units = decimal(n["amount"], key + ".amount").to_units(8);
    if (!units || *units <= 0) fail(key + ".amount", "expected a positive BTC amount");
    l.amount = *units;
  }
  return l;
}

MarketConfig market(const YAML::Node& n, const std::string& base_dir) {
  known_keys(n, "market", {"trades", "currency", "speed", "fx", "liquidity", "max_unfunded_orders"});
  MarketConfig m;
  if (n["currency"]) m.currency = currency(n["currency"], "market.currency");
  if (n["trades"]) {
    std::filesystem::path p = scalar(n["trades"], "market.trades");
    if (p.is_relative()) p = std::filesystem::path(base_dir) / p;
    if (!std::filesystem::exists(p)) fail("market.trades", "no such file: " + p.string());
    m.trades_file = p.string();
  }
  if (n["speed"]) m.speed = integer(n["speed"], "market.speed", 0, 1'000'000);
  if (const auto fx = n["fx"]) {
    if (!fx.IsMap()) fail("market.fx", "expected a mapping of currency to rate");
    for (const auto& kv : fx) {
      const std::string k = "market.fx." + kv.first.as<std::string>();
      const Currency c = currency(kv.first, k);
      const Decimal rate = decimal(kv.second, k);
      if (rate.mantissa() <= 0) fail(k, "a rate must be positive");
      if (c == m.currency) fail(k, "the market's own currency needs no rate");
      m.fx[c.index()] = rate;
    }
  }
  if (n["liquidity"]) m.liquidity = liquidity(n["liquidity"]);
  if (n["max_unfunded_orders"])
    m.max_unfunded_orders = static_cast<int>(integer(n["max_unfunded_orders"], "market.max_unfunded_orders", 0, 100'000));
  return m;
}

RateLimit rate(const YAML::Node& n, const std::string& key) {
  known_keys(n, key, {"per_second", "burst"});
  RateLimit r;
  if (n["per_second"]) r.per_second = static_cast<double>(integer(n["per_second"], key + ".per_second", 0, 10'000'000));
  r.burst = n["burst"] ? static_cast<double>(integer(n["burst"], key + ".burst", 1, 10'000'000)) : r.per_second;
  return r;
}

FaultConfig faults(const YAML::Node& n) {
  known_keys(n, "faults", {"seed", "latency_ms", "error_500_percent", "error_502_percent", "drop_percent",
                           "truncate_percent", "malformed_percent", "mysql_error_percent"});
  FaultConfig f;
  if (n["seed"]) f.seed = static_cast<uint64_t>(integer(n["seed"], "faults.seed", 0, INT64_MAX));
  if (n["latency_ms"]) f.latency_ms = integer(n["latency_ms"], "faults.latency_ms", 0, 600'000);
  const std::pair<const char*, Decimal*> shares[] = {
      {"error_500_percent", &f.error_500_percent}, {"error_502_percent", &f.error_502_percent},
      {"drop_percent", &f.drop_percent},           {"truncate_percent", &f.truncate_percent},
      {"malformed_percent", &f.malformed_percent}, {"mysql_error_percent", &f.mysql_error_percent}};
  for (const auto& [name, target] : shares) {
    if (!n[name]) continue;
    *target = decimal(n[name], std::string("faults.") + name);
    if (*target < Decimal(0, 0) || *target > Decimal(100, 0)) fail(std::string("faults.") + name, "must be 0 to 100");
  }
  return f;
}

// A Metaexchange amount or price: a decimal with at most 8 places, held in units of 1e-8.
int64_t gateway_units(const YAML::Node& n, const std::string& key) {
  auto units = decimal(n, key).to_units(8);
  if (!units || *units < 0) fail(key, "expected a non-negative number with at most 8 decimals");
  return *units;
}

GatewayMarketConfig gateway_market(const YAML::Node& n, const std::string& key) {
  known_keys(n, key, {"symbol_pair", "ask", "bid", "ask_max", "bid_max", "ask_fee_percent", "bid_fee_percent",
                      "has_orderbook", "flipped", "buy_disabled", "sell_disabled", "up", "asset_name", "is_asset",
                      "asset_type", "notes"});
  GatewayMarketConfig m;
  for (const char* required : {"symbol_pair", "ask", "bid", "ask_max", "bid_max"})
    if (!n[required]) fail(key + "." + required, "missing");
  m.symbol_pair = scalar(n["symbol_pair"], key + ".symbol_pair");
  const size_t underscore = m.symbol_pair.find('_');
  if (underscore == std::string::npos || underscore == 0 || underscore + 1 == m.symbol_pair.size())
    fail(key + ".symbol_pair", "expected BASE_QUOTE, e.g. bitBTC_BTC");
  m.ask = gateway_units(n["ask"], key + ".ask");
  m.bid = gateway_units(n["bid"], key + ".bid");
  if (m.ask <= 0 || m.bid <= 0) fail(key + ".ask", "ask and bid must be positive");
  m.ask_max = gateway_units(n["ask_max"], key + ".ask_max");
  m.bid_max = gateway_units(n["bid_max"], key + ".bid_max");
  if (n["ask_fee_percent"]) m.ask_fee_percent = fee_percent(n["ask_fee_percent"], key + ".ask_fee_percent");
  if (n["bid_fee_percent"]) m.bid_fee_percent = fee_percent(n["bid_fee_percent"], key + ".bid_fee_percent");
  const std::pair<const char*, bool*> flags[] = {{"has_orderbook", &m.has_orderbook}, {"flipped", &m.flipped},
                                                 {"buy_disabled", &m.buy_disabled},   {"sell_disabled", &m.sell_disabled},
                                                 {"up", &m.up},                       {"is_asset", &m.is_asset}};
  for (const auto& [name, target] : flags)
    if (n[name]) *target = boolean(n[name], key + "." + name);
  if (n["asset_name"]) m.asset_name = scalar(n["asset_name"], key + ".asset_name");
  if (n["asset_type"]) m.asset_type = scalar(n["asset_type"], key + ".asset_type");
  if (n["notes"]) m.notes = scalar(n["notes"], key + ".notes");
  return m;
}

ExchangeConfig parse(const YAML::Node& root, const std::string& base_dir) {
  if (root.IsNull()) return ExchangeConfig{};
  known_keys(root, "", {"http", "accounts", "market", "rate_limits", "faults", "merchant", "metaexchange"});
  ExchangeConfig c;
  if (const auto a = root["accounts"]) {
    if (!a.IsSequence()) fail("accounts", "expected a list");
    std::set<std::string> keys;
    for (size_t i = 0; i < a.size(); ++i) {
      const std::string key = "accounts[" + std::to_string(i) + "]";
      c.accounts.push_back(account(a[i], key));
      if (!keys.insert(c.accounts.back().key).second) fail(key + ".key", "used by two accounts");
    }
  }
  if (root["market"]) c.market = market(root["market"], base_dir);
  if (const auto r = root["rate_limits"]) {
    known_keys(r, "rate_limits", {"default", "endpoints"});
    if (r["default"]) c.rate_limits.fallback = rate(r["default"], "rate_limits.default");
    if (const auto e = r["endpoints"]) {
      if (!e.IsMap()) fail("rate_limits.endpoints", "expected a mapping of endpoint to limit");
      for (const auto& kv : e) {
        const std::string name = kv.first.as<std::string>();
        c.rate_limits.endpoint[name] = rate(kv.second, "rate_limits.endpoints." + name);
      }
    }
  }
  if (root["faults"]) c.faults = faults(root["faults"]);
  if (const auto g = root["metaexchange"]) {
    known_keys(g, "metaexchange", {"confirm_seconds", "markets"});
    if (g["confirm_seconds"]) c.metaexchange.confirm_seconds = integer(g["confirm_seconds"], "metaexchange.confirm_seconds", 0, 86400);
    if (const auto m = g["markets"]) {
      if (!m.IsSequence()) fail("metaexchange.markets", "expected a list");
      std::set<std::string> pairs;
      for (size_t i = 0; i < m.size(); ++i) {
        const std::string key = "metaexchange.markets[" + std::to_string(i) + "]";
        c.metaexchange.markets.push_back(gateway_market(m[i], key));
        if (!pairs.insert(c.metaexchange.markets.back().symbol_pair).second) fail(key + ".symbol_pair", "listed twice");
      }
    }
  }
  if (const auto h = root["http"]) {
    known_keys(h, "http", {"read_timeout_ms", "max_body_bytes"});
    if (h["read_timeout_ms"]) c.http.read_timeout_ms = integer(h["read_timeout_ms"], "http.read_timeout_ms", 10, 3'600'000);
    if (h["max_body_bytes"]) c.http.max_body_bytes = integer(h["max_body_bytes"], "http.max_body_bytes", 64, 64 << 20);
  }
  if (const auto m = root["merchant"]) {
    known_keys(m, "merchant", {"ipn_retry_seconds", "public_url"});
    if (m["ipn_retry_seconds"]) c.ipn_retry_seconds = integer(m["ipn_retry_seconds"], "merchant.ipn_retry_seconds", 1, 86400);
    if (m["public_url"]) c.public_url = scalar(m["public_url"], "merchant.public_url");
  }
  return c;
}

}  // namespace

Result<ExchangeConfig> parse_exchange_config(const std::string& yaml, const std::string& base_dir) {
  try {
    return parse(YAML::Load(yaml), base_dir);
  } catch (const ConfigError& e) {
    return make_error(Errc::kConfig, (e.key.empty() ? "" : e.key + ": ") + e.message);
  } catch (const YAML::Exception& e) {
    return make_error(Errc::kConfig, std::string("not valid YAML: ") + e.what());
  }
}

Result<ExchangeConfig> load_exchange_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) return make_error(Errc::kConfig, "cannot read config file '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  auto c = parse_exchange_config(text.str(), std::filesystem::path(path).parent_path().string());
  if (!c) return make_error(Errc::kConfig, path + ": " + c.error().message);
  return c;
}

}  // namespace dealer::sim
