#include "demo/demo.h"

#include <stdlib.h>  // mkdtemp

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <filesystem>
#include <limits>
#include <random>

#include "core/crypto.h"
#include "demo/lockstep.h"
#include "exchange/mtgox/client.h"
#include "live/bot_config.h"
#include "live/controls.h"
#include "live/driver.h"
#include "live/logging.h"
#include "live/restore.h"
#include "live/stop_signals.h"
#include "live/status_server.h"
#include "market/trade_file.h"
#include "net/http_server.h"
#include "sim/simulator.h"
#include "store/history_lock.h"
#include "store/history_reader.h"
#include "store/store.h"

namespace dealer::demo {
namespace {

using namespace std::chrono_literals;

// How often the progress is read from the history and the end of the replay looked for.
constexpr Micros kTick = 250ms;
constexpr Micros kShutdownDeadline = 20s;
// After the replay, how long the bot may take to store the last trades before the demo stops anyway.
constexpr Micros kCatchUp = 30s;
constexpr int64_t kMicrosPerMinute = 60'000'000;
// Recorded seconds per second of the demo's timeline (demo/lockstep.h), whatever --speed: config/demo.yaml's
// poll intervals are set for it (every 100 ms of the timeline, six minutes of the tape).
constexpr int64_t kReplaySpeed = 3600;

// The demo account: what it holds at the start and the fee it pays (as config/exchange.yaml's alice).
constexpr int64_t kStartBtc = 10'00000000;  // 10 BTC
constexpr int64_t kStartUsd = 1000'00000;   // 1,000 USD
const Decimal kFeePercent{6, 1};            // 0.6 %
// Our own simulator answers as fast as it can; the client's default (5 a second per endpoint, for the
// real MtGox) would make the trades poll fall behind the replay.
constexpr double kCallsPerSecond = 1000;

std::string random_bytes(size_t n) {
  std::random_device device;
  std::string bytes(n, '\0');
  for (char& c : bytes) c = static_cast<char>(device() & 0xff);
  return bytes;
}

// A version-4 UUID, the form of a MtGox API key.
std::string random_key() {
  std::string b = random_bytes(16);
  b[6] = static_cast<char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<char>((b[8] & 0x3f) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string key;
  for (size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) key += '-';
    key += kHex[(b[i] >> 4) & 0xf];
    key += kHex[b[i] & 0xf];
  }
  return key;
}

// The simulator: one demo account with the made-up key and raw secret, the tape at kReplaySpeed, and the
// liquidity provider quoting around each price (as in config/exchange.yaml) so orders near the market fill.
sim::ExchangeConfig simulator_config(const std::string& key, const std::string& secret) {
  sim::AccountConfig account;
  account.name = "demo";
  account.key = key;
  account.secret = secret;
  account.rights = {"get_info", "trade"};
  account.fee_percent = kFeePercent;
  account.balances = {{Currency::btc().index(), kStartBtc}, {Currency::usd().index(), kStartUsd}};
  sim::ExchangeConfig config;
  config.accounts.push_back(std::move(account));
  config.market.currency = Currency::usd();
  config.market.speed = kReplaySpeed;
  config.market.liquidity.enabled = true;
  config.market.liquidity.seed = 42;
  return config;
}

Result<std::vector<Trade>> demo_trades(const DemoOptions& options) {
  auto trades = parse_trade_csv(options.tape_text, Currency::usd());
  if (!trades) return make_error(Errc::kConfig, options.tape_name + ": " + trades.error().message);
  if (trades->empty()) return make_error(Errc::kConfig, options.tape_name + ": no trades to replay");
  if (options.minutes) {
    const int64_t end = trades->front().tid + *options.minutes * kMicrosPerMinute;
    std::erase_if(*trades, [end](const Trade& t) { return t.tid > end; });
  }
  return trades;
}

Result<std::string> new_store_path() {
  std::string dir = (std::filesystem::temp_directory_path() / "dealer-demo-XXXXXX").string();
  if (!mkdtemp(dir.data())) return make_error(Errc::kIo, "cannot create a directory like " + dir);
  return dir + "/demo.sqlite";
}

Result<live::BotConfig> demo_config(const DemoOptions& options) {
  auto config = live::parse_bot_config(options.config_text, options.config_name);
  if (!config) return config.error();
  if (config->pair != engine::Pair{Currency::btc(), Currency::usd()})
    return make_error(Errc::kConfig, options.config_name + ": exchange.pair: the demo tape trades BTCUSD");
  if (options.store_path.empty()) {
    auto path = new_store_path();
    if (!path) return path.error();
    config->store_path = *path;
    return config;
  }
  if (std::filesystem::exists(options.store_path))
    return make_error(Errc::kConfig,
                      "--store: " + options.store_path +
                          " exists; the demo writes a new history (remove it or choose another path)");
  config->store_path = options.store_path;
  return config;
}

// Reads the progress from the history as the bot wrote it: trades are counted as they arrive.
class ProgressReader {
 public:
  ProgressReader(store::HistoryReader reader, engine::Pair pair, std::string cursor_name)
      : reader_(std::move(reader)), pair_(pair.code()), cursor_name_(std::move(cursor_name)) {}

