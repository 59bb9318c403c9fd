// ApiCaller: the part every exchange client shares. Per-endpoint token buckets, one HTTP exchange per
// attempt, the retry rules of exchange/retry_policy.h (reads retried with jittered backoff, writes
// never retried once sent: Errc::kAmbiguous instead). The client supplies how to build each attempt's
// request (so a MtGox retry gets a fresh nonce and signature) and how to read an answer.
// Single io_context thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <map>
#include <random>
#include <string>

#include "core/clock.h"
#include "core/token_bucket.h"
#include "exchange/exchange.h"
#include "exchange/retry_policy.h"
#include "net/http_client.h"

namespace dealer {

struct ApiCallerOptions {
  std::string service;  // "MtGox", for messages
  double per_second = 5;
  double burst = 10;
  BackoffPolicy backoff;
  net::HttpClientOptions http;
};

class ApiCaller {
 public:
  struct Call {
    std::string endpoint;  // limiter bucket and messages
    bool write = false;
    // Builds the request for one attempt (target, method, headers, body); may fail (e.g. no key).
    std::function<Result<net::HttpRequest>()> build;
    // Reads an answer: ok, or the error it carries (HTTP status included in the decision).
    std::function<Status(const net::HttpResponse&)> decode;
  };

  ApiCaller(boost::asio::io_context& io, net::Url base, ApiCallerOptions options, const Clock& steady);

  void run(Call call, Callback<bool> done, int attempt = 1);
  const net::Url& base() const { return base_; }

 private:
  boost::asio::io_context& io_;
  net::Url base_;
  ApiCallerOptions options_;
  net::HttpClient http_;
  const Clock& steady_;
  std::map<std::string, TokenBucket> buckets_;
  std::mt19937_64 jitter_;
};

}  // namespace dealer
