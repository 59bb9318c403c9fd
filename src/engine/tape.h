// Tape: the most recent trades of one pair in a fixed ring, so recording a trade never allocates.
// Only what strategies use is kept (no property strings).
//
// Ownership: owns its ring; Core owns one Tape per pair. Not thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <optional>

#include "model/model.h"

namespace dealer::engine {

struct TapeTrade {
  int64_t tid = 0;
  int64_t date = 0;  // unix seconds
  Price price;
  Amount amount;
  Side side = Side::kBid;
};

class Tape {
 public:
  static constexpr size_t kCapacity = 256;

  void add(const Trade& t) {
    ring_[next_] = TapeTrade{t.tid, t.date, t.price, t.amount, t.side};
    next_ = (next_ + 1) % kCapacity;
    if (size_ < kCapacity) ++size_;
  }
  size_t size() const { return size_; }
  // 0 is the newest trade; i < size().
  const TapeTrade& recent(size_t i) const { return ring_[(next_ + kCapacity - 1 - i) % kCapacity]; }
  std::optional<TapeTrade> last() const {
    if (size_ == 0) return std::nullopt;
    return recent(0);
  }

 private:
  std::array<TapeTrade, kCapacity> ring_{};
  size_t next_ = 0;
  size_t size_ = 0;
};

}  // namespace dealer::engine