  Status read(Progress& p) {
    auto trades = reader_.trades_after(pair_, last_tid_, std::numeric_limits<int64_t>::max());
    if (!trades) return trades.error();
    if (!trades->empty()) last_tid_ = trades->back().tid;
    p.trades_seen += static_cast<int64_t>(trades->size());
    auto orders = reader_.orders_since(0);
    if (!orders) return orders.error();
    p.orders = static_cast<int64_t>(orders->size());
    auto fills = reader_.fills_since(0);
    if (!fills) return fills.error();
    p.fills = static_cast<int64_t>(fills->size());
    return {};
  }
  // The last trade tid the bot has stored and acknowledged.
  Result<std::optional<int64_t>> cursor() { return reader_.cursor(cursor_name_); }

 private:
  store::HistoryReader reader_;
  std::string pair_;
  std::string cursor_name_;
  int64_t last_tid_ = std::numeric_limits<int64_t>::min();
};

Result<std::unique_ptr<mtgox::Client>> demo_client(boost::asio::io_context& io, const std::string& url,
                                                   const std::string& key, const std::string& secret,
                                                   Scheduler& scheduler, const Clock& wall) {
  mtgox::ClientOptions o;
  o.base_url = url;
  o.currency = Currency::usd();
  o.key = key;
  o.secret_base64 = base64_encode(secret);
  o.per_second = kCallsPerSecond;
  o.burst = kCallsPerSecond;
  o.scheduler = &scheduler;
  // No nonce file: the account exists only in this process, so no later process can reuse a nonce.
  return mtgox::Client::create(io, std::move(o), wall);
}

// The new history: the store the driver writes, what it holds at the start (nothing, as it is new,
// read the way `dealer run` reads it) and a reader of the progress.
struct History {
  std::unique_ptr<store::Store> store;
  live::Restored restored;
  std::optional<ProgressReader> reader;
};

Result<History> open_history(const std::string& path, engine::Pair pair) {
  History h;
  auto store = store::Store::open({path});
  if (!store) return store.error();
  h.store = std::move(*store);
  const std::string cursor_name = live::trades_cursor_name("mtgox", pair);
  auto reader = store::HistoryReader::open(path);
  if (!reader) return reader.error();
  auto restored = live::read_restore(*reader, store::RunMode::kLive, cursor_name);
  if (!restored) return restored.error();
  h.restored = std::move(*restored);
  h.reader.emplace(std::move(*reader), pair, cursor_name);
  return h;
}

// Watches the replay on the io_context's thread: reports the progress every kTick and shuts the bot
// down (cancelling its open orders) once the replay is over and the bot has stored every trade, on
// SIGINT or SIGTERM, or when the bot cannot catch up; a second signal stops at once. io_context::run()
// returns when the shut-down is done. Borrows everything it is given; not thread-safe.
class ReplayWatch {
 public:
  ReplayWatch(boost::asio::io_context& io, Scheduler& scheduler, live::LiveDriver& driver,
              sim::Engine& engine, const Clock& replay_clock, ProgressReader& reader,
              const DemoObserver& observer, Progress progress)
      : io_(io),
        scheduler_(scheduler),
        driver_(driver),
        engine_(engine),
        replay_clock_(replay_clock),
        reader_(reader),
        observer_(observer),
        progress_(progress),
        stopped_at_us_(progress.end_us),
        signals_(io, SIGINT, SIGTERM) {}

