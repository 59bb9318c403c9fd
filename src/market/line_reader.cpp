#include "market/line_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace dealer::market {
namespace {

// Large enough that a read costs little per line, small enough to stay in cache.
constexpr size_t kChunkBytes = 1 << 20;

}  // namespace

Result<LineReader> LineReader::open(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return make_error(Errc::kIo, "cannot open '" + path + "': " + std::strerror(errno));
  LineReader r;
  r.file_.reset(f);
  r.path_ = path;
  r.buffer_.reserve(kChunkBytes);
  return r;
}

LineReader LineReader::over(std::string_view text) {
  LineReader r;
  r.window_ = text;
  r.eof_ = true;
  return r;
}

bool LineReader::refill() {
  if (eof_) return false;
  // The unread rest (a partial line) moves to the front; a line longer than a chunk grows the buffer.
  const std::string rest(window_);
  buffer_.assign(rest);
  const size_t want = std::max(kChunkBytes, buffer_.size() * 2);
  buffer_.resize(rest.size() + want);
  const size_t got = std::fread(buffer_.data() + rest.size(), 1, want, file_.get());
  buffer_.resize(rest.size() + got);
  window_ = buffer_;
  if (got < want) {
    eof_ = true;
    if (std::ferror(file_.get())) status_ = make_error(Errc::kIo, "cannot read '" + path_ + "'");
  }
  return got > 0;
}

std::optional<std::string_view> LineReader::next() {
  size_t end = window_.find('\n');
  while (end == std::string_view::npos && refill()) end = window_.find('\n');
  if (!status_.ok()) return std::nullopt;
  if (end == std::string_view::npos && window_.empty()) return std::nullopt;
  std::string_view line = window_.substr(0, end);
  window_ = end == std::string_view::npos ? std::string_view{} : window_.substr(end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  ++line_no_;
  return line;
}

}  // namespace dealer::market
