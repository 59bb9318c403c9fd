// LineReader: the lines of a file (or of a text in memory), read a chunk at a time, so a trade file of
// any size is parsed in constant memory and never copied whole (issue 11: streaming, not
// whole-file-then-copy). A line is handed out without its '\n' and without a trailing '\r'.
//
// Lines are bounded (issue 18): a line longer than kMaxLineBytes ends the reading with the error
// "NAME:LINE: a line longer than 1048576 bytes", so an endless line (/dev/zero, a binary file) costs at
// most one buffer of kChunkBytes + kMaxLineBytes, allocated once.
//
// Ownership: owns its buffer and, when opened from a path, the FILE it reads. Not thread-safe.
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace dealer::market {

class LineReader {
 public:
  static constexpr size_t kMaxLineBytes = size_t{1} << 20;
  // Large enough that a read costs little per line.
  static constexpr size_t kChunkBytes = size_t{1} << 20;

  // Errc::kIo naming the path when it cannot be opened.
  static Result<LineReader> open(const std::string& path);
  // Over a text the caller keeps alive while reading (tests, small inputs); `name` stands for the
  // file in errors.
  static LineReader over(std::string_view text, std::string name = "text");

  // The next line, or nullopt at the end of the input (or after an error: see status()). The view is
  // valid until the next call.
  std::optional<std::string_view> next();
  // The 1-based number of the line last returned.
  size_t line_no() const { return line_no_; }
  // A read error met on the way (Errc::kIo) or a line too long (Errc::kParse), else ok.
  Status status() const { return status_; }

 private:
  struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  LineReader() = default;
  // Moves the unread rest to the front and reads more; false when nothing more came.
  bool refill();
  std::nullopt_t too_long();

  std::unique_ptr<std::FILE, FileCloser> file_;
  std::string name_;
  std::unique_ptr<char[]> buffer_;  // file input only: kChunkBytes + kMaxLineBytes
  std::string_view window_;         // the unread bytes: in buffer_, or in the caller's text
  size_t line_no_ = 0;
  bool eof_ = false;
  Status status_;
};

}  // namespace dealer::market
