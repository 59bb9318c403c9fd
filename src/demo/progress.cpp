#include "demo/progress.h"

#include <algorithm>

#include "core/time_format.h"

namespace dealer::demo {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;

}  // namespace

std::string progress_text(const Progress& p) {
  std::string text = "replay " + format_utc(p.replay_us / kMicrosPerSecond);
  if (p.end_us > p.start_us) {
    const int64_t percent =
        (std::clamp(p.replay_us, p.start_us, p.end_us) - p.start_us) * 100 / (p.end_us - p.start_us);
    text += " (" + std::to_string(percent) + "%)";
  }
  return text + "  trades " + std::to_string(p.trades_seen) + "  orders " + std::to_string(p.orders) +
         "  fills " + std::to_string(p.fills);
}

ProgressLine::ProgressLine(std::FILE* out, bool terminal, const Clock& steady, Micros line_every)
    : out_(out), terminal_(terminal), steady_(steady), line_every_(line_every) {}

void ProgressLine::show(const std::string& text) {
  if (terminal_) {
    // Pad with blanks over what is left of a longer previous line.
    const size_t pad = shown_width_ > text.size() ? shown_width_ - text.size() : 0;
    std::fprintf(out_, "\r%s%s", text.c_str(), std::string(pad, ' ').c_str());
    shown_width_ = text.size();
  } else {
    const int64_t now = steady_.now_us();
    if (last_line_us_ && now - *last_line_us_ < line_every_.count()) return;
    last_line_us_ = now;
    std::fprintf(out_, "%s\n", text.c_str());
  }
  std::fflush(out_);
}

void ProgressLine::finish(const std::string& text) {
  if (terminal_) {
    show(text);
    std::fprintf(out_, "\n");
  } else {
    std::fprintf(out_, "%s\n", text.c_str());
  }
  std::fflush(out_);
}

}  // namespace dealer::demo
