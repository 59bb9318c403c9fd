// The exchange-neutral domain model the engine, book, strategies and store work with. Wire codecs
// (mtgox/, metaexchange/) convert to and from these; nothing here knows a wire format.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/money.h"

namespace dealer {

// MtGox's names: a bid buys the item, an ask sells it.
enum class Side { kBid, kAsk };
std::span<const std::string_view> enum_names(Side);

enum class OrderKind { kMarket, kLimit };
std::span<const std::string_view> enum_names(OrderKind);

// Exchange-side order states, as MtGox v1 reported them in generic/private/orders.
enum class OrderStatus { kPending, kExecuting, kPostPending, kOpen, kStop, kInvalid };
std::span<const std::string_view> enum_names(OrderStatus);

// One executed trade on the public tape. Tids increase strictly; `primary` is false for the copies of a
// trade mirrored into other currencies, which a tape must ignore to avoid counting it twice.
struct Trade {
  int64_t tid = 0;   // MtGox: microseconds since the epoch (small integers before mid-2011)
  int64_t date = 0;  // unix seconds
  Price price;
  Amount amount;
  Currency price_currency;
  Currency item;
  Side side = Side::kBid;
  bool primary = true;
  std::string properties;     // "limit", "market", "limit,mixed_currency"
  std::optional<Cost> spent;  // an own order's trade (order/result): the exchange's price x amount
};

// A fee as charged, in what the side received: BTC (an Amount) for a bid, the quote currency (a Cost)
// for an ask.
struct Fee {
  std::variant<Amount, Cost> value;
  Currency currency;
};

// One fill of the account's own order (MtGox generic/private/trades, tests/data/seeds/mtgox-api-v1.txt).
struct OwnTrade {
  int64_t tid = 0;
  std::string order_id;  // empty when the exchange does not say (the documented MtGox answer does not)
  Side side = Side::kBid;
  Price price;
  Amount amount;
  Currency price_currency;
  Currency item;
  std::optional<Fee> fee;  // none when not reported ("Does not include fees", says the seed)
  int64_t date = 0;        // unix seconds
  std::optional<Cost> spent;  // the exchange's own price x amount (MtGox `spent`), when it says
};

struct Ticker {
  Currency currency;
  Price high, low, avg, vwap;
  Price last, last_local, last_orig;
  Price buy, sell;  // best bid, best ask
  Amount volume;    // last 24 hours
};

struct DepthLevel {
  Price price;
  Amount amount;
  int64_t stamp_us = 0;  // when the level last changed
};

struct Depth {
  std::vector<DepthLevel> asks;  // as the exchange sent them (MtGox: ascending price)
  std::vector<DepthLevel> bids;  // as the exchange sent them (MtGox: ascending price)
};

struct Order {
  std::string id;
  Currency currency;  // quote currency
  Currency item;
  Side side = Side::kBid;
  OrderKind kind = OrderKind::kLimit;
  Price price;  // zero for market orders
  Amount amount;
  Amount effective_amount;  // what the balance can actually cover
  OrderStatus status = OrderStatus::kOpen;
  int64_t date = 0;  // unix seconds
};

// One wallet: units of its currency (BTC 1e-8, USD 1e-5), total and the part held by open orders.
struct Balance {
  Currency currency;
  Funds total;
  Funds in_open_orders;
};

struct AccountInfo {
  std::string login;
  std::vector<std::string> rights;
  std::vector<Balance> balances;
  Decimal trade_fee_percent;
};

}  // namespace dealer
