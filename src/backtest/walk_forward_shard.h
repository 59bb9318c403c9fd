// Sharded walk-forward training (`--walk-forward SPEC --shard I/N --json OUT`, then
// `--walk-forward SPEC --trained OUT0 --trained OUT1 ...`): the training runs, every point on every
// training span and on the whole out-of-sample period, are nearly all the work; a shard does them for
// its points (I modulo N, as a sweep's shard) and writes their rows; the final run reads every shard,
// checks that they are one sweep of the same inputs, and runs only the test spans. The result is the
// same bytes as the walk-forward on one machine.
//
// File (JSON, keys fixed): {"format":"dealer-walk-forward-1", "walk_forward": "TRAIN/TEST/STEP",
// "grid", "inputs" (fingerprint), "quote", "shard", "shards", "spans": [{"rows": [SweepRow...]}...]}
// with one entry per training span and the out-of-sample period last.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "backtest/walk_forward.h"

namespace dealer::backtest {

inline constexpr std::string_view kWalkForwardFormat = "dealer-walk-forward-1";

struct SpanRows {
  std::vector<SweepRow> rows;
};

template <class V>
void describe(V& v, SpanRows& s) {
  v("rows", s.rows);
}

struct WalkForwardShard {
  std::string format{kWalkForwardFormat};
  std::string walk_forward;
  std::vector<SweepAxis> grid;
  std::string inputs;
  std::string quote;
  int64_t shard = 0, shards = 1;
  std::vector<SpanRows> spans;
};

template <class V>
void describe(V& v, WalkForwardShard& f) {
  v("format", f.format);
  v("walk_forward", f.walk_forward);
  v("grid", f.grid);
  v("inputs", f.inputs);
  v("quote", f.quote);
  v("shard", f.shard);
  v("shards", f.shards);
  v("spans", f.spans);
}

// The rows of every point per span from the shard files (`named`: file name, text), for `want` (the
// final run's own spec text, grid, inputs and quote). Errors name the file: not a walk-forward shard,
// another run's (what differs), a shard twice or missing.
Result<std::vector<std::vector<SweepRow>>> merge_walk_forward_shards(
    const std::vector<std::pair<std::string, std::string>>& named, const WalkForwardShard& want);

}  // namespace dealer::backtest
