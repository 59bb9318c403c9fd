#include "market/tape_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <utility>

#include "market/fill_model.h"
#include "market/trade_file.h"

namespace dealer::market {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the tape is little-endian, as this machine must be");

// Header fields, by byte offset (docs/tape-format.md).
constexpr size_t kVersionAt = 8, kHeaderBytesAt = 12, kItemAt = 16, kQuoteAt = 20, kPriceDecimalsAt = 24,
                 kAmountDecimalsAt = 25, kBlockTradesAt = 28, kCountAt = 32, kFirstTidAt = 40,
                 kLastTidAt = 48, kFirstTimeAt = 56, kLastTimeAt = 64, kChecksumAt = 72,
                 kHeaderChecksumAt = 120;

constexpr std::string_view kLimit = "limit";  // every tape trade's properties, as the CSV readers set

constexpr size_t round_up8(size_t n) { return (n + 7) / 8 * 8; }
// A block of n trades: four int64 columns, then the sides (0 bid, 1 ask) padded to 8 bytes.
constexpr size_t block_bytes(size_t n) { return 32 * n + round_up8(n); }

// The file size a tape of `count` trades has.
uint64_t tape_bytes(uint64_t count) {
  const uint64_t full = count / kBlockTrades, rest = count % kBlockTrades;
  return kTapeHeaderBytes + full * block_bytes(kBlockTrades) + (rest ? block_bytes(rest) : 0);
}

// Four lanes of XXH64's round over 8-byte words (8 bytes a cycle or so: the check of a 10M-trade tape
// costs tens of milliseconds), with XXH64's final avalanche. Not XXH64 itself: the lanes restart for
// no stripe and the length is mixed in as a word count.
class Checksum {
 public:
  void update(const uint8_t* bytes, size_t n) {  // n: a multiple of 8
    const size_t words = n / 8;
    size_t i = 0;
    for (; i < words && words_ % 4 != 0; ++i) mix(word(bytes, i));
    for (; i + 4 <= words; i += 4) {
      lanes_[0] = round(lanes_[0], word(bytes, i));
      lanes_[1] = round(lanes_[1], word(bytes, i + 1));
      lanes_[2] = round(lanes_[2], word(bytes, i + 2));
      lanes_[3] = round(lanes_[3], word(bytes, i + 3));
      words_ += 4;
    }
    for (; i < words; ++i) mix(word(bytes, i));
  }
  uint64_t digest() const {
    uint64_t h = std::rotl(lanes_[0], 1) + std::rotl(lanes_[1], 7) + std::rotl(lanes_[2], 12) +
                 std::rotl(lanes_[3], 18) + words_;
    h ^= h >> 33;
    h *= kP2;
    h ^= h >> 29;
    h *= kP3;
    h ^= h >> 32;
    return h;
  }

 private:
  static constexpr uint64_t kP1 = 11400714785074694791ULL, kP2 = 14029467366897019727ULL,
                            kP3 = 1609587929392839161ULL;
  static uint64_t word(const uint8_t* bytes, size_t i) {
    uint64_t w;
    std::memcpy(&w, bytes + 8 * i, 8);
    return w;
  }
  static uint64_t round(uint64_t acc, uint64_t w) { return std::rotl(acc + w * kP2, 31) * kP1; }
  void mix(uint64_t w) {
    lanes_[words_ % 4] = round(lanes_[words_ % 4], w);
    ++words_;
  }

  uint64_t lanes_[4] = {kP1 + kP2, kP2, 0, 0 - kP1};
  uint64_t words_ = 0;
};

template <class T>
void put(uint8_t* at, T value) {
  std::memcpy(at, &value, sizeof value);
}
template <class T>
T get(const uint8_t* at) {
  T value;
  std::memcpy(&value, at, sizeof value);
  return value;
}

uint64_t header_checksum(const uint8_t* header) {
  Checksum c;
  c.update(header, kHeaderChecksumAt);
  return c.digest();
}

void put_code(uint8_t* at, Currency c) {
  const std::string_view code = c.code();
  std::memcpy(at, code.data(), std::min<size_t>(code.size(), 4));
}

Result<Currency> get_code(const uint8_t* at) {
  const char* text = reinterpret_cast<const char*>(at);
  return Currency::from_code(std::string_view(text, strnlen(text, 4)));
}

Error tape_error(const std::string& path, const std::string& what) {
  return make_error(Errc::kParse, path + ": " + what);
}

}  // namespace

