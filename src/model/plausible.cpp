#include "model/plausible.h"

#include <algorithm>

namespace dealer {
namespace {

std::string price_text(Price p, Currency c) {
  return format_units_trimmed(p.raw(), c.decimals()) + " " + std::string(c.code());
}
std::string btc_text(Amount a) { return format_units_trimmed(a.raw(), Currency::btc().decimals()) + " BTC"; }

std::optional<std::string> date_fault(int64_t date) {
  if (date >= kEarliestDate && date < kLatestDate) return std::nullopt;
  return "date " + std::to_string(date) + " is outside 2009-01-03 to 2100-01-01";
}

std::optional<std::string> fill_fault(int64_t tid, Price price, Amount amount, Currency currency,
                                      int64_t date) {
  const std::string what = "trade " + std::to_string(tid) + ": ";
  if (tid <= 0) return what + "tid is not above zero";
  if (price.raw() <= 0) return what + "price " + price_text(price, currency) + " is not above zero";
  if (amount.raw() <= 0) return what + "amount " + btc_text(amount) + " is not above zero";
  if (auto d = date_fault(date)) return what + *d;
  return std::nullopt;
}

// Strictly ascending (or descending when `descending`) by price.
bool monotonic(const std::vector<DepthLevel>& side, bool descending) {
  return std::adjacent_find(side.begin(), side.end(), [descending](const DepthLevel& a, const DepthLevel& b) {
           return descending ? a.price <= b.price : a.price >= b.price;
         }) == side.end();
}

}  // namespace

std::optional<std::string> implausible(const Trade& t) {
  return fill_fault(t.tid, t.price, t.amount, t.price_currency, t.date);
}

std::optional<std::string> implausible(const OwnTrade& t) {
  if (auto f = fill_fault(t.tid, t.price, t.amount, t.price_currency, t.date)) return f;
  if (!t.fee) return std::nullopt;
  const int64_t fee = std::visit([](auto v) { return v.raw(); }, t.fee->value);
  if (fee < 0)
    return "trade " + std::to_string(t.tid) + ": fee " +
           format_units_trimmed(fee, t.fee->currency.decimals()) + " " + std::string(t.fee->currency.code()) +
           " is below zero";
  return std::nullopt;
}

std::optional<std::string> implausible(const Order& o) {
  const std::string what = "order " + o.id + ": ";
  if (o.amount.raw() <= 0) return what + "amount " + btc_text(o.amount) + " is not above zero";
  if (o.effective_amount.raw() < 0)
    return what + "effective amount " + btc_text(o.effective_amount) + " is below zero";
  if (o.kind == OrderKind::kLimit && o.price.raw() <= 0)
    return what + "price " + price_text(o.price, o.currency) + " is not above zero";
  return std::nullopt;
}

std::optional<std::string> implausible(const Balance& b) {
  auto units = [&b](Funds f) {
    return format_units_trimmed(f.raw(), b.currency.decimals()) + " " + std::string(b.currency.code());
  };
  if (b.total.raw() < 0)
    return "wallet " + std::string(b.currency.code()) + ": balance " + units(b.total) + " is below zero";
  if (b.in_open_orders.raw() < 0)
    return "wallet " + std::string(b.currency.code()) + ": open orders " + units(b.in_open_orders) +
           " is below zero";
  return std::nullopt;
}

std::optional<std::string> implausible(const Ticker& t) {
  const std::pair<const char*, Price> prices[] = {
      {"high", t.high},           {"low", t.low},   {"avg", t.avg},
      {"vwap", t.vwap},           {"last", t.last}, {"last_local", t.last_local},
      {"last_orig", t.last_orig}, {"buy", t.buy},   {"sell", t.sell}};
  for (const auto& [name, price] : prices) {
    if (price.raw() < 0)
      return std::string("ticker ") + name + " " + price_text(price, t.currency) + " is below zero";
  }
  if (t.volume.raw() < 0) return "ticker volume " + btc_text(t.volume) + " is below zero";
  return std::nullopt;
}

std::optional<std::string> implausible(const Depth& d, Currency currency) {
  for (const auto* side : {&d.asks, &d.bids}) {
    const char* name = side == &d.asks ? "ask" : "bid";
    for (const DepthLevel& l : *side) {
      if (l.price.raw() <= 0)
        return std::string(name) + " at " + price_text(l.price, currency) + ": price is not above zero";
      if (l.amount.raw() <= 0)
        return std::string(name) + " at " + price_text(l.price, currency) + ": amount " + btc_text(l.amount) +
               " is not above zero";
    }
  }
  if (!monotonic(d.asks, false)) return std::string("asks are not in ascending order of price");
  if (!monotonic(d.bids, false) && !monotonic(d.bids, true))
    return std::string("bids are not in order of price");
  if (d.asks.empty() || d.bids.empty()) return std::nullopt;
  const Price best_bid = std::max(d.bids.front().price, d.bids.back().price);
  const Price best_ask = d.asks.front().price;
  if (best_bid >= best_ask)
    return "crossed: best bid " + price_text(best_bid, currency) + " is not below best ask " +
           price_text(best_ask, currency);
  return std::nullopt;
}

Error implausible_error(const std::string& what) {
  return make_error(Errc::kExchange, "impossible value: " + what, std::string(kImplausibleToken));
}

const std::string* refused_value(const Error& error) {
  return error.token == kImplausibleToken ? &error.message : nullptr;
}

}  // namespace dealer
