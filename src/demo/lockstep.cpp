#include "demo/lockstep.h"

#include <utility>

namespace dealer::demo {
namespace {

// An exchange call that sees no I/O for this long waits on the timeline (a retry's backoff after an
// error), not on the socket: the timeline may move on. A clean run never meets it (the demo's own
// simulator answers in milliseconds, the client's rate limit is far above the polls, StepExchange sends
// one call at a time), so a clean run does not depend on the machine's speed; it is long enough for a
// loaded machine under a sanitizer.
constexpr auto kStall = std::chrono::seconds(10);
constexpr auto kStoreLook = std::chrono::milliseconds(1);

}  // namespace

template <class T>
void StepExchange::queue(Callback<T> done, std::function<void(Exchange&, Callback<T>)> start) {
  queued_.push_back([this, done = std::move(done), start = std::move(start)]() mutable {
    in_flight_ = true;
    start(inner_, [this, done = std::move(done)](Result<T> answer) {
      in_flight_ = false;
      done(std::move(answer));
    });
  });
}

bool StepExchange::start_next() {
  if (in_flight_ || queued_.empty()) return false;
  auto call = std::move(queued_.front());
  queued_.pop_front();
  call();
  return true;
}

void StepExchange::ticker(Callback<Ticker> done) {
  queue<Ticker>(std::move(done), [](Exchange& e, Callback<Ticker> d) { e.ticker(std::move(d)); });
}
void StepExchange::trades_since(std::optional<int64_t> since_tid, Callback<std::vector<Trade>> done) {
  queue<std::vector<Trade>>(std::move(done), [since_tid](Exchange& e, Callback<std::vector<Trade>> d) {
    e.trades_since(since_tid, std::move(d));
  });
}
void StepExchange::depth(bool full, Callback<Depth> done) {
  queue<Depth>(std::move(done), [full](Exchange& e, Callback<Depth> d) { e.depth(full, std::move(d)); });
}
void StepExchange::account(Callback<AccountInfo> done) {
  queue<AccountInfo>(std::move(done), [](Exchange& e, Callback<AccountInfo> d) { e.account(std::move(d)); });
}
void StepExchange::open_orders(Callback<std::vector<Order>> done) {
  queue<std::vector<Order>>(std::move(done),
                            [](Exchange& e, Callback<std::vector<Order>> d) { e.open_orders(std::move(d)); });
}
void StepExchange::place(const OrderRequest& request, Callback<std::string> done) {
  queue<std::string>(std::move(done),
                     [request](Exchange& e, Callback<std::string> d) { e.place(request, std::move(d)); });
}
void StepExchange::cancel(const std::string& order_id, Callback<bool> done) {
  queue<bool>(std::move(done),
              [order_id](Exchange& e, Callback<bool> d) { e.cancel(order_id, std::move(d)); });
}
void StepExchange::order_result(Side side, const std::string& order_id, Callback<OrderFills> done) {
  queue<OrderFills>(std::move(done), [side, order_id](Exchange& e, Callback<OrderFills> d) {
    e.order_result(side, order_id, std::move(d));
  });
}
void StepExchange::own_trades(std::optional<int64_t> since, Callback<std::vector<OwnTrade>> done) {
  queue<std::vector<OwnTrade>>(std::move(done), [since](Exchange& e, Callback<std::vector<OwnTrade>> d) {
    e.own_trades(since, std::move(d));
  });
}

Lockstep::Lockstep(boost::asio::io_context& io, VirtualScheduler& timeline, StepExchange& exchange,
                   const store::Store& store, LockstepPace pace)
    : io_(io),
      timeline_(timeline),
      exchange_(exchange),
      store_(store),
      pace_(pace),
      timeline_start_(timeline.now()),
      real_start_(std::chrono::steady_clock::now()) {}

void Lockstep::run() {
  while (!io_.stopped()) {
    settle();
    if (io_.stopped()) return;
    if (exchange_.start_next()) continue;
    const std::optional<MonoTime> due = timeline_.next_due();
    if (!due) {
      io_.run_one();  // nothing scheduled: only a signal can come
      continue;
    }
    if (pace(*due)) timeline_.run_next();
  }
}

// Runs what is ready until nothing is: no handler ready, no call on the wire, no store group unwritten
// (the store counts a group until its notice has been posted, so poll() then runs that notice).
void Lockstep::settle() {
  for (;;) {
    if (io_.poll() > 0) continue;
    if (io_.stopped()) return;
    // The store's writer thread posts its notices, then stops counting them: look again soon.
    if (store_.stats().backlog > 0) {
      io_.run_one_for(kStoreLook);
      continue;
    }
    if (!exchange_.busy()) return;
    if (io_.run_one_for(kStall) == 0) return;
  }
}

bool Lockstep::pace(MonoTime due) {
  // Timeline time x replay speed = recorded time, which may run at most `speed` times real time.
  const auto real = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      (due - timeline_start_) * pace_.replay_speed / pace_.speed);
  const auto at = real_start_ + real;
  if (std::chrono::steady_clock::now() >= at) return true;
  return io_.run_one_until(at) == 0;
}

}  // namespace dealer::demo
