// MarketMaker: one bid and one ask of a fixed size around the mid price, `spread` apart, both shifted
// against the inventory (long BTC: both lower, so the ask fills more easily and the bid less).
//
// The mid is that of the book when a snapshot younger than `book_max_age` has others' orders on both
// sides (our own quotes are left out: they must not pull the mid after themselves; so are those that
// settled after the snapshot was taken, which it may still show), else the last
// trade price: a backtest has no depth, only the trade tape. The quotes never cross: a bid is kept
// below the others' best ask and an ask above their best bid; without a fresh book the last trade price
// stands in for both.
//
// It requotes when the mid has moved more than `requote_threshold` from the mid of the current quotes,
// or after any fill (the inventory, hence the skew, changed): it cancels its quotes and places the new
// pair once the cancels are confirmed (never two pairs at once, and the funds the old quotes hold are
// free again). A side whose fill would take the inventory past `max_inventory` (either way) is not
// quoted. An order the risk limits or the funds refuse is not retried until the next requote. On stop
// (Core::stop), and whenever a quote comes to rest while the core is halted, it cancels its quotes.
//
// The inventory is what this strategy's fills bought minus sold, from 0 at its first start; it is
// counted from each order's filled amount, so fills learnt at a restart count too. Saved state: the
// inventory, the mid of the current quotes and the filled amount seen of each unsettled order.
//
// Ownership: owns its parameters and counters. Runs on the core's thread only.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/strategy.h"
#include "strategies/registry.h"

namespace dealer::strategies {

struct MarketMakerParams {
  Amount amount;            // of each quote
  Price spread;             // ask minus bid before clamping, quote units
  Price requote_threshold;  // requote when the mid moved strictly more than this
  Price skew;               // quote units the quotes move down per whole item of inventory
  Amount max_inventory;     // |inventory| a fill may reach at most
  Micros book_max_age = std::chrono::seconds(30);
};

// The two prices a quote would have, from the mid and the inventory, before the side checks.
struct QuotePrices {
  Price mid;
  bool from_book = false;
  Price bid, ask;
};

class MarketMaker final : public engine::Strategy {
 public:
  // Keys: id, strategy, pair, amount, spread, max_inventory, requote_threshold?, skew?, book_max_age?
  static std::unique_ptr<engine::Strategy> create(const StrategySpec& spec);

  MarketMaker(std::string id, engine::Pair pair, MarketMakerParams params);

  void on_trades(engine::StrategyContext& ctx, std::span<const Trade> trades) override;
  void on_book(engine::StrategyContext& ctx) override;
  void on_timer(engine::StrategyContext& ctx) override;
  void on_order(engine::StrategyContext& ctx, const engine::OrderRecord& order, const Error* error) override;
  void on_fill(engine::StrategyContext& ctx, const engine::OrderRecord& order,
               const engine::Fill& fill) override;
  void on_stop(engine::StrategyContext& ctx) override;

  // Lines "inventory N", "mid N" (absent before the first quote), "order ID FILLED" (raw units).
  std::string save_state() const override;
  Status load_state(std::string_view text) override;
  std::string describe_state() const override;

  const MarketMakerParams& params() const { return params_; }
  Amount inventory() const { return inventory_; }

 private:
  // What would be quoted now (empty without a mid).
  std::optional<QuotePrices> prices(const engine::StrategyContext& ctx) const;
  void count_fills(engine::StrategyContext& ctx, const engine::OrderRecord& order);
  std::optional<Price> best_of_others(const engine::Book& book, Side side) const;
  void update(engine::StrategyContext& ctx);
  void cancel_quotes(engine::StrategyContext& ctx, std::string_view reason);
  void place_quotes(engine::StrategyContext& ctx, const QuotePrices& q);

  MarketMakerParams params_;
  Amount inventory_;
  std::optional<Price> quoted_mid_;  // the mid of the current quotes (placed or refused)
  std::array<bool, 2> side_held_{};  // bid, ask: not quoted for max_inventory (said once, not per requote)
  std::string requote_why_;          // non-empty: replace the quotes, for this reason (a fill, a mid move)
  std::map<engine::ClientId, Amount> filled_seen_;  // unsettled orders: filled amount already counted
  // Our quotes that settled (cancelled, filled) since the book's snapshot: it may still show them.
  std::vector<engine::OwnQuote> gone_;
  WallTime gone_latest_{};  // when the newest of gone_ settled
};

}  // namespace dealer::strategies
