#include "sim/gateway.h"

#include <algorithm>

#include "core/money.h"

namespace dealer::sim {

using metaexchange::OrderStatus;
using metaexchange::OrderType;
using metaexchange::ErrorCode;

namespace {

constexpr int64_t kUnit = market::kGatewayUnit;  // amounts and prices are in units of 1e-8
constexpr int64_t kDayUs = 86'400'000'000;

bool buys(OrderType t) { return t == OrderType::kBuy || t == OrderType::kBuyLimit; }
bool is_limit(OrderType t) { return t == OrderType::kBuyLimit || t == OrderType::kSellLimit; }
bool is_open(OrderStatus s) { return s == OrderStatus::kPending || s == OrderStatus::kPlaced || s == OrderStatus::kPartialFill; }
Decimal units(int64_t v) { return Decimal(v, 8).normalized(); }

std::string base_of(const std::string& pair) { return pair.substr(0, pair.find('_')); }
std::string quote_of(const std::string& pair) { return pair.substr(pair.find('_') + 1); }

bool valid_address(const std::string& asset, const std::string& address) {
  if (asset == "BTC") {  // base58, the length and first character of a bitcoin address
    if (address.size() < 26 || address.size() > 35 || std::string_view("13mn2").find(address[0]) == std::string_view::npos)
      return false;
    return std::all_of(address.begin(), address.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) && c != '0' && c != 'O' && c != 'I' && c != 'l';
    });
  }
  // A BitShares account name.
  if (address.size() < 2 || address.size() > 63 || address[0] < 'a' || address[0] > 'z') return false;
  return std::all_of(address.begin(), address.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'; });
}

// A sum for display (book levels, 24 h volumes): past 64 bits it shows as the largest value rather
// than wrapping. Only absurd deposits get there, and each of them was checked on its own.
int64_t saturated(Int128 v) { return v > INT64_MAX ? INT64_MAX : static_cast<int64_t>(v); }

// Whether `quote` buys less than one unit at `price`: the dust a buy order refunds. In 128 bits, since
// a large deposit times kUnit overflows int64 (found by UBSan).
bool below_one_unit(int64_t quote, int64_t price) { return static_cast<Int128>(quote) * kUnit / price == 0; }

}  // namespace

Gateway::Gateway(const GatewayConfig& config, const Clock& clock)
    : config_(config),
      clock_(clock),
      last_price_(config.markets.size()),
      previous_price_(config.markets.size()),
      traded_(config.markets.size()) {}

std::string Gateway::random_hex(size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) s += kHex[rng_() % 16];
  return s;
}

