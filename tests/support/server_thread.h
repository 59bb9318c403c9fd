// An HttpServer on 127.0.0.1 (a free port) with its own io_context thread, for tests that play a web
// site (an IPN receiver) or drive the server with an injected handler. Stopped and joined on
// destruction; the handler runs on the server's thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <thread>

#include "net/http_server.h"

namespace dealer::testing {

class ServerThread {
 public:
  explicit ServerThread(net::Handler handler, net::HttpServerOptions options = {})
      : server_(io_, std::move(handler), options) {
    port_ = *server_.listen("127.0.0.1", 0);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~ServerThread() {
    io_.stop();
    thread_.join();
  }
  ServerThread(const ServerThread&) = delete;
  ServerThread& operator=(const ServerThread&) = delete;

  uint16_t port() const { return port_; }

 private:
  boost::asio::io_context io_;
  net::HttpServer server_;
  uint16_t port_ = 0;
  std::thread thread_;
};

}  // namespace dealer::testing
