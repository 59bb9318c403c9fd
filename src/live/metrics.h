// Metrics: what `dealer run` counts for /metrics, and its Prometheus text exposition (format 0.0.4):
// exchange requests and errors per endpoint path (fed by the exchange client's ApiCaller observer),
// order events (placed, rejected, cancelled) and fills (fed by the driver), and the decision latency
// histogram: from a market event's arrival at the driver to the core's effects for it being carried
// out, on std::chrono::steady_clock. Gauges that are read rather than counted (feed ages, halted,
// uptime, balances, equity, position, open orders, P&L) are passed to render_metrics by the caller;
// money gauges arrive as exact decimal text in the currency's units (Prometheus parses it as a float).
//
// Cheap on the hot path: order and fill counters are plain integers, an exchange attempt is one map
// lookup without allocation once its endpoint is known, a latency sample walks a dozen bucket bounds.
// Doubles appear only here, for seconds (never for money).
//
// Ownership: a plain value. Not thread-safe: updated and rendered on the io_context thread.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace dealer::live {

// A Prometheus histogram with fixed upper bounds (seconds).
class Histogram {
 public:
  static constexpr std::array<double, 12> kBounds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                     0.01,   0.025,   0.05,   0.1,   0.25,   1.0};

  void observe(double seconds);
  void observe_since(std::chrono::steady_clock::time_point start) {
    observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  // Samples at or below each bound, not cumulated; the last entry counts those above every bound.
  const std::array<uint64_t, kBounds.size() + 1>& buckets() const { return buckets_; }
  uint64_t count() const { return count_; }
  double sum() const { return sum_; }

 private:
  std::array<uint64_t, kBounds.size() + 1> buckets_{};
  uint64_t count_ = 0;
  double sum_ = 0;
};

enum class OrderEvent { kPlaced, kRejected, kCancelled };

struct Metrics {
  struct EndpointCounts {
    uint64_t requests = 0;
    uint64_t errors = 0;
  };

  // One HTTP attempt to the exchange ended (ApiCaller's AttemptObserver).
  void exchange_attempt(std::string_view path, bool ok);
  void order(OrderEvent event) { ++orders[static_cast<size_t>(event)]; }

  // The notifier's outbox per receiver, copied here on the io_context thread whenever it changes.
  struct NotifyCounts {
    int64_t pending = 0;   // messages not yet delivered, given up or expired
    int64_t failures = 0;  // failed attempts since start
  };

  std::map<std::string, EndpointCounts, std::less<>> endpoints;
  std::array<uint64_t, 3> orders{};  // by OrderEvent
  uint64_t fills = 0;
  Histogram decision_latency;

  std::map<std::string, NotifyCounts, std::less<>> notify;  // by receiver name
};

// A gauge sampled when rendering: feed ages and the like.
struct FeedAge {
  std::string_view feed;
  std::optional<double> seconds;  // none: no answer yet (the sample is left out)
};

// A money gauge: its currency label and the exact decimal value ("9.994").
struct MoneyGauge {
  std::string currency;
  std::string value;
};

struct MetricsGauges {
  std::span<const FeedAge> feed_ages;
  bool halted = false;
  double uptime_seconds = 0;
  std::span<const MoneyGauge> balances;  // dealer_balance, one per currency
  std::optional<MoneyGauge> equity;      // dealer_equity: none before a balance and a price
  std::optional<MoneyGauge> pnl;         // dealer_pnl: since start
  std::string position = "0";            // dealer_position: net bought minus sold, the pair's item
  int64_t open_orders = 0;               // dealer_open_orders
};

// The Prometheus text exposition of everything, each family with its HELP and TYPE lines.
std::string render_metrics(const Metrics& metrics, const MetricsGauges& gauges);

// A label value as the exposition format wants it: backslash, double quote and newline escaped.
std::string escape_label_value(std::string_view value);

}  // namespace dealer::live
