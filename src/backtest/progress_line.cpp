#include "backtest/progress_line.h"

#include <unistd.h>

namespace dealer::backtest {

std::string progress_text(size_t done, size_t total, double seconds) {
  const double percent = total == 0 ? 100.0 : 100.0 * static_cast<double>(done) / static_cast<double>(total);
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds / 1e6 : 0.0;
  char text[128];
  std::snprintf(text, sizeof text, "%zu / %zu trades  %.1f %%  %.1f million trades/s", done, total, percent,
                rate);
  return text;
}

ProgressLine::ProgressLine(size_t total, std::FILE* out, bool enabled, const Clock& clock)
    : total_(total),
      out_(out),
      enabled_(enabled),
      clock_(clock),
      started_us_(clock.now_us()),
      last_print_us_(started_us_) {}

bool ProgressLine::on_terminal(std::FILE* out) { return isatty(fileno(out)) == 1; }

void ProgressLine::replayed(size_t trades) {
  done_.fetch_add(trades, std::memory_order_relaxed);
  if (!enabled_) return;
  std::unique_lock lock(print_, std::try_to_lock);
  if (!lock) return;
  const int64_t now = clock_.now_us();
  if (now - last_print_us_ >= kEveryUs) print(now);
}

void ProgressLine::finish() {
  if (!enabled_) return;
  std::lock_guard lock(print_);
  print(clock_.now_us());
  std::fputc('\n', out_);
  std::fflush(out_);
}

void ProgressLine::print(int64_t now_us) {
  last_print_us_ = now_us;
  const double seconds = static_cast<double>(now_us - started_us_) / 1e6;
  // Padding covers a longer line left by an earlier print.
  std::fprintf(out_, "\r%s   ",
               progress_text(done_.load(std::memory_order_relaxed), total_, seconds).c_str());
  std::fflush(out_);
}

}  // namespace dealer::backtest
