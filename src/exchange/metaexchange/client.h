// The Metaexchange API v1/v2 client: every endpoint of shared/seeds/metaexchange-api.txt, with the
// shared limiter and retry rules (exchange/api_caller.h). The gateway documents at least one request a
// second per endpoint, which is the default limit. Error objects become Errors whose token is the
// documented name (error_code() gives the code back); HTTP 403 is the rate limit. submitAddress is the
// one write: never retried once sent. Single io_context thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/form.h"
#include "exchange/api_caller.h"
#include "exchange/metaexchange/wire.h"

namespace dealer::metaexchange {

struct ClientOptions {
  std::string base_url;  // "http://127.0.0.1:PORT" (the simulator)
  double per_second = 1;
  double burst = 1;
  BackoffPolicy backoff;
  net::HttpClientOptions http;
  Scheduler* scheduler = nullptr;  // rate-limit waits and backoff; none: the io_context's timers
  JournalSink journal;             // every HTTP exchange (exchange/journal.h); may be empty
};

struct SubmitRequest {
  std::string symbol_pair;
  std::string receiving_address;
  OrderType type = OrderType::kBuy;
  std::optional<Decimal> price;  // limit orders
  std::optional<std::string> refund_address;
  std::optional<int64_t> expiry_seconds;
};

// The documented code of an Error from this client, if it came from a Metaexchange error object.
std::optional<ErrorCode> error_code(const Error& e);

class Client {
 public:
  static Result<std::unique_ptr<Client>> create(boost::asio::io_context& io, ClientOptions options);

  // v1
  void submit_address(const SubmitRequest& r, Callback<DepositDetails> done);
  void order_status(const std::string& txid, Callback<Transaction> done);
  // By deposit: `memo` for deposits with a memo, else the deposit address.
  void my_last_transactions(const std::string& memo_or_address, bool is_memo, int limit, Callback<std::vector<Transaction>> done);
  void all_markets(Callback<std::vector<Market>> done);
  void market(const std::string& symbol_pair, Callback<Market> done);
  void last_transactions(std::optional<std::string> symbol_pair, int limit, Callback<std::vector<Transaction>> done);
  // v2
  void quote(const std::string& symbol_pair, OrderType type, Decimal deposit_amount, Callback<Quote> done);
  void my_last_transactions_v2(const std::string& symbol_pair, const std::vector<std::string>& receiving, int limit,
                               Callback<std::vector<Transaction>> done);
  void my_open_orders(const std::string& symbol_pair, const std::vector<std::string>& receiving,
                      Callback<std::vector<OpenOrder>> done);
  void order_book(const std::string& symbol_pair, int limit, Callback<OrderBook> done);
  void order_statuses(const std::string& txid, Callback<std::vector<Transaction>> done);

  // Any endpoint ("getMarket", "2/getOrderStatus" for the v2 form) with its form fields; answers the
  // JSON text. For people trying calls by hand (`dealer api`).
  void raw(const std::string& endpoint, FormFields params, Callback<std::string> done);

 private:
  Client(boost::asio::io_context& io, net::Url base, ClientOptions options);
  template <class T>
  void call(std::string endpoint, int version, FormFields params, bool write, Callback<T> done);

  ApiCaller caller_;
};

}  // namespace dealer::metaexchange