  void start() {
    signals_.async_wait([this](const boost::system::error_code& ec, int) {
      if (ec) return;
      finish("signal");
      signals_.async_wait([this](const boost::system::error_code& again, int) {
        if (!again) io_.stop();
      });
    });
    scheduler_.after(kTick, [this] { tick(); });
  }

  // Reads the progress from the history and reports it.
  void report() {
    progress_.replay_us = std::min(replay_clock_.now_us(), progress_.end_us);
    if (Status s = reader_.read(progress_); !s) live::log_warn("progress: " + s.error().describe());
    observer_.progress(progress_);
  }

  // The replay time when the shut-down began (the last trade's when the replay ran to its end).
  int64_t stopped_at_us() const { return stopped_at_us_; }

 private:
  void tick() {
    report();
    if (progress_.replay_us >= progress_.end_us) {
      if (!replay_over_) replay_over_ = scheduler_.now();
      if (caught_up()) {
        finish("the replay is over and the bot has stored every trade");
      } else if (scheduler_.now() - *replay_over_ > kCatchUp) {
        live::log_warn("the bot has not stored every trade of the replay " +
                       std::to_string(std::chrono::duration_cast<std::chrono::seconds>(kCatchUp).count()) +
                       " s after its end: stopping");
        finish("the bot did not catch up");
      }
    }
    if (!stopping_) scheduler_.after(kTick, [this] { tick(); });
  }

  // Whether the bot has stored every trade the exchange has published (its cursor is the newest tid).
  bool caught_up() {
    auto cursor = reader_.cursor();
    if (!cursor || !*cursor) return false;
    engine_.advance();
    return engine_.trades_since(engine_.market_currency(), **cursor).empty();
  }

  void finish(const char* why) {
    if (stopping_) return;
    stopping_ = true;
    stopped_at_us_ = std::min(replay_clock_.now_us(), progress_.end_us);
    live::log_info(std::string("demo: ") + why + ": shutting down, cancelling open orders");
    driver_.shutdown(true, kShutdownDeadline, [this](const Status& s) {
      if (!s) live::log_warn("shut-down incomplete: " + s.error().describe());
      io_.stop();
    });
  }

