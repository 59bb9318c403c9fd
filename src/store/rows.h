// The rows of dealer's SQLite history (schema in db/, documented in db/README.md), as plain structs.
// The store knows nothing of the engine: a driver maps its own types to these. Money fields are integers
// in the exchange's units (amounts in the item's units, BTC 1e-8; prices, costs and fees in the quote or
// fee currency's units, USD 1e-5, JPY 1e-3); times are microseconds since the Unix epoch (UTC).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/model.h"

namespace dealer::store {

// Whether a row comes from real trading or from paper mode (orders filled locally, no money at stake).
enum class RunMode { kLive, kPaper };
std::span<const std::string_view> enum_names(RunMode);  // "live", "paper"

// The order states the orders table accepts (a CHECK constraint holds the same list).
inline constexpr std::string_view kOrderStates[] = {
    "new", "sent", "open", "partially_filled", "filled", "cancelling", "cancelled", "rejected", "ambiguous"};
// Whether an order in `state` is finished (filled, cancelled, rejected): reconciliation no longer looks
// at it, and HistoryReader::alive_orders leaves it out.
bool is_terminal_order_state(std::string_view state);

// An order as dealer decided it. Written (insert only) before the order is sent; later changes travel
// as OrderEvent. `seq` is the strategy's order sequence number (unique per strategy, > 0), from which
// the engine forms `client_id`; HistoryReader::next_order_seq restores the counter after a restart.
struct OrderRow {
  std::string client_id;
  std::string strategy_id;
  int64_t seq = 0;
  std::string pair;  // e.g. "BTCUSD": item then quote currency
  Side side = Side::kBid;
  OrderKind kind = OrderKind::kLimit;
  int64_t price_int = 0;    // quote units per whole item; 0 for a market order
  int64_t amount_int = 0;   // item units
  std::string exchange_id;  // empty until the exchange has named the order
  std::string state = "new";
  int64_t filled_amount_int = 0;
  int64_t created_us = 0;
  int64_t updated_us = 0;
  RunMode mode = RunMode::kLive;

  friend bool operator==(const OrderRow&, const OrderRow&) = default;
};

// A state change of an order. As a write op it updates the order's row (state, filled amount,
// updated_us = time_us, and exchange_id when non-empty) and appends itself to order_events; inserting an
// OrderRow appends its first event (detail "created"). Read back from order_events in order.
struct OrderEvent {
  std::string client_id;
  int64_t time_us = 0;
  std::string state;
  std::string exchange_id;  // empty: unchanged / not known yet
  int64_t filled_amount_int = 0;
  std::string detail;  // why: "placed", "cancel requested", the exchange's error text, ...

  friend bool operator==(const OrderEvent&, const OrderEvent&) = default;
};

// One execution of the account's own order, identified by (pair, trade_id, exchange_order_id): writing
// one already stored does nothing (the same fill seen again through order/result and own trades), so the
// write is idempotent, while both sides of a self-trade (one trade id, two orders) are two rows.
struct FillRow {
  std::string trade_id;   // the exchange's trade id as it sent it (MtGox: the tid)
  std::string client_id;  // empty for an order dealer did not place
  std::string exchange_order_id;
  std::string pair;
  Side side = Side::kBid;
  int64_t price_int = 0;             // quote units per whole item
  int64_t amount_int = 0;            // item units
  std::optional<int64_t> spent_int;  // the exchange's own price x amount, quote units; none if not said
  int64_t fee_int = 0;               // units of fee_currency
  std::string fee_currency;
  int64_t time_us = 0;  // the exchange's trade time
  int64_t seen_us = 0;  // when dealer saw the fill (its wall clock)
  RunMode mode = RunMode::kLive;

  friend bool operator==(const FillRow&, const FillRow&) = default;
};

// A fill as `dealer history` shows it: with the strategy of its order (read, not written: orders hold it).
struct FillView {
  FillRow fill;
  std::string strategy_id;  // empty for an order dealer did not place
};

// One primary trade of the public tape. A (pair, tid) already stored is skipped, not an error.
struct TradeRow {
  std::string pair;
  int64_t tid = 0;
  int64_t time_us = 0;
  int64_t price_int = 0;
  int64_t amount_int = 0;
  Side side = Side::kBid;
  std::string properties;  // "limit", "market", "limit,mixed_currency"

