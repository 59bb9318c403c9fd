// Conversions between MtGox wire types and the domain model. Wire -> domain checks what the domain
// relies on (currencies agree, BTC amounts are BTC) and, where a Result is returned, that every value
// is possible (model/plausible.h: an implausible_error names the value); domain -> wire builds the strings
// MtGox would have sent (value in full decimals, display forms), so the simulator can answer as MtGox did.
#pragma once

#include "core/result.h"
#include "exchange/exchange.h"
#include "model/model.h"
#include "exchange/mtgox/wire.h"

namespace dealer::mtgox {

Value make_value(int64_t raw, Currency currency);

dealer::Trade to_domain(const Trade& t);
Trade to_wire(const dealer::Trade& t);
// A public/trades answer at the edge: the plausible trades (model/plausible.h), and what was wrong
// with each trade refused. The good trades of a page still go through: each trade stands alone.
struct TradesIn {
  std::vector<dealer::Trade> trades;
  std::vector<std::string> refused;
};
TradesIn trades_in(const std::vector<Trade>& wire);

Result<dealer::Ticker> to_domain(const Ticker& t);
Ticker to_wire(const dealer::Ticker& t);

dealer::Depth to_domain(const Depth& d);
Depth to_wire(const dealer::Depth& d, Currency currency);
// A depth answer at the edge: refused whole (implausible_error) when a level, the order of a side or
// the spread is impossible, since a book with levels taken out would misstate the market.
Result<dealer::Depth> depth_in(const Depth& d, Currency currency);

Result<dealer::Order> to_domain(const Order& o);
// order/result of an order of `side` on the BTC<currency> pair: every price and total in `currency`,
// every amount in BTC, every date a valid "YYYY-MM-DD HH:MM:SS".
Result<OrderFills> to_domain(const OrderResult& r, Side side, Currency currency);
// One entry of generic/private/trades, with the same checks.
Result<OwnTrade> to_own_trade(const PrivateTrade& t, Currency currency);
Result<AccountInfo> to_domain(const Info& info);

}  // namespace dealer::mtgox
