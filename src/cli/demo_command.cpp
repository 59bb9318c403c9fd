// dealer demo: the whole bot in one command, with no keys and no network. The exchange simulator runs in
// this process on 127.0.0.1 replaying the bundled 2013-01-01 MtGox tape fast, and the real bot trades
// against it over HTTP into a new SQLite history (demo/demo.h); a progress line, then a summary read
// back from that history. The tape and config/demo.yaml are embedded in the binary.
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "config/reader.h"
#include "demo/demo.h"
#include "demo/embedded.h"
#include "demo/progress.h"
#include "live/logging.h"

namespace dealer::cli {
namespace {

using namespace std::chrono_literals;

// Without a terminal, a progress line at most this often.
constexpr Micros kLineEvery = 5s;

struct DemoCommandOptions {
  std::string trades;  // empty: the embedded tape
  std::string config;  // empty: the embedded config/demo.yaml
  std::string store;   // empty: a new temporary directory
  int64_t speed = 3600;
  int64_t minutes = 0;  // 0: the whole tape
  std::string log_level = "warn";
};

int usage_error(const std::string& message) {
  std::fprintf(stderr, "dealer demo: %s\n", message.c_str());
  return kExitUsage;
}

// The embedded text, or the file's when one is named.
Result<std::string> text_of(const std::string& path, std::string_view embedded) {
  if (path.empty()) return std::string(embedded);
  return config::read_file(path);
}

int run(const DemoCommandOptions& o) {
  auto level = live::parse_log_level(o.log_level);
  if (!level) return usage_error("--log-level: " + level.error().message);
  live::setup_logging(*level);
  demo::DemoOptions options;
  auto tape = text_of(o.trades, demo::demo_tape());
  if (!tape) return usage_error("--trades: " + tape.error().message);
  options.tape_text = std::move(*tape);
  options.tape_name = o.trades.empty() ? "data/mtgox-trades-btcusd-2013-01-01.csv (embedded)" : o.trades;
  auto config = text_of(o.config, demo::demo_config());
  if (!config) return usage_error("--config: " + config.error().message);
  options.config_text = std::move(*config);
  options.config_name = o.config.empty() ? "config/demo.yaml (embedded)" : o.config;
  options.speed = o.speed;
  if (o.minutes > 0) options.minutes = o.minutes;
  options.store_path = o.store;

  const SteadyClock steady;
  demo::ProgressLine line(stdout, isatty(STDOUT_FILENO) == 1, steady, kLineEvery);
  demo::Progress last;
  bool started = false;
  demo::DemoObserver observer;
  observer.started = [&](const std::string& url, const std::string& store_path) {
    started = true;
    std::printf(
        "dealer demo: the exchange simulator at %s replays %s at %lldx;\n"
        "the bot trades on it over HTTP with %s, its history in %s\n",
        url.c_str(), options.tape_name.c_str(), static_cast<long long>(o.speed), options.config_name.c_str(),
        store_path.c_str());
    std::fflush(stdout);
  };
  observer.dashboard = [&](const std::string& url) {
    std::printf("the dashboard, while the demo runs: %s\n", url.c_str());
    std::fflush(stdout);
  };
  observer.progress = [&](const demo::Progress& p) {
    last = p;
    line.show(p);
  };
  auto summary = demo::run_demo(options, observer);
  if (started) line.finish(last);
  if (!summary) {
    std::fprintf(stderr, "dealer demo: %s\n", summary.error().describe().c_str());
    return summary.error().code == Errc::kConfig ? kExitUsage : kExitFailure;
  }
  std::printf("%s", demo::format_summary(*summary, engine::Pair{Currency::btc(), Currency::usd()}).c_str());
  return kExitOk;
}

}  // namespace

void add_demo_command(CommandLine& cli) {
  auto o = std::make_shared<DemoCommandOptions>();
  Command c = cli.add(
      "demo", "See the bot trade: the simulator replays a day of MtGox in ~25 s, the bot trades on it.");
  c.option("--trades", &o->trades, "Recorded trades to replay (default: the bundled 2013-01-01 MtGox tape)")
      .value_name("FILE");
  c.option("--config", &o->config, "The bot's configuration (default: the bundled config/demo.yaml)")
      .value_name("FILE");
  c.option("--store", &o->store, "The new SQLite history to write (default: a new temporary directory)")
      .value_name("PATH");
  c.option("--speed", &o->speed, 1, 1'000'000,
           "Recorded seconds replayed per second, at most (the figures do not depend on it)");
  c.option("--minutes", &o->minutes, 0, 1'000'000'000, "Replay only this many minutes of the tape (0: all)");
  c.option("--log-level", &o->log_level, "trace, debug, info, warn, error, critical or off")
      .value_name("LEVEL");
  c.details(
      "No keys and no network: the simulator listens on 127.0.0.1 only, and its demo account's key and\n"
      "secret are made up at random for this run. The history file is kept; the summary says how to\n"
      "query it. Exit codes: 0 done, 1 the run failed, 2 bad usage or configuration.");
  c.on_run([o] { return run(*o); });
}

}  // namespace dealer::cli
