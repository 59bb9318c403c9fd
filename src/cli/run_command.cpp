// dealer run --config FILE [--log-level L]: the bot. Reads the configuration (every error: one message
// with file, line and key, exit 2, before any exchange call), takes the history's lock (a second owner
// exits 2 naming the first one's pid: store/history_lock.h), opens the SQLite history, restores, and
// runs live::LiveDriver on an io_context until SIGTERM or SIGINT: then it stops placing, cancels the
// open orders if shutdown.cancel_open_orders, waits for the answers (at most kShutdownDeadline),
// flushes the store and exits 0. A second signal stops at once. A store failure exits 1. SIGHUP reloads
// the strategies' parameters (live/config_reload.h); `status.listen` serves /status, /metrics and the
// dashboard with its controls (live/status_server.h, live/controls.h; its token: cli/credentials.h);
// `notify:` receivers hear of fills, halts and the bot's start and stop (cli/bot_notifications.h).
// run_bot is shared with `dealer paper` (cli/bot_run.h), which only makes its
// exchange differently.
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/bot_notifications.h"
#include "cli/bot_run.h"
#include "cli/commands.h"
#include "cli/credentials.h"
#include "exchange/mtgox/client.h"
#include "live/bot_config.h"
#include "live/config_reload.h"
#include "live/controls.h"
#include "live/driver.h"
#include "live/logging.h"
#include "live/metaexchange_gateway.h"
#include "live/metrics.h"
#include "live/restore.h"
#include "live/status_server.h"
#include "live/stop_signals.h"
#include "live/systemd_notify.h"
#include "net/asio_scheduler.h"
#include "store/history_lock.h"
#include "store/history_reader.h"
#include "store/store.h"

