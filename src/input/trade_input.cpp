#include "input/trade_input.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>

#include "input/mtgox_json_trades.h"
#include "live/store_rows.h"
#include "market/tape_file.h"
#include "store/history_reader.h"

namespace dealer::input {
namespace {

// The first 16 bytes of every SQLite 3 database file (https://www.sqlite.org/fileformat.html).
constexpr std::string_view kSqliteHeader{"SQLite format 3\0", 16};
constexpr size_t kSniffBytes = 512;
constexpr int64_t kRowsPerRead = static_cast<int64_t>(kTradeBatchSize);

Result<TradeReadSummary> read_recorded_trades(const std::string& path, const TradeReadOptions& options,
                                              const TradeBatchSink& sink) {
  auto reader = store::HistoryReader::open(path);
  if (!reader) return make_error(reader.error().code, path + ": " + reader.error().message);
  const engine::Pair pair{Currency::btc(), options.currency};
  TradeCollector collector(path, options, sink);
  int64_t after = std::numeric_limits<int64_t>::min();
  size_t row_no = 0;
  for (;;) {
    auto rows = reader->trades_after(pair.code(), after, kRowsPerRead);
    if (!rows) return make_error(rows.error().code, path + ": " + rows.error().message);
    for (const store::TradeRow& row : *rows) {
      if (Status s = collector.add(live::trade_record(row, pair), ++row_no); !s) return s.error();
    }
    if (rows->size() < static_cast<size_t>(kRowsPerRead)) break;
    after = rows->back().tid;
  }
  if (row_no == 0) return make_error(Errc::kNotFound, path + ": no " + pair.code() + " trades recorded");
  return collector.finish();
}

Result<TradeReadSummary> read_tape(const std::string& path, const TradeReadOptions& options,
                                   const TradeBatchSink& sink) {
  auto tape = market::TapeFile::open(path);
  if (!tape) return tape.error();
  const market::TapeHeader& h = tape->header();
  if (h.item != Currency::btc() || h.quote != options.currency)
    return make_error(Errc::kInvalidArgument, path + ": a tape of " + std::string(h.item.code()) +
                                                  std::string(h.quote.code()) + ", expected BTC" +
                                                  std::string(options.currency.code()));
  // Its trades were checked when it was opened: they go to the sink as they are.
  std::vector<Trade> batch(std::min(kTradeBatchSize, tape->size()));
  for (size_t done = 0; done < tape->size();) {
    const size_t n = std::min(batch.size(), tape->size() - done);
    tape->copy(done, std::span<Trade>(batch).first(n));
    if (Status s = sink(std::span<Trade>(batch).first(n)); !s) return s.error();
    done += n;
  }
  return TradeReadSummary{tape->size(), 0};
}

}  // namespace

Result<TradeInputFormat> detect_trade_input(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return make_error(Errc::kIo, "cannot open '" + path + "': " + std::strerror(errno));
  char head[kSniffBytes];
  const size_t n = std::fread(head, 1, sizeof head, f.get());
  const std::string_view bytes(head, n);
  if (bytes.starts_with(kSqliteHeader)) return TradeInputFormat::kSqlite;
  if (market::looks_like_tape(bytes)) return TradeInputFormat::kTape;
  const size_t first = bytes.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && (bytes[first] == '{' || bytes[first] == '['))
    return TradeInputFormat::kMtGoxJson;
  return TradeInputFormat::kCsv;
}

Result<TradeReadSummary> read_trade_input(const std::string& path, const TradeReadOptions& options,
                                          const TradeBatchSink& sink) {
  auto format = detect_trade_input(path);
  if (!format) return format.error();
  switch (*format) {
    case TradeInputFormat::kSqlite:
      return read_recorded_trades(path, options, sink);
    case TradeInputFormat::kMtGoxJson:
      return read_mtgox_trades_json(path, options, sink);
    case TradeInputFormat::kTape:
      return read_tape(path, options, sink);
    case TradeInputFormat::kCsv:
      break;
  }
  return read_trade_csv(path, options, sink);
}

namespace {

// Room for a CSV file's trades at once (a MtGox or bitcoincharts line is about 40 bytes, a tape's trade
// 33), so that
// reading never moves what it read; the part of the reservation no trade reaches is never touched.
// Capped, so that a huge file does not ask for more address space than a small machine grants.
size_t expected_trades(const std::string& path) {
  constexpr size_t kBytesPerLine = 32;
  constexpr size_t kMaxReserved = size_t{1} << 24;
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(path, ec);
  if (ec) return 0;
  return std::min<size_t>(bytes / kBytesPerLine, kMaxReserved);
}

}  // namespace

Result<TradeInput> load_trade_input(const std::string& path, const TradeReadOptions& options) {
  TradeInput input;
  if (auto format = detect_trade_input(path);
      format && (*format == TradeInputFormat::kCsv || *format == TradeInputFormat::kTape))
    input.trades.reserve(expected_trades(path));
  auto summary = read_trade_input(path, options, append_to(input.trades));
  if (!summary) return summary.error();
  input.summary = *summary;
  return input;
}

TradeReadOptions command_read_options(const std::string& prefix, Currency currency, bool strict) {
  TradeReadOptions options{currency, strict, {}};
  options.on_bad_line = [prefix, printed = size_t{0}](const Error& e) mutable {
    if (printed++ < kPrintedBadLines) std::fprintf(stderr, "%s: %s\n", prefix.c_str(), e.message.c_str());
  };
  return options;
}

void print_bad_line_count(const std::string& prefix, const TradeReadSummary& summary) {
  if (summary.bad_lines == 0) return;
  std::fprintf(stderr, "%s: %zu bad lines skipped (--strict stops at the first)\n", prefix.c_str(),
               summary.bad_lines);
  if (summary.bad_lines > kPrintedBadLines)
    std::fprintf(stderr, "%s: the first %zu of them shown\n", prefix.c_str(), kPrintedBadLines);
}

}  // namespace dealer::input