bool looks_like_tape(std::string_view head) { return head.starts_with(kTapeMagic); }

// ---- writing

struct TapeWriter::State {
  std::FILE* file = nullptr;
  std::string path, partial;
  TapeHeader header;
  std::vector<int64_t> tid, date, price, amount;
  std::vector<uint8_t> side;
  Checksum checksum;
  bool finished = false;
};

TapeWriter::TapeWriter(std::unique_ptr<State> state) : s_(std::move(state)) {}
TapeWriter::TapeWriter(TapeWriter&&) noexcept = default;
TapeWriter& TapeWriter::operator=(TapeWriter&&) noexcept = default;

TapeWriter::~TapeWriter() {
  if (!s_) return;
  if (s_->file) std::fclose(s_->file);
  if (!s_->finished) std::remove(s_->partial.c_str());
}

Result<TapeWriter> TapeWriter::create(const std::string& path, Currency item, Currency quote) {
  auto s = std::make_unique<State>();
  s->path = path;
  s->partial = path + ".partial";
  s->file = std::fopen(s->partial.c_str(), "wb");
  if (!s->file) return make_error(Errc::kIo, "cannot create '" + s->partial + "': " + std::strerror(errno));
  s->header.item = item;
  s->header.quote = quote;
  for (auto* column : {&s->tid, &s->date, &s->price, &s->amount}) column->reserve(kBlockTrades);
  s->side.reserve(kBlockTrades);
  // Room for the header, written last.
  const uint8_t zeros[kTapeHeaderBytes] = {};
  if (std::fwrite(zeros, 1, sizeof zeros, s->file) != sizeof zeros)
    return make_error(Errc::kIo, "cannot write '" + s->partial + "'");
  return TapeWriter(std::move(s));
}

Status TapeWriter::add(std::span<const Trade> trades) {
  for (const Trade& t : trades) {
    TapeHeader& h = s_->header;
    const int64_t at = to_us(trade_time(t));
    if (h.count == 0) {
      h.first_tid = t.tid;
      h.first_time_us = at;
    }
    h.last_tid = t.tid;
    h.last_time_us = at;
    ++h.count;
    s_->tid.push_back(t.tid);
    s_->date.push_back(t.date);
    s_->price.push_back(t.price.raw());
    s_->amount.push_back(t.amount.raw());
    s_->side.push_back(t.side == Side::kAsk ? 1 : 0);
    if (s_->tid.size() == kBlockTrades) {
      if (Status s = write_block(); !s) return s;
    }
  }
  return {};
}

Status TapeWriter::write_block() {
  const size_t n = s_->tid.size();
  if (n == 0) return {};
  s_->side.resize(round_up8(n), 0);
  auto write = [&](const void* data, size_t bytes) {
    s_->checksum.update(static_cast<const uint8_t*>(data), bytes);
    return std::fwrite(data, 1, bytes, s_->file) == bytes;
  };
  const bool ok = write(s_->tid.data(), 8 * n) && write(s_->date.data(), 8 * n) &&
                  write(s_->price.data(), 8 * n) && write(s_->amount.data(), 8 * n) &&
                  write(s_->side.data(), s_->side.size());
  for (auto* column : {&s_->tid, &s_->date, &s_->price, &s_->amount}) column->clear();
  s_->side.clear();
  if (!ok) return make_error(Errc::kIo, "cannot write '" + s_->partial + "': " + std::strerror(errno));
  return {};
}