std::string Gateway::random_base58(size_t n) {
  static constexpr char kBase58[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  std::string s;
  for (size_t i = 0; i < n; ++i) s += kBase58[rng_() % 58];
  return s;
}

int Gateway::find_market(const std::string& symbol_pair) const {
  for (size_t i = 0; i < config_.markets.size(); ++i)
    if (config_.markets[i].symbol_pair == symbol_pair) return static_cast<int>(i);
  return -1;
}

GatewayResult<metaexchange::DepositDetails> Gateway::submit(const GatewayOrderRequest& r) {
  const int m = find_market(r.symbol_pair);
  if (m < 0) return GatewayError{ErrorCode::kUnknownMarket, "Unknown market " + r.symbol_pair};
  const GatewayMarketConfig& market = config_.markets[m];
  if (r.type == OrderType::kNone) return GatewayError{ErrorCode::kInvalidParameter, "order_type must be buy, sell, buyLimit or sellLimit"};
  if (is_limit(r.type) && !market.has_orderbook)
    return GatewayError{ErrorCode::kUnsupported, "Limit orders need a market with an order book"};
  if (is_limit(r.type) && (!r.price || *r.price <= 0))
    return GatewayError{ErrorCode::kMissingParameter, "A limit order needs a positive price"};
  if (r.expiry_seconds <= 0 || r.expiry_seconds > kMaxExpirySeconds)
    return GatewayError{ErrorCode::kInvalidParameter,
                        "expiry must be 1 to " + std::to_string(kMaxExpirySeconds) + " seconds (ten years)"};
  const std::string receive_asset = buys(r.type) ? base_of(r.symbol_pair) : quote_of(r.symbol_pair);
  const std::string deposit_asset = buys(r.type) ? quote_of(r.symbol_pair) : base_of(r.symbol_pair);
  if (!valid_address(receive_asset, r.receiving_address))
    return GatewayError{ErrorCode::kInvalidAddress, "Invalid " + receive_asset + " receiving address"};
  if (r.refund_address && !valid_address(deposit_asset, *r.refund_address))
    return GatewayError{ErrorCode::kInvalidAddress, "Invalid " + deposit_asset + " refund address"};

  // A market order for the same pair, side and receiver reuses its deposit details, as the gateway did.
  if (!is_limit(r.type)) {
    for (const Order& o : orders_) {
      if (o.market == m && o.type == r.type && o.receiving_address == r.receiving_address)
        return metaexchange::DepositDetails{o.memo ? "metaexchange" : o.deposit_address, std::nullopt,
                                            o.memo ? Nullable<std::string>(*o.memo) : Nullable<std::string>(), std::nullopt};
    }
  }
  Order o;
  o.market = m;
  o.type = r.type;
  o.receiving_address = r.receiving_address;
  o.refund_address = r.refund_address;
  o.price = is_limit(r.type) ? r.price : std::nullopt;
  o.expiry_seconds = r.expiry_seconds;
  metaexchange::DepositDetails details;
  if (deposit_asset == "BTC") {
    o.deposit_address = "m" + random_base58(33);
    details.deposit_address = o.deposit_address;
  } else {  // deposits of BitShares assets go to the gateway's account with a memo
    o.memo = "1-" + random_base58(17);
    o.deposit_address = *o.memo;
    details.deposit_address = "metaexchange";
    details.memo = *o.memo;
  }
  if (o.refund_address) details.refund_address = *o.refund_address;
  by_address_[o.deposit_address] = static_cast<int>(orders_.size());
  orders_.push_back(std::move(o));
  return details;
}

GatewayResult<std::string> Gateway::deposit(const std::string& address_or_memo, int64_t amount, std::optional<std::string> txid) {
  const auto it = by_address_.find(address_or_memo);
  if (it == by_address_.end()) return GatewayError{ErrorCode::kOrderNotFound, "No order for deposit address or memo " + address_or_memo};
  if (amount <= 0) return GatewayError{ErrorCode::kInvalidParameter, "amount must be positive"};
  if (txid) {
    for (const Deposit& d : deposits_)
      if (d.txid == *txid) return GatewayError{ErrorCode::kInvalidParameter, "txid already deposited"};
  }
  // Every quantity this deposit can produce must fit 64 bits: its plan now (order-book fills later are
  // bounded by what both sides hold) and, for a limit order, its size at its own price.
  const Order& order = orders_[it->second];
  const market::GatewayPlan p = plan(order.market, order.type, order.price, amount, -1);
  if (p.overflow) return GatewayError{ErrorCode::kInvalidParameter, "amount too large: " + *p.overflow};
  if (order.price && !to_int64(buys(order.type) ? static_cast<Int128>(amount) * kUnit / *order.price
                                                : static_cast<Int128>(amount) * *order.price / kUnit,
                               "")) {
    return GatewayError{ErrorCode::kInvalidParameter, "amount too large: its value at the limit price does not fit 64 bits"};
  }
  const int64_t now = clock_.now_us();
  Deposit d;
  d.order = it->second;
  d.txid = txid ? *txid : random_hex(64);
  d.amount = amount;
  d.date = now / 1'000'000;
  d.confirm_at_us = now + config_.confirm_seconds * 1'000'000;
  d.priority = now;
  deposits_.push_back(d);
  advance();
  return deposits_.back().txid;
}

void Gateway::advance() {
  const int64_t now = clock_.now_us();
  for (size_t i = 0; i < deposits_.size(); ++i) {
    Deposit& d = deposits_[i];
    if (!d.confirmed && now >= d.confirm_at_us) {
      d.confirmed = true;
      execute(static_cast<int>(i));
    }
  }
  for (size_t i = 0; i < deposits_.size(); ++i) {
    Deposit& d = deposits_[i];
    // In seconds, so that no expiry can overflow a product into microseconds.
    if ((d.status == OrderStatus::kPlaced || d.status == OrderStatus::kPartialFill) && d.expires_at <= now / 1'000'000) {
      const int64_t rest = d.remaining;
      d.remaining = 0;
      d.status = OrderStatus::kRefunded;
      refund(static_cast<int>(i), rest, "Expired");
    }
  }
}

market::GatewayPlan Gateway::plan(int m, OrderType type, std::optional<int64_t> limit, int64_t amount,
                                  int exclude) const {
  const GatewayMarketConfig& market = config_.markets[m];
  const bool buying = buys(type);
  const std::string deposit_asset = buying ? quote_of(market.symbol_pair) : base_of(market.symbol_pair);
  // Resting limit orders of the other side, best price first, then oldest.
  std::vector<market::GatewayMaker> makers;
  if (market.has_orderbook) {
    for (size_t i = 0; i < deposits_.size(); ++i) {
      const Deposit& d = deposits_[i];
      const Order& o = orders_[d.order];
      if (static_cast<int>(i) == exclude || o.market != m || d.remaining <= 0 || !is_limit(o.type) || buys(o.type) == buying) continue;
      if (d.status != OrderStatus::kPlaced && d.status != OrderStatus::kPartialFill) continue;
      makers.push_back(market::GatewayMaker{static_cast<int>(i), *o.price, d.remaining});
    }
    std::sort(makers.begin(), makers.end(), [&](const market::GatewayMaker& a, const market::GatewayMaker& b) {
      if (a.price != b.price) return buying ? a.price < b.price : a.price > b.price;
      return deposits_[a.id].priority < deposits_[b.id].priority;
    });
  }
  return market::plan_gateway_deposit(market, deposit_asset, buying, limit, amount, makers);
}

GatewayResult<metaexchange::Quote> Gateway::quote(const std::string& symbol_pair, OrderType type, int64_t amount) const {
  const int m = find_market(symbol_pair);
  if (m < 0) return GatewayError{ErrorCode::kUnknownMarket, "Unknown market " + symbol_pair};
  if (type != OrderType::kBuy && type != OrderType::kSell)
    return GatewayError{ErrorCode::kInvalidParameter, "order_type must be buy or sell"};
  if (amount <= 0) return GatewayError{ErrorCode::kInvalidParameter, "deposit_amount must be positive"};
  const auto q = market::quote_of(config_.markets[m], buys(type), plan(m, type, std::nullopt, amount, -1));
  if (!q) return GatewayError{ErrorCode::kInvalidParameter, "deposit_amount too large: " + q.error().message};
  return metaexchange::Quote{units(q->receive), units(q->remaining)};
}

void Gateway::execute(int index) {
  const Order& o = orders_[deposits_[index].order];
  const market::GatewayPlan p = plan(o.market, o.type, o.price, deposits_[index].amount, index);
  if (p.refund_over_max > 0) refund(index, p.refund_over_max, p.refund_note);
  for (const market::GatewayFill& f : p.fills) fill(index, f, buys(o.type));
  Deposit& d = deposits_[index];
  const bool dust = buys(o.type) && o.price && below_one_unit(p.unfilled, *o.price);
  if (is_limit(o.type) && p.unfilled > 0 && !dust) {
    d.remaining = p.unfilled;
    d.expires_at = d.date + o.expiry_seconds;
    d.status = p.fills.empty() ? OrderStatus::kPlaced : OrderStatus::kPartialFill;
    return;
  }
  if (p.unfilled > 0) refund(index, p.unfilled, dust ? "Below one unit at the limit price" : "No counterpart in the order book");
  d.status = p.fills.empty() ? OrderStatus::kRefunded : OrderStatus::kCompleted;
}

void Gateway::fill(int taker, const market::GatewayFill& f, bool taker_buys) {
  const Order& o = orders_[deposits_[taker].order];
  const GatewayMarketConfig& market = config_.markets[o.market];
  // The buyer receives base less the ask fee, the seller quote less the bid fee.
  const int64_t base_fee = market::gateway_fee(f.base, market.ask_fee_percent);
  const int64_t quote_fee = market::gateway_fee(f.quote, market.bid_fee_percent);
  const std::string base_asset = base_of(market.symbol_pair), quote_asset = quote_of(market.symbol_pair);
  // The fee account takes the buyer's fee in base and the seller's in quote; on a regular market the
  // gateway itself is the other side.
  const bool user_buys = taker_buys || f.maker >= 0, user_sells = !taker_buys || f.maker >= 0;
  if (user_buys) fees_[base_asset] += base_fee;
  if (user_sells) fees_[quote_asset] += quote_fee;
  if (f.maker < 0) {
    house_[taker_buys ? quote_asset : base_asset] += taker_buys ? f.quote : f.base;
    house_[taker_buys ? base_asset : quote_asset] -= taker_buys ? f.base : f.quote;
  }
  if (taker_buys) emit(taker, f.base - base_fee, f.price, base_fee, OrderStatus::kCompleted, "");
  else emit(taker, f.quote - quote_fee, f.price, quote_fee, OrderStatus::kCompleted, "");
  if (f.maker >= 0) {
    Deposit& maker = deposits_[f.maker];
    maker.remaining -= taker_buys ? f.base : f.quote;
    const int64_t maker_price = *orders_[maker.order].price;
    const bool maker_buys = !taker_buys;
    const bool done = maker.remaining <= 0 || (maker_buys && below_one_unit(maker.remaining, maker_price));
    maker.status = done ? OrderStatus::kCompleted : OrderStatus::kPartialFill;
    if (maker_buys) emit(f.maker, f.base - base_fee, f.price, base_fee, maker.status, "");
    else emit(f.maker, f.quote - quote_fee, f.price, quote_fee, maker.status, "");
    if (done && maker.remaining > 0) {  // dust a buy order can no longer spend
      const int64_t dust = maker.remaining;
      maker.remaining = 0;
      refund(f.maker, dust, "Below one unit at the limit price");
    }
  }
  previous_price_[o.market] = last_price_[o.market];
  last_price_[o.market] = f.price;
  traded_[o.market].push_back(Traded{clock_.now_us() / 1'000'000, f.base, f.quote});
}

void Gateway::refund(int index, int64_t amount, const std::string& note) {
  emit(index, amount, 0, 0, OrderStatus::kRefunded, note);
}

void Gateway::emit(int index, int64_t amount, int64_t price, int64_t fee, OrderStatus status, std::string note) {
  deposits_[index].outputs.push_back(static_cast<int>(outputs_.size()));
  outputs_.push_back(Output{index, amount, price, fee, status, std::move(note), random_hex(40), clock_.now_us() / 1'000'000});
}

metaexchange::Transaction Gateway::view(const Output& out) const {
  const Deposit& d = deposits_[out.deposit];
  const Order& o = orders_[d.order];
  metaexchange::Transaction t;
  t.received_txid = d.txid;
  t.sent_txid = out.sent_txid;
  t.order_type = o.type;
  t.symbol_pair = config_.markets[o.market].symbol_pair;
  t.amount = units(out.amount);
  t.price = units(out.price);
  t.fee = units(out.fee);
  t.miners_fee = Decimal(0, 0);
  t.status = out.status;
  if (!out.notes.empty()) t.notes = out.notes;
  t.date = out.date;
  t.deposit_address = o.deposit_address;
  return t;
}

metaexchange::Transaction Gateway::pending_view(int index) const {
  const Deposit& d = deposits_[index];
  const Order& o = orders_[d.order];
  metaexchange::Transaction t;
  t.received_txid = d.txid;
  t.order_type = o.type;
  t.symbol_pair = config_.markets[o.market].symbol_pair;
  t.amount = units(d.status == OrderStatus::kPending ? d.amount : d.remaining);
  t.price = units(o.price.value_or(0));
  t.fee = t.miners_fee = Decimal(0, 0);
  t.status = d.status;
  t.date = d.date;
  t.deposit_address = o.deposit_address;
  return t;
}

std::vector<metaexchange::Transaction> Gateway::views(int index) const {
  std::vector<metaexchange::Transaction> out;
  for (int o : deposits_[index].outputs) out.push_back(view(outputs_[o]));
  if (is_open(deposits_[index].status)) out.push_back(pending_view(index));
  return out;
}

GatewayResult<std::vector<metaexchange::Transaction>> Gateway::status(const std::string& txid) const {
  for (size_t i = 0; i < deposits_.size(); ++i) {
    bool match = deposits_[i].txid == txid;
    for (int o : deposits_[i].outputs) match = match || outputs_[o].sent_txid == txid;
    if (match) return views(static_cast<int>(i));
  }
  return GatewayError{ErrorCode::kOrderNotFound, "No transaction " + txid};
}

namespace {
// Newest first; the output order breaks ties within a second.
void newest_first(std::vector<metaexchange::Transaction>& v, size_t limit) {
  std::reverse(v.begin(), v.end());
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.date > b.date; });
  if (v.size() > limit) v.resize(limit);
}
}  // namespace

