// MtGox HTTP API v1 wire types: every response shape of shared/seeds/mtgox-api-v1.txt and the recorded
// fixtures, field for field, with the JSON types MtGox used (value_int and tid are strings; depth
// price/amount are JSON numbers; dates are numbers). Each `describe` lists a type's members once for
// both decoding and encoding (core/json_binding.h). Member names follow the wire, hence the odd case.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_binding.h"
#include "model/model.h"

namespace dealer::mtgox {

enum class YesNo { kN, kY };
std::span<const std::string_view> enum_names(YesNo);

// {"value":"5.5594","value_int":"555940","display":"$5.55940","currency":"USD"}. `value` keeps the
// digits MtGox sent (it can be more precise than value_int: avg "5.561119626" vs 556112).
struct Value {
  Decimal value;
  int64_t value_int = 0;
  std::string display;
  std::optional<std::string> display_short;
  Currency currency;
};
template <class V>
void describe(V& v, Value& t) {
  v("value", t.value);
  v.str("value_int", t.value_int);
  v("display", t.display);
  v("display_short", t.display_short);
  v("currency", t.currency);
}

// BTCUSD/public/ticker
struct Ticker {
  Value high, low, avg, vwap, vol;
  std::optional<Value> last_all;  // in later responses only
  Value last_local, last_orig, last, buy, sell;
};
template <class V>
void describe(V& v, Ticker& t) {
  v("high", t.high);
  v("low", t.low);
  v("avg", t.avg);
  v("vwap", t.vwap);
  v("vol", t.vol);
  v("last_all", t.last_all);
  v("last_local", t.last_local);
  v("last_orig", t.last_orig);
  v("last", t.last);
  v("buy", t.buy);
  v("sell", t.sell);
}

// A JSON number MtGox printed from a float ("4.1650000000000001e-05"), kept as its text: no exact type
// holds every such text, and nothing reads it (the *_int twin is the truth). Decoding checks only that
// it is a JSON number, so float noise can never reject a whole answer.
struct FloatText {
  std::string text;
};
inline void read_json(JsonReader& r, FloatText& out, Enc) { out.text.assign(r.number()); }
inline void write_json(JsonWriter& w, const FloatText& v, Enc) { w.raw(v.text); }

// One entry of public/depth and public/fulldepth. price and amount are JSON numbers that MtGox printed
// from floats (some with exponents, some with float noise): the *_int members are the truth.
struct DepthLevel {
  FloatText price;
  FloatText amount;
  Price price_int;
  Amount amount_int;
  int64_t stamp = 0;  // microseconds, as a string
};
template <class V>
void describe(V& v, DepthLevel& t) {
  v("price", t.price);
  v("amount", t.amount);
  v("price_int", t.price_int);
  v("amount_int", t.amount_int);
  v.str("stamp", t.stamp);
}

struct Depth {
  std::vector<DepthLevel> asks;
  std::vector<DepthLevel> bids;
  std::optional<Value> filter_min_price;  // public/depth only: the price window it covers
  std::optional<Value> filter_max_price;
};
template <class V>
void describe(V& v, Depth& t) {
  v("asks", t.asks);
  v("bids", t.bids);
  v("filter_min_price", t.filter_min_price);
  v("filter_max_price", t.filter_max_price);
}

// One entry of public/trades.
struct Trade {
  int64_t date = 0;
  Decimal price;
  Decimal amount;
  Price price_int;
  Amount amount_int;
  int64_t tid = 0;
  Currency price_currency;
  Currency item;
  Side trade_type = Side::kBid;
  std::optional<YesNo> primary;         // absent in the oldest responses
  std::optional<std::string> properties;
};
template <class V>
void describe(V& v, Trade& t) {
  v("date", t.date);
  v("price", t.price);
  v("amount", t.amount);
  v("price_int", t.price_int);
  v("amount_int", t.amount_int);
  v.str("tid", t.tid);
  v("price_currency", t.price_currency);
  v("item", t.item);
  v("trade_type", t.trade_type);
  v("primary", t.primary);
  v("properties", t.properties);
}

// public/cancelledtrades: "a list of all the cancelled trades this last month, list of trade ids".
// The seed shows no example; dealer sends the tids as strings, as every other tid, and accepts numbers.
struct CancelledTid {
  int64_t tid = 0;
};
void read_json(JsonReader& r, CancelledTid& out, Enc enc);
void write_json(JsonWriter& w, CancelledTid v, Enc enc);

// generic/private/info
struct Wallet {
  Value Balance;
  int64_t Operations = 0;
  Nullable<Value> Daily_Withdraw_Limit;
  Nullable<Value> Monthly_Withdraw_Limit;
  Nullable<Value> Max_Withdraw;
  Value Open_Orders;
};
template <class V>
void describe(V& v, Wallet& t) {
  v("Balance", t.Balance);
  v("Operations", t.Operations);
  v("Daily_Withdraw_Limit", t.Daily_Withdraw_Limit);
  v("Monthly_Withdraw_Limit", t.Monthly_Withdraw_Limit);
  v("Max_Withdraw", t.Max_Withdraw);
  v("Open_Orders", t.Open_Orders);
}

struct Info {
  std::string Login;
  std::string Index;
  std::string Id;
  std::vector<std::string> Rights;
  std::string Language;
  std::string Created;
  std::string Last_Login;
  Keyed<Wallet> Wallets;
  Value Monthly_Volume;
  Decimal Trade_Fee;  // percent, a JSON number
};
template <class V>
void describe(V& v, Info& t) {
  v("Login", t.Login);
  v("Index", t.Index);
  v("Id", t.Id);
  v("Rights", t.Rights);
  v("Language", t.Language);
  v("Created", t.Created);
  v("Last_Login", t.Last_Login);
  v("Wallets", t.Wallets);
  v("Monthly_Volume", t.Monthly_Volume);
  v.num("Trade_Fee", t.Trade_Fee);
}

// One entry of generic/private/orders.
struct Order {
  std::string oid;
  Currency currency;
  Currency item;
  Side type = Side::kBid;
  Value amount;
  Value effective_amount;
  std::optional<Value> price;  // absent for market orders
  OrderStatus status = OrderStatus::kOpen;
  int64_t date = 0;
  std::string priority;
  std::vector<std::string> actions;
};
template <class V>
void describe(V& v, Order& t) {
  v("oid", t.oid);
  v("currency", t.currency);
  v("item", t.item);
  v("type", t.type);
  v("amount", t.amount);
  v("effective_amount", t.effective_amount);
  v("price", t.price);
  v("status", t.status);
  v("date", t.date);
  v("priority", t.priority);
  v("actions", t.actions);
}

// <PAIR>/private/order/cancel
struct CancelResult {
  std::string qid;
  std::string oid;
};
template <class V>
void describe(V& v, CancelResult& t) {
  v("qid", t.qid);
  v("oid", t.oid);
}

// generic/private/order/result
struct OrderTrade {
  int64_t trade_id = 0;
  YesNo primary = YesNo::kY;
  Currency currency;
  Side type = Side::kBid;
  std::string properties;
  Currency item;
  Value amount;
  Value price;
  Value spent;
  std::string date;  // "2013-07-29 21:40:17", UTC
};
template <class V>
void describe(V& v, OrderTrade& t) {
  v.str("trade_id", t.trade_id);
  v("primary", t.primary);
  v("currency", t.currency);
  v("type", t.type);
  v("properties", t.properties);
  v("item", t.item);
  v("amount", t.amount);
  v("price", t.price);
  v("spent", t.spent);
  v("date", t.date);
}

// generic/private/trades: the seed shows no example, only "Returns all of your trades. Does not include
// fees." dealer reads the members of order/result's trades, plus the order id and fee when an exchange
// sends them (neither is required).
struct PrivateTrade : OrderTrade {
  std::optional<std::string> oid;
  std::optional<Value> fee;
};
template <class V>
void describe(V& v, PrivateTrade& t) {
  describe(v, static_cast<OrderTrade&>(t));
  v("oid", t.oid);
  v("fee", t.fee);
}

struct OrderResult {
  std::string order_id;
  std::vector<OrderTrade> trades;
  Value total_amount;
  Value total_spent;
  Value avg_cost;
};
template <class V>
void describe(V& v, OrderResult& t) {
  v("order_id", t.order_id);
  v("trades", t.trades);
  v("total_amount", t.total_amount);
  v("total_spent", t.total_spent);
  v("avg_cost", t.avg_cost);
}

// generic/public/currency?currency=X. The seed names the call but not its members; these are the ones
// MtGox v1 clients read (decimals as strings like every *_int).
struct CurrencyInfo {
  Currency currency;
  std::string name;
  std::string symbol;
  int64_t decimals = 0;
  int64_t display_decimals = 0;
  std::string symbol_position;  // "before" | "after"
  YesNo virtual_ = YesNo::kN;
};
template <class V>
void describe(V& v, CurrencyInfo& t) {
  v("currency", t.currency);
  v("name", t.name);
  v("symbol", t.symbol);
  v.str("decimals", t.decimals);
  v.str("display_decimals", t.display_decimals);
  v("symbol_position", t.symbol_position);
  v("virtual", t.virtual_);
}

// generic/public/hotp_gen: the seed does not show the answer; a new HOTP key and its serial.
struct HotpKey {
  std::string key;
  std::string serial;
};
template <class V>
void describe(V& v, HotpKey& t) {
  v("key", t.key);
  v("serial", t.serial);
}

// generic/private/merchant/order/create
struct MerchantOrder {
  std::string transaction;
  std::string payment_url;
};
template <class V>
void describe(V& v, MerchantOrder& t) {
  v("transaction", t.transaction);
  v("payment_url", t.payment_url);
}

// generic/order/lag
struct Lag {
  int64_t lag = 0;  // microseconds
  Decimal lag_secs;
  std::string lag_text;
  int64_t length = 0;  // orders in the queue, as a string
};
template <class V>
void describe(V& v, Lag& t) {
  v("lag", t.lag);
  v.num("lag_secs", t.lag_secs);
  v("lag_text", t.lag_text);
  v.str("length", t.length);
}

// Wallet history (a recorded fixture; its envelope is its own: "result" holds the entries).
struct HistoryEntry {
  std::string Index;
  int64_t Date = 0;
  std::string Type;
  Value Value_;
  Value Balance;
  std::string Info;
  std::vector<std::string> Link;
};
template <class V>
void describe(V& v, HistoryEntry& t) {
  v("Index", t.Index);
  v("Date", t.Date);
  v("Type", t.Type);
  v("Value", t.Value_);
  v("Balance", t.Balance);
  v("Info", t.Info);
  v("Link", t.Link);
}

struct WalletHistory {
  std::string records;
  std::vector<HistoryEntry> result;
  int64_t current_page = 0;
  int64_t max_page = 0;
  int64_t max_results = 0;
};
template <class V>
void describe(V& v, WalletHistory& t) {
  v("records", t.records);
  v("result", t.result);
  v("current_page", t.current_page);
  v("max_page", t.max_page);
  v("max_results", t.max_results);
}

// {"result":"error","error":"...","token":"login_error_invalid_nonce"}
struct ErrorBody {
  std::string result = "error";
  std::string error;
  std::optional<std::string> token;
};
template <class V>
void describe(V& v, ErrorBody& t) {
  v("result", t.result);
  v("error", t.error);
  v("token", t.token);
}

// The Instant Payment Notification a merchant receives as a form POST, signed like a private call.
struct Ipn {
  std::string id;          // the transaction uuid from merchant/order/create
  std::string payment_id;  // uuid
  std::string status;      // paid | cancelled | closed
  std::optional<int64_t> amount;  // BTC units; present when paid
  std::optional<std::string> currency;
  std::optional<std::string> method;  // MTGOXBTC
  std::optional<int64_t> date;        // unix seconds
  std::optional<std::string> data;    // echoed from order/create
};

}  // namespace dealer::mtgox
