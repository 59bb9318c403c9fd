// Typed, validated strategy parameters from YAML: each accessor names the key's path and its line and
// column in the error ("12:9: strategies[dip-chain].rules[0].amount: must be positive"), so the
// configuration reader only has to put the file name in front. Money parses exactly at the pair's
// decimals; a double never appears.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "engine/pair.h"
#include "model/model.h"

namespace dealer::strategies {

// "line:column: path: problem" as a config error (line and column counted from 1).
Error param_error(const YAML::Node& node, std::string_view path, std::string_view problem);

// An error naming the first key of the map `node` not in `allowed`, or the node if it is not a map.
Status check_keys(const YAML::Node& node, std::string_view path,
                  std::initializer_list<std::string_view> allowed);

// A key's value as text. Absent: an error if `required`, else nullopt. Not a scalar: an error.
Result<std::optional<std::string>> optional_text(const YAML::Node& map, std::string_view key,
                                                 std::string_view path);
Result<std::string> required_text(const YAML::Node& map, std::string_view key, std::string_view path);

// Decimal text at the pair's decimals, exactly, and > 0.
Result<Price> positive_price(const YAML::Node& map, std::string_view key, std::string_view path,
                             engine::Pair pair);
Result<Amount> positive_amount(const YAML::Node& map, std::string_view key, std::string_view path,
                               engine::Pair pair);
// "buy" or "sell".
Result<Side> side_of(const YAML::Node& map, std::string_view key, std::string_view path);

}  // namespace dealer::strategies
