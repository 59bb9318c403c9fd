#include "exchange/mtgox/convert.h"

#include "core/time_format.h"
#include "model/plausible.h"

namespace dealer::mtgox {
namespace {

Result<int64_t> units_in(const Value& v, Currency expected, std::string_view field) {
  if (v.currency != expected)
    return make_error(Errc::kInvalidArgument, std::string(field) + ": expected " + std::string(expected.code()) +
                                                  ", got " + std::string(v.currency.code()));
  return v.value_int;
}

Result<int64_t> date_in(const std::string& text, std::string_view field) {
  auto date = parse_utc(text);
  if (!date) return make_error(Errc::kInvalidArgument, std::string(field) + ": '" + text + "' is not a date (YYYY-MM-DD HH:MM:SS)");
  return *date;
}

// What order/result and generic/private/trades share: a fill on BTC<currency>.
Result<OwnTrade> fill_in(const OrderTrade& t, Currency currency) {
  if (t.currency != currency || t.item != Currency::btc())
    return make_error(Errc::kInvalidArgument, "trade " + std::to_string(t.trade_id) + ": expected BTC" +
                                                  std::string(currency.code()) + ", got " + std::string(t.item.code()) +
                                                  std::string(t.currency.code()));
  auto price = units_in(t.price, currency, "trade price");
  if (!price) return std::move(price).error();
  auto amount = units_in(t.amount, Currency::btc(), "trade amount");
  if (!amount) return std::move(amount).error();
  auto spent = units_in(t.spent, currency, "trade spent");
  if (!spent) return std::move(spent).error();
  auto date = date_in(t.date, "trade date");
  if (!date) return std::move(date).error();
  if (*spent < 0) return implausible_error("trade " + std::to_string(t.trade_id) + ": spent is below zero");
  OwnTrade own{t.trade_id, "",     t.type,       Price(*price), Amount(*amount),
               currency,   t.item, std::nullopt, *date,         Cost(*spent)};
  if (auto why = implausible(own)) return implausible_error(*why);
  return own;
}

// A value that converted but may not be true.
template <class T>
Result<T> plausible(T value) {
  if (auto why = implausible(value)) return implausible_error(*why);
  return value;
}

std::vector<dealer::DepthLevel> levels_to_domain(const std::vector<DepthLevel>& in) {
  std::vector<dealer::DepthLevel> out;
  out.reserve(in.size());
  for (const auto& l : in) out.push_back({l.price_int, l.amount_int, l.stamp});
  return out;
}

std::vector<DepthLevel> levels_to_wire(const std::vector<dealer::DepthLevel>& in, Currency currency) {
  std::vector<DepthLevel> out;
  out.reserve(in.size());
  for (const auto& l : in) {
    out.push_back({FloatText{format_units_trimmed(l.price.raw(), currency.decimals())},
                   FloatText{format_units_trimmed(l.amount.raw(), Currency::btc().decimals())}, l.price, l.amount,
                   l.stamp_us});
  }
  return out;
}

}  // namespace

Value make_value(int64_t raw, Currency currency) {
  return Value{Decimal(raw, currency.decimals()), raw, display(raw, currency), display_short(raw, currency),
               currency};
}

dealer::Trade to_domain(const Trade& t) {
  return dealer::Trade{t.tid,
                       t.date,
                       t.price_int,
                       t.amount_int,
                       t.price_currency,
                       t.item,
                       t.trade_type,
                       t.primary.value_or(YesNo::kY) == YesNo::kY,
                       t.properties.value_or(""),
                       std::nullopt};
}

TradesIn trades_in(const std::vector<Trade>& wire) {
  TradesIn in;
  in.trades.reserve(wire.size());
  for (const Trade& t : wire) {
    dealer::Trade trade = to_domain(t);
    if (auto why = implausible(trade))
      in.refused.push_back(std::move(*why));
    else
      in.trades.push_back(std::move(trade));
  }
  return in;
}

Trade to_wire(const dealer::Trade& t) {
  return Trade{t.date,
               Decimal(t.price.raw(), t.price_currency.decimals()).normalized(),
               Decimal(t.amount.raw(), t.item.decimals()).normalized(),
               t.price,
               t.amount,
               t.tid,
               t.price_currency,
               t.item,
               t.side,
               t.primary ? YesNo::kY : YesNo::kN,
               t.properties};
}

Result<dealer::Ticker> to_domain(const Ticker& t) {
  dealer::Ticker out;
  out.currency = t.last.currency;
  const std::pair<Price*, const Value*> prices[] = {
      {&out.high, &t.high}, {&out.low, &t.low},   {&out.avg, &t.avg},   {&out.vwap, &t.vwap},
      {&out.last, &t.last}, {&out.buy, &t.buy},   {&out.sell, &t.sell}, {&out.last_local, &t.last_local},
  };
  for (const auto& [target, value] : prices) {
    auto units = units_in(*value, out.currency, "ticker price");
    if (!units) return std::move(units).error();
    *target = Price(*units);
  }
  // last_orig is the original trade's price, possibly in another currency: kept only when comparable.
  out.last_orig = t.last_orig.currency == out.currency ? Price(t.last_orig.value_int) : out.last;
  auto vol = units_in(t.vol, Currency::btc(), "ticker vol");
  if (!vol) return std::move(vol).error();
  out.volume = Amount(*vol);
  return plausible(std::move(out));
}

Ticker to_wire(const dealer::Ticker& t) {
  auto v = [&t](Price p) { return make_value(p.raw(), t.currency); };
  Ticker out;
  out.high = v(t.high);
  out.low = v(t.low);
  out.avg = v(t.avg);
  out.vwap = v(t.vwap);
  out.vol = make_value(t.volume.raw(), Currency::btc());
  out.last_local = v(t.last_local);
  out.last_orig = v(t.last_orig);
  out.last = v(t.last);
  out.buy = v(t.buy);
  out.sell = v(t.sell);
  return out;
}

dealer::Depth to_domain(const Depth& d) { return {levels_to_domain(d.asks), levels_to_domain(d.bids)}; }

Result<dealer::Depth> depth_in(const Depth& d, Currency currency) {
  dealer::Depth out = to_domain(d);
  if (auto why = implausible(out, currency)) return implausible_error(*why);
  return out;
}

Depth to_wire(const dealer::Depth& d, Currency currency) {
  return Depth{levels_to_wire(d.asks, currency), levels_to_wire(d.bids, currency), std::nullopt, std::nullopt};
}

Result<dealer::Order> to_domain(const Order& o) {
  dealer::Order out;
  out.id = o.oid;
  out.currency = o.currency;
  out.item = o.item;
  out.side = o.type;
  out.kind = o.price ? OrderKind::kLimit : OrderKind::kMarket;
  if (o.price) {
    auto p = units_in(*o.price, o.currency, "order price");
    if (!p) return std::move(p).error();
    out.price = Price(*p);
  }
  auto amount = units_in(o.amount, o.item, "order amount");
  if (!amount) return std::move(amount).error();
  auto effective = units_in(o.effective_amount, o.item, "order effective_amount");
  if (!effective) return std::move(effective).error();
  out.amount = Amount(*amount);
  out.effective_amount = Amount(*effective);
  out.status = o.status;
  out.date = o.date;
  return plausible(std::move(out));
}

Result<AccountInfo> to_domain(const Info& info) {
  AccountInfo out;
  out.login = info.Login;
  out.rights = info.Rights;
  out.trade_fee_percent = info.Trade_Fee;
  for (const auto& [code, wallet] : info.Wallets.entries) {
    auto currency = Currency::from_code(code);
    if (!currency) return std::move(currency).error();
    auto total = units_in(wallet.Balance, *currency, "wallet balance");
    if (!total) return std::move(total).error();
    auto held = units_in(wallet.Open_Orders, *currency, "wallet open orders");
    if (!held) return std::move(held).error();
    auto balance = plausible(Balance{*currency, Funds(*total), Funds(*held)});
    if (!balance) return std::move(balance).error();
    out.balances.push_back(*balance);
  }
  return out;
}

Result<OrderFills> to_domain(const OrderResult& r, Side side, Currency currency) {
  auto total_amount = units_in(r.total_amount, Currency::btc(), "order total_amount");
  if (!total_amount) return std::move(total_amount).error();
  auto total_spent = units_in(r.total_spent, currency, "order total_spent");
  if (!total_spent) return std::move(total_spent).error();
  if (*total_amount < 0 || *total_spent < 0)
    return implausible_error("order " + r.order_id + ": total amount or total spent is below zero");
  OrderFills out{r.order_id, Amount(*total_amount), Cost(*total_spent), {}};
  for (const OrderTrade& t : r.trades) {
    auto fill = fill_in(t, currency);
    if (!fill) return std::move(fill).error();
    out.trades.push_back(dealer::Trade{fill->tid, fill->date, fill->price, fill->amount, fill->price_currency,
                                       fill->item, side, t.primary == YesNo::kY, t.properties, fill->spent});
  }
  return out;
}

Result<OwnTrade> to_own_trade(const PrivateTrade& t, Currency currency) {
  auto own = fill_in(t, currency);
  if (!own) return own;
  own->order_id = t.oid.value_or("");
  if (!t.fee) return own;
  // A fee is charged in what the side received: BTC for a bid, the quote currency for an ask.
  const Currency expected = t.type == Side::kBid ? Currency::btc() : currency;
  auto units = units_in(*t.fee, expected, "trade fee");
  if (!units) return std::move(units).error();
  own->fee = t.type == Side::kBid ? Fee{Amount(*units), expected} : Fee{Cost(*units), expected};
  return plausible(std::move(*own));
}

}  // namespace dealer::mtgox