std::vector<metaexchange::Transaction> Gateway::by_deposit(const std::string& address_or_memo, size_t limit) const {
  std::vector<metaexchange::Transaction> out;
  for (size_t i = 0; i < deposits_.size(); ++i) {
    if (orders_[deposits_[i].order].deposit_address != address_or_memo) continue;
    for (auto& t : views(static_cast<int>(i))) out.push_back(std::move(t));
  }
  newest_first(out, limit);
  return out;
}

std::vector<metaexchange::Transaction> Gateway::by_receiving(const std::string& symbol_pair,
                                                             const std::vector<std::string>& receiving, size_t limit) const {
  std::vector<metaexchange::Transaction> out;
  for (size_t i = 0; i < deposits_.size(); ++i) {
    const Order& o = orders_[deposits_[i].order];
    if (config_.markets[o.market].symbol_pair != symbol_pair ||
        std::find(receiving.begin(), receiving.end(), o.receiving_address) == receiving.end())
      continue;
    for (auto& t : views(static_cast<int>(i))) out.push_back(std::move(t));
  }
  newest_first(out, limit);
  return out;
}

std::vector<metaexchange::Transaction> Gateway::last(const std::optional<std::string>& symbol_pair, size_t limit) const {
  std::vector<metaexchange::Transaction> out;
  for (const Output& o : outputs_) {
    if (o.status != OrderStatus::kCompleted && o.status != OrderStatus::kPartialFill) continue;
    auto t = view(o);
    if (!symbol_pair || t.symbol_pair == *symbol_pair) out.push_back(std::move(t));
  }
  newest_first(out, limit);
  return out;
}

