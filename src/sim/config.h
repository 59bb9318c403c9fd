// Configuration of `dealer exchange`, read from YAML (example: config/exchange.yaml). Every error names
// the file, line, column and key at fault, e.g. "exchange.yaml:20:13: accounts[1].secret: not valid base64".
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/result.h"
#include "market/gateway_quote.h"

namespace dealer::sim {

struct AccountConfig {
  std::string name;
  std::string key;         // the API key, a UUID
  std::string secret;      // raw bytes (the config holds base64 of 64 bytes)
  std::vector<std::string> rights;  // get_info, trade, merchant, ...
  Decimal fee_percent;  // 0 <= fee < 100
  std::map<int, int64_t> balances;  // currency index -> units
};

struct LiquidityConfig {
  bool enabled = false;
  uint64_t seed = 1;
  int levels = 5;
  Decimal spread_percent{2, 1};  // 0.2 % between the best bid and ask
  Decimal step_percent{1, 1};    // 0.1 % between levels
  int64_t amount = 200000000;    // BTC units per level, varied by +-50 % with the seed
};

struct MarketConfig {
  std::string trades_file;  // MtGox or bitcoincharts CSV; empty: no replay
  Currency currency = Currency::usd();
  // Replay speed: recorded seconds per real second. 0 replays the whole file at start-up, after which
  // the exchange clock runs at real speed from the last recorded trade.
  int64_t speed = 0;
  // Moves the tape so that its first trade is at start-up: trade, order and fill dates near the real
  // clock, as on the real exchange (a client compares them with its own clock; the fault soak needs it).
  bool shift_to_now = false;
  std::map<int, Decimal> fx;  // currency index -> units of it per one unit of `currency`
  LiquidityConfig liquidity;
  // Unfunded (`invalid`) orders an account may keep listed; one more is refused. Without a cap a
  // client's 8,000 unfunded bids made `orders` a 4.5 MB answer.
  int max_unfunded_orders = 100;
};

struct RateLimit {
  double per_second = 0;  // 0: unlimited. A rate, not money.
  double burst = 0;
};

struct RateLimitConfig {
  RateLimit fallback;                         // every endpoint, per client (signed-in key, else address)
  std::map<std::string, RateLimit> endpoint;  // by endpoint name ("order/add", "getMarket")
};

// Shares of requests (in percent) that get each fault; applied to API paths only, never /sim/.
struct FaultConfig {
  uint64_t seed = 1;
  int64_t latency_ms = 0;
  Decimal error_500_percent, error_502_percent, drop_percent, truncate_percent, malformed_percent,
      mysql_error_percent;
  // Bursts of rate-limit refusals (403, nothing executed): the share of requests that start one, and
  // how many requests in a row it refuses.
  Decimal rate_limit_burst_percent;
  int64_t rate_limit_burst_length = 10;
  // Latency spikes: the share of answers delayed by latency_spike_ms on top of latency_ms.
  Decimal latency_spike_percent;
  int64_t latency_spike_ms = 2000;
  // Semantic faults (sim/semantic_faults.h): well-formed answers that say impossible or wrong things.
  Decimal negative_price_percent, tiny_price_percent, crossed_depth_percent, unsorted_depth_percent,
      repeated_tid_percent, backward_tid_percent, overstated_fill_percent, balance_jump_percent,
      denied_order_percent;
  int64_t overstated_fill_factor = 100;  // order/result amounts are multiplied by this
};

// One Metaexchange market. Prices are quote units per base unit (bitBTC_BTC: BTC per bitBTC); a buy
// deposits quote and receives base, a sell deposits base and receives quote. Amounts and prices are
// held in units of 1e-8.
// The pricing (ask, bid, maximums, fees, order book, disabled sides) is market::GatewayPricing, which
// the quote plan shared with the gateway_arbitrage strategy reads.
struct GatewayMarketConfig : market::GatewayPricing {
  std::string symbol_pair;  // "<base>_<quote>"
  bool flipped = false;  // reported as configured
  bool up = true;
  std::optional<std::string> asset_name;
  bool is_asset = false;
  std::string asset_type = "none";
  std::optional<std::string> notes;
};

struct GatewayConfig {
  int64_t confirm_seconds = 2;  // a deposit stays pending this long
  std::vector<GatewayMarketConfig> markets;
};

struct HttpConfig {
  int64_t read_timeout_ms = 30'000;  // a client silent this long is disconnected
  int64_t max_body_bytes = 64 * 1024;  // larger request bodies are answered 413
  int64_t max_connections = 256;       // per port; one more is answered 503 and closed
};

struct ExchangeConfig {
  HttpConfig http;
  GatewayConfig metaexchange;
  std::vector<AccountConfig> accounts;
  MarketConfig market;
  RateLimitConfig rate_limits;
  FaultConfig faults;
  int64_t ipn_retry_seconds = 1800;
  std::string public_url = "http://127.0.0.1";  // base of merchant payment_url
};

Result<ExchangeConfig> load_exchange_config(const std::string& path);
// Parses YAML text; `base_dir` resolves relative file names (the config file's folder).
Result<ExchangeConfig> parse_exchange_config(const std::string& yaml, const std::string& base_dir);

}  // namespace dealer::sim
