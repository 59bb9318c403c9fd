// dealer record --config FILE [--since TID] [--log-level L]: market data only (trades with the
// persisted cursor, ticker, depth snapshots) into the SQLite history, the form `dealer backtest
// --trades` reads (live/recorder.h). Public calls only: no keys. The config has the keys of
// config/run.yaml; its risk, strategies and shutdown blocks are ignored (config/record.yaml). SIGTERM or
// SIGINT stops the polling, flushes the store and exits 0; a store failure exits 1, a bad config 2.
// A progress line on stdout as dealer demo's; at the end, how many trades came from the tape and how
// many were the bot's own (fills in the same history).
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "core/decimal.h"
#include "core/time_format.h"
#include "demo/progress.h"
#include "exchange/mtgox/client.h"
#include "live/bot_config.h"
#include "live/logging.h"
#include "live/recorder.h"
#include "live/restore.h"
#include "live/stop_signals.h"
#include "net/asio_scheduler.h"
#include "store/history_lock.h"
#include "store/history_reader.h"
#include "store/sqlite.h"
#include "store/store.h"

namespace dealer::cli {
namespace {

using namespace std::chrono_literals;

// How often the progress line is brought up to date, and (not on a terminal) written at most.
constexpr Micros kProgressEvery = 250ms;
constexpr Micros kLineEvery = 5s;

struct RecordOptions {
  std::string config;
  std::string log_level;  // empty: the config's log.level
  std::string since;      // empty: none given
};

int usage_error(const std::string& message) {
  std::fprintf(stderr, "dealer record: %s\n", message.c_str());
  return kExitUsage;
}

int failure(const std::string& message) {
  live::log_error(message);
  return kExitFailure;
}

// Where the trades start: after the stored cursor; without one, after --since, else the recent trades.
Result<std::optional<int64_t>> start_cursor(const std::string& store_path, const std::string& cursor_name,
                                            std::optional<int64_t> since) {
  auto reader = store::HistoryReader::open(store_path);
  if (!reader) return reader.error();
  auto cursor = reader->cursor(cursor_name);
  if (!cursor) return cursor.error();
  if (*cursor) return cursor;
  return since;
}

// "recording BTCUSD  trades 812 (last 2013-01-01 05:12:00)  tickers 3  depth snapshots 2"
std::string progress_text(engine::Pair pair, const live::Recorder& recorder) {
  const live::RecorderCounts& n = recorder.counts();
  std::string text = "recording " + pair.code() + "  trades " + std::to_string(n.trades);
  // MtGox trade ids are microseconds since the epoch: the last one says how far the tape has come.
  if (auto cursor = recorder.trades_cursor()) text += " (last " + format_utc(*cursor / 1'000'000) + ")";
  return text + "  tickers " + std::to_string(n.tickers) + "  depth snapshots " + std::to_string(n.depths);
}

// Of the trades recorded after `cursor`, those that are fills of a bot in this history (the same trade
// id): the bot's own trades, which a backtest over the recorded tape would meet a second time.
Result<int64_t> own_trades(const std::string& store_path, engine::Pair pair, std::optional<int64_t> cursor) {
  auto db = store::Database::open(store_path, store::Database::Access::kReadWrite);
  if (!db) return db.error();
  return db->query_int("SELECT COUNT(*) FROM trades t JOIN fills f ON f.trade_id = t.tid WHERE t.pair = '" +
                       pair.code() + "' AND t.tid > " + std::to_string(cursor.value_or(-1)));
}

int record(const RecordOptions& options) {
  live::HeldSignals held;  // a signal during start-up waits for the handler below
  std::optional<int64_t> since;
  if (!options.since.empty()) {
    auto tid = parse_int64(options.since);
    if (!tid || *tid < 0)
      return usage_error("--since: expected a tid (a whole number, 0 or more), got '" + options.since + "'");
    since = *tid;
  }
  auto config = live::load_record_config(options.config);
  if (!config) return usage_error(config.error().message);
  if (Status s = live::setup_logging(options.log_level, config->log_level); !s)
    return usage_error(s.error().message);
  // Before anything of the history is read: one process owns it (a running bot, or another recorder).
  auto lock = store::HistoryLock::acquire(config->store_path);
  if (!lock && lock.error().code == Errc::kConfig) return usage_error(lock.error().message);
  if (!lock) return failure("store " + config->store_path + ": " + lock.error().describe());

  // The io_context first: the store's last callbacks post into it, so it must outlive the store.
  boost::asio::io_context io;
  const SystemClock wall;
  net::AsioScheduler scheduler(io);
  mtgox::ClientOptions client_options;  // no key: public calls only
  client_options.base_url = config->base_url;
  client_options.currency = config->pair.quote;
  client_options.scheduler = &scheduler;
  client_options.warn = live::log_warn;
  auto client = mtgox::Client::create(io, std::move(client_options), wall);
  if (!client) return usage_error(client.error().message);

  auto store = store::Store::open({config->store_path});
  if (!store) return failure("store " + config->store_path + ": " + store.error().describe());
  live::RecorderOptions recorder_options;
  recorder_options.pair = config->pair;
  recorder_options.poll = config->poll;
  recorder_options.depth_snapshot_every = config->depth_snapshot_every;
  recorder_options.jitter_seed = static_cast<uint64_t>(to_us(scheduler.now()));
  auto cursor = start_cursor(config->store_path,
                             live::trades_cursor_name(recorder_options.exchange, config->pair), since);
  if (!cursor) return failure("store " + config->store_path + ": " + cursor.error().describe());

  auto post = [&io](std::function<void()> task) { boost::asio::post(io, std::move(task)); };
  live::Recorder recorder(**store, **client, scheduler, wall, post, recorder_options);
  int code = kExitOk;
  recorder.on_fatal([&](const Error&) {
    code = kExitFailure;
    io.stop();
  });
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int number) {
    if (ec) return;
    live::log_info(std::string("signal ") + (number == SIGTERM ? "SIGTERM" : "SIGINT") + ": stopping");
    recorder.stop();
    io.stop();
  });
  held.release();