std::vector<metaexchange::OpenOrder> Gateway::open_orders(const std::string& symbol_pair,
                                                         const std::vector<std::string>& receiving) const {
  std::vector<metaexchange::OpenOrder> out;
  for (const Deposit& d : deposits_) {
    const Order& o = orders_[d.order];
    if (!is_open(d.status) || config_.markets[o.market].symbol_pair != symbol_pair ||
        std::find(receiving.begin(), receiving.end(), o.receiving_address) == receiving.end())
      continue;
    metaexchange::OpenOrder r;
    r.symbol_pair = symbol_pair;
    r.type = o.type;
    r.total_balance = units(d.amount);
    r.remaining_balance = units(d.status == OrderStatus::kPending ? d.amount : d.remaining);
    r.price = units(o.price.value_or(0));
    r.expires = d.expires_at;
    r.date = d.date;
    r.txid = d.txid;
    r.receiving_address = o.receiving_address;
    r.deposit_address = o.deposit_address;
    if (o.refund_address) r.refund_address = *o.refund_address;
    r.status = d.status;
    // How far the order's price is from the last traded price, in percent (two decimals).
    const int64_t last = last_price_[o.market];
    // Far above a tiny last price the figure saturates rather than overflow.
    const Int128 scaled = o.price ? (static_cast<Int128>(*o.price) - last) * 10000 : 0;
    r.relative_percent = o.price && last > 0
                             ? Decimal(scaled / last >= INT64_MAX ? INT64_MAX : divide_rounded(scaled, last), 2).normalized()
                             : Decimal(0, 0);
    out.push_back(std::move(r));
  }
  return out;
}

