// Runs `dealer run` as a real process for end-to-end and crash tests: its own temporary directory for
// the configuration and the log (stderr), the MtGox credentials in its environment only, signals by
// hand. The destructor kills a process still running (SIGKILL) and removes the directory unless asked
// to keep it.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "store/rows.h"

namespace dealer::testing {

class BotProcess {
 public:
  // `dir` holds bot.yaml (written from `config_yaml`) and bot-N.log; it must exist. `command` is
  // `run` or `paper`; an empty key or secret is left out of the environment. The process starts with
  // the signals of `blocked` blocked, as a parent may hand them down through exec.
  BotProcess(const std::string& dir, const std::string& config_yaml, const std::string& key,
             const std::string& secret_base64, const std::string& command = "run",
             const std::vector<int>& blocked = {});
  // `dealer COMMAND --config DIR/bot.yaml ARGS...` with no credential in its environment at all
  // (dealer record needs none).
  BotProcess(const std::string& dir, const std::string& config_yaml, const std::string& command,
             const std::vector<std::string>& args);
  ~BotProcess();
  BotProcess(const BotProcess&) = delete;
  BotProcess& operator=(const BotProcess&) = delete;

  void signal(int number) const;
  pid_t pid() const { return pid_; }
  // Waits for the exit: its code, -1 if it did not exit normally (a signal), -2 if still running
  // after `timeout`.
  int wait(std::chrono::milliseconds timeout);
  // What it wrote to stderr so far.
  std::string log() const;

 private:
  // `credentials`: key and secret to export; none: every credential variable unset.
  void start(const std::string& dir, const std::string& config_yaml, const std::vector<std::string>& argv,
             const std::optional<std::pair<std::string, std::string>>& credentials,
             const std::vector<int>& blocked = {});

  pid_t pid_ = -1;
  std::string log_path_;
};

// A temporary directory, removed with its content at the end of the scope.
struct TempDir {
  TempDir();
  ~TempDir();
  std::string path;
};

// The simulator and bot configurations of the end-to-end and crash tests: alice (10 BTC, 1000 USD, fee
// 0.6 %) on the 2013-01-01 tape replayed at 600x (or `speed`) with a seeded liquidity provider, and a
// watch_price chain "dip-chain" whose rules fire within seconds (the trigger prices are explained in
// tests/live/run_e2e_test.cpp): park (sell 0.5 at 20.00, rests), buy-dip (buy 1 at 13.50 once
// last <= 13.48), take-profit (sell 1 at 13.54 once buy-dip filled and last >= 13.55).
std::string chain_sim_config(int speed = 600);
std::string chain_bot_config(uint16_t port, const std::string& store_path);
// Everything of chain_bot_config but its `strategies:` list; `risk` replaces its risk block.
// The price collar is widened to 50 % for the chain's park order (a sell at 20.00 with the market near
// 13.50 that is meant to rest untouched).
std::string run_config_head(uint16_t port, const std::string& store_path,
                            const std::string& risk =
                                "{max_order_amount: \"5\", max_open_orders: 10, "
                                "max_price_deviation_percent: \"50\"}");

// The orders in the store, by client id; empty while the file does not exist or cannot be read yet.
std::map<std::string, store::OrderRow> stored_orders(const std::string& store_path);
// Every event in the store's order history that says an order was rejected or came out ambiguous, as
// "order ID: STATE: DETAIL" (a run that should have none checks this is empty).
std::vector<std::string> rejected_or_ambiguous_events(const std::string& store_path);
// Whether the chain has played out: park open (client id 1), buy-dip (2) and take-profit (3) filled.
bool chain_done(const std::map<std::string, store::OrderRow>& orders);

}  // namespace dealer::testing
