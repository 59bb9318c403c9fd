// run_demo: `dealer demo` without its command line. In one process and on one io_context thread it runs
// the exchange simulator on 127.0.0.1 (a free port) replaying a recorded tape fast, with a demo account
// whose key and secret are made up at random here (simulator-only, never real keys), and the real bot
// against it over HTTP, the two in lockstep on one virtual timeline (demo/lockstep.h) so that every run
// gives the same figures: engine::Core with the configuration's strategies, live::LiveDriver, the MtGox
// client, and the SQLite history at `store_path`. Once the replay is over and the bot has stored every
// trade of it, the bot shuts down as `dealer run` does on SIGTERM with cancel_open_orders (open orders
// cancelled, last look at fills and balances), and the summary is read back from the history. The
// dashboard (docs/dashboard.md) is served on another free loopback port while it runs.
// SIGINT or SIGTERM ends the replay early the same way.
//
// Ownership: everything lives inside the call. Not thread-safe; one demo per process at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/result.h"
#include "demo/summary.h"

namespace dealer::demo {

struct DemoOptions {
  std::string tape_text;           // recorded trades: MtGox CSV or bitcoincharts CSV
  std::string tape_name;           // names the tape in errors
  std::string config_text;         // the bot's configuration (config/demo.yaml); its base_url and store path
  std::string config_name;         // are replaced by the simulator's URL and `store_path`
  std::string store_path;          // must not exist yet: a new history; empty: in a new temporary directory
  // Recorded seconds per real second, at most: the 24 h tape in 24 s. The figures do not depend on it
  // (demo/lockstep.h): a run at any speed, on any machine, makes the same orders and fills.
  int64_t speed = 3600;
  std::optional<int64_t> minutes;  // replay only this many minutes from the tape's first trade
};

// What the progress line shows; reported a few times a second.
struct Progress {
  int64_t start_us = 0;     // the time of the first trade to replay
  int64_t replay_us = 0;    // the exchange's replay clock (the tape's time, microseconds since the epoch)
  int64_t end_us = 0;       // the time of the last trade to replay
  int64_t trades_seen = 0;  // public trades stored by the bot
  int64_t orders = 0;
  int64_t fills = 0;
};

// What run_demo tells its caller while it runs (on its thread).
struct DemoObserver {
  // Once, when the simulator listens and the bot starts: the simulator's URL and the history's path.
  std::function<void(const std::string& url, const std::string& store_path)> started;
  // Once, when the dashboard listens: its URL with the token, which logs a browser in.
  std::function<void(const std::string& url)> dashboard;
  // A few times a second, and once more at the end.
  std::function<void(const Progress&)> progress;
};

// Errors: Errc::kConfig for a bad tape, configuration or store path (the message names it); other codes
// when the run failed (the store, the simulator's port).
Result<DemoSummary> run_demo(const DemoOptions& options, const DemoObserver& observer);

}  // namespace dealer::demo
