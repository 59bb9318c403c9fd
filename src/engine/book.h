// Book: the replica of one pair's order book, rebuilt from each depth snapshot, with the bot's own
// resting orders known in it so a strategy can tell its own quote from others'. Detects a crossed
// snapshot (best bid at or above best ask; Core refuses it and asks for another) and a stale book
// (older than the configured age).
//
// Ownership: owns its levels; Core owns one Book per pair. Not thread-safe.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "core/time.h"
#include "model/model.h"

namespace dealer::engine {

// One of our resting orders as the book sees it.
struct OwnQuote {
  Side side = Side::kBid;
  Price price;
  Amount remaining;
};

class Book {
 public:
  // Replaces the levels: bids sorted best (highest) first, asks best (lowest) first, whatever order
  // the exchange sent; levels with no amount are dropped.
  void apply(WallTime now, const Depth& depth);
  void set_own(std::vector<OwnQuote> own) { own_ = std::move(own); }

  bool empty() const { return bids_.empty() && asks_.empty(); }
  std::optional<Price> best_bid() const;
  std::optional<Price> best_ask() const;
  std::span<const DepthLevel> bids() const { return bids_; }
  std::span<const DepthLevel> asks() const { return asks_; }
  // Whether a snapshot is crossed (its best bid at or above its best ask): checked before applying it.
  static bool crossed(const Depth& depth);
  // No snapshot yet, or the last one is older than `max_age`.
  bool stale(WallTime now, Micros max_age) const;
  WallTime updated() const { return updated_; }

  std::span<const OwnQuote> own() const { return own_; }
  // Our resting amount at a price, and what others rest there (the level minus ours, never negative).
  Amount own_at(Side side, Price price) const;
  Amount others_at(Side side, Price price) const;

 private:
  std::vector<DepthLevel> bids_;
  std::vector<DepthLevel> asks_;
  std::vector<OwnQuote> own_;
  WallTime updated_{};
  bool has_snapshot_ = false;
};

}  // namespace dealer::engine
