// ConfigReload: SIGHUP in `dealer run`. Re-reads the configuration file and swaps each strategy's new
// parameters into the running core (engine::Core::replace_strategy: state carried over, open orders
// kept as the strategy's own). Nothing else changes while running: a strategy added, removed, or whose
// kind or pair changed keeps its old configuration (or stays absent) until a restart, as does every
// other top-level key (exchange, store, risk, poll, log, shutdown, status); a configuration that does
// not read changes nothing. Each case is logged with its reason; the bot never exits over a reload.
//
// Ownership: holds references to the core and the configuration it was started with (both must
// outlive it); owns its signal set. Runs on the io_context's one thread, between core events.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <string>

#include "engine/core.h"
#include "live/bot_config.h"

namespace dealer::live {

class ConfigReload {
 public:
  // Starts listening for SIGHUP on `io` (the default action, ending the process, no longer applies).
  // `allow_backtest_block` and `services`: the file is read as load_bot_config read it at start.
  ConfigReload(boost::asio::io_context& io, engine::Core& core, std::string path, const BotConfig& running,
               bool allow_backtest_block = false, strategies::StrategyServices services = {});

  // One reload now; how many strategies took new parameters.
  int reload();

 private:
  void wait();

  engine::Core& core_;
  std::string path_;
  const BotConfig& running_;
  bool allow_backtest_block_;
  strategies::StrategyServices services_;
  boost::asio::signal_set hangups_;
};

}  // namespace dealer::live
