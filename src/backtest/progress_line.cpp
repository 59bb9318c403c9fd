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

std::string points_text(size_t done, size_t total, double seconds, const std::string& best) {
  char text[96];
  std::snprintf(text, sizeof text, "%zu / %zu points  %.2f points/s", done, total,
                seconds > 0 ? static_cast<double>(done) / seconds : 0.0);
  return best.empty() ? text : text + ("  best " + best);
}

ProgressLine::ProgressLine(size_t total, std::FILE* out, bool enabled, const Clock& clock, Style style)
    : total_(total),
      out_(out),
      enabled_(enabled),
      clock_(clock),
      style_(style),
      started_us_(clock.now_us()),
      last_print_us_(started_us_) {}

bool ProgressLine::on_terminal(std::FILE* out) { return isatty(fileno(out)) == 1; }

void ProgressLine::replayed(size_t trades) {
  done_.fetch_add(trades, std::memory_order_relaxed);
  print_if_due();
}

void ProgressLine::count_points(size_t points) { points_ = points; }

void ProgressLine::point_done(const std::string& best) {
  points_done_.fetch_add(1, std::memory_order_relaxed);
  if (!enabled_) return;
  {
    std::lock_guard lock(print_);
    best_ = best;
  }
  print_if_due();
}

void ProgressLine::print_if_due() {
  if (!enabled_) return;
  std::unique_lock lock(print_, std::try_to_lock);
  if (!lock) return;
  const int64_t now = clock_.now_us();
  if (now - last_print_us_ >= (style_ == Style::kLog ? kLogEveryUs : kEveryUs)) print(now);
}

void ProgressLine::finish() {
  if (!enabled_) return;
  std::lock_guard lock(print_);
  print(clock_.now_us());
  if (style_ == Style::kInPlace) std::fputc('\n', out_);
  std::fflush(out_);
}

void ProgressLine::print(int64_t now_us) {
  last_print_us_ = now_us;
  const double seconds = static_cast<double>(now_us - started_us_) / 1e6;
  std::string text = progress_text(done_.load(std::memory_order_relaxed), total_, seconds);
  if (points_ > 0)
    text += "  " + points_text(points_done_.load(std::memory_order_relaxed), points_, seconds, best_);
  // In place, padding covers a longer line left by an earlier print.
  if (style_ == Style::kInPlace)
    std::fprintf(out_, "\r%s   ", text.c_str());
  else
    std::fprintf(out_, "%s\n", text.c_str());
  std::fflush(out_);
}

}  // namespace dealer::backtest
