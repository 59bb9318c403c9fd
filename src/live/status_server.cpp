#include "live/status_server.h"

#include <algorithm>
#include <array>

#include "core/crypto.h"
#include "core/json_binding.h"
#include "core/money.h"
#include "core/time_format.h"
#include "live/logging.h"
#include "live/web_assets.h"
#include "net/event_stream.h"
#include "net/http_server.h"

namespace dealer::live {
namespace {

constexpr std::array<Feed, kFeedCount> kFeeds = {Feed::kTicker, Feed::kTrades, Feed::kDepth,
                                                 Feed::kFullDepth};

// Seconds with millisecond precision, exact (a Decimal, not a double).
Decimal seconds(Micros us) { return Decimal(us.count() / 1000, 3); }

std::string units(int64_t raw, Currency currency) { return format_units_trimmed(raw, currency.decimals()); }

StatusOrder order_of(const engine::OrderRecord& o) {
  return StatusOrder{o.client_id,
                     o.strategy_id,
                     o.side == Side::kBid ? "buy" : "sell",
                     units(o.price.raw(), o.pair.quote),
                     units(o.amount.raw(), o.pair.item),
                     units(o.filled.raw(), o.pair.item),
                     std::string(engine::to_string(o.state)),
                     o.exchange_id};
}

net::Reply text(int status, std::string content_type, std::string body) {
  net::Reply reply;
  reply.response.status = status;
  reply.response.content_type = std::move(content_type);
  reply.response.body = std::move(body);
  return reply;
}

// The answer of the JSON API to a control or a refusal.
struct ApiAnswer {
  bool ok = false;
  std::string message;
};
template <class V>
void describe(V& v, ApiAnswer& a) {
  v("ok", a.ok);
  v("message", a.message);
}

net::Reply api(int status, std::string message) {
  return text(status, "application/json", encode_json(ApiAnswer{status == 200, std::move(message)}));
}

const WebAsset* asset_at(std::string_view path) {
  for (const WebAsset& a : web_assets()) {
    if (a.path == path) return &a;
  }
  return nullptr;
}

// The page's 401: the login form, so a browser without the cookie sees where to give the token.
net::Reply unauthorized(std::string_view path) {
  net::Reply reply;
  if (path.substr(0, 5) == "/api/") {
    reply = api(401, "a token is needed: Authorization: Bearer TOKEN, or log in on the page");
  } else {
    const WebAsset* login = asset_at("/login");
    reply =
        text(401, "text/html; charset=utf-8", login ? std::string(login->bytes) : "log in with the token\n");
  }
  reply.response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"dealer\"");
  return reply;
}

net::Reply redirect_home(const std::string& cookie) {
  net::Reply reply = text(303, "text/plain", "logged in\n");
  reply.response.headers.emplace_back("Location", "/");
  reply.response.headers.emplace_back("Set-Cookie", cookie);
  return reply;
}

// Whether `path` matches `pattern` segment by segment; a '*' segment's value goes to `arg`.
bool matches(std::string_view pattern, std::string_view path, std::string_view& arg) {
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty() || pattern[0] != '/' || path[0] != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    const size_t p = std::min(pattern.find('/'), pattern.size());
    const size_t q = std::min(path.find('/'), path.size());
    const std::string_view want = pattern.substr(0, p);
    const std::string_view have = path.substr(0, q);
    if (want == "*") {
      if (have.empty()) return false;
      arg = have;
    } else if (want != have) {
      return false;
    }
    pattern.remove_prefix(p);
    path.remove_prefix(q);
  }
  return true;
}

}  // namespace

const StatusServer::Route StatusServer::kRoutes[] = {
    {"GET", "/status", Rights::kOpen, &StatusServer::serve_status},
    {"GET", "/metrics", Rights::kOpen, &StatusServer::serve_metrics},
    {"GET", "/login", Rights::kOpen, &StatusServer::serve_asset},
    {"POST", "/login", Rights::kOpen, &StatusServer::serve_login},
    {"GET", "/", Rights::kToken, &StatusServer::serve_asset},
    {"GET", "/app.js", Rights::kToken, &StatusServer::serve_asset},
    {"GET", "/app.css", Rights::kToken, &StatusServer::serve_asset},
    {"GET", "/charts.js", Rights::kToken, &StatusServer::serve_asset},
    {"GET", "/lightweight-charts.js", Rights::kToken, &StatusServer::serve_asset},
    {"GET", "/api/state", Rights::kToken, &StatusServer::serve_state},
    {"GET", "/api/events", Rights::kToken, &StatusServer::serve_events},
    {"POST", "/api/orders/*/cancel", Rights::kControl, &StatusServer::serve_cancel},
    {"POST", "/api/strategies/*/pause", Rights::kControl, &StatusServer::serve_pause},
    {"POST", "/api/strategies/*/resume", Rights::kControl, &StatusServer::serve_resume},
    {"POST", "/api/halt", Rights::kControl, &StatusServer::serve_halt},
    {"POST", "/api/resume", Rights::kControl, &StatusServer::serve_resume_trading},
    {"POST", "/api/reload", Rights::kControl, &StatusServer::serve_reload},
};

