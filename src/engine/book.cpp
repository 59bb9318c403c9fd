#include "engine/book.h"

#include <algorithm>

namespace dealer::engine {
namespace {

void copy_sorted(const std::vector<DepthLevel>& from, std::vector<DepthLevel>& to, bool descending) {
  to.clear();
  for (const DepthLevel& l : from) {
    if (l.amount.raw() > 0) to.push_back(l);
  }
  std::sort(to.begin(), to.end(), [descending](const DepthLevel& a, const DepthLevel& b) {
    return descending ? a.price > b.price : a.price < b.price;
  });
}

}  // namespace

void Book::apply(WallTime now, const Depth& depth) {
  copy_sorted(depth.bids, bids_, true);
  copy_sorted(depth.asks, asks_, false);
  updated_ = now;
  has_snapshot_ = true;
}

std::optional<Price> Book::best_bid() const {
  if (bids_.empty()) return std::nullopt;
  return bids_.front().price;
}

std::optional<Price> Book::best_ask() const {
  if (asks_.empty()) return std::nullopt;
  return asks_.front().price;
}

bool Book::crossed(const Depth& depth) {
  std::optional<Price> bid, ask;
  for (const DepthLevel& l : depth.bids) {
    if (l.amount.raw() > 0 && (!bid || l.price > *bid)) bid = l.price;
  }
  for (const DepthLevel& l : depth.asks) {
    if (l.amount.raw() > 0 && (!ask || l.price < *ask)) ask = l.price;
  }
  return bid && ask && *bid >= *ask;
}

bool Book::stale(WallTime now, Micros max_age) const { return !has_snapshot_ || now - updated_ > max_age; }

Amount Book::own_at(Side side, Price price) const {
  Amount sum;
  for (const OwnQuote& q : own_) {
    if (q.side == side && q.price == price) sum += q.remaining;
  }
  return sum;
}

Amount Book::others_at(Side side, Price price) const {
  const auto& levels = side == Side::kBid ? bids_ : asks_;
  Amount level;
  for (const DepthLevel& l : levels) {
    if (l.price == price) level += l.amount;
  }
  const Amount others = level - own_at(side, price);
  return others.raw() > 0 ? others : Amount(0);
}

}  // namespace dealer::engine
