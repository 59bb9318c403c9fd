// Risk: the limits every order passes before it is sent, and the kill switch. Limits come from the
// `risk:` block of the configuration; an absent limit does not apply (the configuration turns the price
// collar on by default, see strategies/risk_params.h). A refused order is a decision with a reason, not
// an error. The price collar compares an order's price with a reference price (reference_price below):
// one bad print cannot place an absurd order (issue 18 case 3), and without a reference nothing is placed.
// The kill switch trips on a drawdown of the marked equity from its peak or on a run of consecutive order
// errors; Core then cancels everything and places nothing more.
//
// Ownership: plain values; the rolling state (recent placements, error run, equity peak) lives here.
// Not thread-safe.
#pragma once

#include <array>
#include <deque>
#include <optional>
#include <string>

#include "core/decimal.h"
#include "core/money.h"
#include "core/time.h"
#include "engine/book.h"
#include "engine/pair.h"
#include "engine/tape.h"
#include "model/model.h"

namespace dealer::engine {

struct RiskLimits {
  std::optional<Amount> max_order_amount;  // per order, in the item's units
  std::optional<int> max_open_orders;      // orders not yet terminal, all strategies together
  // |net position + the open orders on the order's side + the order| in the item's units, where the
  // net position is what our fills bought minus sold.
  std::optional<Amount> max_position;
  std::optional<int> max_orders_per_minute;  // placements in any 60 s
  // Free balance to keep per currency (units of that currency), indexed by Currency::index().
  std::array<std::optional<int64_t>, Currency::kCount> min_balance{};
  std::optional<Decimal> max_drawdown_percent;  // of the marked equity from its peak
  std::optional<int> max_consecutive_errors;    // rejections, ambiguous places, failed cancels in a row
  // The price collar: an order's price at most this far from the reference price, in percent of it.
  std::optional<Decimal> max_price_deviation_percent;

  friend bool operator==(const RiskLimits&, const RiskLimits&) = default;
};

// What the collar compares an order's price with, and where it came from (for the decision line).
struct ReferencePrice {
  Price price;
  std::string source;  // "book mid", "median of the last 11 trades"
};

// The trades the median is taken over, and how many it needs: fewer, and two prints could be half.
inline constexpr size_t kReferenceTrades = 11;
inline constexpr size_t kMinReferenceTrades = 3;

// The book's mid when the book is fresh (a snapshot no older than `max_book_age`; never when that is
// zero) with both sides and uncrossed; else the median of the last kReferenceTrades trades (at least
// kMinReferenceTrades), which no single print moves, however far it lies; else none.
std::optional<ReferencePrice> reference_price(const Book& book, const Tape& tape, WallTime now,
                                              Micros max_book_age);

// What Risk needs to know about an order and the book-keeping around it.
struct OrderCheck {
  Pair pair;
  Side side = Side::kBid;
  Price price;
  Amount amount;
  int open_orders = 0;
  int64_t position = 0;         // net item units bought by our fills
  Amount open_same_side;        // remaining amount of our open orders on the order's side, this item
  // The price of our open order on the other side of this pair that a new order would meet first (our
  // highest bid for an ask, our lowest ask for a bid); none without such an order.
  std::optional<Price> own_opposite;
  std::optional<int64_t> free;  // free balance of the currency the order spends; none if unknown
  std::optional<ReferencePrice> reference;  // for the price collar; none if the market gives none
};

class Risk {
 public:
  explicit Risk(RiskLimits limits = {}) : limits_(std::move(limits)) {}

  // Why the order may not be sent, or nothing if it may.
  std::optional<std::string> refuse(const OrderCheck& order, WallTime now) const;
  void record_placement(WallTime now);
  // An order error: the reason to halt once the run reaches max_consecutive_errors.
  std::optional<std::string> record_error(const std::string& what);
  void record_success() { error_run_ = 0; }
  // The equity marked now, in one currency's units: the reason to halt once the drawdown from the peak
  // exceeds max_drawdown_percent.
  std::optional<std::string> observe_equity(int64_t equity, Currency currency);

  const RiskLimits& limits() const { return limits_; }
  bool collars_prices() const { return limits_.max_price_deviation_percent.has_value(); }
  bool watches_equity() const { return limits_.max_drawdown_percent.has_value(); }

 private:
  std::optional<std::string> outside_collar(const OrderCheck& order) const;

  RiskLimits limits_;
  std::deque<WallTime> placements_;  // within the last minute
  int error_run_ = 0;
  int64_t peak_equity_ = 0;
};

}  // namespace dealer::engine