StatusServer::StatusServer(boost::asio::io_context& io, StatusSources sources)
    : io_(io),
      sources_(std::move(sources)),
      started_(std::chrono::steady_clock::now()),
      history_(sources_.store_path, sources_.pair,
               sources_.mode == "paper" ? store::RunMode::kPaper : store::RunMode::kLive),
      last_heartbeat_(started_),
      ticker_(io) {
  set_problem_listener(
      [this](LogLevel, std::string_view line) { errors_.add(wall_from_us(sources_.wall.now_us()), line); });
}

StatusServer::~StatusServer() {
  set_problem_listener({});
  ticker_.cancel();
  for (auto& stream : streams_) stream->close();
  if (server_) server_->close();
}

Result<uint16_t> StatusServer::listen(const std::string& host, uint16_t port) {
  net::HttpServerOptions options;
  options.max_connections = 16;  // a person, a page's streams and a scraper, not the world
  options.read_timeout = std::chrono::seconds(10);
  server_ = std::make_unique<net::HttpServer>(
      io_, [this](const net::HttpRequest& r) { return handle(r); }, options);
  auto bound = server_->listen(host, port);
  if (!bound) return bound;
  if (sources_.access.hosts.empty()) sources_.access.hosts = listen_hosts(host, *bound);
  if (sources_.access.origins.empty()) sources_.access.origins = listen_origins(host, *bound);
  tick();
  return bound;
}

net::Reply StatusServer::handle(const net::HttpRequest& request) {
  const std::string_view path = request.path();
  const Route* route = nullptr;
  bool path_known = false;
  std::string_view arg;
  for (const Route& r : kRoutes) {
    if (!matches(r.pattern, path, arg)) continue;
    path_known = true;
    if (r.method == request.method) {
      route = &r;
      break;
    }
  }
  if (!path_known) return text(404, "text/plain", "not found: try /, /status or /metrics\n");
  if (route == nullptr) return text(405, "text/plain", "method not allowed here\n");
  if (!host_allowed(request, sources_.access.hosts))
    return text(403, "text/plain",
                "refused: Host " + std::string(request.header("Host")) +
                    " is not the address this dashboard listens on\n");
  if (route->rights == Rights::kOpen) return (this->*route->serve)(request, arg);

  const Credential credential = credential_of(request, sources_.access.token);
  if (credential == Credential::kNone) {
    // The demo's link carries the token once; it becomes the cookie and leaves the address bar.
    if (path == "/" && !sources_.access.token.empty() &&
        same_secret(form_value(request.query(), "token"), sources_.access.token))
      return redirect_home(login_cookie(sources_.access.token));
    return unauthorized(path);
  }
  if (route->rights == Rights::kControl) {
    if (auto refusal = origin_refusal(request, credential, sources_.access.origins))
      return api(403, *refusal);
    if (!sources_.access.controls || !sources_.control)
      return api(403, "the dashboard is read-only (status.controls: false)");
  }
  return (this->*route->serve)(request, arg);
}

net::Reply StatusServer::serve_status(const net::HttpRequest&, std::string_view) {
  return text(200, "application/json", encode_json(report()));
}

net::Reply StatusServer::serve_metrics(const net::HttpRequest&, std::string_view) {
  return text(200, "text/plain; version=0.0.4; charset=utf-8", metrics_text());
}

net::Reply StatusServer::serve_login(const net::HttpRequest& request, std::string_view) {
  if (auto refusal = origin_refusal(request, Credential::kBearer, sources_.access.origins))
    return text(403, "text/plain", *refusal + "\n");
  if (sources_.access.token.empty() || !same_secret(form_value(request.body, "token"), sources_.access.token))
    return unauthorized("/login");
  return redirect_home(login_cookie(sources_.access.token));
}

