#include "sim/metaexchange_api.h"

#include "core/form.h"
#include "core/money.h"
#include "exchange/metaexchange/codec.h"

namespace dealer::sim {

using metaexchange::ErrorCode;
using metaexchange::OrderType;

namespace {

constexpr std::string_view kV1[] = {"submitAddress", "getOrderStatus", "getMyLastTransactions",
                                    "getAllMarkets", "getMarket",      "getLastTransactions"};
constexpr std::string_view kV2[] = {"getQuote", "getMyLastTransactions", "getMyOpenOrders", "getOrderbook",
                                    "getOrderStatus"};

// Reads parameters, turning every problem into the documented error object.
class Params {
 public:
  explicit Params(FormFields fields) : fields_(std::move(fields)) {}

  const std::string* find(std::string_view name) const { return find_field(fields_, name); }

  std::optional<std::string> required(std::string_view name) {
    const std::string* v = find(name);
    if (!v || v->empty()) return fail(ErrorCode::kMissingParameter, "Missing parameter: " + std::string(name)), std::nullopt;
    return *v;
  }
  std::optional<int64_t> amount(std::string_view name) {  // a decimal with at most 8 places, in 1e-8 units
    auto text = required(name);
    if (!text) return std::nullopt;
    auto v = parse_units(*text, 8);
    if (!v || *v <= 0) return fail(ErrorCode::kInvalidParameter, "Invalid parameter: " + std::string(name)), std::nullopt;
    return *v;
  }
  std::optional<size_t> limit(size_t fallback) {
    const std::string* v = find("limit");
    if (!v) return fallback;
    auto n = parse_int64(*v);
    if (!n || *n <= 0 || *n > 1000) return fail(ErrorCode::kInvalidParameter, "Invalid parameter: limit (1 to 1000)"), std::nullopt;
    return static_cast<size_t>(*n);
  }
  std::optional<OrderType> order_type() {
    auto text = required("order_type");
    if (!text) return std::nullopt;
    const auto names = enum_names(OrderType{});
    for (size_t i = 1; i < names.size(); ++i)
      if (names[i] == *text) return static_cast<OrderType>(i);
    return fail(ErrorCode::kInvalidParameter, "Invalid parameter: order_type"), std::nullopt;
  }
  std::vector<std::string> list(const std::string& text) const {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
      const size_t comma = text.find(',', start);
      const std::string item = text.substr(start, comma - start);
      if (!item.empty()) out.push_back(item);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return out;
  }

  void fail(ErrorCode code, std::string message) {
    if (!error_) error_ = metaexchange_error(400, code, message);
  }
  const std::optional<net::HttpResponse>& error() const { return error_; }

