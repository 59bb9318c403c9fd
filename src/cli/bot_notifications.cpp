#include "cli/bot_notifications.h"

#include <algorithm>
#include <boost/asio/post.hpp>

#include "cli/credentials.h"
#include "live/logging.h"
#include "notify/daily_summary.h"
#include "store/history_reader.h"

namespace dealer::cli {
namespace {

// How long the bot waits at exit for its last notifications (stopped, store_failure) to go out.
constexpr std::chrono::seconds kExitDrain(5);

}  // namespace

Result<std::unique_ptr<BotNotifications>> BotNotifications::make(const live::BotConfig& config) {
  auto receivers = notify::resolve(config.notify, notify_secret_lookup());
  if (!receivers) return receivers.error();
  return std::unique_ptr<BotNotifications>(new BotNotifications(config, std::move(*receivers)));
}

BotNotifications::BotNotifications(const live::BotConfig& config, std::vector<notify::Receiver> receivers)
    : receivers_(std::move(receivers)),
      outbox_(config.notify),
      watch_(config.notify.rules),
      rules_(config.notify.rules),
      pair_(config.pair) {}

Status BotNotifications::start(store::Store& store, const std::string& store_path, store::RunMode mode,
                               const Clock& wall, boost::asio::io_context& io, live::Metrics& metrics) {
  store_ = &store;
  store_path_ = store_path;
  mode_ = mode;
  wall_ = &wall;
  if (receivers_.empty()) return {};
  notify::NotifierOptions o;
  o.db_path = store_path;
  o.expire_after = rules_.expire_after;
  o.backoff.max = rules_.retry_max;
  o.seed = static_cast<uint64_t>(wall.now_us());
  auto on_counts = [&io, &metrics](const std::vector<notify::ReceiverCounts>& counts) {
    boost::asio::post(io, [&metrics, counts] {
      for (const notify::ReceiverCounts& c : counts) metrics.notify[c.name] = {c.pending, c.failures};
    });
  };
  auto notifier = notify::Notifier::start(receivers_, store, wall, std::move(o), on_counts);
  if (!notifier) return notifier.error();
  notifier_ = std::move(*notifier);
  live::log_info("notify: " + std::to_string(receivers_.size()) + " receivers");
  if (std::any_of(receivers_.begin(), receivers_.end(),
                  [](const notify::Receiver& r) { return r.wants(notify::EventKind::kDailySummary); })) {
    summary_timer_ = std::make_unique<boost::asio::steady_timer>(io);
    schedule_summary();
  }
  return {};
}

void BotNotifications::schedule_summary() {
  const int64_t now = wall_->now_us();
  const int64_t midnight = notify::next_utc_midnight(now);
  summary_timer_->expires_after(Micros(midnight - now));
  summary_timer_->async_wait(
      [this, day = midnight - notify::kMicrosPerDay](const boost::system::error_code& ec) {
        if (ec) return;
        send_summary(day);
        schedule_summary();
      });
}

void BotNotifications::send_summary(int64_t day_start_us) {
  const auto failed = [](const Error& e) { live::log_warn("notify: daily summary: " + e.describe()); };
  auto reader = store::HistoryReader::open(store_path_);
  if (!reader) return failed(reader.error());
  auto fills = reader->fills_since(day_start_us);
  if (!fills) return failed(fills.error());
  std::erase_if(*fills, [this](const store::FillRow& f) { return f.mode != mode_; });
  auto balances = reader->last_balances(mode_);
  if (!balances) return failed(balances.error());
  auto tickers = reader->tickers_since(day_start_us);
  if (!tickers) return failed(tickers.error());
  std::optional<Price> last;
  if (!tickers->empty()) last = Price(tickers->back().last_int);
  auto event = notify::daily_summary(pair_, day_start_us, *fills, *balances, last);
  if (!event) return failed(event.error());
  record(notify::EventKind::kDailySummary, *event);
}

void BotNotifications::exchange_attempt(bool ok) {
  if (!notifier_) return;
  const auto kind = watch_.attempt(ok, wall_->now_us());
  if (!kind) return;
  record(*kind, *kind == notify::EventKind::kExchangeDown
                    ? "The exchange is not answering (" + std::to_string(watch_.failures()) +
                          " failed requests in a row); dealer keeps trying"
                    : "The exchange answers again");
}

void BotNotifications::record(notify::EventKind kind, std::string text) {
  if (!notifier_) return;
  record(kind, notify::make_event(kind, wall_->now_us(), std::move(text)));
}

void BotNotifications::record(notify::EventKind kind, const notify::Event& event) {
  if (!notifier_) return;
  auto rows = outbox_.rows(kind, event, wall_->now_us());
  if (rows.empty()) return;
  // The notifier finds the rows at its next scan of the outbox, once they are committed.
  if (Status s = store_->submit(std::move(rows)); !s) store_failed(s.error());
}

void BotNotifications::store_failed(const Error& error) {
  if (!notifier_) return;
  notifier_->send_unrecorded(
      notify::EventKind::kStoreFailure,
      notify::make_event(notify::EventKind::kStoreFailure, wall_->now_us(),
                         "The history store failed, trading halted: " + error.describe()));
}

void BotNotifications::wait_idle() {
  if (notifier_ && !notifier_->wait_idle(kExitDrain))
    live::log_warn("notify: some notifications are still waiting; they go out at the next start");
}

}  // namespace dealer::cli
