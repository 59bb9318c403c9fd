#include "exchange/metaexchange/client.h"

#include "exchange/metaexchange/codec.h"

namespace dealer::metaexchange {

std::optional<ErrorCode> error_code(const Error& e) {
  for (int code = 1; code <= 13; ++code)
    if (e.token == error_name(code)) return static_cast<ErrorCode>(code);
  return std::nullopt;
}

Result<std::unique_ptr<Client>> Client::create(boost::asio::io_context& io, ClientOptions options) {
  auto base = net::parse_url(options.base_url);
  if (!base) return make_error(Errc::kConfig, "Metaexchange base URL: " + base.error().message);
  return std::unique_ptr<Client>(new Client(io, *base, std::move(options)));
}

Client::Client(boost::asio::io_context& io, net::Url base, ClientOptions o)
    : caller_(io, std::move(base),
              ApiCallerOptions{
                  "Metaexchange", o.per_second, o.burst, o.backoff, o.http, o.scheduler, {}, o.journal}) {}

namespace {
std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}
}  // namespace

template <class T>
void Client::call(std::string endpoint, int version, FormFields params, bool write, Callback<T> done) {
  auto value = std::make_shared<std::optional<T>>();
  const bool get = endpoint == "getAllMarkets";  // the one GET of the API
  const std::string target = "/api/" + std::to_string(version) + "/" + endpoint;
  ApiCaller::Call c{
      endpoint, write, false,
      [target, get, params = std::move(params)]() -> Result<net::HttpRequest> {
        net::HttpRequest r;
        r.method = get ? "GET" : "POST";
        r.target = target;
        r.body = encode_form(params);
        r.headers = {{"Accept", "application/json"}};
        if (!get) r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
        return r;
      },
      [value](const net::HttpResponse& r) -> Status {
        if (r.status == 403) return make_error(Errc::kRateLimited, "HTTP 403: over the Metaexchange rate limit");
        auto v = decode_response<T>(r.body);
        if (!v) return std::move(v).error();
        *value = std::move(*v);
        return {};
      }};
  caller_.run(std::move(c), [value, done = std::move(done)](Result<bool> r) {
    if (!r) return done(std::move(r).error());
    done(std::move(**value));
  });
}

void Client::submit_address(const SubmitRequest& r, Callback<DepositDetails> done) {
  FormFields p = {{"symbol_pair", r.symbol_pair},
                  {"receiving_address", r.receiving_address},
                  {"order_type", std::string(to_string(r.type))}};
  if (r.price) p.emplace_back("price", r.price->to_string());
  if (r.refund_address) p.emplace_back("refund_address", *r.refund_address);
  if (r.expiry_seconds) p.emplace_back("expiry", std::to_string(*r.expiry_seconds));
  call<DepositDetails>("submitAddress", 1, std::move(p), true, std::move(done));
}

void Client::order_status(const std::string& txid, Callback<Transaction> done) {
  call<Transaction>("getOrderStatus", 1, {{"txid", txid}}, false, std::move(done));
}

void Client::my_last_transactions(const std::string& key, bool is_memo, int limit, Callback<std::vector<Transaction>> done) {
  call<std::vector<Transaction>>("getMyLastTransactions", 1,
                                 {{is_memo ? "memo" : "deposit_address", key}, {"limit", std::to_string(limit)}}, false,
                                 std::move(done));
}

void Client::all_markets(Callback<std::vector<Market>> done) {
  call<std::vector<Market>>("getAllMarkets", 1, {}, false, std::move(done));
}

void Client::market(const std::string& symbol_pair, Callback<Market> done) {
  call<Market>("getMarket", 1, {{"symbol_pair", symbol_pair}}, false, std::move(done));
}

void Client::last_transactions(std::optional<std::string> symbol_pair, int limit, Callback<std::vector<Transaction>> done) {
  FormFields p = {{"limit", std::to_string(limit)}};
  if (symbol_pair) p.emplace_back("symbol_pair", *symbol_pair);
  call<std::vector<Transaction>>("getLastTransactions", 1, std::move(p), false, std::move(done));
}

void Client::quote(const std::string& symbol_pair, OrderType type, Decimal amount, Callback<Quote> done) {
  call<Quote>("getQuote", 2,
              {{"symbol_pair", symbol_pair}, {"order_type", std::string(to_string(type))}, {"deposit_amount", amount.to_string()}},
              false, std::move(done));
}

void Client::my_last_transactions_v2(const std::string& symbol_pair, const std::vector<std::string>& receiving, int limit,
                                     Callback<std::vector<Transaction>> done) {
  call<std::vector<Transaction>>("getMyLastTransactions", 2,
                                 {{"symbol_pair", symbol_pair}, {"receiving_address", joined(receiving)}, {"limit", std::to_string(limit)}},
                                 false, std::move(done));
}

void Client::my_open_orders(const std::string& symbol_pair, const std::vector<std::string>& receiving,
                            Callback<std::vector<OpenOrder>> done) {
  call<std::vector<OpenOrder>>("getMyOpenOrders", 2, {{"symbol_pair", symbol_pair}, {"receiving_address", joined(receiving)}},
                               false, std::move(done));
}

void Client::order_book(const std::string& symbol_pair, int limit, Callback<OrderBook> done) {
  call<OrderBook>("getOrderbook", 2, {{"symbol_pair", symbol_pair}, {"limit", std::to_string(limit)}}, false, std::move(done));
}

void Client::order_statuses(const std::string& txid, Callback<std::vector<Transaction>> done) {
  call<std::vector<Transaction>>("getOrderStatus", 2, {{"txid", txid}}, false, std::move(done));
}

void Client::raw(const std::string& endpoint, FormFields params, Callback<std::string> done) {
  const bool v2 = endpoint.starts_with("2/");
  const std::string name = v2 ? endpoint.substr(2) : endpoint.starts_with("1/") ? endpoint.substr(2) : endpoint;
  call<RawJson>(name, v2 ? 2 : 1, std::move(params), name == "submitAddress",
                [done = std::move(done)](Result<RawJson> r) {
                  if (!r) return done(std::move(r).error());
                  done(std::move(r->text));
                });
}

}  // namespace dealer::metaexchange
