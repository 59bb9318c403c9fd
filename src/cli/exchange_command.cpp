// dealer exchange: the exchange simulator as a real HTTP server on loopback (or wherever told).
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstdio>

#include "cli/commands.h"
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
  if (colon == std::string::npos) return make_error(Errc::kInvalidArgument, "expected HOST:PORT, got '" + text + "'");
  auto port = parse_int64(text.substr(colon + 1));
  if (!port || *port < 0 || *port > 65535) return make_error(Errc::kInvalidArgument, "bad port in '" + text + "'");
  return HostPort{text.substr(0, colon), static_cast<uint16_t>(*port)};
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "dealer exchange: %s\n", message.c_str());
  return kExitUsage;
}

}  // namespace

int exchange_command(const Args& args) {
  const std::string config_path = args.get("config", "");
  if (config_path.empty()) return usage_error("--config FILE is required (example: config/exchange.yaml)");
  auto listen = parse_host_port(args.get("mtgox-listen", "127.0.0.1:0"));
  if (!listen) return usage_error("--mtgox-listen: " + listen.error().message);
  auto listen_meta = parse_host_port(args.get("metaexchange-listen", "127.0.0.1:0"));
  if (!listen_meta) return usage_error("--metaexchange-listen: " + listen_meta.error().message);
  auto config = sim::load_exchange_config(config_path);
  if (!config) return usage_error(config.error().message);
  std::vector<Trade> recorded;
  if (!config->market.trades_file.empty()) {
    auto trades = read_trade_file(config->market.trades_file, config->market.currency);
    if (!trades) return usage_error("market.trades: " + trades.error().message);
    recorded = std::move(*trades);
  }

  boost::asio::io_context io;
  const auto exchange_clock = sim::make_exchange_clock(config->market, recorded);
  const SteadyClock steady;
  const SystemClock wall;
  sim::Simulator simulator(io, *config, std::move(recorded), *exchange_clock, steady, wall);

  net::HttpServerOptions http;
  http.read_timeout = std::chrono::milliseconds(config->http.read_timeout_ms);
  http.write_timeout = http.read_timeout;
  http.max_body_bytes = static_cast<size_t>(config->http.max_body_bytes);
  http.max_connections = static_cast<size_t>(config->http.max_connections);
  net::HttpServer server(io, [&simulator](const net::HttpRequest& r) { return simulator.handle(r); }, http);
  net::HttpServer meta_server(io, [&simulator](const net::HttpRequest& r) { return simulator.handle_metaexchange(r); }, http);
  auto port = server.listen(listen->host, listen->port);
  auto meta_port = port ? meta_server.listen(listen_meta->host, listen_meta->port) : port;
  if (!port || !meta_port) {
    std::fprintf(stderr, "dealer exchange: %s\n", (port ? meta_port : port).error().describe().c_str());
    return kExitFailure;
  }
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&io](const boost::system::error_code&, int) { io.stop(); });
  std::printf("listening mtgox=%s:%u metaexchange=%s:%u\n", listen->host.c_str(), static_cast<unsigned>(*port),
              listen_meta->host.c_str(), static_cast<unsigned>(*meta_port));
  std::fflush(stdout);
  io.run();
  return kExitOk;
}

}  // namespace dealer::cli
