// UTC calendar text for unix seconds, e.g. MtGox's "2013-07-29 21:40:17".
#pragma once

#include <cstdint>
#include <string>

namespace dealer {

std::string format_utc(int64_t unix_seconds, const char* strftime_format = "%Y-%m-%d %H:%M:%S");

}  // namespace dealer
