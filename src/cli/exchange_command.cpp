// dealer exchange: the exchange simulator as a real HTTP server on loopback (or wherever told).
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "core/time_format.h"
#include "live/stop_signals.h"
#include "market/trade_file.h"
#include "net/http_server.h"
#include "sim/simulator.h"

namespace dealer::cli {
namespace {

struct HostPort {
  std::string host;
  uint16_t port = 0;
};

Result<HostPort> parse_host_port(const std::string& text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos)
    return make_error(Errc::kInvalidArgument, "expected HOST:PORT, got '" + text + "'");
  auto port = parse_int64(text.substr(colon + 1));
  if (!port || *port < 0 || *port > 65535)
    return make_error(Errc::kInvalidArgument, "bad port in '" + text + "'");
  return HostPort{text.substr(0, colon), static_cast<uint16_t>(*port)};
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "dealer exchange: %s\n", message.c_str());
  return kExitUsage;
}

struct ExchangeOptions {
  std::string config;
  std::string mtgox_listen = "127.0.0.1:0";
  std::string metaexchange_listen = "127.0.0.1:0";
};

int exchange(const ExchangeOptions& o) {
  live::HeldSignals held;  // a signal during start-up waits for the handler below
  auto listen = parse_host_port(o.mtgox_listen);
  if (!listen) return usage_error("--mtgox-listen: " + listen.error().message);
  auto listen_meta = parse_host_port(o.metaexchange_listen);
  if (!listen_meta) return usage_error("--metaexchange-listen: " + listen_meta.error().message);
  auto config = sim::load_exchange_config(o.config);
  if (!config) return usage_error(config.error().message);
  std::vector<Trade> recorded;
  if (!config->market.trades_file.empty()) {
    auto trades = read_trade_file(config->market.trades_file, config->market.currency);
    if (!trades) return usage_error("market.trades: " + trades.error().message);
    recorded = std::move(*trades);
  }
  if (config->market.shift_to_now) sim::shift_trades(recorded, SystemClock().now_us());

  boost::asio::io_context io;
  const auto exchange_clock = sim::make_exchange_clock(config->market, recorded);
  const SteadyClock steady;
  const SystemClock wall;
  const int64_t last_recorded = recorded.empty() ? 0 : recorded.back().tid;
  sim::Simulator simulator(io, *config, std::move(recorded), *exchange_clock, steady, wall);
  simulator.on_tape_end([last_recorded](size_t replayed) {
    std::fprintf(stderr,
                 "dealer exchange: the tape has run out: all %zu recorded trades replayed, the last of %s "
                 "UTC; no new trade will come\n",
                 replayed, format_utc(last_recorded / 1'000'000).c_str());
    std::fflush(stderr);
  });

  net::HttpServerOptions http;
  http.read_timeout = std::chrono::milliseconds(config->http.read_timeout_ms);
  http.write_timeout = http.read_timeout;
  http.max_body_bytes = static_cast<size_t>(config->http.max_body_bytes);
  http.max_connections = static_cast<size_t>(config->http.max_connections);
  net::HttpServer server(
      io, [&simulator](const net::HttpRequest& r) { return simulator.handle(r); }, http);
  net::HttpServer meta_server(
      io, [&simulator](const net::HttpRequest& r) { return simulator.handle_metaexchange(r); }, http);
  auto port = server.listen(listen->host, listen->port);
  auto meta_port = port ? meta_server.listen(listen_meta->host, listen_meta->port) : port;
  if (!port || !meta_port) {
    std::fprintf(stderr, "dealer exchange: %s\n", (port ? meta_port : port).error().describe().c_str());
    return kExitFailure;
  }
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&io](const boost::system::error_code&, int) { io.stop(); });
  held.release();
  std::printf("listening mtgox=%s:%u metaexchange=%s:%u\n", listen->host.c_str(),
              static_cast<unsigned>(*port), listen_meta->host.c_str(), static_cast<unsigned>(*meta_port));
  std::fflush(stdout);
  io.run();
  return kExitOk;
}

}  // namespace

void add_exchange_command(CommandLine& cli) {
  auto o = std::make_shared<ExchangeOptions>();
  Command c =
      cli.add("exchange", "Run the exchange simulator: MtGox HTTP API v1 and Metaexchange API v1/v2.");
  c.option("--config", &o->config, "Simulator configuration (example: config/exchange.yaml)")
      .required()
      .value_name("FILE");
  c.option("--mtgox-listen", &o->mtgox_listen, "Address of the MtGox API; port 0 picks a free port")
      .value_name("HOST:PORT");
  c.option("--metaexchange-listen", &o->metaexchange_listen,
           "Address of the Metaexchange API; port 0 picks a free port")
      .value_name("HOST:PORT");
  c.details(
      "The MtGox API runs over a matching engine that replays a recorded tape; the Metaexchange API over\n"
      "a simulated gateway. Prints \"listening mtgox=HOST:PORT metaexchange=HOST:PORT\" when ready and\n"
      "serves until SIGINT or SIGTERM (exit 0). A bad config is an error naming the file, line, column\n"
      "and key (exit 2).");
  c.on_run([o] { return exchange(*o); });
}

}  // namespace dealer::cli
