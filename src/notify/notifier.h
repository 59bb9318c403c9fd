// Notifier: the asynchronous sender of the outbox. It runs on a thread of its own with its own
// io_context, HTTP client (net/http_client.h: deadlines on every step, TLS for https) and read-only
// SQLite connection, so nothing it does (a receiver that never answers, a slow DNS) can block the bot's
// event loop or a strategy. Every `scan_every` (and when woken) it reads the outbox rows added since its
// last look, lets the OutboxQueue (notify/outbox_queue.h) decide what is due, sends, and submits the
// bookkeeping (delivered, given up, next attempt) to the Store, whose single writer persists it. After a
// restart or a kill -9 it reads the pending rows again and carries on: at least once, in order per
// receiver, each request carrying the event's id as Idempotency-Key. A message given up (a 4xx but 429)
// or expired is logged with its reason.
//
// Ownership: owns its thread, io_context, client and connection; holds a reference to the Store, which
// must outlive it. Thread-safety: wake, send_unrecorded, wait_idle and counts may be called from any
// thread; `on_counts` is called from the notifier's thread.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "net/http_client.h"
#include "notify/notify_config.h"
#include "notify/outbox_queue.h"
#include "store/sqlite.h"
#include "store/store.h"

namespace dealer::notify {

struct NotifierOptions {
  std::string db_path;  // the store's file
  Backoff backoff;
  Micros expire_after = std::chrono::hours(24);
  uint64_t seed = 1;  // the backoff's jitter
  std::chrono::milliseconds scan_every{200};
  std::chrono::milliseconds request_budget{10'000};  // one attempt, connect to answer
  net::HttpClientOptions http;
};

struct ReceiverCounts {
  std::string name;
  int64_t pending = 0;
  int64_t failures = 0;
};

class Notifier {
 public:
  using CountsSink = std::function<void(const std::vector<ReceiverCounts>&)>;

  // Opens the outbox for reading and starts the thread. `on_counts` (optional) hears every change of
  // the per-receiver counts (the /metrics gauges).
  static Result<std::unique_ptr<Notifier>> start(std::vector<Receiver> receivers, store::Store& store,
                                                 const Clock& wall, NotifierOptions options,
                                                 CountsSink on_counts = {});
  ~Notifier();
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  // Look at the outbox now rather than at the next scan.
  void wake();
  // Sends `event` once to each receiver that wants `kind`, outside the outbox: for a store failure,
  // when nothing can be written any more. Best effort (logged when it fails).
  void send_unrecorded(EventKind kind, Event event);
  // Waits until the outbox, read after this call, has nothing due to send and no request is in flight
  // (messages waiting for a backoff do not count), at most `timeout`; whether it got there.
  bool wait_idle(std::chrono::milliseconds timeout);
  std::vector<ReceiverCounts> counts() const;

 private:
  Notifier(std::vector<Receiver> receivers, store::Store& store, const Clock& wall, NotifierOptions options,
           store::Database db, CountsSink on_counts);
  void tick();
  void scan();
  void send(const Pending& row);
  void persist(const store::NotificationUpdate& update);
  // Shares the counts and whether all is idle; `scanned`: after a look at the outbox.
  void publish(bool scanned);
  void arm();
  const Receiver* receiver(const std::string& name) const;

  std::vector<Receiver> receivers_;
  store::Store& store_;
  const Clock& wall_;
  const NotifierOptions options_;
  CountsSink on_counts_;

  // Used on the notifier's thread only.
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  boost::asio::steady_timer timer_;
  store::Database db_;
  std::unique_ptr<net::HttpClient> client_;
  OutboxQueue queue_;
  int64_t last_scanned_id_ = 0;
  int unrecorded_in_flight_ = 0;

  mutable std::mutex mutex_;
  std::condition_variable idle_changed_;
  std::vector<ReceiverCounts> counts_;  // GUARDED_BY(mutex_)
  uint64_t scans_ = 0;                  // GUARDED_BY(mutex_)
  bool idle_ = true;                    // GUARDED_BY(mutex_): nothing due or in flight at the last tick

  std::thread thread_;  // last: started once everything above exists
};

}  // namespace dealer::notify