GatewayResult<metaexchange::OrderBook> Gateway::book(const std::string& symbol_pair, size_t limit) const {
  const int m = find_market(symbol_pair);
  if (m < 0) return GatewayError{ErrorCode::kUnknownMarket, "Unknown market " + symbol_pair};
  if (!config_.markets[m].has_orderbook) return GatewayError{ErrorCode::kUnsupported, symbol_pair + " has no order book"};
  std::map<int64_t, Int128> bids, asks;  // price -> base amount
  for (const Deposit& d : deposits_) {
    const Order& o = orders_[d.order];
    if (o.market != m || !is_limit(o.type) || d.remaining <= 0 || !is_open(d.status) || d.status == OrderStatus::kPending) continue;
    if (buys(o.type)) bids[*o.price] += static_cast<Int128>(d.remaining) * kUnit / *o.price;
    else asks[*o.price] += d.remaining;
  }
  metaexchange::OrderBook b;
  for (auto it = bids.rbegin(); it != bids.rend() && b.bids.size() < limit; ++it)
    b.bids.push_back({units(it->first), units(saturated(it->second))});
  for (auto it = asks.begin(); it != asks.end() && b.asks.size() < limit; ++it)
    b.asks.push_back({units(it->first), units(saturated(it->second))});
  return b;
}

