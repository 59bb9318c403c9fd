#include "backtest/round_trips.h"

#include <algorithm>
#include <deque>

namespace dealer::backtest {
namespace {

// What is left of one fill that has not been paired yet: its amount, and the notional and fee that go
// with that amount.
struct Lot {
  WallTime time;
  Side side = Side::kBid;
  Price price;
  int64_t amount = 0;  // item units, > 0
  int64_t notional = 0;
  int64_t fee = 0;
};

// `part` of `whole`'s `value` (0 < part <= whole), the last part taking all that is left.
int64_t share(int64_t value, int64_t part, int64_t whole) {
  if (part == whole) return value;
  return static_cast<int64_t>(static_cast<__int128>(value) * part / whole);
}

int64_t notional(Price price, int64_t amount, engine::Pair pair) {
  auto cost = cost_of(price, Amount(amount), pair.item.decimals());
  if (!cost) throw_money_overflow("x", price.raw(), amount);
  return cost->raw();
}

// Takes `amount` off the front of `lot` (amount <= lot.amount): the taken part.
Lot take(Lot& lot, int64_t amount) {
  Lot part = lot;
  part.amount = amount;
  part.notional = share(lot.notional, amount, lot.amount);
  part.fee = share(lot.fee, amount, lot.amount);
  lot.amount -= amount;
  lot.notional -= part.notional;
  lot.fee -= part.fee;
  return part;
}

RoundTrip round_trip(const std::string& strategy, const Lot& entry, WallTime exit_time, Price exit_price,
                     int64_t exit_notional, int64_t exit_fee, bool open) {
  const bool long_trip = entry.side == Side::kBid;
  const int64_t gain = long_trip ? exit_notional - entry.notional : entry.notional - exit_notional;
  const int64_t fees = entry.fee + exit_fee;
  return RoundTrip{strategy,    entry.time,  exit_time,
                   entry.price, exit_price,  Amount(long_trip ? entry.amount : -entry.amount),
                   fees,        gain - fees, open};
}

// One strategy's unpaired lots, oldest first (all on one side: a fill meets the other side first).
using Book = std::deque<Lot>;

void pair_fill(const FillRecord& f, engine::Pair pair, Book& book, std::vector<RoundTrip>& out) {
  Lot fill{f.time, f.side, f.price, f.amount.raw(), notional(f.price, f.amount.raw(), pair), f.fee};
  while (fill.amount > 0 && !book.empty() && book.front().side != f.side) {
    Lot& oldest = book.front();
    const int64_t amount = std::min(fill.amount, oldest.amount);
    const Lot entry = take(oldest, amount);
    const Lot exit = take(fill, amount);
    out.push_back(round_trip(f.strategy, entry, exit.time, exit.price, exit.notional, exit.fee, false));
    if (oldest.amount == 0) book.pop_front();
  }
  if (fill.amount > 0) book.push_back(fill);
}

}  // namespace

std::vector<RoundTrip> pair_round_trips(std::span<const FillRecord> fills, engine::Pair pair,
                                        Price last_price, WallTime last_time) {
  std::vector<std::pair<std::string, Book>> books;  // by first fill, so the output order is the fills'
  std::vector<RoundTrip> out;
  for (const FillRecord& f : fills) {
    auto it = std::find_if(books.begin(), books.end(), [&](const auto& b) { return b.first == f.strategy; });
    if (it == books.end()) it = books.emplace(books.end(), f.strategy, Book{});
    pair_fill(f, pair, it->second, out);
  }
  for (const auto& [strategy, book] : books)
    for (const Lot& lot : book)
      out.push_back(
          round_trip(strategy, lot, last_time, last_price, notional(last_price, lot.amount, pair), 0, true));
  return out;
}

std::vector<StrategyFigures> per_strategy(std::span<const FillRecord> fills,
                                          std::span<const RoundTrip> round_trips) {
  std::vector<StrategyFigures> out;
  const auto of = [&](const std::string& id) -> StrategyFigures& {
    auto it =
        std::find_if(out.begin(), out.end(), [&](const StrategyFigures& s) { return s.strategy == id; });
    return it != out.end() ? *it : out.emplace_back(StrategyFigures{id});
  };
  for (const FillRecord& f : fills) {
    StrategyFigures& s = of(f.strategy);
    ++s.fills;
    s.fees += f.fee;
  }
  for (const RoundTrip& r : round_trips) {
    StrategyFigures& s = of(r.strategy);
    s.pnl += r.pnl;
    if (!r.open) ++s.round_trips;
  }
  return out;
}

}  // namespace dealer::backtest
