// The engine's own order and fill records: what the order manager tracks, what the store persists and
// what a strategy sees of its orders. Distinct from model/ Order (the exchange's view of an open order)
// and from the exchange's own-trade rows, which the driver maps into Fill.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/money.h"
#include "core/time.h"
#include "engine/pair.h"
#include "model/model.h"

namespace dealer::engine {

// Unique per dealer database and stable across restarts: the driver restores the next value from the
// highest id in the store (Core::restore), so an id is never reused.
using ClientId = int64_t;

// new: created and written, not yet handed to the driver's Send. sent: the place request is out (not
// written separately: a stored `new` row found at start-up may have been sent and becomes ambiguous).
// open / partially_filled: the exchange holds it. cancelling: a cancel is out. ambiguous: the place may
// or may not have landed; reconciliation decides. filled, cancelled, rejected are terminal.
enum class OrderState {
  kNew,
  kSent,
  kOpen,
  kPartiallyFilled,
  kFilled,
  kCancelling,
  kCancelled,
  kRejected,
  kAmbiguous,
};
std::span<const std::string_view> enum_names(OrderState);
std::string_view to_string(OrderState state);
bool is_terminal(OrderState state);

struct OrderRecord {
  ClientId client_id = 0;
  std::string strategy_id;
  Pair pair;
  Side side = Side::kBid;
  Price price;  // limit price in the quote currency's units
  Amount amount;
  Amount filled;  // sum of the fills seen; never above amount
  OrderState state = OrderState::kNew;
  std::string exchange_id;  // empty until the exchange names the order
  WallTime created;
  WallTime updated;

  Amount remaining() const { return amount - filled; }
  bool complete() const { return filled == amount; }
};

// One execution of one of our orders, from own trades or order/result. `trade_id` is the exchange's
// id of the execution; a fill is identified by it together with its order (the exchange names both
// sides of a self-trade with one trade id), and deduplicated per order. The driver fills client_id when
// it knows it, else the order manager finds the order by exchange order id.
struct Fill {
  std::string trade_id;
  std::string order_id;  // the exchange's order id
  ClientId client_id = 0;
  Side side = Side::kBid;
  Price price;
  Amount amount;
  std::optional<Cost> spent;  // the exchange's own price x amount, when it says (MtGox `spent`)
  int64_t fee = 0;            // in units of fee_currency
  Currency fee_currency;
  WallTime time;  // the exchange's trade time
};

}  // namespace dealer::engine
