// UTC calendar text for unix seconds, e.g. MtGox's "2013-07-29 21:40:17".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dealer {

std::string format_utc(int64_t unix_seconds, const char* strftime_format = "%Y-%m-%d %H:%M:%S");

// "2013-07-29 21:40:17" (UTC) -> unix seconds; nullopt if it is not that form.
std::optional<int64_t> parse_utc(std::string_view text);

}  // namespace dealer
