// BotNotifications: what `dealer run` and `dealer paper` wire for the `notify:` receivers
// (docs/notifications.md), in one piece so run_bot stays short: the Outbox the driver appends to, the
// ExchangeWatch fed by the exchange client's attempts, the Notifier thread that sends, and the events
// of the bot's own life (started, stopped, store_failure, and daily_summary at each UTC midnight, read
// from the history: a few queries once a day on the loop). With no receivers configured every call does
// nothing and no thread runs.
//
// Ownership: owns the notifier, which holds a reference to the store given to start(): stop() it
// before the store goes. Not thread-safe: the bot's io_context thread (wait_idle from the main thread after
// the loop has stopped).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "live/bot_config.h"
#include "live/metrics.h"
#include "notify/exchange_watch.h"
#include "notify/notifier.h"
#include "notify/outbox.h"
#include "store/store.h"

namespace dealer::cli {

class BotNotifications {
 public:
  // Looks the receivers' credentials up: an error is a configuration error.
  static Result<std::unique_ptr<BotNotifications>> make(const live::BotConfig& config);

  // The driver's outbox (live::DriverOptions::outbox); null without receivers.
  const notify::Outbox* outbox() const { return receivers_.empty() ? nullptr : &outbox_; }
  // Starts the sender on `store`'s file; its counts go into `metrics` on `io`'s thread. The daily summary
  // counts the fills and balances of `mode`.
  Status start(store::Store& store, const std::string& store_path, store::RunMode mode, const Clock& wall,
               boost::asio::io_context& io, live::Metrics& metrics);
  // One exchange request ended (the client's attempt observer).
  void exchange_attempt(bool ok);
  // An event with no other row to join: into the outbox in a group of its own.
  void record(notify::EventKind kind, std::string text);
  void record(notify::EventKind kind, const notify::Event& event);
  // The store failed: nothing can be written, so store_failure goes out without the outbox.
  void store_failed(const Error& error);
  // After the loop: waits a little for what is due to go out (the stopped event).
  void wait_idle();
  // Stops the sender (before the store goes).
  void stop() {
    summary_timer_.reset();
    notifier_.reset();
  }

 private:
  explicit BotNotifications(const live::BotConfig& config, std::vector<notify::Receiver> receivers);
  void schedule_summary();
  void send_summary(int64_t day_start_us);

  std::vector<notify::Receiver> receivers_;
  notify::Outbox outbox_;
  notify::ExchangeWatch watch_;
  notify::NotifyRules rules_;
  engine::Pair pair_;
  store::Store* store_ = nullptr;
  std::string store_path_;
  store::RunMode mode_ = store::RunMode::kLive;
  std::unique_ptr<boost::asio::steady_timer> summary_timer_;
  const Clock* wall_ = nullptr;
  std::unique_ptr<notify::Notifier> notifier_;
};

}  // namespace dealer::cli
