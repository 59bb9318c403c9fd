// StatusServer: the loopback HTTP endpoint of `dealer run`, `dealer paper` and `dealer demo` (config
// `status: {listen: ..., controls: ...}`, docs/dashboard.md). Its routes are one table of (method,
// path, rights, handler):
//   - open (no token, as before): GET /status, a StatusReport (live/status_report.h) built from the core,
//     the driver's feed ages and the last problems logged; GET /metrics, the Prometheus text of
//     live/metrics.h; POST /login, which checks a token and sets the page's cookie;
//   - token: the dashboard page and its files (/, live/web_assets.h), GET /api/state (a DashboardState,
//     live/dashboard_state.h) and GET /api/events, a Server-Sent Events stream of `state` events;
//   - control (token, a matching Origin, `status.controls` on): the POSTs of live/controls.h.
// Every request with a Host header that does not name the listen address is refused (DNS rebinding);
// see live/dashboard_auth.h for the token, cookie and Origin rules. Request handling is a pure function
// of the request and the sources (handle()), so tests need no socket; only listen() opens one, on an
// address the configuration has already checked to be loopback, and starts the tick that publishes
// the state to the open streams whenever it changed (at most kPublishEvery apart).
//
// While it exists, the server hears every warning and error logged (live/logging.h) and keeps the
// last ones. Ownership: holds references to the core and the metrics, which must outlive it; owns the
// HTTP server, the recent errors, the dashboard's history reader and the open event streams. Runs on
// the io_context's one thread (no locks but RecentErrors').
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "engine/core.h"
#include "live/bot_config.h"
#include "live/controls.h"
#include "live/dashboard_auth.h"
#include "live/dashboard_history.h"
#include "live/dashboard_state.h"
#include "live/equity.h"
#include "live/market_poller.h"
#include "live/metrics.h"
#include "live/recent_errors.h"
#include "live/status_report.h"
#include "net/http_message.h"

namespace dealer::net {
class HttpServer;
class EventStream;
}  // namespace dealer::net

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
  // The dashboard. Without a token only the open routes answer; without `control` it is read-only.
  // (Each has an initialiser, so that the sources above may be given alone.)
  DashboardAccess access = {};
  std::function<ControlOutcome(const ControlRequest&)> control = {};
  std::string store_path = {};  // the history the page shows; empty: none
  std::string exchange = {};    // the exchange's base URL, shown on the page
  PollIntervals poll = {};      // a feed is stale once its age passes kStaleIntervals of its interval
};

class StatusServer {
 public:
  static constexpr auto kPublishEvery = std::chrono::milliseconds(250);
  static constexpr auto kHeartbeatEvery = std::chrono::seconds(15);
  static constexpr int kStaleIntervals = 3;

  StatusServer(boost::asio::io_context& io, StatusSources sources);
  ~StatusServer();
  StatusServer(const StatusServer&) = delete;
  StatusServer& operator=(const StatusServer&) = delete;

  // Binds and starts serving; port 0 picks a free one. The bound port, or why not. The Host and
  // Origin values accepted become the bound address's unless the sources named them.
  Result<uint16_t> listen(const std::string& host, uint16_t port);

  net::Reply handle(const net::HttpRequest& request);
  StatusReport report() const;
  DashboardState state();  // reads what is new in the history first
  std::string metrics_text();
  // Sends the state to every open event stream if it changed since the last time (the tick's work).
  void publish();
  RecentErrors& errors() { return errors_; }

 private:
  enum class Rights { kOpen, kToken, kControl };
  using Serve = net::Reply (StatusServer::*)(const net::HttpRequest&, std::string_view arg);
  struct Route {
    std::string_view method;
    std::string_view pattern;  // a '*' segment matches one path segment, handed to the handler
    Rights rights;
    Serve serve;
  };
  static const Route kRoutes[];

  net::Reply serve_status(const net::HttpRequest&, std::string_view);
  net::Reply serve_metrics(const net::HttpRequest&, std::string_view);
  net::Reply serve_login(const net::HttpRequest&, std::string_view);
  net::Reply serve_asset(const net::HttpRequest&, std::string_view);
  net::Reply serve_state(const net::HttpRequest&, std::string_view);
  net::Reply serve_events(const net::HttpRequest&, std::string_view);
  net::Reply serve_cancel(const net::HttpRequest&, std::string_view);
  net::Reply serve_pause(const net::HttpRequest&, std::string_view);
  net::Reply serve_resume(const net::HttpRequest&, std::string_view);
  net::Reply serve_halt(const net::HttpRequest&, std::string_view);
  net::Reply serve_resume_trading(const net::HttpRequest&, std::string_view);
  net::Reply serve_reload(const net::HttpRequest&, std::string_view);
  net::Reply control(const net::HttpRequest& request, ControlAction action, std::string target = {},
                     bool cancel_orders = false);

  void observe_equity();
  void tick();

  boost::asio::io_context& io_;
  StatusSources sources_;
  RecentErrors errors_;
  std::chrono::steady_clock::time_point started_;
  DashboardHistory history_;
  EquityTracker equity_;
  std::vector<std::shared_ptr<net::EventStream>> streams_;
  std::string last_published_;  // the state last sent, without its uptime
  std::chrono::steady_clock::time_point last_heartbeat_;
  boost::asio::steady_timer ticker_;
  std::unique_ptr<net::HttpServer> server_;
};

}  // namespace dealer::live
