// A hand-made BTCUSD trade at a whole second, stamped as MtGox did (tid = microseconds, date =
// seconds), for tests of replays whose clock is the trades' time.
#pragma once

#include "engine/engine_test_support.h"

namespace dealer::testing {

inline Trade timed_trade(int64_t seconds, std::string_view price, std::string_view amount) {
  Trade t = trade_at(price, amount, seconds * 1'000'000);
  t.date = seconds;
  t.properties = "limit";
  return t;
}

}  // namespace dealer::testing
