// The binary tape (docs/tape-format.md): the trades of one pair in columns (tid, time, price, amount,
// side) in blocks of kBlockTrades, behind a 128-byte header naming the pair, the decimals, the count,
// the first and last trade and a checksum of everything after the header (also the tape's
// fingerprint). `dealer import --format tape` writes one; `dealer backtest --trades FILE` maps it.
//
// TapeWriter streams (one block in memory) into FILE.partial and renames it to FILE once the header is
// written, so a tape that exists is whole. TapeFile maps a file and checks all of it before handing out
// a trade: size, magic, version, both checksums and every trade's values (the readers' checks of
// market/trade_file.h). Any failure is an error naming the file, never a crash.
//
// Ownership: TapeWriter owns its FILE; TapeFile owns its mapping (moves keep it). Not thread-safe to
// write; a TapeFile is read-only after open() and may be read from several threads.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/currency.h"
#include "core/result.h"
#include "model/model.h"

namespace dealer::market {

inline constexpr std::string_view kTapeMagic{"DLRTAPE\n", 8};
inline constexpr uint32_t kTapeVersion = 1;
inline constexpr size_t kTapeHeaderBytes = 128;
inline constexpr size_t kBlockTrades = 65536;

struct TapeHeader {
  Currency item = Currency::btc(), quote = Currency::usd();
  uint64_t count = 0;
  int64_t first_tid = 0, last_tid = 0;
  int64_t first_time_us = 0, last_time_us = 0;  // market::trade_time of the first and last trade
  uint64_t checksum = 0;                        // of the blocks: the tape's fingerprint
};

// True when `head` (the file's first bytes) starts like a tape.
bool looks_like_tape(std::string_view head);

class TapeWriter {
 public:
  // Errc::kIo naming the path when FILE.partial cannot be created.
  static Result<TapeWriter> create(const std::string& path, Currency item, Currency quote);
  TapeWriter(TapeWriter&&) noexcept;
  TapeWriter& operator=(TapeWriter&&) noexcept;
  ~TapeWriter();  // without finish(): removes FILE.partial

  // Appends trades, oldest first (tids strictly increasing, as every reader hands them on).
  Status add(std::span<const Trade> trades);
  // Writes the last block and the header, and renames FILE.partial to FILE.
  Result<TapeHeader> finish();

 private:
  struct State;
  explicit TapeWriter(std::unique_ptr<State> state);
  Status write_block();
  std::unique_ptr<State> s_;
};

class TapeFile {
 public:
  static Result<TapeFile> open(const std::string& path);
  TapeFile(TapeFile&&) noexcept;
  TapeFile& operator=(TapeFile&&) noexcept;
  ~TapeFile();

  const TapeHeader& header() const { return header_; }
  size_t size() const { return static_cast<size_t>(header_.count); }
  const std::string& path() const { return path_; }

  Trade trade(size_t i) const;
  // Trades first .. first + out.size() - 1 into `out` (first + out.size() <= size()).
  void copy(size_t first, std::span<Trade> out) const;
  // The index of the first trade whose market::trade_time is at or after `us` (size() if none).
  size_t lower_bound_time(int64_t us) const;

 private:
  TapeFile() = default;
  struct Columns {
    const int64_t *tid, *date, *price, *amount;
    const uint8_t* side;
  };
  Columns block(size_t b) const;
  Status check_trades() const;
  int64_t time_us(size_t i) const;

  std::string path_;
  TapeHeader header_;
  const uint8_t* map_ = nullptr;
  size_t map_bytes_ = 0;
};

}  // namespace dealer::market