namespace dealer::cli {
namespace {

constexpr Micros kShutdownDeadline = std::chrono::seconds(20);

int bad_usage(const BotKind& kind, const std::string& message) {
  std::fprintf(stderr, "dealer %s: %s\n", kind.command.c_str(), message.c_str());
  return kExitUsage;
}

int failure(const std::string& message) {
  live::log_error(message);
  return kExitFailure;
}

// The client of the configured exchange, with the credentials from the environment.
Result<std::unique_ptr<Exchange>> exchange_client(boost::asio::io_context& io, const live::BotConfig& config,
                                                  const Clock& wall, Scheduler& scheduler,
                                                  AttemptObserver observer, JournalSink journal) {
  auto credentials = mtgox_credentials();
  if (!credentials) return credentials.error();
  if (credentials->key.empty() || credentials->secret.empty()) {
    return make_error(Errc::kConfig,
                      "no MtGox key or secret: set DEALER_MTGOX_KEY and DEALER_MTGOX_SECRET (or "
                      "DEALER_MTGOX_SECRET_FILE), or give systemd credentials mtgox-key and mtgox-secret");
  }
  mtgox::ClientOptions o;
  o.base_url = config.base_url;
  o.currency = config.pair.quote;
  o.key = credentials->key;
  o.secret_base64 = credentials->secret;
  // Nonces must keep increasing across restarts; next to the history unless told otherwise.
  o.nonce_file = env("DEALER_MTGOX_NONCE_FILE");
  if (o.nonce_file.empty()) o.nonce_file = config.store_path + ".nonce";
  o.scheduler = &scheduler;
  o.observer = std::move(observer);
  o.journal = std::move(journal);
  o.warn = live::log_warn;
  auto client = mtgox::Client::create(io, std::move(o), wall);
  if (!client) return client.error();
  return std::unique_ptr<Exchange>(std::move(*client));
}

// The live gateway leg (gateway_arbitrage, `mode: metaexchange`), whose BTC transfer names our MtGox key.
Result<strategies::StrategyServices> live_services(boost::asio::io_context& io, Scheduler& scheduler) {
  auto credentials = mtgox_credentials();
  if (!credentials) return credentials.error();
  return live::live_strategy_services(io, scheduler, credentials->key);
}

// The journal of every HTTP exchange (docs/edge.md); none when the configuration turns it off.
Result<std::unique_ptr<Journal>> open_journal(const live::JournalConfig& c) {
  if (!c.enabled) return std::unique_ptr<Journal>();
  constexpr int64_t kMiB = 1024 * 1024;
  return Journal::open({c.dir, c.max_file_mb * kMiB, c.max_total_mb * kMiB});
}

}  // namespace

int run_bot(const BotOptions& options, const BotKind& kind) {
  live::HeldSignals held;  // a signal during start-up waits for the handlers below
  auto usage_error = [&kind](const std::string& message) { return bad_usage(kind, message); };
  // The io_context first: the store's last callbacks post into it, so it must outlive the store; and
  // the strategies' services (a live gateway leg) run on it.
  boost::asio::io_context io;
  const SystemClock wall;
  net::AsioScheduler scheduler(io);
  strategies::StrategyServices services;
  if (kind.services) {
    auto made = kind.services(io, scheduler);
    if (!made) return usage_error(made.error().message);
    services = std::move(*made);
  }
  auto config = live::load_bot_config(options.config, kind.backtest_block, services);
  if (!config) return usage_error(config.error().message);
  if (Status s = live::setup_logging(options.log_level, config->log_level); !s)
    return usage_error(s.error().message);

  auto notifications = BotNotifications::make(*config);
  if (!notifications) return usage_error(notifications.error().message);
  live::Metrics metrics;  // before the client, which counts its requests in it
  auto journal = open_journal(config->journal);  // before the client too, which appends to it
  if (!journal) return failure("journal: " + journal.error().describe());
  JournalSink journal_sink;
  if (*journal) journal_sink = [j = journal->get()](JournalEntry e) { j->append(std::move(e)); };
  auto client = kind.make_exchange(io, *config, wall, scheduler,
                                   [&metrics, &notifications](std::string_view path, bool ok) {
                                     metrics.exchange_attempt(path, ok);
                                     (*notifications)->exchange_attempt(ok);
                                   },
                                   journal_sink);
  if (!client) return usage_error(client.error().message);
  engine::CoreConfig core_config;
  core_config.risk = config->risk;
  engine::Core core(core_config);
  for (auto& strategy : config->strategies) {
    if (Status s = core.add_strategy(std::move(strategy)); !s) return usage_error(s.error().message);
  }

  // Before anything of the history is read: one process owns it (a second one would restore the first
  // one's orders and, at its shut-down, mark them cancelling).
  auto lock = store::HistoryLock::acquire(config->store_path);
  if (!lock && lock.error().code == Errc::kConfig) return usage_error(lock.error().message);
  if (!lock) return failure("store " + config->store_path + ": " + lock.error().describe());
  auto store = store::Store::open({config->store_path});
  if (!store) return failure("store " + config->store_path + ": " + store.error().describe());
  // Destroyed before the store, whose file its sender reads and writes through.
  struct StopNotifier {
    BotNotifications& n;
    ~StopNotifier() { n.stop(); }
  } stop_notifier{**notifications};
  if (Status s = (*notifications)->start(**store, config->store_path, kind.mode, wall, io, metrics); !s)
    return failure("notify: " + s.error().describe());
  auto reader = store::HistoryReader::open(config->store_path);
  if (!reader) return failure("store " + config->store_path + ": " + reader.error().describe());
  auto restored =
      live::read_restore(*reader, kind.mode, live::trades_cursor_name(kind.exchange_name, config->pair));
  if (!restored) return failure("store " + config->store_path + ": " + restored.error().describe());
  if (kind.restore) {
    if (Status s = kind.restore(*reader, *restored); !s)
      return failure("store " + config->store_path + ": " + s.error().describe());
  }

  // Under systemd (Type=notify, WatchdogSec=, systemd/dealer.service): READY once started, watchdog
  // pings from this event loop (a stalled loop gets the process restarted), STOPPING on a signal.
  auto systemd = live::SystemdNotifier::from_environment();
  if (!systemd) return failure("systemd notification: " + systemd.error().describe());
  live::DriverOptions driver_options;
  driver_options.exchange = kind.exchange_name;
  driver_options.mode = kind.mode;
  driver_options.pair = config->pair;
  driver_options.poll = config->poll;
  driver_options.depth_snapshot_every = config->depth_snapshot_every;
  driver_options.jitter_seed = static_cast<uint64_t>(to_us(scheduler.now()));
  driver_options.metrics = &metrics;
  driver_options.outbox = (*notifications)->outbox();
  auto post = [&io](std::function<void()> task) { boost::asio::post(io, std::move(task)); };
  live::LiveDriver driver(core, **store, **client, scheduler, wall, post, driver_options);

  int code = kExitOk;
  driver.on_fatal([&](const Error& e) {
    if (driver.store_failed()) (*notifications)->store_failed(e);
    code = e.code == Errc::kConfig ? kExitUsage : kExitFailure;  // a pair the exchange does not list
    io.stop();
  });
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  std::function<void(const boost::system::error_code&, int)> on_signal;
  on_signal = [&](const boost::system::error_code& ec, int number) {
    if (ec) return;
    if (number == 0 || driver.halted()) return;
    live::log_info(std::string("signal ") + (number == SIGTERM ? "SIGTERM" : "SIGINT") + ": shutting down");
    (void)systemd->stopping();
    signals.async_wait([&io](const boost::system::error_code& again, int) {
      if (again) return;
      live::log_warn("second signal: stopping now");
      io.stop();
    });
    driver.shutdown(config->cancel_open_orders, kShutdownDeadline, [&](const Status& status) {
      if (!status) live::log_warn("shut-down incomplete: " + status.error().describe());
      (*notifications)->record(notify::EventKind::kStopped, "dealer " + kind.command + " stopped");
      io.stop();
    });
  };
  signals.async_wait(on_signal);
  live::ConfigReload reload(io, core, options.config, *config, kind.backtest_block, services);  // SIGHUP
  held.release();
  live::Controls controls(core, **store, wall,
                          {[&driver](std::span<const engine::Effect> e) { driver.carry_out(e); },
                           [&reload] { return reload.reload(); }});
  live::StatusSources sources{core,
                              metrics,
                              wall,
                              [&driver](live::Feed f) { return driver.feed_age(f); },
                              kind.mode == store::RunMode::kPaper ? "paper" : "live",
                              config->pair,
                              config->strategy_kinds};
  if (config->status) {
    const std::string state_dir = std::filesystem::path(config->store_path).parent_path().string();
    auto token = dashboard_token(state_dir);
    if (!token) return usage_error(token.error().message);
    sources.access.token = std::move(*token);
    sources.access.controls = config->status->controls;
    sources.control = [&controls](const live::ControlRequest& r) { return controls.apply(r); };
    sources.store_path = config->store_path;
    sources.exchange = config->base_url;
    sources.poll = config->poll;
  }
  live::StatusServer status(io, std::move(sources));
  if (config->status) {
    auto port = status.listen(config->status->host, config->status->port);
    if (!port) return failure("status.listen: " + port.error().describe());
    live::log_info("status: listening on " + config->status->host + " port " + std::to_string(*port) +
                   " (/status, /metrics; the dashboard at /, docs/dashboard.md" +
                   (config->status->controls ? "" : ", read-only") + ")");
  }

  live::log_info("dealer " + kind.command + ": " + options.config + ", store " + config->store_path +
                 ", exchange " + config->base_url);
  driver.start(*restored);
  (*notifications)
      ->record(notify::EventKind::kStarted,
               "dealer " + kind.command + " started: " + config->pair.code() + " on " + config->base_url);
  (void)systemd->ready();
  (void)systemd->status((kind.mode == store::RunMode::kPaper ? "paper trading " : "trading ") +
                        config->pair.code() + " on " + config->base_url);
  systemd->keep_alive(scheduler);
  io.run();
  const Status flushed = (*store)->flush();
  (*notifications)->wait_idle();
  if (!flushed) return failure("store: " + flushed.error().describe());
  live::log_info(code == kExitOk ? "stopped" : "halted");
  return code;
}

void add_bot_options(Command& c, BotOptions& o, const std::string& config_help) {
  c.option("--config", &o.config, config_help).required().value_name("FILE");
  c.option("--log-level", &o.log_level,
           "trace, debug, info, warn, error, critical or off (default: log.level)")
      .value_name("LEVEL");
}

void add_run_command(CommandLine& cli) {
  auto o = std::make_shared<BotOptions>();
  Command c = cli.add("run", "Run the trading bot on a configuration until SIGTERM or SIGINT.");
  add_bot_options(c, *o, "The bot's configuration (see config/run.yaml)");
  c.details(
      "Keys come from DEALER_MTGOX_KEY and DEALER_MTGOX_SECRET (or the file named by\n"
      "DEALER_MTGOX_SECRET_FILE), or from systemd credentials mtgox-key and mtgox-secret\n"
      "($CREDENTIALS_DIRECTORY); never from the configuration. Nonces persist in DEALER_MTGOX_NONCE_FILE\n"
      "(default: the store's path + .nonce). Exit codes: 0 stopped by a signal, 1 store failure,\n"
      "2 configuration error.");
  c.on_run([o] {
    return run_bot(*o, BotKind{"run", store::RunMode::kLive, "mtgox", false, exchange_client, live_services, {}});
  });
}

}  // namespace dealer::cli
