// The simulator's Metaexchange API v1/v2 (shared/seeds/metaexchange-api.txt) over the Gateway: a pure
// function from request to response. Parameters come from the form body (and, leniently, the query).
// v2 limit orders use submitAddress with order_type buyLimit/sellLimit and the fields `price` (quote per
// base), `refund_address` and `expiry` (seconds the order may rest; default 86400).
#pragma once

#include "net/http_message.h"
#include "sim/gateway.h"

namespace dealer::sim {

class MetaexchangeApi {
 public:
  explicit MetaexchangeApi(Gateway& gateway) : gateway_(gateway) {}

  // The endpoint name for rate limits ("getMarket"), or empty when the path is not an API call.
  static std::string endpoint_of(std::string_view path);
  net::HttpResponse handle(const net::HttpRequest& request);

 private:
  Gateway& gateway_;
};

net::HttpResponse metaexchange_error(int status, metaexchange::ErrorCode code, std::string_view message);

}  // namespace dealer::sim
