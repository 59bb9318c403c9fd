// Grid: limit orders on a fixed ladder of price levels between `lower` and `upper` (both included),
// `step` apart or `levels` of them. Between each two neighbouring levels lies one cell, which holds one
// order of `amount`: a buy at its lower level or a sell at its upper one. At the first trade, cells
// whose lower level is below the last price buy, the others sell (so the level nearest above the price,
// or at it, stays empty). When a cell's order is completely filled the cell turns over: a filled buy
// places the sell one level up, a filled sell the buy one level down; partial fills wait for the rest
// (the counter-order is always for the whole amount). No order is ever outside the bounds: the cells
// only span them.
//
// An order refused (funds, risk limits) or rejected by the exchange leaves its cell empty until some
// order of the grid fills (which is what changes funds); one cancelled by someone else is placed again
// on the next trade, for the whole amount (a part it had filled gets no counter-order). The grid's
// orders stay on the book when the bot stops (`shutdown.cancel_open_orders` decides).
//
// Saved state: the ladder's shape (to notice a changed configuration) and each cell's side and order,
// so a restart continues the grid: it places nothing twice, and turns over cells whose orders filled
// while it was down (the core restores their fills).
//
// Ownership: owns its ladder and cells. Runs on the core's thread only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/strategy.h"
#include "strategies/registry.h"

namespace dealer::strategies {

class Grid final : public engine::Strategy {
 public:
  // Keys: id, strategy, pair, lower, upper, step or levels (one of them), amount.
  static std::unique_ptr<engine::Strategy> create(const StrategySpec& spec);

  // `levels`: at least two, strictly increasing.
  Grid(std::string id, engine::Pair pair, std::vector<Price> levels, Amount amount);

  void on_trades(engine::StrategyContext& ctx, std::span<const Trade> trades) override;
  void on_order(engine::StrategyContext& ctx, const engine::OrderRecord& order, const Error* error) override;
  void on_fill(engine::StrategyContext& ctx, const engine::OrderRecord& order,
               const engine::Fill& fill) override;

  // "grid LOWEST HIGHEST COUNT" then one line per cell: "cell K buy|sell ORDER" (0: no order).
  std::string save_state() const override;
  Status load_state(std::string_view text) override;
  std::string describe_state() const override;

  const std::vector<Price>& levels() const { return levels_; }

 private:
  // Cell k lies between levels k and k+1: a buy at level k or a sell at level k+1.
  struct Cell {
    Side side = Side::kBid;
    engine::ClientId order = 0;
    bool blocked = false;  // refused or rejected: not placed again until some order fills
  };

  Price price_of(size_t k) const { return levels_[cells_[k].side == Side::kBid ? k : k + 1]; }
  void place_missing(engine::StrategyContext& ctx, std::string_view why);
  std::string shape() const;

  std::vector<Price> levels_;
  Amount amount_;
  std::vector<Cell> cells_;  // empty until the first trade sets the sides
};

}  // namespace dealer::strategies
