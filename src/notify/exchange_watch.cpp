#include "notify/exchange_watch.h"

namespace dealer::notify {

std::optional<EventKind> ExchangeWatch::attempt(bool ok, int64_t now_us) {
  if (ok) {
    failures_ = 0;
    first_failure_.reset();
    if (!down_) return std::nullopt;
    down_ = false;
    return EventKind::kExchangeUp;
  }
  ++failures_;
  if (!first_failure_) first_failure_ = now_us;
  if (down_) return std::nullopt;
  const bool enough = failures_ >= rules_.exchange_down_after_failures;
  const bool long_enough = rules_.exchange_down_after.count() > 0 &&
                           now_us - *first_failure_ >= rules_.exchange_down_after.count();
  if (!enough && !long_enough) return std::nullopt;
  down_ = true;
  return EventKind::kExchangeDown;
}

}  // namespace dealer::notify
