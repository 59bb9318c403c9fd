#include "soak/soak_setup.h"

#include <cstdlib>
#include <stdexcept>

#include "support/test_accounts.h"

namespace dealer::testing {
namespace {

// One recorded day (the tape runs from 00:04 to 23:59 of 2013-01-01).
constexpr int kTapeSeconds = 86'400;

constexpr int kRoundTrips = 12;

// A chain of kRoundTrips buy-then-sell pairs of `amount`, each rule armed once the previous one filled: buy
// at `buy_price` once the last price is at or below `buy_below`, sell at `sell_price` once it is at or above
// `sell_above`. The prices are 0.05 beyond the triggers, across the simulator's liquidity (quoted 0.1-0.5 %
// around the last price), so each order fills at once; the chain trades again as the price swings between its
// two levels. The levels follow the tape's half-hour ranges (read from the CSV: 13.46-13.56 until
// 09:00, 13.40-13.47 until 12:00, 13.27-13.44 until 17:00, 13.16-13.37 afterwards). Each chain trades its own
// amount: two orders placed at once whose answers are lost must not look alike, since the bot tells
// lookalikes apart by the distance between its clock and the exchange's dates, which the sped-up replay
// stretches (README "Faults, and the fault soak").
std::string chain(const std::string& id, const char* buy_below, const char* buy_price, const char* sell_above,
                  const char* sell_price, const char* amount) {
  std::string out = "  - id: " + id + "\n    strategy: watch_price\n    pair: BTCUSD\n    rules:\n";
  std::string previous;
  for (int i = 1; i <= kRoundTrips; ++i) {
    const std::string b = "b" + std::to_string(i), s = "s" + std::to_string(i);
    const std::string after = previous.empty() ? "" : ", after: " + previous;
    out += "      - {id: " + b + ", side: buy" + after + ", when: \"last <= " + buy_below + "\", price: \"" +
           buy_price + "\", amount: \"" + amount + "\"}\n";
    out += "      - {id: " + s + ", side: sell, after: " + b + ", when: \"last >= " + sell_above +
           "\", price: \"" + sell_price + "\", amount: \"" + amount + "\"}\n";
    previous = s;
  }
  return out;
}

std::string semantic_fault_lines() {
  std::string out;
  for (const SoakShare& f : kSoakSemanticFaults)
    out += "  " + std::string(f.name) + ": \"" + f.percent + "\"\n";
  return out;
}

}  // namespace

int soak_seconds() {
  const char* env = std::getenv("DEALER_SOAK_SECONDS");
  if (!env) return 45;
  const int seconds = std::atoi(env);
  if (seconds < 10)
    throw std::invalid_argument("DEALER_SOAK_SECONDS: expected a whole number of seconds, 10 or more");
  return seconds;
}

std::string soak_sim_config(int seconds) {
  // The day is replayed in 85 % of the soak, so the last minutes are quiet and the chains settle.
  const int speed = kTapeSeconds * 100 / (seconds * 85) + 1;
  return std::string("accounts:\n  - {name: alice, key: ") + kAliceKey + ", secret: \"" + kAliceSecret +
         "\", rights: [get_info, trade], fee_percent: \"0.6\", balances: {BTC: \"10\", USD: \"1000\"}}\n" +
         "market:\n  trades: " + DEALER_TEST_DATA_DIR + "/../../data/mtgox-trades-btcusd-2013-01-01.csv\n" +
         "  currency: USD\n  speed: " + std::to_string(speed) + "\n  shift_to_now: true\n" +
         "  liquidity: {enabled: true, seed: 42, levels: 5, spread_percent: \"0.2\", step_percent: \"0.1\", "
         "amount: \"2\"}\n" +
         "rate_limits:\n  default: {per_second: " + std::to_string(kSoakRequestsPerSecond) +
         ", burst: " + std::to_string(2 * kSoakRequestsPerSecond) +
         "}\n  endpoints:\n    order/add: {per_second: " + std::to_string(kSoakOrdersPerSecond) +
         ", burst: " + std::to_string(2 * kSoakOrdersPerSecond) + "}\n" +
         // 26 % of the answers are broken, besides the bursts, the spikes and the semantic faults.
         "faults:\n  seed: 7\n  error_500_percent: \"6\"\n  error_502_percent: \"4\"\n  drop_percent: \"5\"\n"
         "  truncate_percent: \"5\"\n  malformed_percent: \"1\"\n  mysql_error_percent: \"5\"\n"
         "  rate_limit_burst_percent: \"1\"\n  rate_limit_burst_length: 8\n"
         "  latency_spike_percent: \"2\"\n  latency_spike_ms: 2000\n" +
         semantic_fault_lines();
}

std::string soak_bot_config(uint16_t port, const std::string& store_path) {
  return "exchange: {kind: mtgox, base_url: \"http://127.0.0.1:" + std::to_string(port) +
         "\", pair: BTCUSD}\n" + "store: {path: " + store_path + "}\n" +
         // The price collar widened for the park order (20.00, far above the market by design).
         "risk: {max_order_amount: \"5\", max_price_deviation_percent: \"50\", max_open_orders: " +
         std::to_string(kSoakMaxOpenOrders) + "}\n" +
         "poll: {ticker: 1s, trades: 200ms, depth: 2s, own_trades: 500ms, balances: 1s, reconcile: 2s, "
         "timer: 200ms}\n"
         "shutdown: {cancel_open_orders: true}\n"
         "strategies:\n"
         "  - id: park\n    strategy: watch_price\n    pair: BTCUSD\n    rules:\n"
         // Rests far above any price of the day until the shutdown cancels it.
         "      - {id: park, side: sell, when: \"last >= 13.00\", price: \"20.00\", amount: \"0.5\"}\n"
         // Above max_order_amount: the risk check must refuse it before it reaches the exchange.
         "      - {id: oversize, side: buy, when: \"last >= 13.00\", price: \"10.00\", amount: \"6\"}\n" +
         chain("morning", "13.51", "13.56", "13.54", "13.49", "0.25") +
         chain("forenoon", "13.47", "13.52", "13.50", "13.45", "0.26") +
         chain("noon", "13.43", "13.48", "13.46", "13.41", "0.27") +
         chain("afternoon", "13.33", "13.38", "13.36", "13.31", "0.28") +
         chain("evening", "13.28", "13.33", "13.33", "13.28", "0.29") +
         chain("night", "13.26", "13.31", "13.29", "13.24", "0.3");
}

}  // namespace dealer::testing
