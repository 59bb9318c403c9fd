#include "live/status_server.h"

#include <algorithm>
#include <array>

#include "core/json_binding.h"
#include "core/money.h"
#include "core/time_format.h"
#include "live/logging.h"
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

}  // namespace

StatusServer::StatusServer(boost::asio::io_context& io, StatusSources sources)
    : io_(io), sources_(std::move(sources)), started_(std::chrono::steady_clock::now()) {
  set_problem_listener(
      [this](LogLevel, std::string_view line) { errors_.add(wall_from_us(sources_.wall.now_us()), line); });
}

StatusServer::~StatusServer() {
  set_problem_listener({});
  if (server_) server_->close();
}

Result<uint16_t> StatusServer::listen(const std::string& host, uint16_t port) {
  net::HttpServerOptions options;
  options.max_connections = 16;  // a person and a scraper, not the world
  options.read_timeout = std::chrono::seconds(10);
  server_ = std::make_unique<net::HttpServer>(
      io_, [this](const net::HttpRequest& r) { return handle(r); }, options);
  return server_->listen(host, port);
}

net::Reply StatusServer::handle(const net::HttpRequest& request) const {
  const std::string_view path = request.path();
  if (path != "/status" && path != "/metrics")
    return text(404, "text/plain", "not found: try /status or /metrics\n");
  if (request.method != "GET") return text(405, "text/plain", "only GET\n");
  if (path == "/metrics") return text(200, "text/plain; version=0.0.4; charset=utf-8", metrics_text());
  return text(200, "application/json", encode_json(report()));
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
    StatusStrategy out{s.id, {}, s.pair.code(), s.enabled, std::nullopt, std::nullopt};
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

std::string StatusServer::metrics_text() const {
  std::array<FeedAge, kFeedCount> ages{};
  for (size_t i = 0; i < kFeeds.size(); ++i) {
    ages[i].feed = to_string(kFeeds[i]);
    auto age = sources_.feed_age ? sources_.feed_age(kFeeds[i]) : std::nullopt;
    if (age) ages[i].seconds = std::chrono::duration<double>(*age).count();
  }
  MetricsGauges gauges;
  gauges.feed_ages = ages;
  gauges.halted = sources_.core.halted();
  gauges.uptime_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  return render_metrics(sources_.metrics, gauges);
}

}  // namespace dealer::live
