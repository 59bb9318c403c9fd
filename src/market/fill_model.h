// FillModel: how the bot's own orders fill against a recorded tape. One rule for the backtest, the
// simulator's replay and paper mode, so the three cannot disagree (README "Backtesting" states it for
// users):
//   - Model `through` (default): a resting limit buy at P fills against a later trade priced strictly
//     below P, a limit sell at P against one strictly above P; `touch` also fills at equal price. The
//     trade's recorded aggressor side plays no part (bitcoincharts tapes have no real sides).
//   - A fill is at the order's limit price, for at most its remaining amount and what is left of the
//     trade's amount: one trade's amount is shared among the resting orders in price-time priority
//     (buys first, then sells, for the rare trade that passes through both).
//   - A market order fills at the next trade's price for its whole amount (it does not share).
//   - An order is active from `latency` after it is placed, and never for a trade it was placed after
//     (with 0: from the next trade on).
//   - Fees: fee_percent of each fill's quote notional (price x amount rounded half away from zero),
//     charged in the quote currency and rounded half away from zero: a buyer pays notional + fee, a
//     seller receives notional - fee.
//   - Funds: a limit buy reserves notional + fee, a sell its amount; an order the free balance cannot
//     cover is rejected. A buy whose per-fill rounding outgrows its reservation draws the rest from the
//     free balance and is cut to what that covers, so no balance ever goes negative.
//
// Ownership: owns its orders and balances. Allocation-free per trade once `reserve` has sized the
// containers for the orders that rest at once. Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/decimal.h"
#include "core/money.h"
#include "core/result.h"
#include "core/time.h"
#include "model/model.h"

namespace dealer::market {

enum class FillRule { kThrough, kTouch };

struct FillModelConfig {
  Currency item = Currency::btc();
  Currency quote = Currency::usd();
  FillRule rule = FillRule::kThrough;
  Decimal fee_percent;  // in [0, 100)
  Micros latency{0};    // placement to activation
};

// The caller's name for an order (the engine's client id, the simulator's index).
using FillOrderId = int64_t;

struct FillEvent {
  enum class Kind { kFill, kRejected };  // kRejected: a market buy the balance could not cover
  Kind kind = Kind::kFill;
  FillOrderId order = 0;
  Side side = Side::kBid;
  Price price;
  Amount amount;
  Cost notional;      // price x amount, rounded
  int64_t fee = 0;    // quote units
  bool done = false;  // the order is complete (filled or rejected) and forgotten
};

// The price rule alone, for drivers that keep their own orders (the simulator's replay): whether a
// trade at `trade_price` fills a resting limit order of `side` at `limit`.
bool passes(FillRule rule, Side side, Price limit, Price trade_price);

// A trade's time: its tid when that is a microsecond stamp of its second (MtGox since 2011,
// bitcoincharts tids as trade_file.h makes them), else its second.
WallTime trade_time(const Trade& trade);

class FillModel {
 public:
  explicit FillModel(FillModelConfig config);

  // Room for this many orders at once, so that placing and filling them does not allocate.
  void reserve(size_t orders);

  // Sets a balance (total; nothing of it reserved). Only the pair's two currencies are kept: the others
  // read as zero.
  void set_balance(Currency currency, int64_t total);
  int64_t total(Currency currency) const;
  int64_t reserved(Currency currency) const;
  int64_t free(Currency currency) const { return total(currency) - reserved(currency); }

  // A limit order placed at `now`. Errc::kInvalidArgument when not positive or the id is resting;
  // Errc::kInvalidArgument "insufficient funds" when the free balance cannot cover it.
  Status place_limit(WallTime now, FillOrderId id, Side side, Price price, Amount amount);
  // A market order: filled by the first trade it is active for. A sell reserves its amount at once;
  // a buy's cost is known only at its trade and it is rejected there (a kRejected event) if the free
  // balance cannot cover notional + fee.
  Status place_market(WallTime now, FillOrderId id, Side side, Amount amount);
  // Takes a resting order out and frees what it reserved; false if it is not resting.
  bool cancel(FillOrderId id);

  // A fill that happened before this model existed (paper mode's previous runs): moves the balances
  // exactly as filling an order would (notional and fee as above), reserving nothing.
  void apply_past_fill(Side side, Price price, Amount amount);

  // Fills the active orders against one trade (of the pair, in the quote currency), in the rule's
  // order. The span is valid until the next call.
  std::span<const FillEvent> on_trade(const Trade& trade);

  size_t resting() const { return orders_.size(); }
  int64_t fees_charged() const { return fees_; }

 private:
  struct Resting {
    FillOrderId id = 0;
    Side side = Side::kBid;
    bool market = false;
    Price price;  // zero for market orders
    Amount remaining;
    int64_t reserved = 0;  // quote units for a buy, item units for a sell
    WallTime active_from;
    uint64_t placed_after = 0;  // the number of trades seen when it was placed
    uint64_t sequence = 0;      // time priority
  };

  Status add(WallTime now, FillOrderId id, Side side, bool market, Price price, Amount amount);
  bool active(const Resting& o, WallTime at) const;
  // Fills `o` for up to `want` at `price`; returns the amount filled (0 when a buy cannot pay).
  Amount fill(Resting& o, Price price, Amount want);
  // Buys pay notional + fee out of their reservation first, then out of the free balance.
  Amount affordable_buy(const Resting& o, Price price, Amount want) const;
  void release(Resting& o);
  // Moves the totals for a fill of `amount` with notional `n` and `fee`.
  void settle(Side side, Amount amount, int64_t n, int64_t fee);
  // price x amount rounded; none on overflow (the order's own checks make that unreachable for limits).
  std::optional<int64_t> notional(Price price, Amount amount) const;
  int64_t fee_of(int64_t notional) const;

  FillModelConfig config_;
  int64_t item_total_ = 0, quote_total_ = 0;
  int64_t item_reserved_ = 0, quote_reserved_ = 0;
  int64_t fees_ = 0;
  // Buys best first (highest price, then oldest), then sells best first (lowest, then oldest).
  std::vector<Resting> orders_;
  std::vector<FillEvent> events_;
  uint64_t trades_seen_ = 0;
  uint64_t next_sequence_ = 0;
};

}  // namespace dealer::market
