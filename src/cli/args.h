// Command-line arguments of one subcommand: "--name value", "--name=value" and positionals.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace dealer::cli {

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string, std::less<>> options;

  std::string get(std::string_view name, std::string fallback) const {
    const auto it = options.find(name);
    return it == options.end() ? std::move(fallback) : it->second;
  }
};

// Every option takes a value; an option without one is an error naming it.
Result<Args> parse_args(int argc, char** argv, int first);

}  // namespace dealer::cli