net::Reply StatusServer::serve_asset(const net::HttpRequest& request, std::string_view) {
  const WebAsset* a = asset_at(request.path());
  if (a == nullptr) return text(404, "text/plain", "not in this build\n");
  net::Reply reply = text(200, std::string(a->content_type), std::string(a->bytes));
  reply.response.headers.emplace_back("Cache-Control", "no-store");
  return reply;
}

net::Reply StatusServer::serve_state(const net::HttpRequest&, std::string_view) {
  net::Reply reply = text(200, "application/json", encode_json(state()));
  reply.response.headers.emplace_back("Cache-Control", "no-store");
  return reply;
}

net::Reply StatusServer::serve_events(const net::HttpRequest&, std::string_view) {
  auto stream = std::make_shared<net::EventStream>();
  // After a restart the browser reconnects within a second and gets the whole state again.
  stream->retry(std::chrono::seconds(1));
  stream->send("state", encode_json(state()));
  std::erase_if(streams_, [](const auto& s) { return s->closed(); });
  streams_.push_back(stream);
  net::Reply reply;
  reply.stream = std::move(stream);
  return reply;
}

net::Reply StatusServer::control(const net::HttpRequest& request, ControlAction action, std::string target,
                                 bool cancel_orders) {
  const ControlOutcome outcome =
      sources_.control(ControlRequest{action, std::move(target), cancel_orders, request.remote});
  publish();  // the page shows what the control did at once
  return api(outcome.status, outcome.message);
}

net::Reply StatusServer::serve_cancel(const net::HttpRequest& r, std::string_view id) {
  return control(r, ControlAction::kCancel, std::string(id));
}
net::Reply StatusServer::serve_pause(const net::HttpRequest& r, std::string_view id) {
  return control(r, ControlAction::kPause, std::string(id), form_value(r.query(), "cancel") == "true");
}
net::Reply StatusServer::serve_resume(const net::HttpRequest& r, std::string_view id) {
  return control(r, ControlAction::kResume, std::string(id));
}
net::Reply StatusServer::serve_halt(const net::HttpRequest& r, std::string_view) {
  return control(r, ControlAction::kHalt);
}
net::Reply StatusServer::serve_resume_trading(const net::HttpRequest& r, std::string_view) {
  return control(r, ControlAction::kResumeTrading);
}
net::Reply StatusServer::serve_reload(const net::HttpRequest& r, std::string_view) {
  return control(r, ControlAction::kReload);
}

StatusReport StatusServer::report() const {
  const engine::Core& core = sources_.core;
  StatusReport r;
  r.mode = sources_.mode;
  r.pair = sources_.pair.code();
  r.uptime_seconds = seconds(std::chrono::duration_cast<Micros>(std::chrono::steady_clock::now() - started_));
  r.halted = core.halted();
  if (!core.halt_reason().empty()) r.halt_reason = core.halt_reason();
  for (engine::StrategyView& s : core.strategies()) {
    StatusStrategy out{s.id, {}, s.pair.code(), s.enabled, std::nullopt, std::nullopt, s.paused};
    if (auto kind = sources_.kinds.find(s.id); kind != sources_.kinds.end()) out.kind = kind->second;
    if (!s.enabled) out.disabled_reason = std::move(s.disabled_reason);
    // The strategy's own readable fields; the saved text only from one that describes none.
    std::string& state = s.described.empty() ? s.state : s.described;
    if (state.size() <= kMaxStateChars) out.state = std::move(state);
    r.strategies.push_back(std::move(out));
  }
  for (const Balance& b : core.balances()) {
    r.balances.push_back(StatusBalance{std::string(b.currency.code()), units(b.total.raw(), b.currency),
                                       units(b.in_open_orders.raw(), b.currency)});
  }
  for (const auto& [id, o] : core.orders().orders()) {
    if (!engine::is_terminal(o.state)) r.open_orders.push_back(order_of(o));
  }
  std::sort(r.open_orders.begin(), r.open_orders.end(),
            [](const StatusOrder& a, const StatusOrder& b) { return a.client_id < b.client_id; });
  for (Feed feed : kFeeds) {
    StatusFeed f{std::string(to_string(feed)), std::nullopt};
    if (auto age = sources_.feed_age ? sources_.feed_age(feed) : std::nullopt) f.age_seconds = seconds(*age);
    r.feeds.push_back(std::move(f));
  }
  if (std::none_of(r.feeds.begin(), r.feeds.end(),
                   [](const StatusFeed& f) { return f.age_seconds.has_value(); }))
    r.waiting = "no market feed has answered yet";
  for (RecentErrors::Entry& e : errors_.entries()) {
    r.errors.push_back(
        StatusError{format_utc(to_us(e.time) / 1'000'000), std::move(e.where), std::move(e.message)});
  }
  return r;
}

