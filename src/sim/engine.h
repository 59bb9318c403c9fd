// The simulated exchange's state: accounts, one price-time priority order book per quote currency, the
// public tape per currency, the replay of a recorded tape and the liquidity provider.
//
// Replay rule, the backtest's (market/fill_model.h, model `through`): a recorded trade fills resting
// *client* orders only where it passes strictly through their price (a bid above the trade's price,
// an ask below it, whatever the recorded side), at their price, for at most the trade's amount, shared
// in price-time priority, bids first. What it does not fill is published at the recorded price. The liquidity provider then re-quotes around the new price; its quotes serve client
// orders and, placed like any order, fill client orders they cross.
//
// Single-threaded: owned and called by the simulator's io_context thread only.
#pragma once

#include <array>
#include <cstdint>
#include <list>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/money.h"
#include "core/result.h"
#include "model/model.h"
#include "sim/config.h"

namespace dealer::sim {

struct Fill {
  int64_t tid = 0;
  int64_t date = 0;  // unix seconds
  Price price;
  Amount amount;
  Cost spent;  // quote units that changed hands for this fill, before fees
  std::string properties;
};

enum class OrderState { kOpen, kInvalid, kDone, kCancelled };

struct SimOrder {
  std::string oid;
  int account = -1;  // index into accounts(); -1 for the liquidity provider
  Currency currency;
  Side side = Side::kBid;
  OrderKind kind = OrderKind::kLimit;
  Price price;  // the limit; zero for market orders
  Amount amount;
  Amount remaining;
  int64_t date = 0;      // unix seconds
  int64_t priority = 0;  // microseconds: time priority within a price level
  OrderState state = OrderState::kOpen;
  Funds reserved;            // units still held: quote for a bid, BTC for an ask
  // Of the fills whose quote value this order decided (a client bid always; a client ask facing the
  // liquidity provider or the replay): the sum of price x amount, and round(notional / 1e8) settled.
  Int128 notional = 0;
  Cost settled;
  std::vector<Fill> fills;
  std::list<SimOrder*>::iterator book_position;
};

// One currency's balance of an account, in that currency's units; `reserved` is held by open orders.
struct Wallet {
  Funds total;
  Funds reserved;
  Funds available() const { return total - reserved; }
};

using CurrencyFunds = std::array<Funds, Currency::kCount>;  // by currency index

struct Account {
  AccountConfig config;
  std::string id;  // a UUID, as MtGox's info "Id"
  std::array<Wallet, Currency::kCount> wallets{};
  std::string last_nonce = "0";  // digits without leading zeros: nonces of any length compare as integers
  std::vector<std::string> order_ids;
  int unfunded_orders = 0;  // orders in state kInvalid, capped by MarketConfig::max_unfunded_orders
  int64_t volume = 0;  // BTC units traded, for Monthly_Volume

  bool has_right(std::string_view right) const;
};

// A public trade as published in one currency, with where it came from (for last_orig).
struct TapeTrade {
  Trade trade;
  Currency orig_currency;
  Price orig_price;
};

struct TickerStats {
  Price high, low, avg, vwap, last, last_local, buy, sell;
  Amount volume;
  Currency orig_currency;
  Price last_orig;
};

struct Level {
  Price price;
  Amount amount;
  int64_t stamp_us = 0;
};

class Engine {
 public:
  Engine(const ExchangeConfig& config, std::vector<Trade> recorded, const Clock& clock);

  // Replays the recorded trades due by the clock's now. Called before every request.
  void advance();
  // Whether every recorded trade has been replayed (true at once for an empty tape).
  bool replay_over() const { return replayed_ == recorded_.size(); }
  size_t replayed() const { return replayed_; }

  const Clock& clock() const { return clock_; }
  Currency market_currency() const { return market_; }
  bool trades_in(Currency c) const;  // the pair BTC<c> exists

  // Market data.
  std::vector<Trade> trades_since(Currency c, std::optional<int64_t> since) const;
  TickerStats ticker(Currency c);
  // Aggregated levels, both sides ascending by price as MtGox sent them. `window_percent` > 0 keeps
  // prices within that percentage of the last price (public/depth uses 10).
  std::pair<std::vector<Level>, std::vector<Level>> depth(Currency c, int window_percent) const;
  Price last_price(Currency c) const;

