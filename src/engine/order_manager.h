// OrderManager: the life of every order the bot places, as a plain state machine (no I/O, no clock).
// It writes each new order (PersistOrder) before it asks for it to be sent (SendPlace), applies fills
// exactly once per order (deduplicated by exchange order id and trade id, as nautilus's
// OrderCore::apply does: one trade id may name both sides of a self-trade), and reconciles its view
// with the exchange's snapshots. An order missing from the open orders is never assumed filled: only
// fills fill it. An ambiguous place (the answer was lost) is resolved by matching side, price and
// amount within a time window against open orders and own trades; until then its strategy may not
// place (no blind resend). A fill claim that cannot be true (more than the order's remainder, the wrong
// side) or that contradicts one already applied disputes the order: it becomes ambiguous, a
// reconciliation is asked for, the claim is not applied (nor marked seen: the true fill under the same
// trade id may come from the other source), and no reconciliation settles it while a claim disputes it.
//
// Ownership: owns every order record (records stay at a stable address until pruned). Not thread-safe:
// one driver thread calls it, through Core.
#pragma once

#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "engine/effects.h"

namespace dealer::engine {

struct OrderManagerConfig {
  // How long an ambiguous place may stay unresolved before a reconciliation that does not find it
  // concludes it never reached the exchange (rejected); only then may its strategy place again. Also
  // how long a cancelling order may stay listed open (its cancel refused) before the cancel is resent.
  Micros ambiguous_window = std::chrono::seconds(60);
  // Exchange timestamps may run behind ours: a candidate for an ambiguous order must be stamped no
  // earlier than the order's creation minus this.
  Micros clock_skew = std::chrono::seconds(30);
};

// What happened to an order that its strategy should hear about, in order of occurrence.
struct OrderNotice {
  enum class Kind { kUpdate, kFill };
  Kind kind = Kind::kUpdate;
  ClientId client_id = 0;
  std::optional<Fill> fill;    // for kFill
  std::optional<Error> error;  // for an update caused by an exchange error (rejection, ambiguity)
};

class OrderManager {
 public:
  explicit OrderManager(OrderManagerConfig config = {}) : config_(config) {}

  // Start-up: persisted orders and fills. Filled amounts are recomputed from the fills (the facts);
  // an order written but possibly not sent (new, sent) becomes ambiguous and asks for reconciliation.
  // Client ids continue above the highest seen and `next_client_id`.
  void restore(WallTime now, std::span<const OrderRecord> orders, std::span<const Fill> fills,
               ClientId next_client_id, Effects& out);

  // A new order: PersistOrder (state new) then SendPlace; the order is `sent` afterwards.
  const OrderRecord& place(WallTime now, const std::string& strategy_id, Pair pair, Side side, Price price,
                           Amount amount, std::string reason, Effects& out);
  // open or partially filled -> cancelling, with a SendCancel. An error if the order cannot be cancelled
  // now (unknown, not yet named by the exchange, already cancelling or terminal).
  Status cancel(WallTime now, ClientId id, std::string reason, Effects& out);

  void on_placed(WallTime now, ClientId id, const std::string& exchange_id, Effects& out);
  void on_place_rejected(WallTime now, ClientId id, const Error& error, Effects& out);
  void on_place_ambiguous(WallTime now, ClientId id, const Error& error, Effects& out);
  void on_cancelled(WallTime now, ClientId id, Effects& out);
  void on_cancel_failed(WallTime now, ClientId id, const Error& error, Effects& out);
  void on_fill(WallTime now, const Fill& fill, Effects& out);
  // A reconciliation snapshot: the open orders, fetched first, then the own trades since the oldest
  // unsettled order, fetched after them (so that an order missing from the open orders has all its
  // fills among the trades). Ambiguous orders are matched first against the exchange orders no order of
  // ours is bound to (see match_ambiguous); then the fills are applied; then orders the exchange no
  // longer holds are settled from their fills (filled if they cover the amount, else cancelled: never
  // assumed filled); then ambiguous orders still unmatched past the window are given up (rejected).
  // Limitation: an ambiguous order partly filled and then closed before any snapshot saw it open is
  // not matched; its fills are reported as anomalies for a person to settle.
  void on_reconcile(WallTime now, std::span<const Order> open_orders, std::span<const Fill> own_trades,
                    Effects& out);

  const OrderRecord* find(ClientId id) const;
  const std::unordered_map<ClientId, OrderRecord>& orders() const { return orders_; }
  bool has_ambiguous(const std::string& strategy_id) const;
  bool any_ambiguous() const;
  // The oldest creation time among orders that are not terminal (for the own-trades fetch).
  std::optional<WallTime> oldest_unsettled() const;
  // Net item bought minus sold by our fills, in the item's units.
  int64_t position(Currency item) const { return position_[item.index()]; }
  ClientId next_client_id() const { return next_id_; }
  // Forgets terminal orders last changed before `before` (their late fills become unknown fills);
  // returns how many.
  size_t prune(WallTime before);

  // Notices since the last take; the caller routes them to strategies.
  std::vector<OrderNotice>& notices() { return notices_; }

 private:
  OrderRecord* lookup(ClientId id, std::string_view event, WallTime now, Effects& out);
  OrderRecord* order_for_fill(const Fill& fill);
  struct Candidate;
  std::vector<Candidate> candidates(std::span<const Order> open_orders,
                                    std::span<const Fill> own_trades) const;
  bool fits(const OrderRecord& order, const Candidate& candidate) const;
  OrderRecord* match_ambiguous(const Candidate& candidate);
  void set_state(WallTime now, OrderRecord& order, OrderState state, std::string reason, Effects& out,
                 std::optional<Error> error = std::nullopt);
  void bind(OrderRecord& order, const std::string& exchange_id);
  void settle_missing(WallTime now, const std::unordered_set<std::string>& open_ids, Effects& out);
  void give_up_or_keep_ambiguous(WallTime now, std::span<const Candidate> unmatched, Effects& out);
  void anomaly(WallTime now, std::string reason, Effects& out);
  void dispute(WallTime now, OrderRecord& order, const std::string& claim, Effects& out);
  // A fill's identity: its exchange order id (the order's own if the fill does not name it; the client
  // id for an order the exchange never named) and its trade id.
  using FillKey = std::pair<std::string, std::string>;
  static FillKey key_of(const Fill& fill, const OrderRecord* order);
  struct Applied {
    Price price;
    Amount amount;
  };

  OrderManagerConfig config_;
  std::unordered_map<ClientId, OrderRecord> orders_;
  std::unordered_map<std::string, ClientId> by_exchange_id_;
  std::map<FillKey, Applied> applied_;     // fills applied (or restored), by identity
  std::set<FillKey> unknown_reported_;     // fills of no order of ours, reported once
  std::unordered_set<ClientId> disputed_;  // orders a claim disputed since the last reconciliation
  std::array<int64_t, Currency::kCount> position_{};
  ClientId next_id_ = 1;
  std::vector<OrderNotice> notices_;
};

}  // namespace dealer::engine