  friend bool operator==(const TradeRow&, const TradeRow&) = default;
};

// Prices in quote units; volume (last 24 hours) in item units.
struct TickerRow {
  int64_t time_us = 0;
  std::string pair;
  int64_t last_int = 0, buy_int = 0, sell_int = 0, high_int = 0, low_int = 0, avg_int = 0, vwap_int = 0;
  int64_t volume_int = 0;

  friend bool operator==(const TickerRow&, const TickerRow&) = default;
};

struct LevelRow {
  int64_t price_int = 0;
  int64_t amount_int = 0;
  friend bool operator==(const LevelRow&, const LevelRow&) = default;
};

// A book snapshot; each side best first (bids descending, asks ascending). The best bid and ask columns
// are the first level of each side (NULL when the side is empty).
struct DepthRow {
  int64_t time_us = 0;
  std::string pair;
  std::vector<LevelRow> bids;
  std::vector<LevelRow> asks;

  friend bool operator==(const DepthRow&, const DepthRow&) = default;
};

// One wallet at one moment, in units of `currency`.
struct BalanceRow {
  int64_t time_us = 0;
  std::string currency;  // "BTC", "USD"
  int64_t total_int = 0;
  int64_t in_orders_int = 0;
  RunMode mode = RunMode::kLive;

  friend bool operator==(const BalanceRow&, const BalanceRow&) = default;
};

struct DecisionRow {
  int64_t time_us = 0;
  std::string strategy_id;
  std::string kind;    // "place", "cancel", "skip", "disabled", "kill_switch", ...
  std::string reason;  // for a person

  friend bool operator==(const DecisionRow&, const DecisionRow&) = default;
};

// A named resume point (e.g. "trades.mtgox.BTCUSD" = last tid stored). Written as an upsert.
struct CursorRow {
  std::string name;
  int64_t value = 0;
  int64_t updated_us = 0;

  friend bool operator==(const CursorRow&, const CursorRow&) = default;
};

// A strategy's persisted state, opaque to the store. Written as an upsert.
struct StrategyStateRow {
  std::string strategy_id;
  std::string state;
  int64_t updated_us = 0;

  friend bool operator==(const StrategyStateRow&, const StrategyStateRow&) = default;
};

// A notification for one receiver (the outbox, notify/). Written in the group of what caused it; an
// (event_id, receiver) already stored is skipped, so a fill seen twice notifies once.
struct NotificationRow {
  std::string event_id;
  std::string receiver;
  std::string event;
  int64_t time_us = 0;     // when it happened
  int64_t created_us = 0;  // when it was queued: the expiry counts from here
  std::string text;
  std::string data = "{}";

  friend bool operator==(const NotificationRow&, const NotificationRow&) = default;
};

// The notifier's bookkeeping for one outbox row (by its id): state "pending", "delivered", "given_up"
// or "expired".
struct NotificationUpdate {
  int64_t id = 0;
  std::string state;
  int64_t attempts = 0;
  int64_t next_attempt_us = 0;
  int64_t updated_us = 0;
  std::string detail;

  friend bool operator==(const NotificationUpdate&, const NotificationUpdate&) = default;
};

// An operator's control through the dashboard's API (db/004_controls.sql), written as it is carried out.
struct ControlRow {
  int64_t time_us = 0;
  std::string action;  // "cancel", "pause", "pause_and_cancel", "resume", "halt", "resume_trading", "reload"
  std::string target;  // the order's client id or the strategy's id; empty for the others
  std::string remote;  // the client's address
  std::string outcome;

  friend bool operator==(const ControlRow&, const ControlRow&) = default;
};

// One thing to write. A group of them (Store::submit) commits all or nothing.
using WriteOp = std::variant<OrderRow, OrderEvent, FillRow, TradeRow, TickerRow, DepthRow, BalanceRow,
                             DecisionRow, CursorRow, StrategyStateRow, NotificationRow, NotificationUpdate,
                             ControlRow>;

}  // namespace dealer::store
