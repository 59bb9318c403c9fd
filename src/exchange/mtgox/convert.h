// Conversions between MtGox wire types and the domain model. Wire -> domain checks what the domain
// relies on (currencies agree, BTC amounts are BTC); domain -> wire builds the strings MtGox would
// have sent (value in full decimals, display forms), so the simulator can answer as MtGox did.
#pragma once

#include "core/result.h"
#include "exchange/exchange.h"
#include "model/model.h"
#include "exchange/mtgox/wire.h"

namespace dealer::mtgox {

Value make_value(int64_t raw, Currency currency);

dealer::Trade to_domain(const Trade& t);
Trade to_wire(const dealer::Trade& t);

Result<dealer::Ticker> to_domain(const Ticker& t);
Ticker to_wire(const dealer::Ticker& t);

dealer::Depth to_domain(const Depth& d);
Depth to_wire(const dealer::Depth& d, Currency currency);

Result<dealer::Order> to_domain(const Order& o);
// order/result of an order of `side` on the BTC<currency> pair: every price and total in `currency`,
// every amount in BTC, every date a valid "YYYY-MM-DD HH:MM:SS".
Result<OrderFills> to_domain(const OrderResult& r, Side side, Currency currency);
// One entry of generic/private/trades, with the same checks.
Result<OwnTrade> to_own_trade(const PrivateTrade& t, Currency currency);
Result<AccountInfo> to_domain(const Info& info);

}  // namespace dealer::mtgox
