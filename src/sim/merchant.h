// The MtGox merchant system in the simulator: orders created through merchant/order/create, paid
// through the simulator-only POST /sim/merchant/pay/<transaction>, then announced to the merchant's
// `ipn` URL as a form POST signed like a private call with the merchant's key, re-sent every
// ipn_retry_seconds until the answer body is exactly "[OK]".
#pragma once

#include <boost/asio/io_context.hpp>
#include <map>
#include <string>

#include "core/form.h"
#include "net/http_client.h"
#include "net/http_message.h"
#include "sim/engine.h"

namespace dealer::sim {

class Merchant {
 public:
  Merchant(boost::asio::io_context& io, Engine& engine, int64_t ipn_retry_seconds);

  // merchant/order/create for `account`; `host` is the request's Host, for the payment_url.
  net::HttpResponse create(int account, const FormFields& params, std::string_view host, bool raw);
  // /sim/merchant/pay/<transaction>: the customer pays; the merchant is credited and notified.
  net::HttpResponse pay(std::string_view transaction);
  // /sim/merchant/ipn: every paid order's notification state, for tests and people.
  net::HttpResponse deliveries() const;

 private:
  struct Order {
    std::string transaction;
    int account = 0;
    int64_t amount = 0;  // BTC units
    std::string ipn, data;
    std::string payment_id;
    bool paid = false;
    int64_t paid_at = 0;  // unix seconds
    int attempts = 0;
    bool delivered = false;
    std::string last_answer;
  };

  void notify(const std::string& transaction);

  boost::asio::io_context& io_;
  Engine& engine_;
  net::HttpClient client_;
  int64_t retry_seconds_;
  std::map<std::string, Order, std::less<>> orders_;
};

}  // namespace dealer::sim
