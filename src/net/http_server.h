// HttpServer: an asynchronous HTTP/1.1 server on Boost.Beast for the exchange simulator. Keep-alive,
// a deadline on every read and write, a cap on request bodies (413 beyond it), 400 for requests that
// do not parse, a cap on open connections (503 and close beyond it), a pause before accepting again
// when accept fails (out of descriptors) instead of a busy loop. Each request goes to the Handler; an
// exception of any type out of it becomes a 500, never a crash.
// Runs on the caller's io_context, which must be run by one thread (no locks inside).
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"
#include "net/http_message.h"

namespace dealer::net {

struct HttpServerOptions {
  size_t max_body_bytes = 64 * 1024;
  size_t max_header_bytes = 16 * 1024;
  std::chrono::milliseconds read_timeout{30'000};  // a slow or silent client is dropped after this
  std::chrono::milliseconds write_timeout{30'000};
  size_t max_connections = 256;                  // open connections; one more is answered 503 and closed
  std::chrono::milliseconds accept_backoff{50};  // pause after a failed accept (EMFILE, ENFILE, ENOBUFS)
};

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, Handler handler, HttpServerOptions options = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts accepting. Port 0 picks a free port; the bound port is returned.
  Result<uint16_t> listen(const std::string& host, uint16_t port);
  void close();

  struct Impl;  // defined in the .cpp; public only so the connection code there can name it

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace dealer::net