  // Accounts and trading.
  std::vector<Account>& accounts() { return accounts_; }
  const std::vector<Account>& accounts() const { return accounts_; }
  Account* find_account(std::string_view key);
  // Places an order. Amount must be positive; a price makes it a limit order, and its price x amount
  // must fit 64 bits (else Errc::kOverflow). An order the balance cannot cover is kept with state
  // kInvalid, as MtGox did, up to max_unfunded_orders per account (beyond: Errc::kInvalidArgument).
  // Market orders fill what they can at once and drop the rest.
  Result<std::string> place(int account, Currency c, Side side, Amount amount, std::optional<Price> price);
  Status cancel(int account, std::string_view oid);
  const SimOrder* find_order(int account, std::string_view oid) const;
  std::vector<const SimOrder*> open_orders(int account) const;
  std::vector<const SimOrder*> orders_of(int account) const;

  std::string new_uuid();

  // The exchange's own books, for audit: every currency's units over all accounts plus these two
  // change only by deposits (the merchant's payments) and withdrawals. `fees()` is the fee account, credited with
  // every fee charged; `counterparty()` is the net position of the outside market (the replayed tape
  // and the liquidity provider), which trades with clients but holds no account.
  const CurrencyFunds& fees() const { return fees_; }
  const CurrencyFunds& counterparty() const { return counterparty_; }
  // Credits a non-negative deposit to an account's wallet: Errc::kOverflow, and nothing changes, if the
  // exchange's total of that currency would not fit 64 bits.
  Status deposit(int account, Currency c, Funds units);
  // Debits a positive withdrawal from an account's available (unreserved) funds: Errc::kInvalidArgument,
  // and nothing changes, if they do not cover it.
  Status withdraw(int account, Currency c, Funds units);

 private:
  struct Book {
    std::map<Price, std::list<SimOrder*>> bids;  // best = highest = last
    std::map<Price, std::list<SimOrder*>> asks;  // best = lowest = first
  };

  void replay(const Trade& recorded);
  // The client order the recorded trade fills next under the shared rule; none when it fills no more.
  SimOrder* replay_maker(Price trade_price) const;
  void requote(Currency c);
  void match(SimOrder& taker);
  void rest(SimOrder& order);
  void unbook(SimOrder& order);
  // One fill at `at_us` (the recorded time for replayed trades, now for client orders).
  void execute(SimOrder* maker, SimOrder* taker, Price price, Amount qty, Side aggressor, std::string_view properties,
               int64_t at_us);
  Cost fill_value(SimOrder* bid, SimOrder* ask, Price price, Amount qty);
  void settle(SimOrder& order, Price price, Amount qty, Cost value, int64_t tid, std::string_view properties);
  void settle_counterparty(Side client_side, Currency c, Amount qty, Cost value);
  void finish(SimOrder& order, OrderState state);
  void publish(Trade trade);
  int64_t next_tid(int64_t wanted);
  Amount affordable(const SimOrder& bid, Price price) const;
  std::optional<Price> convert(Price p, Currency from, Currency to) const;
  SimOrder& new_order(int account, Currency c, Side side, OrderKind kind, Amount amount, Price price);

  const Clock& clock_;
  Currency market_;
  std::map<int, Decimal> fx_;  // currency index -> rate per market unit (the market itself: 1)
  LiquidityConfig liquidity_;
  int max_unfunded_orders_;
  std::vector<Account> accounts_;
  CurrencyFunds fees_{};
  CurrencyFunds counterparty_{};
  std::vector<Trade> recorded_;
  size_t replayed_ = 0;
  int64_t now_us_ = 0;  // the clock as advance() last read it: the time of matches until the next one
  std::array<Book, Currency::kCount> books_;
  std::array<std::vector<TapeTrade>, Currency::kCount> tapes_;
  std::array<std::vector<SimOrder*>, Currency::kCount> lp_orders_;
  std::unordered_map<std::string, SimOrder> orders_;
  int64_t last_tid_ = 0;
  std::mt19937_64 rng_;
  std::mt19937_64 lp_rng_;
  // Ticker statistics are recomputed only when the tape or the second changes.
  struct TickerCache {
    size_t tape_size = SIZE_MAX;
    int64_t second = -1;
    TickerStats stats;
  };
  std::array<TickerCache, Currency::kCount> ticker_cache_;
};

}  // namespace dealer::sim
