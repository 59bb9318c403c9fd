// What the benchmarks share: an idle strategy list, reading an input file whole, and summarising per-iteration times that a
// benchmark records itself (Google Benchmark reports means; a latency target is about the median and
// the tail). Header-only and free of Google Benchmark so that tests/bench/ can check it.
// Plain functions on values; thread-safe.
#pragma once

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace dealer::bench {

// A `strategies:` list with one watch_price whose triggers (1.00 and 99.00) the benchmarks' prices,
// 13 to 14 USD, never meet: the cost of the hot path when nothing is decided.
inline constexpr const char* kIdleStrategies = R"(strategies:
  - id: idle
    strategy: watch_price
    pair: BTCUSD
    rules:
      - {id: buy-dip, side: buy, when: "last <= 1.00", price: "1.00", amount: "1"}
      - {id: take-profit, side: sell, after: buy-dip, when: "last >= 99.00", price: "99.00", amount: "1"}
)";

// The whole file. Throws if it cannot be read: a benchmark without its input must not report a figure.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct LatencySummary {
  double p50 = 0;
  double p99 = 0;
  double max = 0;
};

// Nearest-rank percentiles (the smallest sample with at least that share of all samples at or below
// it), so every figure is a time some iteration really took. All zero for no samples.
inline LatencySummary summarize(std::vector<double> samples) {
  if (samples.empty()) return {};
  std::sort(samples.begin(), samples.end());
  const auto rank = [&samples](double share) {
    // The epsilon keeps a product that binary fractions push just past a whole number
    // (0.07 * 100 = 7.000000000000001) from taking the next rank.
    const auto r = static_cast<size_t>(std::ceil(share * static_cast<double>(samples.size()) - 1e-9));
    return samples[std::clamp<size_t>(r, 1, samples.size()) - 1];
  };
  return {rank(0.50), rank(0.99), samples.back()};
}

}  // namespace dealer::bench
