#include "core/time_format.h"

#include <ctime>

namespace dealer {

std::string format_utc(int64_t unix_seconds, const char* strftime_format) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  const size_t n = std::strftime(buf, sizeof buf, strftime_format, &tm);
  return std::string(buf, n);
}

}  // namespace dealer
