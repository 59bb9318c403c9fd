// Effects: what the synchronous core asks its driver to do, in order. The core never does I/O; every
// event returns the effects it caused and the driver carries them out in the order given.
//
// Ordering contract (write before you tell, write before you send): within one event's effects, every
// Persist* that a Send* depends on comes before it (the order row before its place, the strategy state
// that records "rule fired" before the place it caused). A driver with an asynchronous store must make
// the Persist* effects that precede a Send* durable before it carries the Send* out. A fill is
// persisted (PersistFill) before the strategy's reaction to it appears; a strategy that was told of a
// fill which then is lost to a crash is itself lost with it (its state is only what was persisted), and
// reconciliation after the restart hands it the fill again.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/result.h"
#include "engine/order.h"

namespace dealer::engine {

enum class DecisionKind {
  kStrategy,       // a strategy's own log line ("rule buy-dip fired: last 13.39 <= 13.40")
  kRiskRejected,   // an order the risk limits (or the free balance) refused; nothing was sent
  kOrderRejected,  // the exchange refused an order
  kAnomaly,        // something inconsistent was seen and ignored (unknown fill, overfill)
  kDisabled,       // a strategy threw and was disabled
  kHalt,           // the kill switch: everything is being cancelled, nothing more is placed
};
std::span<const std::string_view> enum_names(DecisionKind);

struct Decision {
  WallTime time;
  std::string strategy_id;  // empty for decisions of the core itself
  DecisionKind kind = DecisionKind::kStrategy;
  std::string reason;
};

// Write this snapshot of an order (a new order or a state change). `reason` says why it changed.
struct PersistOrder {
  OrderRecord order;
  std::string reason;
};
struct PersistFill {
  Fill fill;
  ClientId client_id = 0;  // the order it belongs to (resolved by the order manager)
  WallTime seen;           // when the core heard of it (the event's time); fill.time is the exchange's
};
struct PersistDecision {
  Decision decision;
};
struct PersistStrategyState {
  std::string strategy_id;
  std::string state;  // Strategy::save_state()
};
// Place a limit order. The driver answers with Core::on_placed, on_place_rejected or on_place_ambiguous.
struct SendPlace {
  ClientId client_id = 0;
  Pair pair;
  Side side = Side::kBid;
  Price price;
  Amount amount;
};
// Cancel an order. The driver answers with Core::on_cancelled or on_cancel_failed.
struct SendCancel {
  ClientId client_id = 0;
  Pair pair;
  Side side = Side::kBid;
  std::string exchange_id;
};
// Fetch open orders, then own trades since `since`, and hand both to Core::on_reconcile.
struct RequestReconcile {
  WallTime since;
  std::string reason;
};
// Fetch a fresh depth snapshot of the pair and hand it to Core::on_book.
struct RequestBook {
  Pair pair;
  std::string reason;
};

using Effect = std::variant<PersistOrder, PersistFill, PersistDecision, PersistStrategyState, SendPlace,
                            SendCancel, RequestReconcile, RequestBook>;
using Effects = std::vector<Effect>;

}  // namespace dealer::engine
