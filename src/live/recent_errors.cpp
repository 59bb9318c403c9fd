#include "live/recent_errors.h"

namespace dealer::live {
namespace {

// A leading "where: " is short (a feed or a step: "ticker", "own trades", "reconciliation"); a colon
// further in belongs to the message.
constexpr size_t kMaxWhere = 24;

}  // namespace

void RecentErrors::add(WallTime time, std::string_view line) {
  Entry e{time, {}, std::string(line)};
  const size_t colon = line.find(": ");
  if (colon != std::string_view::npos && colon <= kMaxWhere) {
    e.where = std::string(line.substr(0, colon));
    e.message = std::string(line.substr(colon + 2));
  }
  std::lock_guard lock(mutex_);
  entries_.push_back(std::move(e));
  if (entries_.size() > capacity_) entries_.pop_front();
}

std::vector<RecentErrors::Entry> RecentErrors::entries() const {
  std::lock_guard lock(mutex_);
  return {entries_.begin(), entries_.end()};
}

}  // namespace dealer::live
