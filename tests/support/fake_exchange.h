// FakeExchange: a scripted Exchange for tests of what drives one. Market-data calls are recorded with
// the scheduler's time and held until the test answers them (oldest first per call), or answered
// automatically after a set delay on the scheduler. Trades are answered from `tape` as the MtGox
// contract says (exchange/exchange.h): since a tid, strictly greater, oldest first, at most 1000;
// without one, the last `recent` trades. Account and order calls are not scripted: they fail at once.
// Call names: "ticker", "trades", "depth", "fulldepth". Single-threaded, like the scheduler.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/scheduler.h"
#include "exchange/exchange.h"

namespace dealer::testing {

class FakeExchange final : public Exchange {
 public:
  explicit FakeExchange(Scheduler& scheduler) : scheduler_(scheduler) {}

  struct Call {
    std::string name;
    MonoTime at;
    std::optional<int64_t> since;  // trades only
  };
  const std::vector<Call>& calls() const { return calls_; }
  // When the calls of `name` were made, in µs of the scheduler's time.
  std::vector<int64_t> times(const std::string& name) const;
  size_t pending(const std::string& name) const;

  // Answers the oldest held call of `name` with its scripted answer (a default ticker, an empty depth,
  // trades from the tape), or with `error`, or (trades) with exactly `trades`. False if none is held.
  bool answer(const std::string& name);
  bool fail(const std::string& name, Error error);
  bool answer_trades(std::vector<Trade> trades);

  // From now on, calls of `name` are answered by themselves `delay` after they are made; the next
  // `errors` of them with `error` first.
  void auto_answer(const std::string& name, Micros delay, int errors = 0,
                   Error error = make_error(Errc::kNetwork, "scripted failure"));

  std::vector<Trade> tape;  // oldest first
  size_t recent = 50;

  void ticker(Callback<Ticker> done) override;
  void trades_since(std::optional<int64_t> since_tid, Callback<std::vector<Trade>> done) override;
  void depth(bool full, Callback<Depth> done) override;
  void account(Callback<AccountInfo> done) override { done(unscripted("account")); }
  void open_orders(Callback<std::vector<Order>> done) override { done(unscripted("open_orders")); }
  void place(const OrderRequest&, Callback<std::string> done) override { done(unscripted("place")); }
  void cancel(const std::string&, Callback<bool> done) override { done(unscripted("cancel")); }
  void order_result(Side, const std::string&, Callback<OrderFills> done) override {
    done(unscripted("order_result"));
  }
  void own_trades(std::optional<int64_t>, Callback<std::vector<OwnTrade>> done) override { done(unscripted("own_trades")); }

 private:
  // nullopt error: the scripted answer; `trades` set: answer with exactly those.
  using Respond = std::function<void(std::optional<Error> error, std::optional<std::vector<Trade>> trades)>;
  struct Held {
    std::string name;
    Respond respond;
  };
  struct Auto {
    Micros delay;
    int errors = 0;
    Error error;
  };
  static Error unscripted(const char* call) {
    return make_error(Errc::kNotFound, std::string(call) + " is not scripted");
  }
  std::vector<Trade> tape_since(std::optional<int64_t> since) const;
  void hold(std::string name, std::optional<int64_t> since, Respond respond);
  bool take(const std::string& name, std::optional<Error> error, std::optional<std::vector<Trade>> trades);

  Scheduler& scheduler_;
  std::vector<Call> calls_;
  std::deque<Held> held_;
  std::map<std::string, Auto> auto_;
};

}  // namespace dealer::testing
