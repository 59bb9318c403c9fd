// The simulated Metaexchange gateway. A user registers an order (submitAddress) and gets a deposit
// address (buys: a bitcoin-style address) or a memo (sells); a deposit there (the simulator-only
// POST /sim/metaexchange/deposit stands in for the blockchain) stays `pending` for confirm_seconds,
// then executes:
//   regular market: converted at ask (buy) or bid (sell) less the fee; a deposit over ask_max/bid_max
//     is refunded in full;
//   order-book market: the excess over the maximum is refunded, the rest trades against resting limit
//     orders at their price (market orders refund what finds no counterpart; limit orders rest as
//     `placed`/`partialFill` until filled or expired, when the rest is refunded).
// Every output (conversion, fill, refund) is a transaction with its own sent_txid. Quotes use the same
// plan as execution (market/gateway_quote.h, shared with the gateway_arbitrage strategy), so a quote and
// the deposit that follows agree to the unit.
// Amounts and prices are integers in units of 1e-8. Single-threaded, like the rest of the simulator.
#pragma once

#include <map>
#include <variant>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/decimal.h"
#include "core/result.h"
#include "exchange/metaexchange/wire.h"
#include "sim/config.h"

namespace dealer::sim {

struct GatewayError {
  metaexchange::ErrorCode code;
  std::string message;
};
template <class T>
using GatewayResult = std::variant<T, GatewayError>;

struct GatewayOrderRequest {
  std::string symbol_pair;
  std::string receiving_address;
  metaexchange::OrderType type = metaexchange::OrderType::kNone;
  std::optional<int64_t> price;  // limit orders
  std::optional<std::string> refund_address;
  int64_t expiry_seconds = 86400;  // limit orders; 1 to kMaxExpirySeconds
};

// The longest a limit order may rest: ten years. Larger values (9223372036854 made an order expire at
// once when date + expiry overflowed) are refused.
inline constexpr int64_t kMaxExpirySeconds = 10 * 365 * 86400;

// The gateway's books for one asset, in units of 1e-8: what users deposited equals what was sent back
// to them plus fees plus what still rests (pending or on the book) plus the gateway's own position
// from trading at its configured prices on regular markets.
struct GatewayAssetAudit {
  Int128 deposited = 0, paid_out = 0, fees = 0, resting = 0, house = 0;
};

class Gateway {
 public:
  Gateway(const GatewayConfig& config, const Clock& clock);

  // Confirms deposits and expires limit orders that are due.
  void advance();

  GatewayResult<metaexchange::DepositDetails> submit(const GatewayOrderRequest& request);
  // The simulator's stand-in for a blockchain deposit, by deposit address or memo.
  GatewayResult<std::string> deposit(const std::string& address_or_memo, int64_t amount, std::optional<std::string> txid);

  std::vector<metaexchange::Market> markets() const;
  // Per asset symbol ("BTC", "bitUSD"), recomputed from every deposit and output but the fee and house
  // accounts, which are credited as fills happen.
  std::map<std::string, GatewayAssetAudit> audit() const;
  GatewayResult<metaexchange::Market> market(const std::string& symbol_pair) const;
  GatewayResult<metaexchange::Quote> quote(const std::string& symbol_pair, metaexchange::OrderType type, int64_t amount) const;
  // Outputs of the deposit with this received or sent txid (a pending deposit: one pending view).
  GatewayResult<std::vector<metaexchange::Transaction>> status(const std::string& txid) const;
  std::vector<metaexchange::Transaction> by_deposit(const std::string& address_or_memo, size_t limit) const;
  std::vector<metaexchange::Transaction> by_receiving(const std::string& symbol_pair, const std::vector<std::string>& receiving,
                                                      size_t limit) const;
  std::vector<metaexchange::Transaction> last(const std::optional<std::string>& symbol_pair, size_t limit) const;
  std::vector<metaexchange::OpenOrder> open_orders(const std::string& symbol_pair, const std::vector<std::string>& receiving) const;
  GatewayResult<metaexchange::OrderBook> book(const std::string& symbol_pair, size_t limit) const;

 private:
  struct Order {  // from submitAddress
    int market = 0;
    metaexchange::OrderType type = metaexchange::OrderType::kNone;
    std::string receiving_address;
    std::string deposit_address;  // as transactions show it: the address, or the memo
    std::optional<std::string> memo;
    std::optional<std::string> refund_address;
    std::optional<int64_t> price;
    int64_t expiry_seconds = 86400;
  };

  struct Deposit {  // an input and its state
    int order = 0;
    std::string txid;
    int64_t amount = 0;
    int64_t date = 0;  // unix seconds received
    int64_t confirm_at_us = 0;
    bool confirmed = false;
    int64_t remaining = 0;  // deposit units resting on the book
    int64_t expires_at = 0;
    metaexchange::OrderStatus status = metaexchange::OrderStatus::kPending;
    int64_t priority = 0;
    std::vector<int> outputs;
  };
  struct Output {
    int deposit;
    int64_t amount;  // what was sent, after the fee
    int64_t price;
    int64_t fee;
    metaexchange::OrderStatus status;
    std::string notes;
    std::string sent_txid;
    int64_t date;
  };

  int find_market(const std::string& symbol_pair) const;
  // The shared plan (market/gateway_quote.h) over this market's resting makers but `exclude`.
  market::GatewayPlan plan(int market, metaexchange::OrderType type, std::optional<int64_t> limit, int64_t amount,
                           int exclude) const;
  void execute(int deposit_index);
  void fill(int deposit_index, const market::GatewayFill& f, bool taker_buys);
  void refund(int deposit_index, int64_t amount, const std::string& note);
  void emit(int deposit_index, int64_t amount, int64_t price, int64_t fee, metaexchange::OrderStatus status, std::string note);
  metaexchange::Transaction view(const Output& o) const;
  metaexchange::Transaction pending_view(int deposit_index) const;
  std::vector<metaexchange::Transaction> views(int deposit_index) const;
  std::string deposit_asset(const Order& o) const;
  std::string receive_asset(const Order& o) const;
  std::string random_hex(size_t n);
  std::string random_base58(size_t n);

  GatewayConfig config_;
  const Clock& clock_;
  std::vector<Order> orders_;
  std::vector<Deposit> deposits_;
  std::vector<Output> outputs_;
  std::map<std::string, int> by_address_;  // deposit address or memo -> order index
  std::vector<int64_t> last_price_, previous_price_;
  struct Traded {
    int64_t date;  // unix seconds
    int64_t base, quote;
  };
  std::vector<std::vector<Traded>> traded_;  // per market, every fill, for the 24 h volumes
  // By asset, in 128 bits: sums of int64 amounts that many absurd deposits could take past 64 bits.
  std::map<std::string, Int128> fees_;   // the fee account
  std::map<std::string, Int128> house_;  // the gateway's own position from regular markets
  mutable std::mt19937_64 rng_{0x6d65};
};

}  // namespace dealer::sim
