// HttpClient: asynchronous HTTP/1.1 requests on Boost.Beast with a deadline on every step (connect,
// write, read) and a cap on the response size. Plain HTTP, one connection per request for now; the
// exchange clients' keep-alive and TLS build on it. Runs on the caller's single-threaded io_context.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "net/http_message.h"

namespace dealer::net {

struct Url {
  std::string host;
  uint16_t port = 80;
  std::string target = "/";  // path and query
};
// "http://127.0.0.1:8080/ipn?x=1". Other schemes are an error for now.
Result<Url> parse_url(std::string_view text);

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds io_timeout{10'000};  // each of write and read
  size_t max_response_bytes = 8 * 1024 * 1024;
};

// The outcome of a request. An error names the step; `sent` says whether the request had been written
// in full before it failed: if so, the server may have acted on it.
struct HttpOutcome {
  Result<HttpResponse> response;
  bool sent = false;
};

class HttpClient {
 public:
  using Callback = std::function<void(HttpOutcome)>;

  HttpClient(boost::asio::io_context& io, HttpClientOptions options = {});

  // `request.target` is ignored in favour of `url.target`; Host and Content-Length are set here.
  void send(const Url& url, HttpRequest request, Callback done);

 private:
  boost::asio::io_context& io_;
  HttpClientOptions options_;
};

}  // namespace dealer::net
