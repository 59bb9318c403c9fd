// BotConfig: the configuration of `dealer run` (config/run.yaml documents every key), read with
// config/reader.h. The key names of `exchange`, `store`, `risk` and `strategies` are fixed by issue 9
// (outside tools use them); `poll`, `log` and `shutdown` are dealer's own, optional, with the defaults
// below. Every error is one Errc::kConfig message naming the file, line, column and key path. Keys and
// secrets are never read from this file (see live/credentials.h).
//
// Ownership: a plain value that owns the strategies it built (the run command hands them to the core).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "engine/pair.h"
#include "engine/risk.h"
#include "engine/strategy.h"
#include "live/logging.h"

namespace dealer::live {

// How often each thing is asked of the exchange or done; each counts from the end of the previous one.
struct PollIntervals {
  Micros ticker = std::chrono::seconds(5);
  Micros trades = std::chrono::seconds(2);
  Micros depth = std::chrono::seconds(10);
  Micros full_depth = std::chrono::minutes(5);
  Micros own_trades = std::chrono::seconds(10);  // fills of our orders (order/result, own trades)
  Micros balances = std::chrono::seconds(30);
  Micros reconcile = std::chrono::minutes(1);  // open orders + fills against the order manager
  Micros timer = std::chrono::seconds(1);      // Core::on_timer (stale books, ambiguous orders)
};

struct BotConfig {
  std::string exchange_kind = "mtgox";  // the only kind today
  std::string base_url;
  engine::Pair pair;
  std::string store_path;
  Micros depth_snapshot_every = std::chrono::minutes(1);  // store.depth_every: depth rows at most this often
  engine::RiskLimits risk;
  std::vector<std::unique_ptr<engine::Strategy>> strategies;
  PollIntervals poll;
  LogLevel log_level = LogLevel::kInfo;
  bool cancel_open_orders = false;  // shutdown.cancel_open_orders
};

// `text` is the file's content, `file_name` names it in errors. With `allow_backtest_block` (dealer
// paper) a `backtest:` key is allowed and left to the caller (backtest/config.h reads it).
Result<BotConfig> parse_bot_config(std::string_view text, const std::string& file_name,
                                   bool allow_backtest_block = false);
Result<BotConfig> load_bot_config(const std::string& path, bool allow_backtest_block = false);

}  // namespace dealer::live