void StatusServer::observe_equity() {
  const std::vector<Balance> balances = sources_.core.balances();
  equity_.observe(wall_from_us(sources_.wall.now_us()),
                  equity_of(sources_.pair, balances, sources_.core.last_price(sources_.pair)));
}

DashboardState StatusServer::state() {
  observe_equity();
  history_.refresh();
  DashboardState s;
  s.status = report();
  s.exchange = sources_.exchange;
  s.controls = sources_.access.controls && static_cast<bool>(sources_.control);
  const std::array<Micros, kFeedCount> intervals = {sources_.poll.ticker, sources_.poll.trades,
                                                    sources_.poll.depth, sources_.poll.full_depth};
  for (size_t i = 0; i < kFeeds.size(); ++i) {
    auto age = sources_.feed_age ? sources_.feed_age(kFeeds[i]) : std::nullopt;
    if (age && intervals[i].count() > 0 && *age > kStaleIntervals * intervals[i])
      s.stale_feeds.emplace_back(to_string(kFeeds[i]));
  }
  history_.fill_in(s);
  if (const engine::Book* book = sources_.core.book(sources_.pair)) {
    for (const DepthLevel& l : book->bids())
      s.book.bids.push_back(
          BookLevel{units(l.price.raw(), sources_.pair.quote), units(l.amount.raw(), sources_.pair.item)});
    for (const DepthLevel& l : book->asks())
      s.book.asks.push_back(
          BookLevel{units(l.price.raw(), sources_.pair.quote), units(l.amount.raw(), sources_.pair.item)});
  }
  const Currency quote = sources_.pair.quote;
  s.valuation = std::string(quote.code());
  for (const EquityPoint& p : equity_.curve())
    s.equity.push_back(EquitySample{to_us(p.time), units(p.equity, quote)});
  if (auto pnl = equity_.pnl_since_start()) s.pnl_since_start = units(*pnl, quote);
  if (auto pnl = equity_.pnl_today()) s.pnl_today = units(*pnl, quote);
  return s;
}

void StatusServer::publish() {
  std::erase_if(streams_, [](const auto& s) { return s->closed(); });
  if (streams_.empty()) return;
  DashboardState s = state();
  const Decimal uptime = s.status.uptime_seconds;
  s.status.uptime_seconds = Decimal();
  std::string unchanging = encode_json(s);
  const auto now = std::chrono::steady_clock::now();
  if (unchanging == last_published_) {
    if (now - last_heartbeat_ >= kHeartbeatEvery) {
      last_heartbeat_ = now;
      for (auto& stream : streams_) stream->heartbeat();
    }
    return;
  }
  last_published_ = std::move(unchanging);
  last_heartbeat_ = now;
  s.status.uptime_seconds = uptime;
  const std::string data = encode_json(s);
  for (auto& stream : streams_) stream->send("state", data);
}

void StatusServer::tick() {
  ticker_.expires_after(kPublishEvery);
  ticker_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    publish();
    tick();
  });
}

std::string StatusServer::metrics_text() {
  std::array<FeedAge, kFeedCount> ages{};
  for (size_t i = 0; i < kFeeds.size(); ++i) {
    ages[i].feed = to_string(kFeeds[i]);
    auto age = sources_.feed_age ? sources_.feed_age(kFeeds[i]) : std::nullopt;
    if (age) ages[i].seconds = std::chrono::duration<double>(*age).count();
  }
  const engine::Core& core = sources_.core;
  const engine::Pair pair = sources_.pair;
  std::vector<MoneyGauge> balances;
  for (const Balance& b : core.balances())
    balances.push_back(MoneyGauge{std::string(b.currency.code()), units(b.total.raw(), b.currency)});
  observe_equity();
  MetricsGauges gauges;
  gauges.feed_ages = ages;
  gauges.halted = core.halted();
  gauges.uptime_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  gauges.balances = balances;
  const std::string quote(pair.quote.code());
  if (auto e = equity_.last()) gauges.equity = MoneyGauge{quote, units(*e, pair.quote)};
  if (auto p = equity_.pnl_since_start()) gauges.pnl = MoneyGauge{quote, units(*p, pair.quote)};
  gauges.position = units(core.orders().position(pair.item), pair.item);
  for (const auto& [id, o] : core.orders().orders())
    gauges.open_orders += engine::is_terminal(o.state) ? 0 : 1;
  return render_metrics(sources_.metrics, gauges);
}

}  // namespace dealer::live