GatewayResult<metaexchange::Market> Gateway::market(const std::string& symbol_pair) const {
  const int m = find_market(symbol_pair);
  if (m < 0) return GatewayError{ErrorCode::kUnknownMarket, "Unknown market " + symbol_pair};
  const GatewayMarketConfig& c = config_.markets[m];
  int64_t ask = c.ask, bid = c.bid;
  if (c.has_orderbook) {  // the best resting prices, when there are any
    auto b = book(symbol_pair, 1);
    const auto& ob = std::get<metaexchange::OrderBook>(b);
    if (!ob.asks.empty()) ask = *ob.asks[0].price.to_units(8);
    if (!ob.bids.empty()) bid = *ob.bids[0].price.to_units(8);
  }
  Int128 base_volume = 0, quote_volume = 0;
  const int64_t since = clock_.now_us() / 1'000'000 - kDayUs / 1'000'000;
  for (const Traded& t : traded_[m]) {
    if (t.date < since) continue;
    base_volume += t.base;
    quote_volume += t.quote;
  }
  metaexchange::Market r;
  r.symbol_pair = c.symbol_pair;
  r.ask = units(ask);
  r.bid = units(bid);
  r.ask_max = units(c.ask_max);
  r.bid_max = units(c.bid_max);
  r.ask_fee_percent = c.ask_fee_percent.normalized();
  r.bid_fee_percent = c.bid_fee_percent.normalized();
  r.up = c.up;
  r.has_orderbook = c.has_orderbook;
  r.buy_disabled = c.buy_disabled;
  r.sell_disabled = c.sell_disabled;
  r.btc_volume_24h = units(saturated(quote_of(c.symbol_pair) == "BTC" ? quote_volume : base_of(c.symbol_pair) == "BTC" ? base_volume : 0));
  r.quote_volume_24h = units(saturated(quote_volume));
  r.last_price = units(last_price_[m]);
  if (c.asset_name) r.asset_name = *c.asset_name;
  // (ask - bid) / ask in percent; 1 BTC buys 1/ask base; 1/bid base sells for 1 BTC.
  r.realised_spread_percent = units(divide_rounded(static_cast<Int128>(ask - bid) * 100 * kUnit, ask));
  r.price_delta = units(previous_price_[m] == 0 ? 0 : last_price_[m] - previous_price_[m]);
  r.flipped = c.flipped;
  r.buy_quantity = units(divide_rounded(static_cast<Int128>(kUnit) * kUnit, ask));
  r.sell_quantity = units(divide_rounded(static_cast<Int128>(kUnit) * kUnit, bid));
  if (c.notes) r.notes = *c.notes;
  r.is_asset = c.is_asset;
  r.asset_type = c.asset_type;
  return r;
}

std::string Gateway::deposit_asset(const Order& o) const {
  const std::string& pair = config_.markets[o.market].symbol_pair;
  return buys(o.type) ? quote_of(pair) : base_of(pair);
}

std::string Gateway::receive_asset(const Order& o) const {
  const std::string& pair = config_.markets[o.market].symbol_pair;
  return buys(o.type) ? base_of(pair) : quote_of(pair);
}

std::map<std::string, GatewayAssetAudit> Gateway::audit() const {
  std::map<std::string, GatewayAssetAudit> out;
  for (const Deposit& d : deposits_) {
    GatewayAssetAudit& a = out[deposit_asset(orders_[d.order])];
    a.deposited += d.amount;
    if (d.status == OrderStatus::kPending) a.resting += d.amount;
    else if (is_open(d.status)) a.resting += d.remaining;
  }
  for (const Output& o : outputs_) {
    const Order& order = orders_[deposits_[o.deposit].order];
    out[o.status == OrderStatus::kRefunded ? deposit_asset(order) : receive_asset(order)].paid_out += o.amount;
  }
  for (const auto& [asset, units] : fees_) out[asset].fees += units;
  for (const auto& [asset, units] : house_) out[asset].house += units;
  return out;
}

std::vector<metaexchange::Market> Gateway::markets() const {
  std::vector<metaexchange::Market> out;
  for (const auto& c : config_.markets) out.push_back(std::get<metaexchange::Market>(market(c.symbol_pair)));
  return out;
}

}  // namespace dealer::sim
