// Strategy: the interface a trading strategy implements, and StrategyContext, the narrow view of the
// world it gets in every callback: its pair's book and tape, its balances, its own orders, now, and the
// means to place, cancel and log a decision with a reason. Nothing in it says which driver (live,
// paper, backtest) runs the strategy. Callbacks may throw: the core disables the strategy with the
// reason and the others go on.
//
// Ownership: Core owns each strategy; a StrategyContext is valid only during the callback it is passed
// to. Callbacks run on the core's one thread; a strategy needs no locks.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "engine/book.h"
#include "engine/order.h"
#include "engine/tape.h"

namespace dealer::engine {

class Core;

class StrategyContext {
 public:
  WallTime now() const;
  const std::string& strategy_id() const;
  Pair pair() const;
  const Book& book() const;
  const Tape& tape() const;  // the pair's recent trades, newest first
  std::optional<Price> last_price() const;
  const Ticker* ticker() const;  // the pair's last ticker, if any
  // Total minus what open orders hold minus what our orders placed since the last balance snapshot
  // will hold; none before the first balances arrive.
  std::optional<int64_t> free_balance(Currency currency) const;
  // This strategy's orders that are not terminal, oldest first.
  const std::vector<const OrderRecord*>& orders() const;
  // Any of this strategy's orders, terminal ones included (until pruned); null if unknown.
  const OrderRecord* order(ClientId id) const;

  // Whether the core places nothing more (kill switch or shut-down): a strategy that would act should
  // keep its triggers for later rather than spend them on refused orders.
  bool halted() const;
  // A limit order on the strategy's pair. Refused with a reason (also logged as a decision) by the risk
  // limits or missing funds; refused without a decision while the strategy has an ambiguous order
  // (Errc::kAmbiguous: try again later) or the core is halted.
  Result<ClientId> place(Side side, Price price, Amount amount, std::string_view reason);
  Status cancel(ClientId id, std::string_view reason);
  void decide(std::string_view reason);

 private:
  friend class Core;
  StrategyContext(Core& core, size_t slot, WallTime now) : core_(core), slot_(slot), now_(now) {}
  Core& core_;
  size_t slot_;
  WallTime now_;
};

class Strategy {
 public:
  Strategy(std::string id, Pair pair) : id_(std::move(id)), pair_(pair) {}
  virtual ~Strategy() = default;
  Strategy(const Strategy&) = delete;
  Strategy& operator=(const Strategy&) = delete;

  const std::string& id() const { return id_; }
  Pair pair() const { return pair_; }

  // New trades of the strategy's pair, oldest first (already on the tape). The hot path: a strategy
  // that decides nothing should not allocate here.
  virtual void on_trades(StrategyContext&, std::span<const Trade>) {}
  virtual void on_book(StrategyContext&) {}
  virtual void on_ticker(StrategyContext&, const Ticker&) {}
  virtual void on_timer(StrategyContext&) {}
  // One of its orders changed state; `error` is the exchange's error for a rejection or ambiguity.
  virtual void on_order(StrategyContext&, const OrderRecord&, const Error* /*error*/) {}
  // One of its orders filled (partly); the fill is already persisted and counted in `order`.
  virtual void on_fill(StrategyContext&, const OrderRecord&, const Fill&) {}
  // The core is stopping (Core::stop): nothing more will be placed, but a strategy may still cancel,
  // e.g. quotes that must not rest while nobody minds them.
  virtual void on_stop(StrategyContext&) {}

  // State that must survive a restart, as text; persisted with the orders after any callback in which
  // the strategy acted or heard of its orders.
  virtual std::string save_state() const { return {}; }
  virtual Status load_state(std::string_view) { return {}; }
  // The same state for a person (`dealer status`): the strategy's own fields by name, prices and
  // amounts in their currencies, on one line ("inventory 0.5 BTC, quoting around 13.30413 USD").
  virtual std::string describe_state() const { return {}; }

 private:
  std::string id_;
  Pair pair_;
};

}  // namespace dealer::engine
