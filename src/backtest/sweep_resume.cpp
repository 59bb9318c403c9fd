#include "backtest/sweep_resume.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

namespace dealer::backtest {
namespace {

Error io_error(const std::string& what, const std::string& path) {
  return make_error(Errc::kIo, what + " '" + path + "': " + std::strerror(errno));
}

Status write_all(int fd, std::string_view text, const std::string& path) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return io_error("cannot write", path);
    text.remove_prefix(static_cast<size_t>(n));
  }
  if (::fsync(fd) != 0) return io_error("cannot sync", path);
  return {};
}

// A new file's name lives in its folder: sync that too, or a crash may lose the file itself.
Status sync_folder(const std::string& path) {
  const size_t slash = path.rfind('/');
  const std::string folder = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return io_error("cannot open the folder of", path);
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) return io_error("cannot sync the folder of", path);
  return {};
}

Result<std::string> read_all(int fd, const std::string& path) {
  std::string text;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io_error("cannot read", path);
    if (n == 0) return text;
    text.append(buf, static_cast<size_t>(n));
  }
}

// Why `found` is not the header of the sweep `want` describes, or nothing.
std::optional<std::string> mismatch(const SweepFile& found, const SweepFile& want) {
  if (found.format != want.format) return "its format is '" + found.format + "'";
  if (found.grid != want.grid) return "its grid differs (other --config or --sweep values)";
  if (found.inputs != want.inputs || found.quote != want.quote)
    return "its inputs differ (a config file's text, the trades or --from/--to changed)";
  if (found.shard != want.shard || found.shards != want.shards)
    return "it is shard " + std::to_string(found.shard) + "/" + std::to_string(found.shards);
  return std::nullopt;
}

// The rows of a results file's complete lines after the header; `kept` is where the complete lines end
// (a last line cut short by a crash is not part of the file).
Result<std::vector<SweepRow>> read_rows(std::string_view text, const std::string& path, const SweepFile& want,
                                        size_t& kept) {
  const size_t header_end = text.find('\n');
  if (header_end == std::string_view::npos)
    return make_error(Errc::kParse,
                      path + ": no header line: not a sweep results file (delete it to start over)");
  auto header = decode_sweep_file(text.substr(0, header_end), path);
  if (!header) return header.error();
  if (auto why = mismatch(*header, want))
    return make_error(Errc::kInvalidArgument,
                      path + " is the results file of another sweep: " + *why + "; delete it to start over");
  std::vector<SweepRow> rows;
  std::set<int64_t> seen;
  int64_t grid_points = 1;
  for (const SweepAxis& axis : want.grid) grid_points *= static_cast<int64_t>(axis.values.size());
  size_t start = header_end + 1;
  for (size_t line = 2;; ++line) {
    const size_t end = text.find('\n', start);
    if (end == std::string_view::npos) break;
    auto row = decode_json<SweepRow>(text.substr(start, end - start));
    const std::string where = path + ":" + std::to_string(line);
    if (!row) return make_error(Errc::kParse, where + ": " + row.error().message);
    if (row->values.size() != want.grid.size())
      return make_error(Errc::kParse, where + ": point " + std::to_string(row->point) + " has " +
                                          std::to_string(row->values.size()) + " values for a grid of " +
                                          std::to_string(want.grid.size()) + " dimensions");
    if (row->point < 0 || row->point >= grid_points || row->point % want.shards != want.shard)
      return make_error(Errc::kParse, where + ": point " + std::to_string(row->point) +
                                          " is not one of shard " + std::to_string(want.shard) + "/" +
                                          std::to_string(want.shards) + "'s points");
    if (!seen.insert(row->point).second)
      return make_error(Errc::kParse, where + ": point " + std::to_string(row->point) + " is there twice");
    rows.push_back(std::move(*row));
    start = end + 1;
  }
  kept = start;
  std::sort(rows.begin(), rows.end(), [](const SweepRow& a, const SweepRow& b) { return a.point < b.point; });
  return rows;
}

}  // namespace

std::string results_path(const std::string& json_path) { return json_path + ".rows"; }

SweepResults::SweepResults(std::string path, int fd, std::vector<SweepRow> earlier)
    : path_(std::move(path)), fd_(fd), earlier_(std::move(earlier)), rows_(earlier_.size()) {}

SweepResults::~SweepResults() { ::close(fd_); }

Result<std::unique_ptr<SweepResults>> SweepResults::open(const std::string& path, const SweepFile& header,
                                                         bool resume) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return io_error("cannot open", path);
  std::unique_ptr<SweepResults> out;
  const auto fail = [&](Error e) -> Result<std::unique_ptr<SweepResults>> {
    if (!out) ::close(fd);
    return e;
  };
  auto text = read_all(fd, path);
  if (!text) return fail(text.error());
  std::vector<SweepRow> earlier;
  if (text->empty()) {
    // A new file: the header first, and the file's name made durable with it.
    if (Status s = write_all(fd, encode_json(header) + '\n', path); !s) return fail(s.error());
    if (Status s = sync_folder(path); !s) return fail(s.error());
  } else {
    size_t kept = 0;
    auto rows = read_rows(*text, path, header, kept);
    if (!rows) return fail(rows.error());
    if (!resume && !rows->empty())
      return fail(make_error(Errc::kInvalidArgument,
                             path + " holds " + std::to_string(rows->size()) +
                                 " points of an unfinished run of this sweep: add --resume to run only the "
                                 "others, or delete it to start over"));
    // Without --resume (no rows yet) or with it, what follows the last whole line goes.
    const size_t keep = resume ? kept : text->find('\n') + 1;
    if (::ftruncate(fd, static_cast<off_t>(keep)) != 0 || ::fsync(fd) != 0)
      return fail(io_error("cannot cut the unfinished last line of", path));
    earlier = std::move(*rows);
  }
  if (::lseek(fd, 0, SEEK_END) < 0) return fail(io_error("cannot seek in", path));
  out.reset(new SweepResults(path, fd, std::move(earlier)));
  return out;
}

void SweepResults::finished(const SweepRow& row) {
  const std::string line = encode_json(row) + '\n';
  std::lock_guard lock(mutex_);
  if (!status_) return;  // after a failed write the file's end is unknown: stop adding to it
  status_ = write_all(fd_, line, path_);
  if (status_) ++rows_;
}

size_t SweepResults::rows() const {
  std::lock_guard lock(mutex_);
  return rows_;
}

Status SweepResults::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

Status SweepResults::remove() {
  if (::unlink(path_.c_str()) != 0) return io_error("cannot delete", path_);
  return {};
}

}  // namespace dealer::backtest
