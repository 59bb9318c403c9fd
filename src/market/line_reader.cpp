#include "market/line_reader.h"

#include <cerrno>
#include <cstring>

namespace dealer::market {
namespace {

// memchr, but never handed the null pointer of an empty view (UBSan's nonnull-attribute check).
const char* find_newline(std::string_view bytes) {
  return bytes.empty() ? nullptr : static_cast<const char*>(std::memchr(bytes.data(), '\n', bytes.size()));
}

}  // namespace

Result<LineReader> LineReader::open(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return make_error(Errc::kIo, "cannot open '" + path + "': " + std::strerror(errno));
  LineReader r;
  r.file_.reset(f);
  r.name_ = path;
  r.buffer_ = std::make_unique<char[]>(kChunkBytes + kMaxLineBytes);
  return r;
}

LineReader LineReader::over(std::string_view text, std::string name) {
  LineReader r;
  r.name_ = std::move(name);
  r.window_ = text;
  r.eof_ = true;
  return r;
}

bool LineReader::refill() {
  if (eof_) return false;
  // The unread rest (a partial line, at most kMaxLineBytes: next() stops before) moves to the front.
  const size_t rest = window_.size();
  if (rest > 0) std::memmove(buffer_.get(), window_.data(), rest);
  const size_t want = kChunkBytes + kMaxLineBytes - rest;
  const size_t got = std::fread(buffer_.get() + rest, 1, want, file_.get());
  window_ = std::string_view(buffer_.get(), rest + got);
  if (got < want) {
    eof_ = true;
    if (std::ferror(file_.get())) status_ = make_error(Errc::kIo, "cannot read '" + name_ + "'");
  }
  return got > 0;
}

std::nullopt_t LineReader::too_long() {
  status_ = make_error(Errc::kParse, name_ + ":" + std::to_string(line_no_ + 1) + ": a line longer than " +
                                         std::to_string(kMaxLineBytes) + " bytes (is this a trade file?)");
  window_ = {};
  return std::nullopt;
}

std::optional<std::string_view> LineReader::next() {
  if (!status_.ok()) return std::nullopt;
  const char* nl = find_newline(window_);
  while (!nl) {
    if (window_.size() > kMaxLineBytes) return too_long();
    if (!refill()) break;
    nl = find_newline(window_);
  }
  if (!status_.ok()) return std::nullopt;
  if (!nl && window_.empty()) return std::nullopt;
  const size_t end = nl ? static_cast<size_t>(nl - window_.data()) : window_.size();
  if (end > kMaxLineBytes) return too_long();
  std::string_view line = window_.substr(0, end);
  window_ = nl ? window_.substr(end + 1) : std::string_view{};
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  ++line_no_;
  return line;
}

}  // namespace dealer::market
