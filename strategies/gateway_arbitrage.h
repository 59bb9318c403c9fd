// GatewayArbitrage: buys BTC on MtGox when a Metaexchange-style gateway pays more for it, in the
// gateway's USD-pegged asset (bitUSD), than it costs after every fee. For a round of `amount` BTC
// (bounded by the gateway's maximum deposit plus the transfer fee) at the MtGox price P (best ask, or the
// last trade without a book, plus `slippage_percent`: the buy's limit):
//   cost    = P x amount + mtgox_fee_percent of that + transfer_cost          (quote units)
//   deposit = amount - transfer_fee_btc                                       (the miner's fee)
// (with mtgox_fee_in_btc the fee leaves the cost and comes off the deposit instead: mtgox_fee_percent of
// the amount, in BTC)
//   value   = the gateway's quote for the deposit (after its fee) x asset_value (quote units)
//   edge    = value - cost; the round starts only if edge > min_edge_percent of cost and the gateway
//             would refund nothing.
// Leg one is a limit buy on MtGox; once it has ended (complete, or cancelled after `order_timeout`
// with a part filled) leg two deposits what it bought, less the transfer fee (and the MtGox fee when
// the exchange takes it in BTC), at the gateway, and the
// deposit is followed on every later event until it completes (the asset received is tallied) or is
// refunded (the BTC comes back; tallied and reported). One round at a time. Each step is a decision
// with its figures. Every figure is an exact integer: products in 128 bits, half away from zero.
// Saved state: the round's step, its MtGox order, the deposit's id and amount, the tallies, and the
// gateway object's own state, so a restart picks up a leg in flight.
//
// Ownership: owns its gateway. Runs on the core's thread only.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "engine/strategy.h"
#include "strategies/gateway_leg.h"
#include "strategies/registry.h"

namespace dealer::strategies {

struct GatewayArbitrageParams {
  Amount amount;              // BTC per round
  Decimal min_edge_percent;   // of the round's cost
  Decimal mtgox_fee_percent;  // of the MtGox notional
  // The exchange takes the buy's fee from the BTC bought (the simulator does), not in the quote
  // currency: it is then not in the cost, and not deposited. The MtGox v1 trade list carries no fees,
  // so the strategy takes the rate from mtgox_fee_percent.
  bool mtgox_fee_in_btc = false;
  Decimal slippage_percent;   // buy limit above the reference price
  Amount transfer_fee;        // BTC lost moving the bought BTC to the gateway
  int64_t transfer_cost = 0;  // quote units per round (withdrawal and other fixed costs)
  Decimal asset_value{1, 0};  // quote currency per unit of the gateway's asset
  Micros order_timeout = std::chrono::seconds(60);
};

// One round's figures, all in exact units (quote currency for money, 1e-8 for gateway amounts).
struct ArbitrageEdge {
  Price limit;
  Amount amount;
  int64_t cost = 0;
  int64_t deposit = 0;
  GatewayOffer offer;
  int64_t value = 0;
  int64_t edge = 0;
  bool go = false;
};

class GatewayArbitrage final : public engine::Strategy {
 public:
  // Keys: id, strategy, pair, amount, min_edge_percent, mtgox_fee_percent, slippage_percent,
  // transfer_fee_btc, transfer_cost, asset_value, order_timeout, gateway {mode: simulated, symbol_pair,
  // ask, bid, ask_max, bid_max, ask_fee_percent, bid_fee_percent, buy_disabled, sell_disabled, confirm}
  // or gateway {mode: metaexchange, ...}: the leg `spec.services` makes (dealer run only).
  static std::unique_ptr<engine::Strategy> create(const StrategySpec& spec);

  GatewayArbitrage(std::string id, engine::Pair pair, GatewayArbitrageParams params,
                   std::unique_ptr<GatewayLeg> gateway);

  void on_trades(engine::StrategyContext& ctx, std::span<const Trade> trades) override;
  void on_book(engine::StrategyContext& ctx) override { advance(ctx); }
  void on_timer(engine::StrategyContext& ctx) override { advance(ctx); }
  void on_order(engine::StrategyContext& ctx, const engine::OrderRecord& order, const Error* error) override;
  void on_fill(engine::StrategyContext& ctx, const engine::OrderRecord& order,
               const engine::Fill& fill) override;

  // "step order placed_us deposit_id deposit rounds received refunded" on the first line, the gateway's
  // state after it.
  std::string save_state() const override;
  Status load_state(std::string_view text) override;
  std::string describe_state() const override;

  // The figures of a round at reference price `reference` (before slippage), now.
  Result<ArbitrageEdge> edge_at(Price reference, WallTime now) const;

  enum class Step { kIdle, kBuying, kInFlight };
  Step step() const { return step_; }
  int64_t rounds() const { return rounds_; }
  int64_t received() const { return received_; }
  int64_t refunded() const { return refunded_; }

 private:
  // Whatever the round's step calls for now: start one, time out the buy, follow the deposit.
  void advance(engine::StrategyContext& ctx);
  void start_round(engine::StrategyContext& ctx, Price reference);
  void deposit(engine::StrategyContext& ctx, Amount bought);
  void follow_deposit(engine::StrategyContext& ctx);
  int64_t btc_fee(int64_t bought) const;     // the MtGox fee taken from `bought` BTC units, if in BTC
  int64_t deposit_of(int64_t bought) const;  // what reaches the gateway of `bought`

  GatewayArbitrageParams params_;
  std::unique_ptr<GatewayLeg> gateway_;
  Step step_ = Step::kIdle;
  engine::ClientId order_ = 0;
  int64_t placed_us_ = 0;
  std::string deposit_id_ = "-";
  int64_t deposit_ = 0;
  int64_t rounds_ = 0;    // deposits completed
  int64_t received_ = 0;  // asset units received in all
  int64_t refunded_ = 0;  // BTC units refunded in all
  int64_t retry_us_ = 0;  // after a refused buy, no new round before this (not saved: a restart retries)
};

}  // namespace dealer::strategies
