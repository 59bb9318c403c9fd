// The fault soak's set-up (tests/soak/soak_test.cpp): how long it runs, the simulator's configuration
// (alice on the bundled 2013-01-01 tape, replayed so that the day spans most of the soak, with every
// kind of fault injected and rate limits a careful client keeps to) and the bot's (several
// watch_price chains that keep buying and selling through the day, a resting order, and a rule that
// the risk limits must refuse).
#pragma once

#include <cstdint>
#include <string>

namespace dealer::testing {

// DEALER_SOAK_SECONDS when set (600 for the full run), else 45 s for the normal suite.
int soak_seconds();

// The bot's risk limits, as its configuration states them, in units (BTC 1e-8).
inline constexpr int64_t kSoakMaxOrderAmountInt = 500'000'000;  // max_order_amount: "5"
inline constexpr int kSoakMaxOpenOrders = 10;
// The rate limits of the simulator config: every endpoint, and order/add.
inline constexpr int kSoakRequestsPerSecond = 30;
inline constexpr int kSoakOrdersPerSecond = 5;

// The semantic faults of the soak (sim/semantic_faults.h) and their shares in percent. Overstated
// fills and denied orders are left out until the order manager reconciles them (issue 18, helper money).
struct SoakShare {
  const char* name;
  const char* percent;
};
inline constexpr SoakShare kSoakSemanticFaults[] = {
    {"negative_price_percent", "5"},  {"tiny_price_percent", "1"},   {"crossed_depth_percent", "10"},
    {"unsorted_depth_percent", "10"}, {"repeated_tid_percent", "2"}, {"backward_tid_percent", "2"},
    {"balance_jump_percent", "2"},
};

std::string soak_sim_config(int seconds);
std::string soak_bot_config(uint16_t port, const std::string& store_path);

}  // namespace dealer::testing
