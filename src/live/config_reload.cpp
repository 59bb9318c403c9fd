#include "live/config_reload.h"

#include <csignal>
#include <set>

#include "live/logging.h"

namespace dealer::live {

ConfigReload::ConfigReload(boost::asio::io_context& io, engine::Core& core, std::string path,
                           const BotConfig& running, bool allow_backtest_block,
                           strategies::StrategyServices services)
    : core_(core),
      path_(std::move(path)),
      running_(running),
      allow_backtest_block_(allow_backtest_block),
      services_(std::move(services)),
      hangups_(io, SIGHUP) {
  wait();
}

void ConfigReload::wait() {
  hangups_.async_wait([this](const boost::system::error_code& ec, int) {
    if (ec) return;
    log_info("SIGHUP: reloading strategy parameters from " + path_);
    reload();
    wait();
  });
}

int ConfigReload::reload() {
  auto fresh = load_bot_config(path_, allow_backtest_block_, services_);
  if (!fresh) {
    log_warn("reload: " + fresh.error().message + "; the running configuration stays");
    return 0;
  }
  const std::vector<std::string> restart = keys_needing_restart(running_, *fresh);
  if (!restart.empty()) {
    std::string keys;
    for (const std::string& k : restart) keys += (keys.empty() ? "" : ", ") + k;
    log_warn("reload: " + keys + " changed: applied only after a restart");
  }
  int swapped = 0;
  std::set<std::string> seen;
  for (auto& strategy : fresh->strategies) {
    const std::string id = strategy->id();
    seen.insert(id);
    const std::string& kind = fresh->strategy_kinds.at(id);
    auto running_kind = running_.strategy_kinds.find(id);
    if (running_kind != running_.strategy_kinds.end() && running_kind->second != kind) {
      log_warn("reload: strategy \"" + id + "\" changed kind from " + running_kind->second + " to " + kind +
               ": needs a restart; it keeps its old parameters");
      continue;
    }
    if (Status s = core_.replace_strategy(std::move(strategy)); !s) {
      log_warn("reload: " + s.error().message + "; it keeps its old parameters");
      continue;
    }
    log_info("reload: strategy \"" + id + "\": new parameters applied");
    ++swapped;
  }
  for (const auto& [id, kind] : running_.strategy_kinds) {
    if (!seen.contains(id))
      log_warn("reload: strategy \"" + id + "\" is no longer configured: it runs on until a restart");
  }
  return swapped;
}

}  // namespace dealer::live