  // On stdout, as dealer demo's: one line rewritten in place on a terminal, else a line every kLineEvery.
  const SteadyClock steady;
  demo::ProgressLine line(stdout, isatty(STDOUT_FILENO) == 1, steady, kLineEvery);
  std::function<void()> progress = [&] {
    line.show(progress_text(config->pair, recorder));
    scheduler.after(kProgressEvery, progress);
  };
  scheduler.after(kProgressEvery, progress);

  live::log_info("dealer record: " + config->pair.code() + " from " + config->base_url + " into " +
                 config->store_path + (*cursor ? ", trades after tid " + std::to_string(**cursor) : ""));
  recorder.start(*cursor);
  io.run();
  if (Status flushed = (*store)->flush(); !flushed) return failure("store: " + flushed.error().describe());
  // The last groups' durable notices were posted after the loop stopped: count them too.
  io.restart();
  io.poll();
  line.finish(progress_text(config->pair, recorder));
  const live::RecorderCounts& n = recorder.counts();
  auto own = own_trades(config->store_path, config->pair, *cursor);
  if (!own) return failure("store " + config->store_path + ": " + own.error().describe());
  live::log_info("recorded " + std::to_string(n.trades) + " trades (" + std::to_string(n.trades - *own) +
                 " of the tape, " + std::to_string(*own) + " the bot's own: fills of this history), " +
                 std::to_string(n.tickers) + " tickers, " + std::to_string(n.depths) + " depth snapshots");
  return code;
}

}  // namespace

void add_record_command(CommandLine& cli) {
  auto o = std::make_shared<RecordOptions>();
  Command c = cli.add("record", "Record market data (trades, ticker, depth) into SQLite for backtests.");
  c.option("--config", &o->config,
           "exchange:, store:, poll: and log: as in config/run.yaml (see config/record.yaml)")
      .required()
      .value_name("FILE");
  c.option("--since", &o->since,
           "When the store has no trades cursor yet, start after this tid (0: the exchange's whole tape) "
           "instead of the recent trades")
      .value_name("TID");
  c.option("--log-level", &o->log_level,
           "trace, debug, info, warn, error, critical or off (default: log.level)")
      .value_name("LEVEL");
  c.details(
      "Public calls only: no keys are needed or read. The trades resume after the cursor the store\n"
      "keeps (the one dealer run keeps too), so a restart leaves no gap and no duplicate. risk:,\n"
      "strategies: and shutdown: of a run.yaml are ignored. Read the result back with\n"
      "dealer backtest --trades STORE. Exit codes: 0 stopped by a signal, 1 store failure, 2 configuration.");
  c.on_run([o] { return record(*o); });
}

}  // namespace dealer::cli
