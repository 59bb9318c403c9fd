// Simulator: the request handler of `dealer exchange`. Advances the replay, then routes: /api/1/...
// to the MtGox API (through rate limits and fault injection), /sim/... to the simulator's own
// controls. Everything runs on the server's one io_context thread. Every API request and answer is
// counted (RequestStats, FaultInjector) for GET /sim/stats.
#pragma once

#include <functional>
#include <memory>

#include "core/clock.h"
#include "net/http_message.h"
#include "sim/engine.h"
#include "sim/faults.h"
#include "sim/gateway.h"
#include "sim/merchant.h"
#include "sim/metaexchange_api.h"
#include "sim/mtgox_api.h"
#include "sim/rate_limiter.h"
#include "sim/request_stats.h"

namespace dealer::sim {

class Simulator {
 public:
  // `exchange_clock` is the replay's timeline; `steady_clock` measures real time for rate limits;
  // `wall_clock` dates the gateway's deposits and orders.
  Simulator(boost::asio::io_context& io, const ExchangeConfig& config, std::vector<Trade> recorded,
            const Clock& exchange_clock, const Clock& steady_clock, const Clock& wall_clock);

  // The MtGox port and the Metaexchange port; /sim/ controls are served on both.
  net::Reply handle(const net::HttpRequest& request);
  net::Reply handle_metaexchange(const net::HttpRequest& request);
  Engine& engine() { return engine_; }
  // Called once, at the first request after the replay has passed the last recorded trade, with how
  // many were replayed: from then on no new trade comes (`dealer exchange` logs it).
  void on_tape_end(std::function<void(size_t replayed)> told) { tape_end_ = std::move(told); }
  const RateLimiter& limiter() const { return limiter_; }

 private:
  net::Reply control(const net::HttpRequest& request);
  net::HttpResponse deposit(std::string_view body);  // POST /sim/metaexchange/deposit
  net::HttpResponse orders() const;                  // GET /sim/mtgox/orders
  net::HttpResponse stats() const;                   // GET /sim/stats
  // Counts a MtGox request: public by endpoint, private by the name of the key it carries.
  void count_mtgox(const net::HttpRequest& request, const MtGoxRoute& route);

  Engine engine_;
  Merchant merchant_;
  RateLimiter limiter_;
  MtGoxApi mtgox_;
  Gateway gateway_;
  MetaexchangeApi metaexchange_;
  FaultInjector faults_;
  RequestStats stats_;
  std::function<void(size_t)> tape_end_;
  bool tape_end_told_ = false;
};

// The exchange clock for a config and its recorded trades: replay time that starts at the first
// recorded trade (or, with speed 0, at the last one), running at the configured speed.
// Moves every trade by the same time so that the first is at `start_us` (MarketConfig::shift_to_now).
void shift_trades(std::vector<Trade>& trades, int64_t start_us);

std::unique_ptr<Clock> make_exchange_clock(const MarketConfig& market, const std::vector<Trade>& recorded);

}  // namespace dealer::sim
