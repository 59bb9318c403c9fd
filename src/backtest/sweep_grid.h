// The grid of a parameter sweep (`dealer backtest --sweep key=v1,v2 ... --config A --config B`): one
// dimension per --sweep key plus the config files, first; every combination is one backtest. Points
// are numbered 0..size()-1 with the last dimension varying fastest; --shard I/N takes the points
// whose number is I modulo N (round robin, so the slices are the same size within one point and mix
// the configs), which is deterministic on every machine.
//
// Keys are config paths as config::Override reads them: `backtest.fee_percent`,
// `backtest.latency_ms`, `strategies.<id>.<key>`, and inside a strategy's lists an element by its id,
// `strategies.dip-chain.rules.buy-dip.price`. Values are the YAML text, exactly as in the file.
// Plain values: copy freely; not thread-safe to modify.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "config/reader.h"
#include "core/result.h"

namespace dealer::backtest {

inline constexpr std::string_view kConfigDimension = "config";

struct SweepAxis {
  std::string key;
  std::vector<std::string> values;
  bool operator==(const SweepAxis&) const = default;
};

template <class V>
void describe(V& v, SweepAxis& a) {
  v("key", a.key);
  v("values", a.values);
}

// "key=v1,v2,...": a key and at least one value, none empty, none twice.
Result<SweepAxis> parse_sweep_axis(std::string_view text);

struct Shard {
  size_t index = 0;  // 0 <= index < count
  size_t count = 1;
};

// "I/N" with 0 <= I < N (Slurm: --array=0-(N-1) and --shard $SLURM_ARRAY_TASK_ID/N).
Result<Shard> parse_shard(std::string_view text);

class SweepGrid {
 public:
  // An error for no config file, a key given twice ("config" is taken) or over a million points.
  static Result<SweepGrid> create(std::vector<std::string> configs, std::vector<SweepAxis> axes);

  // The config files, then one dimension per --sweep key, in the order given.
  const std::vector<SweepAxis>& dimensions() const { return dimensions_; }
  size_t size() const;
  // Point `index`: its value in each dimension.
  std::vector<std::string> values(size_t index) const;
  // Which config file point `index` uses, and the overrides it applies to it.
  size_t config_of(size_t index) const;
  std::vector<config::Override> overrides(size_t index) const;
  // The points of one shard, ascending.
  std::vector<size_t> points(Shard shard) const;

 private:
  explicit SweepGrid(std::vector<SweepAxis> dimensions) : dimensions_(std::move(dimensions)) {}
  std::vector<SweepAxis> dimensions_;
};

}  // namespace dealer::backtest
