// The simulator's MtGox HTTP API v1: every call of tests/data/seeds/mtgox-api-v1.txt and the path aliases
// real clients used, as a function from request to reply over the Engine. Private calls are
// authenticated here (Rest-Key, Rest-Sign over the raw body, increasing nonce, rights per key) and take
// their parameters from the signed body only. Rate limits apply per address to public calls and per key
// to private calls once the signature and nonce check out. Not thread-safe (one io_context thread).
#pragma once

#include <optional>
#include <string>

#include "core/form.h"
#include "net/http_message.h"
#include "sim/engine.h"
#include "sim/rate_limiter.h"

namespace dealer::sim {

// What a path under /api/1/ names: the canonical endpoint ("ticker", "order/add", ...) and, for pair
// calls, the quote currency. Empty endpoint: not an API call.
struct MtGoxRoute {
  std::string endpoint;
  std::optional<Currency> currency;
  bool is_private = false;
  std::string pair_error;  // set when the pair segment is not a traded BTC pair
};
MtGoxRoute route_mtgox(std::string_view path);

class Merchant;

class MtGoxApi {
 public:
  MtGoxApi(Engine& engine, Merchant& merchant, RateLimiter& limiter)
      : engine_(engine), merchant_(merchant), limiter_(limiter) {}

  net::HttpResponse handle(const net::HttpRequest& request, const MtGoxRoute& route);

 private:
  net::HttpResponse public_call(const MtGoxRoute& route, const FormFields& params, bool raw);
  // Checks key, signature, nonce, rate limit and right, then runs the call.
  net::HttpResponse authenticated_call(const net::HttpRequest& request, const MtGoxRoute& route);
  net::HttpResponse private_call(const net::HttpRequest& request, const MtGoxRoute& route, int account,
                                 const FormFields& params, bool raw);

  Engine& engine_;
  Merchant& merchant_;
  RateLimiter& limiter_;
};

// A MtGox error body with the given HTTP status.
net::HttpResponse mtgox_error(int status, std::string_view message, std::string_view token);
// The refusal of a request over the rate limit (HTTP 403, as MtGox answered).
net::HttpResponse mtgox_rate_limited();

}  // namespace dealer::sim
