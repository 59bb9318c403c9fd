#include "core/file_text.h"

#include <cstdio>
#include <memory>

namespace dealer {
namespace {

constexpr size_t kChunk = 64 * 1024;

std::string size_text(size_t bytes) {
  if (bytes % (1024 * 1024) == 0) return std::to_string(bytes / (1024 * 1024)) + " MiB";
  if (bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes) + " bytes";
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

Result<std::string> read_file_text(const std::string& path, size_t max_bytes, std::string_view what) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) return make_error(Errc::kIo, "cannot read '" + path + "'");
  std::string text;
  for (;;) {
    const size_t at = text.size();
    // One byte past the limit tells a file of exactly max_bytes from a larger one.
    const size_t want = std::min(kChunk, max_bytes + 1 - at);
    text.resize(at + want);
    const size_t got = std::fread(text.data() + at, 1, want, file.get());
    text.resize(at + got);
    if (text.size() > max_bytes)
      return make_error(Errc::kInvalidArgument,
                        path + ": more than " + size_text(max_bytes) + ": not a " + std::string(what));
    if (got < want) break;
  }
  if (std::ferror(file.get())) return make_error(Errc::kIo, "cannot read '" + path + "'");
  return text;
}

}  // namespace dealer
