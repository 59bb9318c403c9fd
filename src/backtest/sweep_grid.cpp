#include "backtest/sweep_grid.h"

#include <algorithm>

#include "core/decimal.h"

namespace dealer::backtest {

Result<SweepAxis> parse_sweep_axis(std::string_view text) {
  const size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0)
    return make_error(
        Errc::kInvalidArgument,
        "--sweep '" + std::string(text) + "': expected KEY=V1,V2,... such as backtest.fee_percent=0.2,0.6");
  SweepAxis axis{std::string(text.substr(0, eq)), {}};
  std::string_view rest = text.substr(eq + 1);
  for (;;) {
    const size_t comma = rest.find(',');
    const std::string value(rest.substr(0, comma));
    if (value.empty())
      return make_error(Errc::kInvalidArgument,
                        "--sweep " + axis.key + ": an empty value in '" + std::string(text) + "'");
    if (std::find(axis.values.begin(), axis.values.end(), value) != axis.values.end())
      return make_error(Errc::kInvalidArgument,
                        "--sweep " + axis.key + ": the value '" + value + "' is given twice");
    axis.values.push_back(value);
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  return axis;
}

Result<Shard> parse_shard(std::string_view text) {
  const size_t slash = text.find('/');
  const auto index = parse_int64(text.substr(0, slash));
  const auto count = slash == std::string_view::npos ? index : parse_int64(text.substr(slash + 1));
  if (slash == std::string_view::npos || !index || !count || *count < 1 || *index < 0 || *index >= *count)
    return make_error(Errc::kInvalidArgument,
                      "--shard '" + std::string(text) + "': expected I/N with 0 <= I < N, such as 0/4");
  return Shard{static_cast<size_t>(*index), static_cast<size_t>(*count)};
}

Result<SweepGrid> SweepGrid::create(std::vector<std::string> configs, std::vector<SweepAxis> axes) {
  if (configs.empty()) return make_error(Errc::kInvalidArgument, "a sweep needs at least one config file");
  std::vector<SweepAxis> dimensions{SweepAxis{std::string(kConfigDimension), std::move(configs)}};
  for (SweepAxis& axis : axes) {
    const auto same = [&](const SweepAxis& d) { return d.key == axis.key; };
    if (std::any_of(dimensions.begin(), dimensions.end(), same))
      return make_error(
          Errc::kInvalidArgument,
          "--sweep " + axis.key + ": given twice" +
              (axis.key == kConfigDimension ? " (the config files are given with --config)" : ""));
    dimensions.push_back(std::move(axis));
  }
  SweepGrid grid(std::move(dimensions));
  // Far beyond any sweep a person reads, and the product stays far from overflowing.
  constexpr size_t kMaxPoints = 1'000'000;
  size_t n = 1;
  for (const SweepAxis& d : grid.dimensions_)
    if ((n *= d.values.size()) > kMaxPoints)
      return make_error(Errc::kInvalidArgument, "the sweep has more than 1000000 points; split it");
  return grid;
}

size_t SweepGrid::size() const {
  size_t n = 1;
  for (const SweepAxis& d : dimensions_) n *= d.values.size();
  return n;
}

std::vector<std::string> SweepGrid::values(size_t index) const {
  std::vector<std::string> out(dimensions_.size());
  for (size_t d = dimensions_.size(); d-- > 0;) {
    const size_t n = dimensions_[d].values.size();
    out[d] = dimensions_[d].values[index % n];
    index /= n;
  }
  return out;
}

size_t SweepGrid::config_of(size_t index) const {
  return index / (size() / dimensions_.front().values.size());
}

std::vector<config::Override> SweepGrid::overrides(size_t index) const {
  const std::vector<std::string> point = values(index);
  std::vector<config::Override> out;
  for (size_t d = 1; d < dimensions_.size(); ++d) out.push_back({dimensions_[d].key, point[d]});
  return out;
}

std::vector<size_t> SweepGrid::points(Shard shard) const {
  std::vector<size_t> out;
  for (size_t i = shard.index; i < size(); i += shard.count) out.push_back(i);
  return out;
}

}  // namespace dealer::backtest
