// BotConfig: the configuration of `dealer run` (config/run.yaml documents every key), read with
// config/reader.h. The key names of `exchange`, `store`, `risk` and `strategies` are fixed by issue 9
// (outside tools use them), those of `notify` by issue 20 (notify/notify_config.h); `poll`, `log`,
// `shutdown` and `notify_rules` are dealer's own, optional, with the defaults
// below. Every error is one Errc::kConfig message naming the file, line, column and key path. Keys and
// secrets are never read from this file (see live/credentials.h).
//
// Ownership: a plain value that owns the strategies it built (the run command hands them to the core).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "engine/pair.h"
#include "engine/risk.h"
#include "engine/strategy.h"
#include "live/logging.h"
#include "notify/notify_config.h"
#include "strategies/registry.h"

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

  friend bool operator==(const PollIntervals&, const PollIntervals&) = default;
};

// status.listen: where the status endpoint listens; a loopback address only (127.0.0.0/8 or ::1).
// status.controls: whether the dashboard's POSTs may change anything (false: read-only).
struct StatusListen {
  std::string host;   // an address literal, IPv6 without brackets
  uint16_t port = 0;  // 0: any free port (logged)
  bool controls = true;

  friend bool operator==(const StatusListen&, const StatusListen&) = default;
};

// journal: (docs/edge.md): every HTTP exchange of `dealer run` and `dealer paper` with the exchange.
struct JournalConfig {
  bool enabled = true;
  std::string dir;              // default: beside the history, STORE_PATH.journal
  int64_t max_file_mb = 64;     // a file is closed at this many compressed MiB, the next one opened
  int64_t max_total_mb = 1024;  // all files together; the oldest are deleted first
  friend bool operator==(const JournalConfig&, const JournalConfig&) = default;
};

struct BotConfig {
  std::string exchange_kind = "mtgox";  // the only kind today
  std::string base_url;
  engine::Pair pair;
  std::string store_path;
  Micros depth_snapshot_every = std::chrono::minutes(1);  // store.depth_every: depth rows at most this often
  engine::RiskLimits risk;
  std::vector<std::unique_ptr<engine::Strategy>> strategies;
  std::map<std::string, std::string> strategy_kinds;  // strategy id -> registry name (watch_price)
  PollIntervals poll;
  LogLevel log_level = LogLevel::kInfo;
  bool cancel_open_orders = false;  // shutdown.cancel_open_orders
  std::optional<StatusListen> status;  // none: no status endpoint
  notify::NotifyConfig notify;         // notify: and notify_rules: (docs/notifications.md)
  JournalConfig journal;
};

// `text` is the file's content, `file_name` names it in errors. With `allow_backtest_block` (dealer
// paper) a `backtest:` key is allowed and left to the caller (backtest/config.h reads it).
// `services`: what `dealer run` offers the strategies (strategies/registry.h); none elsewhere.
Result<BotConfig> parse_bot_config(std::string_view text, const std::string& file_name,
                                   bool allow_backtest_block = false,
                                   const strategies::StrategyServices& services = {});
Result<BotConfig> load_bot_config(const std::string& path, bool allow_backtest_block = false,
                                  const strategies::StrategyServices& services = {});

// Only `status.listen` of a run or paper configuration (none when the endpoint is off), for `dealer
// status`: the rest is left to the bot, whose strategies may need services only it has.
Result<std::optional<StatusListen>> load_status_listen(const std::string& path);

// Only `notify` and `notify_rules` of a run or paper configuration, for `dealer notify-test`.
Result<notify::NotifyConfig> load_notify_config(const std::string& path);

// The top-level keys other than `strategies` whose values differ between a running configuration and
// a re-read one: a reload (SIGHUP) applies strategy parameters only, these need a restart.
std::vector<std::string> keys_needing_restart(const BotConfig& running, const BotConfig& fresh);

// `dealer record` (config/record.yaml): exchange, store, poll and log as above; risk, strategies and
// shutdown are ignored (a run.yaml records as is) and left empty; any other key is an error.
Result<BotConfig> parse_record_config(std::string_view text, const std::string& file_name);
Result<BotConfig> load_record_config(const std::string& path);

}  // namespace dealer::live