Result<TapeHeader> TapeWriter::finish() {
  TapeHeader& h = s_->header;
  if (h.count == 0) return make_error(Errc::kInvalidArgument, s_->path + ": no trades, so no tape written");
  if (Status s = write_block(); !s) return s.error();
  h.checksum = s_->checksum.digest();
  uint8_t header[kTapeHeaderBytes] = {};
  std::memcpy(header, kTapeMagic.data(), kTapeMagic.size());
  put<uint32_t>(header + kVersionAt, kTapeVersion);
  put<uint32_t>(header + kHeaderBytesAt, kTapeHeaderBytes);
  put_code(header + kItemAt, h.item);
  put_code(header + kQuoteAt, h.quote);
  header[kPriceDecimalsAt] = static_cast<uint8_t>(h.quote.decimals());
  header[kAmountDecimalsAt] = static_cast<uint8_t>(h.item.decimals());
  put<uint32_t>(header + kBlockTradesAt, kBlockTrades);
  put<uint64_t>(header + kCountAt, h.count);
  put<int64_t>(header + kFirstTidAt, h.first_tid);
  put<int64_t>(header + kLastTidAt, h.last_tid);
  put<int64_t>(header + kFirstTimeAt, h.first_time_us);
  put<int64_t>(header + kLastTimeAt, h.last_time_us);
  put<uint64_t>(header + kChecksumAt, h.checksum);
  put<uint64_t>(header + kHeaderChecksumAt, header_checksum(header));
  const bool ok = std::fseek(s_->file, 0, SEEK_SET) == 0 &&
                  std::fwrite(header, 1, sizeof header, s_->file) == sizeof header;
  const bool closed = std::fclose(s_->file) == 0;
  s_->file = nullptr;
  if (!ok || !closed) return make_error(Errc::kIo, "cannot write '" + s_->partial + "'");
  if (std::rename(s_->partial.c_str(), s_->path.c_str()) != 0)
    return make_error(Errc::kIo,
                      "cannot rename '" + s_->partial + "' to '" + s_->path + "': " + std::strerror(errno));
  s_->finished = true;
  return h;
}

// ---- reading

TapeFile::TapeFile(TapeFile&& other) noexcept { *this = std::move(other); }

TapeFile& TapeFile::operator=(TapeFile&& other) noexcept {
  if (this == &other) return *this;
  if (map_) munmap(const_cast<uint8_t*>(map_), map_bytes_);
  path_ = std::move(other.path_);
  header_ = other.header_;
  map_ = std::exchange(other.map_, nullptr);
  map_bytes_ = std::exchange(other.map_bytes_, 0);
  return *this;
}

TapeFile::~TapeFile() {
  if (map_) munmap(const_cast<uint8_t*>(map_), map_bytes_);
}

Result<TapeFile> TapeFile::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return make_error(Errc::kIo, "cannot open '" + path + "': " + std::strerror(errno));
  struct stat st {};
  const bool stat_ok = fstat(fd, &st) == 0;
  const size_t bytes = stat_ok ? static_cast<size_t>(st.st_size) : 0;
  if (!stat_ok || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return tape_error(path, "not a regular file");
  }
  if (bytes < kTapeHeaderBytes) {
    ::close(fd);
    return tape_error(path, "truncated: " + std::to_string(bytes) + " bytes, shorter than the " +
                                std::to_string(kTapeHeaderBytes) + "-byte tape header");
  }
  void* map = mmap(nullptr, bytes, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return make_error(Errc::kIo, "cannot map '" + path + "': " + std::strerror(errno));
  madvise(map, bytes, MADV_SEQUENTIAL);
  TapeFile tape;
  tape.path_ = path;
  tape.map_ = static_cast<const uint8_t*>(map);
  tape.map_bytes_ = bytes;

  const uint8_t* h = tape.map_;
  if (!looks_like_tape({reinterpret_cast<const char*>(h), kTapeMagic.size()}))
    return tape_error(path, "not a dealer tape (it does not start with DLRTAPE)");
  if (const uint32_t v = get<uint32_t>(h + kVersionAt); v != kTapeVersion)
    return tape_error(path, "tape version " + std::to_string(v) + "; this dealer reads version " +
                                std::to_string(kTapeVersion));
  if (get<uint64_t>(h + kHeaderChecksumAt) != header_checksum(h))
    return tape_error(path, "the header is damaged (its checksum does not match)");
  auto item = get_code(h + kItemAt);
  auto quote = get_code(h + kQuoteAt);
  if (!item || !quote || get<uint32_t>(h + kHeaderBytesAt) != kTapeHeaderBytes ||
      get<uint32_t>(h + kBlockTradesAt) != kBlockTrades || h[kPriceDecimalsAt] != quote->decimals() ||
      h[kAmountDecimalsAt] != item->decimals())
    return tape_error(path, "a header this dealer does not know (pair, decimals or layout)");
  TapeHeader& th = tape.header_;
  th.item = *item;
  th.quote = *quote;
  th.count = get<uint64_t>(h + kCountAt);
  th.first_tid = get<int64_t>(h + kFirstTidAt);
  th.last_tid = get<int64_t>(h + kLastTidAt);
  th.first_time_us = get<int64_t>(h + kFirstTimeAt);
  th.last_time_us = get<int64_t>(h + kLastTimeAt);
  th.checksum = get<uint64_t>(h + kChecksumAt);
  // A count this large cannot be backed by any file; checked before tape_bytes() could overflow.
  if (th.count == 0 || th.count > bytes / 32)
    return tape_error(path, "truncated or damaged: " + std::to_string(bytes) + " bytes cannot hold " +
                                std::to_string(th.count) + " trades");
  if (const uint64_t want = tape_bytes(th.count); want != bytes)
    return tape_error(path, (bytes < want ? "truncated: " : "damaged: ") + std::to_string(bytes) +
                                " bytes where a tape of " + std::to_string(th.count) + " trades takes " +
                                std::to_string(want));
  Checksum sum;
  sum.update(h + kTapeHeaderBytes, bytes - kTapeHeaderBytes);
  if (sum.digest() != th.checksum) return tape_error(path, "bad checksum: the trades are damaged");
  if (Status s = tape.check_trades(); !s) return s.error();
  return tape;
}

