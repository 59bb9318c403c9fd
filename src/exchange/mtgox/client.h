// MtGoxClient: the MtGox HTTP API v1 (shared/seeds/mtgox-api-v1.txt) as an Exchange, plus the calls
// only MtGox has. Private calls are signed (Rest-Key, Rest-Sign over the exact body) with a nonce that
// never repeats across restarts (NonceSource). Each endpoint has its own token bucket; reads are retried
// with backoff (exchange/retry_policy.h); writes (order/add, order/cancel, merchant order) never are.
// Answers become the domain model through mtgox/convert.h, which refuses impossible values (a bad public
// trade alone, any other answer whole); each refusal is warned about once (exchange/refusal_log.h).
// Owned and called on one io_context thread; the key and secret are never logged or printed.
#pragma once

#include <boost/asio/io_context.hpp>
#include <map>
#include <memory>
#include <random>

#include "core/clock.h"
#include "core/form.h"
#include "exchange/api_caller.h"
#include "exchange/exchange.h"
#include "exchange/mtgox/wire.h"
#include "exchange/nonce.h"
#include "exchange/refusal_log.h"

namespace dealer::mtgox {

struct ClientOptions {
  std::string base_url;  // "https://data.mtgox.com", or "http://127.0.0.1:PORT" for the simulator
  Currency currency = Currency::usd();               // the pair is BTC<currency>
  std::string key;                                   // empty: public calls only
  std::string secret_base64;
  std::string nonce_file;  // where the last nonce is kept; empty: not kept
  double per_second = 5;   // per endpoint
  double burst = 10;
  BackoffPolicy backoff;
  net::HttpClientOptions http;
  Scheduler* scheduler = nullptr;  // rate-limit waits and backoff; none: the io_context's timers
  AttemptObserver observer;        // every HTTP attempt's path and success (metrics); may be empty
  WarningSink warn;                // the warning of each answer refused at the edge; may be empty
  JournalSink journal;             // every HTTP exchange (exchange/journal.h); may be empty
};

struct MerchantOrderRequest {
  Amount amount;
  std::string return_success, return_failure;
  std::string description, ipn, data;  // optional
};

class Client final : public Exchange {
 public:
  static Result<std::unique_ptr<Client>> create(boost::asio::io_context& io, ClientOptions options, const Clock& wall);

  void ticker(Callback<dealer::Ticker> done) override;
  void trades_since(std::optional<int64_t> since_tid, Callback<std::vector<dealer::Trade>> done) override;
  void depth(bool full, Callback<dealer::Depth> done) override;
  void account(Callback<AccountInfo> done) override;
  void open_orders(Callback<std::vector<dealer::Order>> done) override;
  void place(const OrderRequest& request, Callback<std::string> done) override;
  void cancel(const std::string& order_id, Callback<bool> done) override;
  void order_result(Side side, const std::string& order_id, Callback<OrderFills> done) override;
  void own_trades(std::optional<int64_t> since_tid_or_time, Callback<std::vector<OwnTrade>> done) override;

  // The calls only MtGox has, answered in its wire types.
  void cancelled_trades(Callback<std::vector<CancelledTid>> done);
  void currency_info(Currency currency, Callback<CurrencyInfo> done);
  void hotp_gen(Callback<HotpKey> done);
  void lag(Callback<Lag> done);
  void info(Callback<Info> done);
  void idkey(Callback<std::string> done);
  void orders(Callback<std::vector<Order>> done);
  void my_trades(Callback<std::vector<PrivateTrade>> done);
  void merchant_order(const MerchantOrderRequest& request, Callback<MerchantOrder> done);

  // Any call by name ("ticker", "trades", "info", "order/add", ...; calls() lists them) with its
  // parameters; answers the payload's JSON text. For people trying calls by hand (`dealer api`).
  void raw(const std::string& name, FormFields params, Callback<std::string> done);
  static std::vector<std::string> calls();

  struct Call {
    std::string endpoint;  // limiter name
    std::string path;      // after /api/1/
    FormFields params;
    bool is_private = false;
    bool write = false;
  };
  // The request for one attempt: public calls are GETs with a query; private ones signed POSTs with a
  // fresh nonce. Public so that the benchmark can measure it without a network.
  Result<net::HttpRequest> build(const Call& c);
  // The order/add call place() sends; public so the benchmark builds exactly what place() would.
  Call place_call(const OrderRequest& r) const;

 private:
  Client(boost::asio::io_context& io, ClientOptions options, net::Url base, NonceSource nonces);
  template <class W, class T, class F>
  void call(Call c, F convert, Callback<T> done);
  std::string pair() const { return "BTC" + std::string(options_.currency.code()); }

  ClientOptions options_;
  ApiCaller caller_;
  NonceSource nonces_;
  RefusalLog refusals_;
};

}  // namespace dealer::mtgox
