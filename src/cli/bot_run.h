// What `dealer run` and `dealer paper` share: run_command.cpp runs the bot (configuration, store,
// restore, LiveDriver, signals, systemd) for both; each command says how its exchange is made and how
// its history rows are marked.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>

#include "cli/command_line.h"
#include "core/clock.h"
#include "core/scheduler.h"
#include "exchange/api_caller.h"
#include "exchange/exchange.h"
#include "exchange/journal.h"
#include "live/bot_config.h"
#include "live/restore.h"
#include "store/history_reader.h"
#include "strategies/registry.h"

namespace dealer::cli {

struct BotOptions {
  std::string config;
  std::string log_level;  // empty: the config's log.level
};

struct BotKind {
  std::string command;  // "run" or "paper": names the command in messages
  store::RunMode mode = store::RunMode::kLive;
  std::string exchange_name = "mtgox";  // names the trade cursor in the store
  bool backtest_block = false;          // the configuration may carry a `backtest:` block
  // The exchange to trade on, its HTTP attempts reported to `observer` (the metrics) and each HTTP
  // exchange to `journal` (exchange/journal.h; empty: none); an error is a configuration error (exit 2),
  // reported before the store is opened.
  std::function<Result<std::unique_ptr<Exchange>>(boost::asio::io_context& io, const live::BotConfig& config,
                                                  const Clock& wall, Scheduler& scheduler,
                                                  AttemptObserver observer, JournalSink journal)>
      make_exchange;
  // Optional: what the strategies may use beyond their YAML (strategies/registry.h), made on the bot's
  // io_context before the configuration is read; an error is a configuration error (exit 2).
  std::function<Result<strategies::StrategyServices>(boost::asio::io_context& io, Scheduler& scheduler)> services;
  // Optional: told what the store holds before the driver starts; an error exits 1.
  std::function<Status(store::HistoryReader& reader, const live::Restored& restored)> restore;
};

// The options both commands take: --config FILE (required, described by `config_help`) and --log-level.
void add_bot_options(Command& command, BotOptions& options, const std::string& config_help);

// Runs the bot until SIGTERM or SIGINT; the exit code.
int run_bot(const BotOptions& options, const BotKind& kind);

}  // namespace dealer::cli
