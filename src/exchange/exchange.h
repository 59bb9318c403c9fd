// Exchange: what the bot needs of an exchange, asynchronously, with results as values. The MtGox
// client implements it over HTTP; the backtest will implement it in process. Callbacks run on the
// io_context thread that drives the implementation. Errors carry a named code; Errc::kAmbiguous on a
// write means the request may have reached the exchange: reconcile (open_orders, order_result) before
// doing anything else, never resend blindly.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/model.h"

namespace dealer {

template <class T>
using Callback = std::function<void(Result<T>)>;

struct OrderRequest {
  Side side = Side::kBid;
  Amount amount;
  std::optional<Price> limit;  // none: a market order
};

// What an order has done so far (MtGox order/result).
struct OrderFills {
  std::string order_id;
  Amount total_amount;
  Cost total_spent;
  std::vector<Trade> trades;
};

class Exchange {
 public:
  virtual ~Exchange() = default;

  // Market data of the client's pair.
  virtual void ticker(Callback<Ticker> done) = 0;
  // Trades with tid strictly greater than `since_tid`, oldest first (at most 1000 a call); without
  // it, the exchange's recent trades.
  virtual void trades_since(std::optional<int64_t> since_tid, Callback<std::vector<Trade>> done) = 0;
  virtual void depth(bool full, Callback<Depth> done) = 0;

  // Trading.
  virtual void account(Callback<AccountInfo> done) = 0;
  virtual void open_orders(Callback<std::vector<Order>> done) = 0;
  virtual void place(const OrderRequest& request, Callback<std::string> done) = 0;  // the order id
  virtual void cancel(const std::string& order_id, Callback<bool> done) = 0;
  virtual void order_result(Side side, const std::string& order_id, Callback<OrderFills> done) = 0;
  // The account's own fills with a trade id (MtGox: microseconds since the epoch, so also a time)
  // strictly greater than `since_tid_or_time`, oldest first; without it, all the exchange reports.
  // Sees orders that filled at once and vanished from open_orders.
  virtual void own_trades(std::optional<int64_t> since_tid_or_time, Callback<std::vector<OwnTrade>> done) = 0;
};

}  // namespace dealer
