// The Metaexchange gateway's deposit plan and quote, as pure functions of a market's pricing: what a
// deposit of `amount` turns into (fills at the gateway's ask/bid on a regular market, against resting
// limit orders on an order-book market), what is refunded over ask_max/bid_max or for want of a
// counterpart, and what the depositor receives after the fee (tests/data/seeds/metaexchange-api.txt:
// getQuote, getMarket). The simulator (src/sim/gateway.*) quotes and executes with it, and the
// gateway_arbitrage strategy's simulated gateway (backtest, paper) quotes and settles with it, so the
// two cannot disagree.
// Amounts and prices are integers in units of 1e-8 (Metaexchange has no units of its own); products
// are taken in 128 bits. Stateless and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/decimal.h"
#include "core/result.h"

namespace dealer::market {

inline constexpr int64_t kGatewayUnit = 100'000'000;  // 1e8: Metaexchange amounts and prices in 1e-8

// A market's pricing. Prices are quote units per base unit; a buy deposits quote and receives base, a
// sell deposits base and receives quote.
struct GatewayPricing {
  int64_t ask = 0, bid = 0;          // the gateway sells base at ask, buys it at bid
  int64_t ask_max = 0, bid_max = 0;  // largest deposit: quote for a buy, base for a sell
  Decimal ask_fee_percent, bid_fee_percent;
  bool has_orderbook = false;
  bool buy_disabled = false, sell_disabled = false;
};

// A resting limit order of the other side on an order-book market: its price and the deposit units it
// still holds. `id` is the caller's, carried into the fills.
struct GatewayMaker {
  int id = 0;
  int64_t price = 0;
  int64_t remaining = 0;
};

struct GatewayFill {
  int maker = -1;  // the maker's id, or -1 for the gateway itself (regular markets)
  int64_t base = 0, quote = 0, price = 0;
};

struct GatewayPlan {
  std::optional<std::string> overflow;  // a quantity of this plan does not fit 64 bits: refuse the deposit
  int64_t refund_over_max = 0;
  std::vector<GatewayFill> fills;
  int64_t unfilled = 0;  // deposit units left: rests (limit) or is refunded (market)
  std::string refund_note;
};

// What a deposit of `amount` (of `deposit_asset`, named in the refund note) would do now. A regular
// market refunds a deposit over its maximum in full; an order-book market refunds only the excess and
// trades the rest against `makers` (best price first, then oldest), up to `limit` when given.
GatewayPlan plan_gateway_deposit(const GatewayPricing& market, const std::string& deposit_asset, bool buying,
                                 std::optional<int64_t> limit, int64_t amount,
                                 std::span<const GatewayMaker> makers = {});

// `percent` percent of `amount`, half away from zero: the gateway's fee on what it pays out.
int64_t gateway_fee(int64_t amount, const Decimal& percent);

// What getQuote answers: the units received after the fee, and the units refunded (over the maximum
// or without a counterpart).
struct GatewayQuote {
  int64_t receive = 0;
  int64_t remaining = 0;
};
// The quote of a plan; an error (Errc::kOverflow) when the plan or its total does not fit 64 bits.
Result<GatewayQuote> quote_of(const GatewayPricing& market, bool buying, const GatewayPlan& plan);

}  // namespace dealer::market
