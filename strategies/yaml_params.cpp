#include "strategies/yaml_params.h"

#include <algorithm>

namespace dealer::strategies {
namespace {

std::string child(std::string_view path, std::string_view key) {
  return std::string(path) + "." + std::string(key);
}

// Positive units of `decimals` digits, from the key's text.
Result<int64_t> positive_units(const YAML::Node& map, std::string_view key, std::string_view path,
                               int decimals) {
  auto text = required_text(map, key, path);
  if (!text) return std::move(text).error();
  const YAML::Node node = map[std::string(key)];
  auto units = parse_units(*text, decimals);
  if (!units) {
    return param_error(node, child(path, key),
                       "\"" + *text + "\" is not a decimal with at most " + std::to_string(decimals) +
                           " digits after the point (" + units.error().message + ")");
  }
  if (*units <= 0) return param_error(node, child(path, key), "must be positive, got \"" + *text + "\"");
  return *units;
}

}  // namespace

Error param_error(const YAML::Node& node, std::string_view path, std::string_view problem) {
  const YAML::Mark mark = node.Mark();
  std::string where = mark.is_null()
                          ? std::string()
                          : std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1) + ": ";
  return make_error(Errc::kConfig, where + std::string(path) + ": " + std::string(problem));
}

Status check_keys(const YAML::Node& node, std::string_view path,
                  std::initializer_list<std::string_view> allowed) {
  if (!node.IsMap()) return param_error(node, path, "expected a map of keys");
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string known;
      for (std::string_view a : allowed) known += (known.empty() ? "" : ", ") + std::string(a);
      return param_error(kv.first, child(path, key), "unknown key (known: " + known + ")");
    }
  }
  return {};
}

Result<std::optional<std::string>> optional_text(const YAML::Node& map, std::string_view key,
                                                 std::string_view path) {
  const YAML::Node node = map[std::string(key)];
  if (!node.IsDefined() || node.IsNull()) return std::optional<std::string>();
  if (!node.IsScalar()) return param_error(node, child(path, key), "expected a single value");
  return std::optional<std::string>(node.Scalar());
}

Result<std::string> required_text(const YAML::Node& map, std::string_view key, std::string_view path) {
  auto text = optional_text(map, key, path);
  if (!text) return std::move(text).error();
  if (!*text) return param_error(map, child(path, key), "missing");
  return std::move(**text);
}

Result<Price> positive_price(const YAML::Node& map, std::string_view key, std::string_view path,
                             engine::Pair pair) {
  auto units = positive_units(map, key, path, pair.quote.decimals());
  if (!units) return std::move(units).error();
  return Price(*units);
}

Result<Amount> positive_amount(const YAML::Node& map, std::string_view key, std::string_view path,
                               engine::Pair pair) {
  auto units = positive_units(map, key, path, pair.item.decimals());
  if (!units) return std::move(units).error();
  return Amount(*units);
}

Result<Side> side_of(const YAML::Node& map, std::string_view key, std::string_view path) {
  auto text = required_text(map, key, path);
  if (!text) return std::move(text).error();
  if (*text == "buy") return Side::kBid;
  if (*text == "sell") return Side::kAsk;
  return param_error(map[std::string(key)], child(path, key), "expected buy or sell, got \"" + *text + "\"");
}

}  // namespace dealer::strategies
