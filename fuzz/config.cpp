// YAML configuration loading: the bot's run config, the simulator's exchange config and the backtest
// config, each over the same text. Invariants: a bad file is an Errc::kConfig error value (never an
// exception, whatever yaml-cpp makes of the bytes), and its message starts with the file name and the
// position ("fuzz.yaml:LINE:COL: ...") so a person can find the mistake.
#include "backtest/config.h"

#include "fuzz/fuzz_support.h"
#include "live/bot_config.h"
#include "sim/config.h"

using namespace dealer;
using fuzz::check;

namespace {

template <class T>
void check_error(const Result<T>& r, const std::string& file_name) {
  if (r) return;
  check(r.error().code == Errc::kConfig, "a bad config is a config error");
  const std::string& m = r.error().message;
  check(m.starts_with(file_name + ":"), "the message starts with the file name");
  const size_t line_end = m.find_first_not_of("0123456789", file_name.size() + 1);
  check(line_end > file_name.size() + 1 && line_end < m.size() && m[line_end] == ':',
        "the file name is followed by a line number");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(fuzz::text_of(data, size));
  check_error(live::parse_bot_config(text, "fuzz.yaml"), "fuzz.yaml");
  check_error(backtest::parse_backtest_config(text, "fuzz.yaml"), "fuzz.yaml");
  // No file next to it: a tape the config names cannot be read, which must be an error too.
  check_error(sim::parse_exchange_config(text, "/nonexistent"), "(config text)");
  return 0;
}
