// Metaexchange API v1/v2 types (shared/seeds/metaexchange-api.txt), which are also dealer's model of
// the gateway: it has no integer units of its own, so amounts and prices are exact Decimals carried as
// the strings it sends ("0.994", "0.000035"), dates are unix seconds, absent values are JSON null.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_binding.h"

namespace dealer::metaexchange {

enum class OrderType { kNone, kBuy, kSell, kBuyLimit, kSellLimit };
std::span<const std::string_view> enum_names(OrderType);

enum class OrderStatus { kNone, kProcessing, kCompleted, kRefunded, kPending, kPlaced, kPartialFill, kFailure };
std::span<const std::string_view> enum_names(OrderStatus);

// The documented error codes; the numbering is the wire's (None = 1).
enum class ErrorCode {
  kNone = 1,
  kGeneralException,
  kMissingParameter,
  kUnknownMarket,
  kInvalidAddress,
  kInvalidAccount,
  kOrderNotFound,
  kUnknownCurrency,
  kNetworkAlert,
  kInvalidParameter,
  kUnsupported,
  kOrderException,
  kBadCaptcha,
};
// "MissingParameter" for 3; "Unknown" outside 1..13.
std::string_view error_name(int code);

// api/1/getMarket, and each entry of api/1/getAllMarkets.
struct Market {
  std::string symbol_pair;
  Decimal ask, bid, ask_max, bid_max, ask_fee_percent, bid_fee_percent;
  bool up = false;
  bool has_orderbook = false;
  bool buy_disabled = false;
  bool sell_disabled = false;
  Decimal btc_volume_24h, quote_volume_24h, last_price;
  Nullable<std::string> asset_name;
  Decimal realised_spread_percent, price_delta;
  bool flipped = false;
  Decimal buy_quantity, sell_quantity;
  Nullable<std::string> notes;
  bool is_asset = false;
  std::string asset_type;
};
template <class V>
void describe(V& v, Market& t) {
  v("symbol_pair", t.symbol_pair);
  v("ask", t.ask);
  v("bid", t.bid);
  v("ask_max", t.ask_max);
  v("bid_max", t.bid_max);
  v("ask_fee_percent", t.ask_fee_percent);
  v("bid_fee_percent", t.bid_fee_percent);
  v("up", t.up);
  v("has_orderbook", t.has_orderbook);
  v("buy_disabled", t.buy_disabled);
  v("sell_disabled", t.sell_disabled);
  v("btc_volume_24h", t.btc_volume_24h);
  v("quote_volume_24h", t.quote_volume_24h);
  v("last_price", t.last_price);
  v("asset_name", t.asset_name);
  v("realised_spread_percent", t.realised_spread_percent);
  v("price_delta", t.price_delta);
  v("flipped", t.flipped);
  v("buy_quantity", t.buy_quantity);
  v("sell_quantity", t.sell_quantity);
  v("notes", t.notes);
  v("is_asset", t.is_asset);
  v("asset_type", t.asset_type);
}

// api/1/submitAddress
struct DepositDetails {
  std::string deposit_address;
  Nullable<std::string> receiving_address;
  Nullable<std::string> memo;
  Nullable<std::string> refund_address;
};
template <class V>
void describe(V& v, DepositDetails& t) {
  v("deposit_address", t.deposit_address);
  v("receiving_address", t.receiving_address);
  v("memo", t.memo);
  v("refund_address", t.refund_address);
}

// api/1/getOrderStatus, and the entries of getLastTransactions, getMyLastTransactions and
// api/2/getOrderStatus.
struct Transaction {
  std::string received_txid;
  Nullable<std::string> sent_txid;  // null until the output is sent
  OrderType order_type = OrderType::kNone;
  std::string symbol_pair;
  Decimal amount, price, fee, miners_fee;
  OrderStatus status = OrderStatus::kNone;
  Nullable<std::string> notes;
  int64_t date = 0;
  std::string deposit_address;
};
template <class V>
void describe(V& v, Transaction& t) {
  v("received_txid", t.received_txid);
  v("sent_txid", t.sent_txid);
  v("order_type", t.order_type);
  v("symbol_pair", t.symbol_pair);
  v("amount", t.amount);
  v("price", t.price);
  v("fee", t.fee);
  v("miners_fee", t.miners_fee);
  v("status", t.status);
  v("notes", t.notes);
  v("date", t.date);
  v("deposit_address", t.deposit_address);
}

// api/2/getQuote: what a deposit would return, and how much of it would be refunded.
struct Quote {
  Decimal result;
  Decimal remaining;
};
template <class V>
void describe(V& v, Quote& t) {
  v("result", t.result);
  v("remaining", t.remaining);
}

// api/2/getMyOpenOrders
struct OpenOrder {
  std::string symbol_pair;
  OrderType type = OrderType::kNone;
  Decimal total_balance, remaining_balance, price;
  int64_t expires = 0;
  int64_t date = 0;  // the live service sent -62135596800 (.NET's DateTime.MinValue) for unset dates
  std::string txid;
  std::string receiving_address;
  std::string deposit_address;
  Nullable<std::string> refund_address;
  OrderStatus status = OrderStatus::kNone;
  Decimal relative_percent;  // a JSON number
};
template <class V>
void describe(V& v, OpenOrder& t) {
  v("symbol_pair", t.symbol_pair);
  v("type", t.type);
  v("total_balance", t.total_balance);
  v("remaining_balance", t.remaining_balance);
  v("price", t.price);
  v("expires", t.expires);
  v("date", t.date);
  v("txid", t.txid);
  v("receiving_address", t.receiving_address);
  v("deposit_address", t.deposit_address);
  v("refund_address", t.refund_address);
  v("status", t.status);
  v.num("relative_percent", t.relative_percent);
}

// api/2/getOrderbook: amounts in base units, prices in quote units.
struct BookEntry {
  Decimal price;
  Decimal amount;
};
template <class V>
void describe(V& v, BookEntry& t) {
  v("price", t.price);
  v("amount", t.amount);
}

struct OrderBook {
  std::vector<BookEntry> bids;
  std::vector<BookEntry> asks;
};
template <class V>
void describe(V& v, OrderBook& t) {
  v("bids", t.bids);
  v("asks", t.asks);
}

// {"error":<code>,"message":"..."}
struct ErrorBody {
  int64_t error = 0;
  std::string message;
};
template <class V>
void describe(V& v, ErrorBody& t) {
  v("error", t.error);
  v("message", t.message);
}

}  // namespace dealer::metaexchange