TapeFile::Columns TapeFile::block(size_t b) const {
  const size_t n = std::min<size_t>(kBlockTrades, size() - b * kBlockTrades);
  const uint8_t* base = map_ + kTapeHeaderBytes + b * block_bytes(kBlockTrades);
  auto column = [&](int k) {
    return reinterpret_cast<const int64_t*>(base + 8 * n * static_cast<size_t>(k));
  };
  return Columns{column(0), column(1), column(2), column(3), base + 32 * n};
}

Status TapeFile::check_trades() const {
  // On the raw columns (no Trade built per trade); the message is made from a Trade for the one found.
  int64_t previous = 0;
  for (size_t b = 0, i = 0; i < size(); ++b) {
    const Columns c = block(b);
    const size_t n = std::min<size_t>(kBlockTrades, size() - i);
    for (size_t j = 0; j < n; ++j, ++i) {
      const bool increases = i == 0 || c.tid[j] > previous;
      if (c.side[j] <= 1 && increases && plausible(c.tid[j], c.date[j], c.price[j], c.amount[j])) {
        previous = c.tid[j];
        continue;
      }
      std::string what;
      if (c.side[j] > 1)
        what = "side " + std::to_string(c.side[j]) + " is neither 0 (bid) nor 1 (ask)";
      else if (auto wrong = file_trade_fault(trade(i)))
        what = *wrong;
      else
        what = "tid " + std::to_string(c.tid[j]) + " does not increase";
      return tape_error(path_, "trade " + std::to_string(i + 1) + ": " + what);
    }
  }
  if (trade(0).tid != header_.first_tid || previous != header_.last_tid ||
      time_us(0) != header_.first_time_us || time_us(size() - 1) != header_.last_time_us)
    return tape_error(path_, "the header's first and last trade are not the tape's");
  return {};
}

Trade TapeFile::trade(size_t i) const {
  Trade t;
  copy(i, std::span<Trade>(&t, 1));
  return t;
}

void TapeFile::copy(size_t first, std::span<Trade> out) const {
  // A block at a time, so each column is walked in order.
  for (size_t done = 0; done < out.size();) {
    const size_t i = first + done;
    const Columns c = block(i / kBlockTrades);
    const size_t j0 = i % kBlockTrades;
    const size_t take = std::min(std::min<size_t>(kBlockTrades, size() - (i - j0)) - j0, out.size() - done);
    for (size_t k = 0; k < take; ++k) {
      Trade& t = out[done + k];
      const size_t j = j0 + k;
      t.tid = c.tid[j];
      t.date = c.date[j];
      t.price = Price(c.price[j]);
      t.amount = Amount(c.amount[j]);
      t.side = c.side[j] ? Side::kAsk : Side::kBid;
      t.price_currency = header_.quote;
      t.item = header_.item;
      t.primary = true;
      // A batch buffer is refilled again and again: assigning the same text would cost a copy a trade.
      if (t.properties != kLimit) t.properties = kLimit;
    }
    done += take;
  }
}

int64_t TapeFile::time_us(size_t i) const { return to_us(trade_time(trade(i))); }

size_t TapeFile::lower_bound_time(int64_t us) const {
  size_t lo = 0, hi = size();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (time_us(mid) < us)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

}  // namespace dealer::market
