#include "sim/mtgox_api.h"

#include "core/crypto.h"
#include "core/time_format.h"
#include "exchange/mtgox/codec.h"
#include "exchange/mtgox/convert.h"
#include "sim/merchant.h"

namespace dealer::sim {
namespace {

using mtgox::Envelope;
using mtgox::make_value;

struct Alias {
  std::string_view path;
  std::string_view endpoint;
  bool is_private;
};

// Paths after "/api/1/<PAIR>/" and after "/api/1/generic/", canonical forms and the aliases real
// clients used (shared/data/README.md).
constexpr Alias kPairAliases[] = {
    {"public/ticker", "ticker", false},      {"ticker", "ticker", false},
    {"ticker_fast", "ticker", false},        {"public/ticker_fast", "ticker", false},
    {"public/depth", "depth", false},        {"depth/fetch", "depth", false},
    {"public/fulldepth", "fulldepth", false}, {"depth/full", "fulldepth", false},
    {"public/trades", "trades", false},      {"trades/fetch", "trades", false},
    {"public/cancelledtrades", "cancelledtrades", false},
    {"private/order/add", "order/add", true}, {"order/add", "order/add", true},
    {"private/order/cancel", "order/cancel", true}, {"order/cancel", "order/cancel", true},
};
constexpr Alias kGenericAliases[] = {
    {"public/currency", "currency", false},   {"public/hotp_gen", "hotp_gen", false},
    {"order/lag", "order/lag", false},        {"private/info", "info", true},
    {"info", "info", true},                   {"private/idkey", "idkey", true},
    {"idkey", "idkey", true},                 {"private/orders", "orders", true},
    {"orders", "orders", true},               {"private/trades", "my_trades", true},
    {"private/order/result", "order/result", true}, {"order/result", "order/result", true},
    {"private/merchant/order/create", "merchant/order/create", true},
};

struct CurrencyName {
  std::string_view code, name;
};
constexpr CurrencyName kNames[] = {
    {"BTC", "Bitcoin"},          {"USD", "US Dollar"},         {"EUR", "Euro"},
    {"GBP", "British Pound"},    {"AUD", "Australian Dollar"}, {"CAD", "Canadian Dollar"},
    {"CHF", "Swiss Franc"},      {"CNY", "Chinese Yuan"},      {"DKK", "Danish Krone"},
    {"HKD", "Hong Kong Dollar"}, {"NZD", "New Zealand Dollar"}, {"PLN", "Polish Zloty"},
    {"RUB", "Russian Rouble"},   {"SGD", "Singapore Dollar"},  {"THB", "Thai Baht"},
    {"NOK", "Norwegian Krone"},  {"CZK", "Czech Koruna"},      {"JPY", "Japanese Yen"},
    {"SEK", "Swedish Krona"}};

const char* right_for(std::string_view endpoint) {
  if (endpoint.starts_with("order/")) return "trade";
  if (endpoint.starts_with("merchant/")) return "merchant";
  return "get_info";
}

net::HttpResponse ok_json(std::string body) { return net::HttpResponse{200, "application/json", std::move(body), {}}; }

template <class T>
net::HttpResponse ok(const T& payload, bool raw) {
  return ok_json(mtgox::encode_response(payload, raw ? Envelope::kRaw : Envelope::kWrapped));
}

net::HttpResponse bad_parameter(std::string_view name, std::string_view why) {
  return mtgox_error(400, std::string(why) + ": " + std::string(name), why == "Missing parameter" ? "missing_parameter" : "invalid_parameter");
}

// A nonce's digits without leading zeros, or nullopt when it is not a non-negative integer. Nonces of
// any length are accepted and compared as integers, so no value is the largest one: a huge nonce
// cannot leave a key with no valid next nonce.
std::optional<std::string_view> nonce_digits(std::string_view text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  const size_t first = text.find_first_not_of('0');
  return first == std::string_view::npos ? std::string_view("0") : text.substr(first);
}

// a > b for digit strings without leading zeros.
bool greater_integer(std::string_view a, std::string_view b) {
  return a.size() != b.size() ? a.size() > b.size() : a > b;
}

std::optional<Side> side_param(const std::string* text) {
  if (!text) return std::nullopt;
  if (*text == "bid") return Side::kBid;
  if (*text == "ask") return Side::kAsk;
  return std::nullopt;
}

mtgox::OrderTrade order_trade(const SimOrder& o, const Fill& f) {
  return mtgox::OrderTrade{f.tid,  mtgox::YesNo::kY,  o.currency, o.side,
                           f.properties, Currency::btc(), make_value(f.amount.raw(), Currency::btc()),
                           make_value(f.price.raw(), o.currency), make_value(f.spent.raw(), o.currency),
                           format_utc(f.date)};
}

}  // namespace

net::HttpResponse mtgox_error(int status, std::string_view message, std::string_view token) {
  return net::HttpResponse{status, "application/json", mtgox::encode_error(message, token), {}};
}

net::HttpResponse mtgox_rate_limited() {
  return mtgox_error(403, "Too many requests: slow down", "rate_limit_exceeded");
}

MtGoxRoute route_mtgox(std::string_view path) {
  MtGoxRoute route;
  constexpr std::string_view kPrefix = "/api/1/";
  if (!path.starts_with(kPrefix)) return route;
  path.remove_prefix(kPrefix.size());
  const size_t slash = path.find('/');
  if (slash == std::string_view::npos) return route;
  const std::string_view first = path.substr(0, slash);
  const std::string_view rest = path.substr(slash + 1);
  const bool generic = first == "generic";
  for (const Alias& a : generic ? std::span<const Alias>(kGenericAliases) : std::span<const Alias>(kPairAliases)) {
    if (a.path != rest) continue;
    route.endpoint = a.endpoint;
    route.is_private = a.is_private;
  }
  if (route.endpoint.empty() || generic) return route;
  auto quote = first.size() == 6 && first.starts_with("BTC") ? Currency::from_code(first.substr(3))
                                                              : Result<Currency>(make_error(Errc::kNotFound, ""));
  if (quote && *quote != Currency::btc()) route.currency = *quote;
  else route.pair_error = "Unknown currency pair: " + std::string(first);
  return route;
}

net::HttpResponse MtGoxApi::handle(const net::HttpRequest& request, const MtGoxRoute& route) {
  if (!route.is_private && !limiter_.allow(request.remote, route.endpoint)) return mtgox_rate_limited();
  if (!route.pair_error.empty() || (route.currency && !engine_.trades_in(*route.currency)))
    return mtgox_error(404, route.pair_error.empty() ? "Currency pair not traded here" : route.pair_error,
                       "unknown_currency_pair");
  if (route.is_private) return authenticated_call(request, route);
  // Public parameters: the query string, plus the form body of a POST.
  auto params = parse_form(request.query());
  if (!params) return mtgox_error(400, "Invalid query string: " + params.error().message, "invalid_parameter");
  if (request.method == "POST" && !request.body.empty()) {
    auto body = parse_form(request.body);
    if (!body) return mtgox_error(400, "Invalid form body: " + body.error().message, "invalid_parameter");
    params->insert(params->end(), body->begin(), body->end());
  }
  return public_call(route, *params, find_field(*params, "raw") != nullptr);
}

net::HttpResponse MtGoxApi::authenticated_call(const net::HttpRequest& request, const MtGoxRoute& route) {
  if (request.method != "POST") return mtgox_error(405, "Private calls must be POSTed", "method_not_allowed");
  // Parameters come from the signed body only: whoever relays a request can change its URL, so a URL
  // parameter would let a captured request be replayed (?nonce=N+1) or altered (a bid in front of a
  // signed ask). The URL may only ask for the bare payload (?raw).
  auto query = parse_form(request.query());
  if (!query) return mtgox_error(400, "Invalid query string: " + query.error().message, "invalid_parameter");
  for (const auto& field : *query)
    if (field.first != "raw")
      return mtgox_error(
          400,
          "Invalid parameter: " + field.first + " (private calls take parameters from the signed body only)",
          "invalid_parameter");
  auto params = parse_form(request.body);
  if (!params) return mtgox_error(400, "Invalid form body: " + params.error().message, "invalid_parameter");

  const std::string_view key = request.header("Rest-Key");
  if (key.empty())
    return mtgox_error(403, "Identification required to access private API", "login_error_missing_rest_key");
  Account* account = engine_.find_account(key);
  if (!account) return mtgox_error(403, "Unknown API key", "login_error_invalid_rest_key");
  // The signature covers the bytes received, never re-encoded parameters.
  if (!mtgox_signature_valid(account->config.secret, request.body, request.header("Rest-Sign")))
    return mtgox_error(403, "Invalid signature", "login_error_invalid_rest_sign");
  const std::string* nonce_text = find_field(*params, "nonce");
  const auto nonce = nonce_text ? nonce_digits(*nonce_text) : std::nullopt;
  if (!nonce) return mtgox_error(403, "Missing or malformed nonce", "login_error_invalid_nonce");
  if (!greater_integer(*nonce, account->last_nonce))
    return mtgox_error(403, "Invalid nonce: it must be greater than " + account->last_nonce,
                       "login_error_invalid_nonce");
  account->last_nonce = *nonce;
  // Limited only now: an unknown key or a forged or replayed request takes no slot of the key's limit.
  if (!limiter_.allow(key, route.endpoint)) return mtgox_rate_limited();
  const char* right = right_for(route.endpoint);
  if (!account->has_right(right))
    return mtgox_error(403, std::string("This API key does not have the right '") + right + "'", "login_error_no_right");
  const bool raw = !query->empty() || find_field(*params, "raw") != nullptr;
  return private_call(request, route, static_cast<int>(account - engine_.accounts().data()), *params, raw);
}

net::HttpResponse MtGoxApi::public_call(const MtGoxRoute& route, const FormFields& params, bool raw) {
  const std::string& e = route.endpoint;
  if (e == "ticker") {
    const Currency c = *route.currency;
    const TickerStats s = engine_.ticker(c);
    // The v1 ticker's values have no display_short (see the seed).
    auto value = [](int64_t raw, Currency currency) {
      mtgox::Value v = make_value(raw, currency);
      v.display_short.reset();
      return v;
    };
    mtgox::Ticker t;
    t.high = value(s.high.raw(), c);
    t.low = value(s.low.raw(), c);
    t.avg = value(s.avg.raw(), c);
    t.vwap = value(s.vwap.raw(), c);
    t.vol = value(s.volume.raw(), Currency::btc());
    // last_all: the last trade in any currency, converted into this one. This currency's tape holds the
    // trades mirrored from the others, so its last trade (`last`) is that.
    t.last_all = value(s.last.raw(), c);
    t.last_local = value(s.last_local.raw(), c);
    t.last_orig = value(s.last_orig.raw(), s.orig_currency);
    t.last = value(s.last.raw(), c);
    t.buy = value(s.buy.raw(), c);
    t.sell = value(s.sell.raw(), c);
    return ok(t, raw);
  }
  if (e == "depth" || e == "fulldepth") {
    const Currency c = *route.currency;
    const int window = e == "depth" ? 10 : 0;
    auto [asks, bids] = engine_.depth(c, window);
    auto convert = [c](const std::vector<Level>& in) {
      std::vector<dealer::DepthLevel> out;
      for (const Level& l : in) out.push_back({l.price, l.amount, l.stamp_us});
      return out;
    };
    mtgox::Depth d = mtgox::to_wire(dealer::Depth{convert(asks), convert(bids)}, c);
    if (window > 0) {
      const Price last = engine_.last_price(c);
      const Price band(last.raw() * window / 100);
      d.filter_min_price = make_value((last - band).raw(), c);
      d.filter_max_price = make_value((last + band).raw(), c);
    }
    return ok(d, raw);
  }
  if (e == "trades") {
    std::optional<int64_t> since;
    if (const std::string* s = find_field(params, "since")) {
      auto v = parse_int64(*s);
      if (!v) return bad_parameter("since", "Invalid parameter");
      since = *v;
    }
    std::vector<mtgox::Trade> out;
    for (const Trade& t : engine_.trades_since(*route.currency, since)) out.push_back(mtgox::to_wire(t));
    return ok(out, raw);
  }
  if (e == "cancelledtrades") return ok(std::vector<mtgox::CancelledTid>{}, raw);  // no trade is ever cancelled here
  if (e == "currency") {
    const std::string* code = find_field(params, "currency");
    if (!code) return bad_parameter("currency", "Missing parameter");
    auto c = Currency::from_code(*code);
    if (!c) return bad_parameter("currency", "Invalid parameter");
    mtgox::CurrencyInfo info;
    info.currency = *c;
    for (const auto& n : kNames)
      if (n.code == c->code()) info.name = n.name;
    const std::string_view prefix = c->display_prefix();
    info.symbol = std::string(prefix.empty() ? c->display_suffix().substr(c->display_suffix().find_first_not_of(" \xc2\xa0")) : prefix);
    info.decimals = c->decimals();
    info.display_decimals = 2;
    info.symbol_position = prefix.empty() ? "after" : "before";
    info.virtual_ = *c == Currency::btc() ? mtgox::YesNo::kY : mtgox::YesNo::kN;
    return ok(info, raw);
  }
  if (e == "hotp_gen") {
    static constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::string key;
    const std::string serial = engine_.new_uuid();
    for (char ch : engine_.new_uuid())
      if (ch != '-') key += kBase32[static_cast<unsigned char>(ch) % 32];
    return ok(mtgox::HotpKey{key.substr(0, 16), serial}, raw);
  }
  if (e == "order/lag") {
    return ok(mtgox::Lag{0, Decimal(0, 0), "0 seconds", 0}, raw);
  }
  return mtgox_error(404, "Unknown API call", "api_not_found");
}

net::HttpResponse MtGoxApi::private_call(const net::HttpRequest& request, const MtGoxRoute& route, int index,
                                         const FormFields& params, bool raw) {
  const std::string& e = route.endpoint;
  Account& account = engine_.accounts()[index];
  if (e == "info") {
    mtgox::Info info;
    info.Login = account.config.name;
    info.Index = std::to_string(index + 1);
    info.Id = account.id;
    info.Rights = account.config.rights;
    info.Language = "en_US";
    info.Created = format_utc(0);
    info.Last_Login = format_utc(engine_.clock().now_us() / 1'000'000);
    for (int i = 0; i < Currency::kCount; ++i) {
      const Currency c = Currency::at(i);
      const Wallet& w = account.wallets[i];
      if (w.total == Funds(0) && w.reserved == Funds(0) && !account.config.balances.contains(i)) continue;
      // Withdrawals do not exist here; the limits are fixed figures of MtGox's usual size
      // (100 BTC or 1,000 fiat a day; no monthly limit on BTC), and Max_Withdraw is what is free.
      const bool btc = c == Currency::btc();
      const int64_t whole = pow10(c.decimals());
      mtgox::Wallet out;
      out.Balance = make_value(w.total.raw(), c);
      out.Operations = 0;
      out.Daily_Withdraw_Limit = make_value((btc ? 100 : 1000) * whole, c);
      if (!btc) out.Monthly_Withdraw_Limit = make_value(10000 * whole, c);
      out.Max_Withdraw = make_value(w.available().raw(), c);
      out.Open_Orders = make_value(w.reserved.raw(), c);
      info.Wallets.entries.emplace_back(std::string(c.code()), std::move(out));
    }
    info.Monthly_Volume = make_value(account.volume, Currency::btc());
    info.Trade_Fee = account.config.fee_percent;
    return ok(info, raw);
  }
  if (e == "idkey") return ok(base64_encode(account.id + ":" + engine_.new_uuid()), raw);
  if (e == "orders") {
    std::vector<mtgox::Order> out;
    for (const SimOrder* o : engine_.open_orders(index)) {
      mtgox::Order w;
      w.oid = o->oid;
      w.currency = o->currency;
      w.item = Currency::btc();
      w.type = o->side;
      w.amount = make_value(o->remaining.raw(), Currency::btc());
      w.effective_amount = make_value(o->state == OrderState::kOpen ? o->remaining.raw() : 0, Currency::btc());
      if (o->kind == OrderKind::kLimit) w.price = make_value(o->price.raw(), o->currency);
      w.status = o->state == OrderState::kOpen ? OrderStatus::kOpen : OrderStatus::kInvalid;
      w.date = o->date;
      w.priority = std::to_string(o->priority);
      out.push_back(std::move(w));
    }
    return ok(out, raw);
  }
  if (e == "my_trades") {
    // Each trade names its order (`oid`), which the seed's "Returns all of your trades" leaves open:
    // without it an order that filled at once and vanished could not be told from another of the same
    // size. No fees, as the seed says.
    std::vector<mtgox::PrivateTrade> out;
    for (const SimOrder* o : engine_.orders_of(index))
      for (const Fill& f : o->fills) {
        mtgox::PrivateTrade t{order_trade(*o, f)};
        t.oid = o->oid;
        out.push_back(std::move(t));
      }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.trade_id < b.trade_id; });
    return ok(out, raw);
  }
  if (e == "order/add") {
    const auto side = side_param(find_field(params, "type"));
    if (!side) return bad_parameter("type", find_field(params, "type") ? "Invalid parameter" : "Missing parameter");
    const std::string* amount_text = find_field(params, "amount_int");
    if (!amount_text) return bad_parameter("amount_int", "Missing parameter");
    auto amount = parse_int64(*amount_text);
    if (!amount || *amount <= 0) return bad_parameter("amount_int", "Invalid parameter");
    std::optional<Price> price;
    if (const std::string* p = find_field(params, "price_int")) {
      auto v = parse_int64(*p);
      if (!v || *v <= 0) return bad_parameter("price_int", "Invalid parameter");
      price = Price(*v);
    }
    auto oid = engine_.place(index, *route.currency, *side, Amount(*amount), price);
    if (!oid) return mtgox_error(400, oid.error().message, "invalid_parameter");
    return ok(*oid, raw);
  }
  if (e == "order/cancel") {
    const std::string* oid = find_field(params, "oid");
    if (!oid) return bad_parameter("oid", "Missing parameter");
    Status s = engine_.cancel(index, *oid);
    if (!s) return mtgox_error(400, s.error().message, "order_not_found");
    return ok(mtgox::CancelResult{engine_.new_uuid(), *oid}, raw);
  }
  if (e == "order/result") {
    const auto side = side_param(find_field(params, "type"));
    if (!side) return bad_parameter("type", find_field(params, "type") ? "Invalid parameter" : "Missing parameter");
    const std::string* oid = find_field(params, "order");
    if (!oid) return bad_parameter("order", "Missing parameter");
    const SimOrder* o = engine_.find_order(index, *oid);
    if (!o || o->side != *side) return mtgox_error(400, "Order not found", "order_not_found");
    mtgox::OrderResult r;
    r.order_id = o->oid;
    int64_t total_amount = 0, total_spent = 0;
    for (const Fill& f : o->fills) {
      r.trades.push_back(order_trade(*o, f));
      total_amount += f.amount.raw();
      total_spent += f.spent.raw();
    }
    // avg_cost: quote units per whole BTC.
    const int64_t avg = total_amount == 0 ? 0 : divide_rounded(static_cast<Int128>(total_spent) * pow10(8), total_amount);
    r.total_amount = make_value(total_amount, Currency::btc());
    r.total_spent = make_value(total_spent, o->currency);
    r.avg_cost = make_value(avg, o->currency);
    return ok(r, raw);
  }
  if (e == "merchant/order/create") {
    const std::string_view host = request.header("Host");
    return merchant_.create(index, params, host.empty() ? "127.0.0.1" : host, raw);
  }
  return mtgox_error(404, "Unknown API call", "api_not_found");
}

}  // namespace dealer::sim
