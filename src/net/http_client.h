// HttpClient: asynchronous HTTP/1.1 on Boost.Beast, plain or TLS, with a deadline on every step
// (connect, TLS handshake, write, read) and a cap on the response size. HTTPS verifies the server's
// certificate against the system store (plus `ca_file` if given) and its host name. Connections are
// kept alive and reused, but only while younger than `idle_timeout`, so that a server's idle close
// rarely meets a request; a reused connection that fails before the request left is replaced
// transparently. Runs on the caller's single-threaded io_context.
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
  bool tls = false;  // https
  std::string host;
  uint16_t port = 80;
  std::string target = "/";  // path and query
};
// "http://127.0.0.1:8080/ipn?x=1", "https://data.mtgox.com/api/1/...". Other schemes are an error.
Result<Url> parse_url(std::string_view text);

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds io_timeout{10'000};  // each of write and read
  size_t max_response_bytes = 8 * 1024 * 1024;
  std::chrono::milliseconds idle_timeout{4'000};  // older idle connections are closed, not reused
  std::string ca_file;  // an extra trusted certificate (PEM), e.g. a private CA; the system store always
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
  ~HttpClient();

  // `request.target` is ignored in favour of `url.target`; Host and Content-Length are set here.
  void send(const Url& url, HttpRequest request, Callback done);

  // Connections opened so far (for tests of reuse).
  size_t connections_opened() const;

  struct State;  // defined in the .cpp

 private:
  std::shared_ptr<State> state_;
};

}  // namespace dealer::net
