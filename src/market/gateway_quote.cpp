#include "market/gateway_quote.h"

#include "core/money.h"

namespace dealer::market {

int64_t gateway_fee(int64_t amount, const Decimal& percent) { return *percent_of(amount, percent); }

GatewayPlan plan_gateway_deposit(const GatewayPricing& market, const std::string& deposit_asset, bool buying,
                                 std::optional<int64_t> limit, int64_t amount,
                                 std::span<const GatewayMaker> makers) {
  GatewayPlan p;
  const int64_t max = buying ? market.ask_max : market.bid_max;
  if (buying ? market.buy_disabled : market.sell_disabled) {
    p.refund_over_max = amount;
    p.refund_note = buying ? "Buying is disabled" : "Selling is disabled";
    return p;
  }
  if (amount > max) {
    p.refund_note = "Over " + Decimal(max, 8).normalized().to_string() + " " + deposit_asset + "!";
    if (!market.has_orderbook) {  // regular markets refund the whole deposit
      p.refund_over_max = amount;
      return p;
    }
    p.refund_over_max = amount - max;  // order-book markets refund only the excess
    amount = max;
  }
  if (!market.has_orderbook) {
    const int64_t price = buying ? market.ask : market.bid;
    auto converted = to_int64(buying ? static_cast<Int128>(amount) * kGatewayUnit / price
                                     : static_cast<Int128>(amount) * price / kGatewayUnit,
                              "its value at the market's price");
    if (!converted) {
      p.overflow = converted.error().message;
      return p;
    }
    const int64_t base = buying ? divide_rounded(static_cast<Int128>(amount) * kGatewayUnit, price) : amount;
    const int64_t quote = buying ? amount : divide_rounded(static_cast<Int128>(amount) * price, kGatewayUnit);
    p.fills.push_back(GatewayFill{-1, base, quote, price});
    return p;
  }
  int64_t left = amount;
  for (const GatewayMaker& maker : makers) {
    if (limit && (buying ? maker.price > *limit : maker.price < *limit)) break;
    // Quantities in base; the quote side is rounded once, never beyond what either side holds.
    // The minimum is taken in 128 bits: narrowing first wrapped a large deposit at a small price.
    const int64_t base = static_cast<int64_t>(
        buying ? std::min<Int128>(maker.remaining, static_cast<Int128>(left) * kGatewayUnit / maker.price)
               : std::min<Int128>(left, static_cast<Int128>(maker.remaining) * kGatewayUnit / maker.price));
    if (base <= 0) continue;
    const int64_t quote = divide_rounded(static_cast<Int128>(base) * maker.price, kGatewayUnit);
    p.fills.push_back(GatewayFill{maker.id, base, quote, maker.price});
    left -= buying ? quote : base;
    if (left <= 0) break;
  }
  p.unfilled = left;
  return p;
}

Result<GatewayQuote> quote_of(const GatewayPricing& market, bool buying, const GatewayPlan& plan) {
  if (plan.overflow) return make_error(Errc::kOverflow, *plan.overflow);
  Int128 result = 0;
  for (const GatewayFill& f : plan.fills) {
    result += buying ? f.base - gateway_fee(f.base, market.ask_fee_percent)
                     : f.quote - gateway_fee(f.quote, market.bid_fee_percent);
  }
  auto total = to_int64(result, "the quoted amount");
  if (!total) return std::move(total).error();
  return GatewayQuote{*total, plan.refund_over_max + plan.unfilled};
}

}  // namespace dealer::market
