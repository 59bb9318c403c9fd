#include "backtest/walk_forward_shard.h"

#include <algorithm>
#include <set>

namespace dealer::backtest {
namespace {

std::optional<std::string> mismatch(const WalkForwardShard& f, const WalkForwardShard& want) {
  if (f.walk_forward != want.walk_forward) return "its --walk-forward is " + f.walk_forward;
  if (f.grid != want.grid) return "its grid differs (other --config or --sweep values)";
  if (f.inputs != want.inputs || f.quote != want.quote)
    return "its inputs differ (a config file's text, the trades or --from/--to changed)";
  return std::nullopt;
}

}  // namespace

Result<std::vector<std::vector<SweepRow>>> merge_walk_forward_shards(
    const std::vector<std::pair<std::string, std::string>>& named, const WalkForwardShard& want) {
  if (named.empty()) return make_error(Errc::kInvalidArgument, "no --trained files");
  std::vector<std::vector<SweepRow>> spans;
  std::set<int64_t> shards;
  int64_t count = 0;
  for (const auto& [name, text] : named) {
    auto f = decode_json<WalkForwardShard>(text);
    if (!f) return make_error(Errc::kParse, name + ": not a walk-forward shard file: " + f.error().message);
    if (f->format != kWalkForwardFormat)
      return make_error(Errc::kParse,
                        name + ": format '" + f->format + "', expected " + std::string(kWalkForwardFormat));
    if (auto why = mismatch(*f, want))
      return make_error(Errc::kInvalidArgument, name + " is not a shard of this walk-forward run: " + *why);
    if (shards.empty()) {
      count = f->shards;
      spans.resize(f->spans.size());
    }
    if (f->shards != count || f->spans.size() != spans.size())
      return make_error(Errc::kInvalidArgument, name + ": its cut (" + std::to_string(f->shards) +
                                                    " shards) or spans differ from the first file's");
    if (!shards.insert(f->shard).second)
      return make_error(Errc::kInvalidArgument,
                        name + ": shard " + std::to_string(f->shard) + " is given twice");
    for (size_t s = 0; s < spans.size(); ++s)
      spans[s].insert(spans[s].end(), f->spans[s].rows.begin(), f->spans[s].rows.end());
  }
  for (int64_t s = 0; s < count; ++s)
    if (!shards.contains(s))
      return make_error(Errc::kInvalidArgument, "shard " + std::to_string(s) + "/" + std::to_string(count) +
                                                    " is missing (run it with --shard " + std::to_string(s) +
                                                    "/" + std::to_string(count) + ")");
  for (auto& rows : spans)
    std::sort(rows.begin(), rows.end(),
              [](const SweepRow& a, const SweepRow& b) { return a.point < b.point; });
  return spans;
}

}  // namespace dealer::backtest
