// HttpClient: asynchronous HTTP/1.1 on Boost.Beast, plain or TLS, with a deadline on every step
// (name resolution, connect, TLS handshake, write, read), an optional budget for the whole request,
// and a cap on the response size. HTTPS verifies the server's certificate against the system store
// (plus `ca_file` if given) and its host name. Connections are kept alive and reused, but only while
// younger than `idle_timeout`, so that a server's idle close rarely meets a request; a reused
// connection that fails before the request left is replaced transparently. At most `max_idle`
// connections are kept; stale ones are pruned whenever the pool is used. Destroying the client aborts
// every request in flight: their callbacks never run, and the handlers still queued on the io_context
// touch only what they own. Runs on the caller's single-threaded io_context.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "net/http_message.h"

namespace dealer::net {

struct HttpClientOptions {
  std::chrono::milliseconds resolve_timeout{5'000};
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds io_timeout{10'000};  // each of write and read
  size_t max_response_bytes = 8 * 1024 * 1024;
  std::chrono::milliseconds idle_timeout{4'000};  // older idle connections are closed, not reused
  size_t max_idle = 8;                            // idle connections kept, over all hosts
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
  // `budget` bounds the whole request (each step's own timeout still applies); past it, kTimeout.
  void send(const Url& url, HttpRequest request, Callback done,
            std::chrono::microseconds budget = std::chrono::microseconds::max());

  // Connections opened so far, and those idle in the pool now (for tests of reuse and the cap).
  size_t connections_opened() const;
  size_t idle_connections() const;

  struct State;  // defined in the .cpp

 private:
  std::shared_ptr<State> state_;
};

}  // namespace dealer::net
