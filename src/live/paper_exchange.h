// PaperExchange: the Exchange of `dealer paper`. Market data (ticker, trades, depth) comes from a real
// exchange (an inner Exchange, the MtGox client made without key or secret); orders, balances and
// fills are the paper account's, kept here by market::FillModel, the fill rule the backtest and the
// simulator share (README "Backtesting" states it). No private call ever reaches the inner exchange.
//
// Every trade the inner exchange answers trades_since with is fed to the fill model before the answer
// is handed on: primary trades of the pair only, in tid order, each once (a page fetched twice, or a
// trade fed before a restart, is skipped by its tid). So the paper fills follow the tape as in the
// backtest, and an order the driver places after seeing a trade can fill only from a later trade.
// Time is the tape's: an order is placed at the time of the newest trade fed (trade_time), so
// `latency` counts in tape time and a replayed tape (the simulator's 2013 trades) works as a live one.
//
// Each paper fill gets the trade id `tid * kFillsPerTrade + k` (k: its rank among our fills on that
// trade): deterministic, never an id of the exchange's own trades (those are below 2^63 / 1000), and the
// fed tape position can be read back from it at a restart.
//
// Answers to private calls are posted (never called back from inside the call), like a real exchange's.
// Ownership: owns the inner exchange. Not thread-safe: call it on the thread `post` runs tasks on;
// answers that arrive after destruction are dropped.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/order.h"
#include "exchange/exchange.h"
#include "live/driver.h"
#include "market/fill_model.h"

namespace dealer::live {

struct PaperOptions {
  market::FillModelConfig fills;  // the pair, fill rule, fee and latency of the paper account
  std::vector<Balance> balances;  // start totals (the config's backtest.balances)
  // Prefix of the paper order ids; different for every run so that ids never repeat across restarts.
  std::string id_prefix = "paper-";
};

class PaperExchange final : public Exchange {
 public:
  static constexpr int64_t kFillsPerTrade = 1000;

  PaperExchange(std::unique_ptr<Exchange> inner, Post post, PaperOptions options);
  PaperExchange(const PaperExchange&) = delete;
  PaperExchange& operator=(const PaperExchange&) = delete;

  // A restart (README "Paper trading: dealer paper"): the balances become the start balances moved by
  // every earlier paper fill (`fills`, fees recomputed at the configured fee_percent); the orders that
  // were open when the last run stopped rest again with what remains of them, under their old ids; no
  // trade up to the trades cursor or the newest earlier fill's trade is fed again. Before any call.
  Status restore(std::span<const engine::Fill> fills, std::span<const engine::OrderRecord> open,
                 std::optional<int64_t> trades_cursor);

  void ticker(Callback<Ticker> done) override;
  void trades_since(std::optional<int64_t> since_tid, Callback<std::vector<Trade>> done) override;
  void depth(bool full, Callback<Depth> done) override;

  void account(Callback<AccountInfo> done) override;
  void open_orders(Callback<std::vector<Order>> done) override;
  void place(const OrderRequest& request, Callback<std::string> done) override;
  void cancel(const std::string& order_id, Callback<bool> done) override;
  void order_result(Side side, const std::string& order_id, Callback<OrderFills> done) override;
  void own_trades(std::optional<int64_t> since_tid_or_time, Callback<std::vector<OwnTrade>> done) override;

  // The tid of the newest trade fed to the fill model (tests).
  std::optional<int64_t> fed_through() const { return fed_through_; }

 private:
  struct PaperOrder {
    std::string id;
    Side side = Side::kBid;
    OrderKind kind = OrderKind::kLimit;
    Price price;
    Amount amount;  // as placed (for a restored order: what remained)
    Amount remaining;
    int64_t date = 0;  // unix seconds of the tape when placed
    bool open = true;
    std::vector<Trade> fills;  // as order/result reports them
  };

  // Feeds the trades of one answer to the fill model (see the class comment).
  void feed(const std::vector<Trade>& trades);
  void record(const Trade& trade, std::span<const market::FillEvent> events);
  PaperOrder* find(const std::string& id);
  WallTime tape_now() const;
  template <class T>
  void answer(Callback<T> done, Result<T> result);
  Status rest(PaperOrder order, WallTime at);

  std::unique_ptr<Exchange> inner_;
  Post post_;
  PaperOptions options_;
  market::FillModel model_;
  std::map<market::FillOrderId, PaperOrder> orders_;
  std::map<std::string, market::FillOrderId> by_id_;
  std::vector<OwnTrade> own_;  // every paper fill of this run, oldest first
  market::FillOrderId next_order_ = 1;
  std::optional<int64_t> fed_through_;
  std::optional<WallTime> last_trade_time_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // callbacks hold it weakly
};

}  // namespace dealer::live
