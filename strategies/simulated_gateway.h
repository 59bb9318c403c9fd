// SimulatedGateway: a GatewayLeg for backtest and paper runs, from configured market parameters
// (ask, bid, maximums, fees of one regular Metaexchange market) with the plan the simulator's getQuote
// and execution use (market/gateway_quote.h), so a simulated deposit pays out to the unit what
// `dealer exchange` would. A deposit stays pending for `confirm` after it is made, then completes at the
// configured price or is refunded in full (over the maximum, or that side disabled), as a regular
// market does. BTC is the deposit: the market's quote (buy, e.g. bitUSD_BTC) or base (sell, BTC_X).
//
// Ownership: owns its deposits. Not thread-safe (the core's thread).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "market/gateway_quote.h"
#include "strategies/gateway_leg.h"

namespace dealer::strategies {

class SimulatedGateway final : public GatewayLeg {
 public:
  // `btc_is_quote`: a BTC deposit is a buy of the base asset (X_BTC); otherwise a sell of base BTC.
  SimulatedGateway(market::GatewayPricing pricing, bool btc_is_quote, Micros confirm);

  Result<GatewayOffer> quote(int64_t amount, WallTime now) const override;
  // The network fee is the sender's: nothing simulated pays it.
  Result<std::string> deposit(int64_t amount, int64_t network_fee, WallTime now) override;
  Result<GatewayDepositStatus> status(const std::string& id, WallTime now) const override;
  // One line per deposit: "id amount made_at_us".
  std::string save_state() const override;
  Status load_state(std::string_view text) override;

 private:
  struct Deposit {
    std::string id;
    int64_t amount = 0;
    int64_t made_us = 0;
  };

  market::GatewayPricing pricing_;
  bool buying_;
  Micros confirm_;
  std::vector<Deposit> deposits_;
  // The last two quotes by amount: the pricing never changes, and a strategy asks for the same one or
  // two amounts on every trade, which then costs no allocation (a plan holds a vector).
  struct CachedOffer {
    int64_t amount = 0;
    GatewayOffer offer;
  };
  mutable std::array<CachedOffer, 2> cache_{};
  mutable size_t next_cached_ = 0;
};

}  // namespace dealer::strategies