  boost::asio::io_context& io_;
  Scheduler& scheduler_;
  live::LiveDriver& driver_;
  sim::Engine& engine_;
  const Clock& replay_clock_;
  ProgressReader& reader_;
  const DemoObserver& observer_;
  Progress progress_;
  int64_t stopped_at_us_;
  bool stopping_ = false;
  std::optional<MonoTime> replay_over_;  // when the replay clock passed the last trade
  boost::asio::signal_set signals_;
};

}  // namespace

Result<DemoSummary> run_demo(const DemoOptions& options, const DemoObserver& observer) {
  live::HeldSignals held;  // a signal during start-up waits for the watch's handler
  auto recorded = demo_trades(options);
  if (!recorded) return recorded.error();
  auto config = demo_config(options);
  if (!config) return config.error();
  // The tape's tids (its times), to count what was replayed when the demo stops early.
  std::vector<int64_t> tids(recorded->size());
  std::transform(recorded->begin(), recorded->end(), tids.begin(), [](const Trade& t) { return t.tid; });
  const int64_t start_us = recorded->front().tid;
  const int64_t end_us = recorded->back().tid;

  // The io_context first: the store's last callbacks post into it, so it must outlive the store.
  boost::asio::io_context io;
  // One timeline for the bot and the simulator (demo/lockstep.h): the bot's wall time starts now, the
  // replay at the tape's first trade.
  VirtualScheduler timeline;
  const TimelineClock wall(timeline, SystemClock().now_us(), 1);
  const TimelineClock replay_clock(timeline, start_us, kReplaySpeed);
  const std::string key = random_key();
  const std::string secret = random_bytes(64);
  const sim::ExchangeConfig sim_config = simulator_config(key, secret);
  sim::Simulator simulator(io, sim_config, std::move(*recorded), replay_clock, wall, wall);
  net::HttpServer server(io, [&simulator](const net::HttpRequest& r) { return simulator.handle(r); });
  auto port = server.listen("127.0.0.1", 0);
  if (!port) return port.error();
  config->base_url = "http://127.0.0.1:" + std::to_string(*port);

  auto client = demo_client(io, config->base_url, key, secret, timeline, wall);
  if (!client) return client.error();
  StepExchange exchange(**client);

  engine::CoreConfig core_config;
  core_config.risk = config->risk;
  engine::Core core(core_config);
  for (auto& strategy : config->strategies) {
    if (Status s = core.add_strategy(std::move(strategy)); !s) return s.error();
  }
  auto lock = store::HistoryLock::acquire(config->store_path);  // as dealer run: one writer per history
  if (!lock) return lock.error();
  auto history = open_history(config->store_path, config->pair);
  if (!history) return history.error();
  ProgressReader& reader = *history->reader;

  live::DriverOptions driver_options;
  driver_options.pair = config->pair;
  driver_options.poll = config->poll;
  driver_options.depth_snapshot_every = config->depth_snapshot_every;
  driver_options.jitter_seed = 1;  // a fixed seed, as everything else of the demo
  auto post = [&io](std::function<void()> task) { boost::asio::post(io, std::move(task)); };
  live::LiveDriver driver(core, *history->store, exchange, timeline, wall, post, driver_options);

  std::optional<Error> failed;
  driver.on_fatal([&](const Error& e) {
    failed = e;
    io.stop();
  });
  Progress progress;
  progress.start_us = start_us;
  progress.end_us = end_us;
  ReplayWatch watch(io, timeline, driver, simulator.engine(), replay_clock, reader, observer, progress);
  held.release();

  // The dashboard, as `dealer run` serves it, with a token of this run's own (none is kept).
  auto token = random_token();
  if (!token) return token.error();
  live::Metrics metrics;
  live::Controls controls(core, *history->store, wall,
                          {[&driver](std::span<const engine::Effect> e) { driver.carry_out(e); }, {}});
  live::StatusSources sources{core,
                              metrics,
                              wall,
                              [&driver](live::Feed f) { return driver.feed_age(f); },
                              "live",
                              config->pair,
                              config->strategy_kinds};
  sources.access.token = *token;
  sources.control = [&controls](const live::ControlRequest& r) { return controls.apply(r); };
  sources.store_path = config->store_path;
  sources.exchange = config->base_url;
  sources.poll = config->poll;
  live::StatusServer dashboard(io, std::move(sources));
  auto dashboard_port = dashboard.listen("127.0.0.1", 0);
  if (!dashboard_port) return dashboard_port.error();

  driver.start(history->restored);
  observer.started(config->base_url, config->store_path);
  if (observer.dashboard)
    observer.dashboard("http://127.0.0.1:" + std::to_string(*dashboard_port) + "/?token=" + *token);
  watch.start();
  Lockstep(io, timeline, exchange, *history->store, {options.speed, kReplaySpeed}).run();

  if (Status flushed = history->store->flush(); !flushed) return flushed.error();
  if (failed) return *failed;
  watch.report();
  const auto replayed = std::upper_bound(tids.begin(), tids.end(), watch.stopped_at_us()) - tids.begin();
  return summarize(config->store_path, config->pair, replayed);
}

}  // namespace dealer::demo
