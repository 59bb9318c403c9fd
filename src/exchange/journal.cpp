#include "exchange/journal.h"

#include <zstd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <vector>

namespace dealer {
namespace fs = std::filesystem;

namespace {

constexpr int kLevel = 3;  // zstd's default: fast, and bodies of JSON compress about tenfold

bool is_journal_file(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.starts_with("journal-") && name.ends_with(".jsonl.zst");
}

}  // namespace

int64_t wall_now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::unique_ptr<Journal>> Journal::open(JournalOptions options) {
  if (options.dir.empty()) return make_error(Errc::kConfig, "journal: no directory");
  if (options.max_file_bytes <= 0 || options.max_total_bytes < options.max_file_bytes)
    return make_error(Errc::kConfig, "journal: max_file_mb must be above 0 and at most max_total_mb");
  return std::unique_ptr<Journal>(new Journal(std::move(options)));
}

Journal::Journal(JournalOptions options) : options_(std::move(options)) {
  writer_ = std::thread([this] { run(); });
}

Journal::~Journal() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  writer_.join();
}

void Journal::append(JournalEntry entry) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= options_.max_queue) {
      ++dropped_;
      return;
    }
    queue_.push_back(std::move(entry));
  }
  wake_.notify_one();
}

int64_t Journal::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

void Journal::flush() {
  std::unique_lock lock(mutex_);
  drained_.wait(lock, [this] { return queue_.empty() && !writing_; });
}

void Journal::run() {
  for (;;) {
    std::deque<JournalEntry> batch;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything written
      batch.swap(queue_);
      writing_ = true;
    }
    std::string lines;
    for (const JournalEntry& e : batch) lines += encode_json(e) + "\n";
    // A failed write loses this batch and is tried afresh with the next: the journal is a record for
    // people, and the bot must keep trading without it.
    (void)write_batch(lines);
    {
      std::lock_guard lock(mutex_);
      writing_ = false;
    }
    drained_.notify_all();
  }
}

Status Journal::write_batch(const std::string& lines) {
  std::string frame(ZSTD_compressBound(lines.size()), '\0');
  const size_t size = ZSTD_compress(frame.data(), frame.size(), lines.data(), lines.size(), kLevel);
  if (ZSTD_isError(size))
    return make_error(Errc::kIo, std::string("journal: zstd: ") + ZSTD_getErrorName(size));
  // A file never passes max_file_bytes (unless one frame alone does): the next one starts first.
  if (file_.empty() || file_bytes_ + static_cast<int64_t>(size) > options_.max_file_bytes) {
    // Made at the first write, not at open: a bot that stops before its first call (a store that
    // cannot be opened) leaves nothing behind.
    std::error_code ec;
    fs::create_directories(options_.dir, ec);
    if (ec) return make_error(Errc::kIo, "journal directory " + options_.dir + ": " + ec.message());
    file_ = (fs::path(options_.dir) / ("journal-" + std::to_string(wall_now_us()) + ".jsonl.zst")).string();
    file_bytes_ = 0;
    prune();
  }
  std::FILE* f = std::fopen(file_.c_str(), "ab");
  if (f == nullptr) return make_error(Errc::kIo, "journal: cannot open " + file_);
  const bool ok = std::fwrite(frame.data(), 1, size, f) == size;
  const bool closed = std::fclose(f) == 0;
  if (!ok || !closed) return make_error(Errc::kIo, "journal: cannot write " + file_);
  file_bytes_ += static_cast<int64_t>(size);
  return {};
}

void Journal::prune() {
  std::vector<std::pair<std::string, int64_t>> files;  // name sorts by time
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(options_.dir, ec)) {
    if (entry.is_regular_file() && is_journal_file(entry.path()))
      files.emplace_back(entry.path().string(), static_cast<int64_t>(entry.file_size()));
  }
  std::sort(files.begin(), files.end());
  // Room for the new file's largest size: the total stays under max_total_bytes.
  int64_t total = options_.max_file_bytes;
  for (const auto& f : files) total += f.second;
  for (const auto& [name, size] : files) {
    if (total <= options_.max_total_bytes) break;
    fs::remove(name, ec);
    total -= size;
  }
}

Status read_journal(const std::string& path, const std::function<void(const JournalEntry&)>& each) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return make_error(Errc::kIo, "cannot read '" + path + "'");
  std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> z(ZSTD_createDCtx(), &ZSTD_freeDCtx);
  std::vector<char> in(ZSTD_DStreamInSize()), out(ZSTD_DStreamOutSize());
  std::string pending;
  int64_t line_no = 0;
  auto take_lines = [&]() -> Status {
    for (size_t nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n')) {
      ++line_no;
      auto entry = decode_json<JournalEntry>(std::string_view(pending).substr(0, nl));
      if (!entry)
        return make_error(Errc::kParse,
                          path + ": entry " + std::to_string(line_no) + ": " + entry.error().message);
      each(*entry);
      pending.erase(0, nl + 1);
    }
    return {};
  };
  for (;;) {
    const size_t got = std::fread(in.data(), 1, in.size(), f.get());
    if (got == 0) break;
    ZSTD_inBuffer input{in.data(), got, 0};
    while (input.pos < input.size) {
      ZSTD_outBuffer output{out.data(), out.size(), 0};
      const size_t rc = ZSTD_decompressStream(z.get(), &output, &input);
      if (ZSTD_isError(rc))
        return make_error(Errc::kParse, path + ": not a zstd journal: " + ZSTD_getErrorName(rc));
      pending.append(out.data(), output.pos);
      if (Status s = take_lines(); !s) return s;
    }
  }
  if (!pending.empty())
    return make_error(Errc::kParse, path + ": ends inside an entry (cut off while written?)");
  return {};
}

}  // namespace dealer
