#include "sim/merchant.h"

#include <boost/asio/steady_timer.hpp>

#include "core/crypto.h"
#include "core/json_writer.h"
#include "exchange/mtgox/codec.h"
#include "sim/mtgox_api.h"

namespace dealer::sim {
namespace {
constexpr int64_t kMaxOrderUnits = 21'000'000'00000000;  // every bitcoin there will ever be, in 1e-8
}  // namespace

Merchant::Merchant(boost::asio::io_context& io, Engine& engine, int64_t ipn_retry_seconds)
    : io_(io), engine_(engine), client_(io), retry_seconds_(ipn_retry_seconds) {}

net::HttpResponse Merchant::create(int account, const FormFields& params, std::string_view host, bool raw) {
  const std::string* currency = find_field(params, "currency");
  if (!currency) return mtgox_error(400, "Missing parameter: currency", "missing_parameter");
  if (*currency != "BTC") return mtgox_error(400, "Invalid parameter: currency (only BTC is supported)", "invalid_parameter");
  Order o;
  if (const std::string* text = find_field(params, "amount_int")) {
    auto v = parse_int64(*text);
    if (!v || *v <= 0) return mtgox_error(400, "Invalid parameter: amount_int", "invalid_parameter");
    o.amount = *v;
  } else if (const std::string* amount = find_field(params, "amount")) {
    auto v = parse_units(*amount, Currency::btc().decimals());
    if (!v || *v <= 0) return mtgox_error(400, "Invalid parameter: amount", "invalid_parameter");
    o.amount = *v;
  } else {
    return mtgox_error(400, "Missing parameter: amount", "missing_parameter");
  }
  if (o.amount > kMaxOrderUnits)
    return mtgox_error(400, "Invalid parameter: amount (more than the 21 million BTC that can ever exist)", "invalid_parameter");
  for (const char* required : {"return_success", "return_failure"})
    if (!find_field(params, required)) return mtgox_error(400, std::string("Missing parameter: ") + required, "missing_parameter");
  if (const std::string* ipn = find_field(params, "ipn")) {
    if (!net::parse_url(*ipn)) return mtgox_error(400, "Invalid parameter: ipn (an http:// URL)", "invalid_parameter");
    o.ipn = *ipn;
  }
  if (const std::string* data = find_field(params, "data")) o.data = *data;
  o.account = account;
  o.transaction = engine_.new_uuid();
  mtgox::MerchantOrder answer{o.transaction, "http://" + std::string(host) + "/sim/merchant/pay/" + o.transaction};
  orders_.emplace(o.transaction, std::move(o));
  return net::HttpResponse{200, "application/json", mtgox::encode_response(answer, raw ? mtgox::Envelope::kRaw : mtgox::Envelope::kWrapped), {}};
}

net::HttpResponse Merchant::pay(std::string_view transaction) {
  auto it = orders_.find(transaction);
  if (it == orders_.end()) return mtgox_error(404, "Unknown transaction", "unknown_transaction");
  Order& o = it->second;
  if (o.paid) return mtgox_error(409, "Transaction already paid", "already_paid");
  // Refused before anything changes if the merchant's balance would pass 64 bits (issue 8: a payment of
  // 9223372036854775807 units wrapped the wallet to -9.2e18).
  if (Status s = engine_.deposit(o.account, Currency::btc(), Funds(o.amount)); !s)
    return mtgox_error(400, "Invalid parameter: amount (" + s.error().message + ")", "invalid_parameter");
  o.paid = true;
  o.paid_at = engine_.clock().now_us() / 1'000'000;
  o.payment_id = engine_.new_uuid();
  if (!o.ipn.empty()) notify(o.transaction);
  return net::HttpResponse{200, "application/json", "{\"status\":\"paid\",\"payment_id\":\"" + o.payment_id + "\"}", {}};
}

void Merchant::notify(const std::string& transaction) {
  Order& o = orders_.at(transaction);
  mtgox::Ipn ipn{o.transaction, o.payment_id, "paid", o.amount, "BTC", "MTGOXBTC", o.paid_at, std::nullopt};
  if (!o.data.empty()) ipn.data = o.data;
  const Account& merchant = engine_.accounts()[o.account];
  net::HttpRequest request;
  request.method = "POST";
  request.body = mtgox::encode_ipn(ipn);
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Rest-Key", merchant.config.key},
                     {"Rest-Sign", base64_encode(hmac_sha512(merchant.config.secret, request.body))}};
  ++o.attempts;
  client_.send(*net::parse_url(o.ipn), std::move(request), [this, transaction](net::HttpOutcome outcome) {
    Order& o = orders_.at(transaction);
    o.last_answer = outcome.response ? outcome.response->body.substr(0, 200) : outcome.response.error().describe();
    if (outcome.response && outcome.response->body == "[OK]") {
      o.delivered = true;
      return;
    }
    auto timer = std::make_shared<boost::asio::steady_timer>(io_, std::chrono::seconds(retry_seconds_));
    timer->async_wait([this, transaction, timer](const boost::system::error_code& ec) {
      if (!ec) notify(transaction);
    });
  });
}

net::HttpResponse Merchant::deliveries() const {
  JsonWriter w;
  w.begin_array();
  for (const auto& [tx, o] : orders_) {
    if (!o.paid) continue;
    w.begin_object();
    w.key("transaction");
    w.string(tx);
    w.key("attempts");
    w.integer(o.attempts);
    w.key("delivered");
    w.boolean(o.delivered);
    w.key("last_answer");
    w.string(o.last_answer);
    w.end_object();
  }
  w.end_array();
  return net::HttpResponse{200, "application/json", w.take(), {}};
}

}  // namespace dealer::sim
