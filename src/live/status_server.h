// StatusServer: the loopback HTTP endpoint of `dealer run` (config `status: {listen: ...}`, README
// "Status and metrics"). GET /status answers a StatusReport (live/status_report.h) built from the core
// (strategies, balances, open orders, kill switch), the driver's feed ages and the last problems the
// bot logged; GET /metrics answers the Prometheus text of live/metrics.h. Anything else is 404, any
// method but GET 405. Request handling is a pure function of the request and the sources (handle()),
// so tests need no socket; only listen() opens one, on an address the configuration has already
// checked to be loopback.
//
// While it exists, the server hears every warning and error logged (live/logging.h) and keeps the
// last ones. Ownership: holds references to the core and the metrics, which must outlive it; owns the
// HTTP server and the recent errors. Runs on the io_context's one thread (no locks but RecentErrors').
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "engine/core.h"
#include "live/market_poller.h"
#include "live/metrics.h"
#include "live/recent_errors.h"
#include "live/status_report.h"
#include "net/http_message.h"

namespace dealer::net {
class HttpServer;
}

namespace dealer::live {

struct StatusSources {
  const engine::Core& core;
  const Metrics& metrics;
  const Clock& wall;
  // Time since a feed's last answer (LiveDriver::feed_age); none: unknown yet.
  std::function<std::optional<Micros>(Feed)> feed_age;
  std::string mode = "live";  // or paper
  engine::Pair pair;
  std::map<std::string, std::string> kinds;  // strategy id -> registry name
};

class StatusServer {
 public:
  StatusServer(boost::asio::io_context& io, StatusSources sources);
  ~StatusServer();
  StatusServer(const StatusServer&) = delete;
  StatusServer& operator=(const StatusServer&) = delete;

  // Binds and starts serving; port 0 picks a free one. The bound port, or why not.
  Result<uint16_t> listen(const std::string& host, uint16_t port);

  net::Reply handle(const net::HttpRequest& request) const;
  StatusReport report() const;
  std::string metrics_text() const;
  RecentErrors& errors() { return errors_; }

 private:
  boost::asio::io_context& io_;
  StatusSources sources_;
  RecentErrors errors_;
  std::chrono::steady_clock::time_point started_;
  std::unique_ptr<net::HttpServer> server_;
};

}  // namespace dealer::live