 private:
  FormFields fields_;
  std::optional<net::HttpResponse> error_;
};

template <class T>
net::HttpResponse ok(const T& payload) {
  return net::HttpResponse{200, "application/json", metaexchange::encode_response(payload), {}};
}

template <class T>
net::HttpResponse answer(const GatewayResult<T>& r) {
  if (const auto* e = std::get_if<GatewayError>(&r)) return metaexchange_error(400, e->code, e->message);
  return ok(std::get<T>(r));
}

}  // namespace

net::HttpResponse metaexchange_error(int status, ErrorCode code, std::string_view message) {
  return net::HttpResponse{status, "application/json", metaexchange::encode_error(code, message), {}};
}

std::string MetaexchangeApi::endpoint_of(std::string_view path) {
  auto match = [&](std::string_view prefix, std::span<const std::string_view> names) -> std::string {
    if (!path.starts_with(prefix)) return {};
    for (auto n : names)
      if (path.substr(prefix.size()) == n) return std::string(n);
    return {};
  };
  std::string e = match("/api/1/", kV1);
  if (e.empty()) e = match("/api/2/", kV2);
  return e;
}

net::HttpResponse MetaexchangeApi::handle(const net::HttpRequest& request) {
  const std::string endpoint = endpoint_of(request.path());
  if (endpoint.empty()) return metaexchange_error(404, ErrorCode::kUnsupported, "Unsupported call: " + std::string(request.path().substr(0, 200)));
  const bool v2 = request.path().starts_with("/api/2/");
  auto fields = parse_form(request.query());
  if (fields && !request.body.empty()) {
    auto body = parse_form(request.body);
    if (body) fields->insert(fields->end(), body->begin(), body->end());
    else fields = std::move(body);
  }
  if (!fields) return metaexchange_error(400, ErrorCode::kInvalidParameter, fields.error().message);
  Params p(std::move(*fields));

  if (endpoint == "getAllMarkets") return ok(gateway_.markets());
  if (endpoint == "getMarket") {
    auto pair = p.required("symbol_pair");
    return p.error() ? *p.error() : answer(gateway_.market(*pair));
  }
  if (endpoint == "submitAddress") {
    GatewayOrderRequest r;
    auto pair = p.required("symbol_pair");
    auto receiving = p.required("receiving_address");
    auto type = p.order_type();
    if (p.error()) return *p.error();
    r.symbol_pair = *pair;
    r.receiving_address = *receiving;
    r.type = *type;
    if (p.find("price")) r.price = p.amount("price");
    if (const std::string* refund = p.find("refund_address")) r.refund_address = *refund;
    if (const std::string* expiry = p.find("expiry")) {
      auto v = parse_int64(*expiry);
      if (!v || *v <= 0) p.fail(ErrorCode::kInvalidParameter, "Invalid parameter: expiry (seconds)");
      else r.expiry_seconds = *v;
    }
    return p.error() ? *p.error() : answer(gateway_.submit(r));
  }
  if (endpoint == "getOrderStatus") {
    auto txid = p.required("txid");
    if (p.error()) return *p.error();
    auto r = gateway_.status(*txid);
    if (v2 || std::holds_alternative<GatewayError>(r)) return answer(r);
    return ok(std::get<std::vector<metaexchange::Transaction>>(r).back());  // v1: the latest output
  }
  if (endpoint == "getMyLastTransactions") {
    auto limit = p.limit(20);
    if (v2) {
      auto pair = p.required("symbol_pair");
      auto receiving = p.required("receiving_address");
      return p.error() ? *p.error() : ok(gateway_.by_receiving(*pair, p.list(*receiving), *limit));
    }
    const std::string* key = p.find("memo");
    if (!key) key = p.find("deposit_address");
    if (!key) p.fail(ErrorCode::kMissingParameter, "Missing parameter: memo or deposit_address");
    return p.error() ? *p.error() : ok(gateway_.by_deposit(*key, *limit));
  }
  if (endpoint == "getLastTransactions") {
    auto limit = p.limit(20);
    std::optional<std::string> pair;
    if (const std::string* s = p.find("symbol_pair")) pair = *s;
    return p.error() ? *p.error() : ok(gateway_.last(pair, *limit));
  }
  if (endpoint == "getQuote") {
    auto pair = p.required("symbol_pair");
    auto type = p.order_type();
    auto amount = p.amount("deposit_amount");
    return p.error() ? *p.error() : answer(gateway_.quote(*pair, *type, *amount));
  }
  if (endpoint == "getMyOpenOrders") {
    auto pair = p.required("symbol_pair");
    auto receiving = p.required("receiving_address");
    return p.error() ? *p.error() : ok(gateway_.open_orders(*pair, p.list(*receiving)));
  }
  if (endpoint == "getOrderbook") {
    auto pair = p.required("symbol_pair");
    auto limit = p.limit(20);
    return p.error() ? *p.error() : answer(gateway_.book(*pair, *limit));
  }
  return metaexchange_error(404, ErrorCode::kUnsupported, "Unsupported call");
}

}  // namespace dealer::sim
