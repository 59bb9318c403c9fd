// Load generator for `dealer exchange`: C keep-alive connections, each with its own account, each
// running signed order/add (a bid far below the market, so it rests) then order/cancel of that order,
// for D seconds. Reports requests/s and latency percentiles per signed request, measured from before
// signing to the parsed answer. Usage:
//   dealer_bench_sim_load --print-config N      YAML accounts section for N accounts
//   dealer_bench_sim_load PORT CONNECTIONS SECONDS
// bench/run_sim_load.sh wires both together with wrk for the ticker.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "exchange/mtgox/codec.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

namespace {

std::string key_of(int i) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012d", i);
  return buf;
}

std::string secret_of(int i) { return dealer::base64_encode(std::string(64, static_cast<char>('A' + i % 26))); }

struct Stats {
  std::vector<int64_t> latencies_us;
  int64_t errors = 0;
};

class Worker : public std::enable_shared_from_this<Worker> {
 public:
  Worker(asio::io_context& io, int account, uint16_t port, Clock::time_point end, Stats& stats)
      : stream_(io), account_(account), port_(port), end_(end), stats_(stats) {}

  void start() {
    stream_.async_connect({asio::ip::make_address("127.0.0.1"), port_}, [self = shared_from_this()](beast::error_code ec) {
      if (ec) {
        std::fprintf(stderr, "connect: %s\n", ec.message().c_str());
        return;
      }
      self->add();
    });
  }

 private:
  void send(const std::string& target, std::string params, void (Worker::*next)(const std::string&)) {
    if (Clock::now() >= end_) return;
    started_ = Clock::now();
    nonce_ = std::max(nonce_ + 1, static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                                             std::chrono::system_clock::now().time_since_epoch())
                                                             .count()));
    req_ = {http::verb::post, target, 11};
    req_.set(http::field::host, "127.0.0.1");
    req_.set(http::field::content_type, "application/x-www-form-urlencoded");
    req_.body() = "nonce=" + std::to_string(nonce_) + "&" + params;
    req_.set("Rest-Key", key_of(account_));
    req_.set("Rest-Sign", *dealer::mtgox_sign(secret_of(account_), req_.body()));
    req_.prepare_payload();
    http::async_write(stream_, req_, [self = shared_from_this(), next](beast::error_code ec, size_t) {
      if (ec) return self->fail(ec);
      self->res_ = {};
      http::async_read(self->stream_, self->buffer_, self->res_, [self, next](beast::error_code ec, size_t) {
        if (ec) return self->fail(ec);
        self->stats_.latencies_us.push_back(
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - self->started_).count());
        if (self->res_.result_int() != 200) ++self->stats_.errors;
        ((*self).*next)(self->res_.body());
      });
    });
  }

  void add() { send("/api/1/BTCUSD/private/order/add", "type=bid&amount_int=1000000&price_int=100000", &Worker::cancel); }

  void cancel(const std::string& body) {
    auto oid = dealer::mtgox::decode_response<std::string>(body);
    if (!oid) {
      ++stats_.errors;
      return add_again("");
    }
    send("/api/1/BTCUSD/private/order/cancel", "oid=" + *oid, &Worker::add_again);
  }

  void add_again(const std::string&) { add(); }

  void fail(beast::error_code ec) {
    ++stats_.errors;
    std::fprintf(stderr, "request: %s\n", ec.message().c_str());
  }

  beast::tcp_stream stream_;
  int account_;
  uint16_t port_;
  Clock::time_point end_;
  Stats& stats_;
  Clock::time_point started_;
  uint64_t nonce_ = 0;
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
  http::response<http::string_body> res_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--print-config") {
    std::printf("accounts:\n");
    for (int i = 0; i < std::atoi(argv[2]); ++i)
      std::printf("  - {name: load%d, key: %s, secret: \"%s\", rights: [get_info, trade], balances: {USD: \"1000000\"}}\n",
                  i, key_of(i).c_str(), secret_of(i).c_str());
    return 0;
  }
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s PORT CONNECTIONS SECONDS | --print-config N\n", argv[0]);
    return 2;
  }
  const auto port = static_cast<uint16_t>(std::atoi(argv[1]));
  const int connections = std::atoi(argv[2]);
  const int seconds = std::atoi(argv[3]);
  asio::io_context io;
  Stats stats;
  const auto begin = Clock::now();
  const auto end = begin + std::chrono::seconds(seconds);
  for (int i = 0; i < connections; ++i) std::make_shared<Worker>(io, i, port, end, stats)->start();
  io.run();
  const double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
  auto& l = stats.latencies_us;
  std::sort(l.begin(), l.end());
  auto pct = [&l](double p) { return l.empty() ? 0 : l[static_cast<size_t>(p * static_cast<double>(l.size() - 1))]; };
  std::printf("signed requests: %zu in %.2f s = %.0f/s (%.0f add+cancel pairs/s), errors %lld\n", l.size(), elapsed,
              static_cast<double>(l.size()) / elapsed, static_cast<double>(l.size()) / elapsed / 2,
              static_cast<long long>(stats.errors));
  std::printf("latency us: p50 %lld  p90 %lld  p99 %lld  max %lld\n", static_cast<long long>(pct(0.5)),
              static_cast<long long>(pct(0.9)), static_cast<long long>(pct(0.99)), static_cast<long long>(pct(1.0)));
  return stats.errors == 0 ? 0 : 1;
}
