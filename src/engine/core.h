// Core: the synchronous engine every driver (live, paper, backtest) feeds. Events in, effects out: each
// on_* call takes the time of the event (the core never reads a clock) and returns the effects it
// caused, in the order the driver must carry them out (see effects.h for the ordering contract). It
// hosts the strategies, routes their orders through the risk limits and the order manager, keeps a
// book replica and a tape per pair, and trips the kill switch.
//
// Ownership: owns the strategies, the order manager, books and tapes. The returned span points into the
// core and is valid until the next call. Not thread-safe: one driver thread calls it.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/effects.h"
#include "engine/order_manager.h"
#include "engine/risk.h"
#include "engine/strategy.h"

namespace dealer::engine {

struct CoreConfig {
  RiskLimits risk;
  OrderManagerConfig orders;
  Micros max_book_age = std::chrono::seconds(60);        // older: RequestBook on the timer; zero disables
  Micros reconcile_interval = std::chrono::seconds(10);  // while orders are ambiguous
  Micros periodic_reconcile = std::chrono::seconds(60);  // while any order is unsettled; zero disables
  Micros retention = std::chrono::hours(24);  // terminal orders are forgotten this long after they settle
  Currency valuation = Currency::usd();       // the currency equity is marked in, for max_drawdown_percent
};

struct StrategyState {
  std::string strategy_id;
  std::string state;
};

// A strategy as the status endpoint shows it.
struct StrategyView {
  std::string id;
  Pair pair;
  bool enabled = true;
  std::string disabled_reason;  // why it was disabled; empty while enabled
  std::string state;            // its save_state() text
  std::string described;        // its describe_state() text
  bool paused = false;          // by the operator (Core::pause)
};

// What the store hands back at start-up.
struct RestoreData {
  std::span<const OrderRecord> orders;  // unsettled ones at least; settled ones may be left out
  std::span<const Fill> fills;          // every fill of those orders (the dedup set and filled amounts)
  std::span<const StrategyState> states;
  ClientId next_client_id = 1;  // one above the highest client id in the store
};

class Core {
 public:
  explicit Core(CoreConfig config = {});
  ~Core();

  // Before any event. An error if the id is taken.
  Status add_strategy(std::unique_ptr<Strategy> strategy);
  // Swaps in a new object for the strategy of the same id (new parameters, e.g. on a configuration
  // reload) between events. Its state is carried over (the old one's save_state, the new one's
  // load_state) and its orders stay its own, as they are known by strategy id; a disabled strategy
  // stays disabled. An error, with the old object kept, if no strategy has this id, the pair differs,
  // or the state does not load into the new object.
  Status replace_strategy(std::unique_ptr<Strategy> fresh);
  // Once, after adding the strategies and before the first market event.
  std::span<const Effect> restore(WallTime now, const RestoreData& data);

  std::span<const Effect> on_trades(WallTime now, Pair pair, std::span<const Trade> trades);
  std::span<const Effect> on_book(WallTime now, Pair pair, const Depth& depth);
  std::span<const Effect> on_ticker(WallTime now, Pair pair, const Ticker& ticker);
  std::span<const Effect> on_balances(WallTime now, std::span<const Balance> balances);
  std::span<const Effect> on_timer(WallTime now);

  std::span<const Effect> on_placed(WallTime now, ClientId id, const std::string& exchange_id);
  std::span<const Effect> on_place_rejected(WallTime now, ClientId id, const Error& error);
  std::span<const Effect> on_place_ambiguous(WallTime now, ClientId id, const Error& error);
  std::span<const Effect> on_cancelled(WallTime now, ClientId id);
  std::span<const Effect> on_cancel_failed(WallTime now, ClientId id, const Error& error);
  std::span<const Effect> on_fill(WallTime now, const Fill& fill);
  std::span<const Effect> on_own_trades(WallTime now, std::span<const Fill> fills);
  // Open orders fetched first, then own trades since RequestReconcile::since (see OrderManager).
  std::span<const Effect> on_reconcile(WallTime now, std::span<const Order> open_orders,
                                       std::span<const Fill> own_trades);

  // Shut-down: place nothing more; with `cancel_open`, cancel every open order.
  std::span<const Effect> stop(WallTime now, bool cancel_open);

  // The operator's controls (the dashboard, live/controls.h), between events like any other call.
  // A paused strategy hears no market events and places nothing; it still hears of its orders. With
  // `cancel_orders` its open orders are cancelled too. Errors: no such strategy (kNotFound).
  Result<std::span<const Effect>> pause(WallTime now, const std::string& id, bool cancel_orders);
  Result<std::span<const Effect>> resume(WallTime now, const std::string& id);
  // The kill switch by hand: the same halt as the risk limits' (cancel everything, place nothing).
  std::span<const Effect> kill(WallTime now, const std::string& reason);
  // Trading again after the kill switch; an error (kInvalidArgument) when not halted by it (stop()).
  Result<std::span<const Effect>> resume_trading(WallTime now);
  // Cancels one open order; kNotFound for an unknown one, kInvalidArgument for one not open.
  Result<std::span<const Effect>> cancel(WallTime now, ClientId id, const std::string& reason);
  bool paused(const std::string& id) const;
  std::optional<Price> last_price(Pair pair) const;  // the pair's last trade, none before one

  bool halted() const { return halted_; }
  // Halted by kill() (the operator, who may resume_trading), not by the risk limits or stop().
  bool halted_by_operator() const { return halted_ && by_operator_; }
  const std::string& halt_reason() const { return halt_reason_; }  // empty while not halted
  const OrderManager& orders() const { return orders_; }
  const Book* book(Pair pair) const;
  bool strategy_enabled(const std::string& id) const;
  std::vector<StrategyView> strategies() const;  // in the order they were added
  std::vector<Balance> balances() const;         // the last snapshot, by currency index

 private:
  friend class StrategyContext;
  struct Market;
  struct Slot;

  Effects& begin();
  Market* market(Pair pair);
  Market& market_or_add(Pair pair);
  template <class Fn>
  void run(size_t slot, WallTime now, Fn&& callback);
  void finish_callback(size_t slot, WallTime now);
  void deliver_notices(WallTime now);
  void order_error(WallTime now, const std::string& what);
  void halt(WallTime now, std::string reason);
  void disable(size_t slot, WallTime now, std::string reason);
  void take_back_orphans(WallTime now, const std::string& reason);
  void refresh_order_views();
  void mark_equity(WallTime now);
  std::optional<int64_t> free_balance(Currency currency) const;
  Result<ClientId> place(size_t slot, WallTime now, Side side, Price price, Amount amount,
                         std::string_view reason);
  void decide(WallTime now, const std::string& strategy_id, DecisionKind kind, std::string reason);

  CoreConfig config_;
  OrderManager orders_;
  Risk risk_;
  std::vector<std::unique_ptr<Market>> markets_;
  std::vector<Slot> slots_;
  std::unordered_map<std::string, size_t> slot_by_id_;
  std::array<std::optional<Balance>, Currency::kCount> balances_{};
  WallTime balances_time_{};
  Effects effects_;
  Effects staged_;  // a strategy's sends, held until its state is persisted after the callback
  bool halted_ = false;
  std::string halt_reason_;
  bool cancel_when_halted_ = false;  // the kill switch cancels everything; stop() only if asked
  bool stopped_ = false;             // stop() was called: no resume_trading
  bool by_operator_ = false;         // the halt is kill()'s
  std::vector<ClientId> orphans_;    // scratch for take_back_orphans
  bool views_dirty_ = true;
  WallTime last_reconcile_request_{};
};

}  // namespace dealer::engine
