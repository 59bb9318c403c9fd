#include "notify/notifier.h"

#include <pthread.h>

#include <boost/asio/post.hpp>

#include "live/logging.h"
#include "notify/body.h"

namespace dealer::notify {
namespace {

std::vector<std::string> names_of(const std::vector<Receiver>& receivers) {
  std::vector<std::string> names;
  for (const Receiver& r : receivers) names.push_back(r.name);
  return names;
}

}  // namespace

Result<std::unique_ptr<Notifier>> Notifier::start(std::vector<Receiver> receivers, store::Store& store,
                                                  const Clock& wall, NotifierOptions options,
                                                  CountsSink on_counts) {
  auto db = store::Database::open(options.db_path, store::Database::Access::kReadWrite);
  if (!db) return std::move(db).error();
  return std::unique_ptr<Notifier>(new Notifier(std::move(receivers), store, wall, std::move(options),
                                                std::move(*db), std::move(on_counts)));
}

Notifier::Notifier(std::vector<Receiver> receivers, store::Store& store, const Clock& wall,
                   NotifierOptions options, store::Database db, CountsSink on_counts)
    : receivers_(std::move(receivers)),
      store_(store),
      wall_(wall),
      options_(std::move(options)),
      on_counts_(std::move(on_counts)),
      work_(io_.get_executor()),
      timer_(io_),
      db_(std::move(db)),
      client_(std::make_unique<net::HttpClient>(io_, options_.http)),
      queue_(names_of(receivers_), options_.backoff, options_.expire_after, options_.seed),
      thread_([this] {
        pthread_setname_np(pthread_self(), "dealer-notify");
        boost::asio::post(io_, [this] { tick(); });
        io_.run();
      }) {}

Notifier::~Notifier() {
  boost::asio::post(io_, [this] {
    timer_.cancel();
    client_.reset();  // aborts requests in flight: their callbacks never run
    work_.reset();
  });
  thread_.join();
}

void Notifier::wake() {
  boost::asio::post(io_, [this] { tick(); });
}

const Receiver* Notifier::receiver(const std::string& name) const {
  for (const Receiver& r : receivers_) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

void Notifier::scan() {
  auto query = db_.prepare(
      "SELECT id, event_id, receiver, event, time_us, text, data, attempts, next_attempt_us, created_us "
      "FROM notifications "
      "WHERE state = 'pending' AND id > ? ORDER BY id LIMIT 1000");
  if (!query) {
    live::log_warn("notify: reading the outbox: " + query.error().describe());
    return;
  }
  query->bind(1, last_scanned_id_);
  for (;;) {
    auto row = query->step();
    if (!row) {
      live::log_warn("notify: reading the outbox: " + row.error().describe());
      return;
    }
    if (!*row) break;
    Pending p;
    p.id = query->int64(0);
    p.event.id = query->text(1);
    p.receiver = query->text(2);
    p.event.event = query->text(3);
    p.event.time_us = query->int64(4);
    p.event.text = query->text(5);
    p.event.data = query->text(6);
    p.attempts = query->int64(7);
    p.next_attempt_us = query->int64(8);
    p.created_us = query->int64(9);
    last_scanned_id_ = p.id;
    // Rows of a receiver no longer configured stay pending in the table (until it comes back).
    queue_.add(std::move(p));
  }
}

void Notifier::tick() {
  if (!client_) return;
  scan();
  const int64_t now = wall_.now_us();
  OutboxQueue::Step step = queue_.due(now);
  for (const store::NotificationUpdate& u : step.updates) {
    live::log_warn("notify: outbox message " + std::to_string(u.id) + " expired: " + u.detail);
    persist(u);
  }
  for (const Pending& p : step.send) send(p);
  publish(true);
  arm();
}

void Notifier::arm() {
  const int64_t now = wall_.now_us();
  auto wait = std::chrono::duration_cast<Micros>(options_.scan_every);
  if (auto next = queue_.next_due_us(); next && *next - now < wait.count())
    wait = Micros(std::max<int64_t>(*next - now, 0));
  timer_.expires_after(wait);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) tick();
  });
}

void Notifier::send(const Pending& row) {
  const Receiver* r = receiver(row.receiver);
  client_->send(
      r->url, request_for(*r, row.event),
      [this, name = row.receiver, id = row.id, event = row.event.event](net::HttpOutcome outcome) {
        const Answer answer = classify(outcome.response);
        auto update = queue_.answered(name, id, answer, wall_.now_us());
        if (!update) return;
        if (update->state == "given_up")
          live::log_warn("notify " + name + ": gave up " + event + " message " + std::to_string(id) + ": " +
                         answer.detail);
        else if (update->state == "pending")
          live::log_debug("notify " + name + ": " + event + " message " + std::to_string(id) +
                          " not delivered (" + answer.detail + "), again in " +
                          std::to_string((update->next_attempt_us - wall_.now_us()) / 1000) + " ms");
        persist(*update);
        boost::asio::post(io_, [this] { tick(); });
      },
      options_.request_budget);
}

void Notifier::persist(const store::NotificationUpdate& update) {
  // A failed store halts the bot; its bookkeeping is lost with it, and the message is sent again later.
  (void)store_.submit(store::WriteOp(update));
}

void Notifier::publish(bool scanned) {
  std::vector<ReceiverCounts> counts;
  bool idle = unrecorded_in_flight_ == 0;
  const int64_t now = wall_.now_us();
  for (const std::string& name : queue_.receivers()) {
    counts.push_back({name, queue_.pending(name), queue_.failures(name)});
    if (queue_.in_flight(name)) idle = false;
  }
  if (auto next = queue_.next_due_us(); next && *next <= now) idle = false;
  bool changed = false;
  {
    std::lock_guard lock(mutex_);
    if (scanned) ++scans_;
    idle_ = idle;
    changed = counts.size() != counts_.size();
    for (size_t i = 0; !changed && i < counts.size(); ++i)
      changed = counts[i].pending != counts_[i].pending || counts[i].failures != counts_[i].failures;
    counts_ = counts;
  }
  idle_changed_.notify_all();
  if (changed && on_counts_) on_counts_(counts);
}

void Notifier::send_unrecorded(EventKind kind, Event event) {
  boost::asio::post(io_, [this, kind, event = std::move(event)] {
    if (!client_) return;
    for (const Receiver& r : receivers_) {
      if (!r.wants(kind)) continue;
      ++unrecorded_in_flight_;
      client_->send(
          r.url, request_for(r, event),
          [this, name = r.name, what = event.event](net::HttpOutcome outcome) {
            --unrecorded_in_flight_;
            const Answer answer = classify(outcome.response);
            if (answer.kind != Answer::Kind::kDelivered)
              live::log_warn("notify " + name + ": " + what + " not delivered: " + answer.detail);
            publish(false);
          },
          options_.request_budget);
    }
    publish(false);
  });
}

bool Notifier::wait_idle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const uint64_t after = scans_;
  lock.unlock();
  wake();
  lock.lock();
  return idle_changed_.wait_for(lock, timeout, [&] { return scans_ > after && idle_; });
}

std::vector<ReceiverCounts> Notifier::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

}  // namespace dealer::notify
