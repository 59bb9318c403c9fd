// GatewayLeg: the narrow view gateway_arbitrage has of a Metaexchange-style gateway: quote a BTC
// deposit (what it would pay out after the fee, what it would refund, the largest deposit it takes),
// make a deposit, and follow a deposit to completion or refund. The strategy gets one at construction
// from its factory: a SimulatedGateway (strategies/simulated_gateway.h) in backtest and paper runs,
// live::MetaexchangeGateway (src/live/metaexchange_gateway.h) on the Metaexchange API in `dealer run`.
// Amounts are integers in units of 1e-8, as Metaexchange's own (market/gateway_quote.h). Calls are
// synchronous and take the event time, so virtual time drives the simulated gateway.
//
// Ownership: the strategy owns its gateway. Used on the core's thread only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace dealer::strategies {

struct GatewayOffer {
  int64_t receive = 0;      // what a deposit of the quoted amount pays out, after the gateway's fee
  int64_t refund = 0;       // what it would refund (over the maximum, or no counterpart)
  int64_t max_deposit = 0;  // the gateway's maximum for this side: ask_max or bid_max
};

struct GatewayDepositStatus {
  enum class State { kPending, kCompleted, kRefunded };
  State state = State::kPending;
  int64_t received = 0;  // paid out, after the fee
  int64_t refunded = 0;  // sent back
  std::string note;      // the gateway's note on a refund ("Over 1 BTC!")
};

class GatewayLeg {
 public:
  virtual ~GatewayLeg() = default;
  // What a deposit of `amount` BTC would do now (getQuote and getMarket).
  virtual Result<GatewayOffer> quote(int64_t amount, WallTime now) const = 0;
  // Deposits `amount` BTC, the sender paying `network_fee` (the miner's) on top; the deposit's id (its
  // txid) to follow it by.
  virtual Result<std::string> deposit(int64_t amount, int64_t network_fee, WallTime now) = 0;
  virtual Result<GatewayDepositStatus> status(const std::string& id, WallTime now) const = 0;
  // What the gateway object itself must keep across a restart (the simulated one: its deposits), as
  // text saved with the strategy's state.
  virtual std::string save_state() const = 0;
  virtual Status load_state(std::string_view text) = 0;
};

}  // namespace dealer::strategies
