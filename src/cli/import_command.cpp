// dealer import --input FILE --output STORE [--pair BTCUSD] [--format sqlite|tape] [--strict]: any trade
// input `dealer backtest --trades` reads (input/trade_input.h: MtGox or bitcoincharts CSV, MtGox trades JSON
// answers, another recorded store) into the SQLite form `dealer record` writes. Idempotent: the trades table
// is keyed by pair and tid, so importing the same file again adds nothing, and says so (how many trades it
// read, how many of them were new). The trades cursor is left alone
// (imported tids, bitcoincharts' made-up ones above all, are no place for `dealer record` to resume).
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "engine/pair.h"
#include "input/trade_input.h"
#include "live/store_rows.h"
#include "market/tape_file.h"
#include "store/sqlite.h"
#include "store/store.h"

namespace dealer::cli {
namespace {

// Batches handed to the writer before waiting for them: bounds the memory of a large import.
constexpr int kBatchesInFlight = 16;

// The trades of `pair` the store holds (before and after: the difference is what the import added).
Result<int64_t> stored_trades(const std::string& path, const std::string& pair) {
  auto db = store::Database::open(path, store::Database::Access::kReadWrite);
  if (!db) return std::move(db).error();
  auto count = db->prepare("SELECT COUNT(*) FROM trades WHERE pair = ?");
  if (!count) return std::move(count).error();
  count->bind_all(pair);
  auto row = count->step();
  if (!row) return std::move(row).error();
  return count->int64(0);
}

struct ImportOptions {
  std::string input;
  std::string output;
  std::string pair = "BTCUSD";
  std::string format = "sqlite";
  bool strict = false;
};

int fail(const std::string& prefix, const std::string& message) {
  std::fprintf(stderr, "%s: %s\n", prefix.c_str(), message.c_str());
  return kExitFailure;
}

// Into the SQLite history form: batches through the store's writer, counted before and after.
int import_into_store(const ImportOptions& o, const engine::Pair& pair, const std::string& prefix) {
  // NORMAL sync: a crash mid-import loses at most the last batches, and importing again is harmless.
  auto store = store::Store::open({.path = o.output, .sync_full = false});
  if (!store) return fail(prefix, o.output + ": " + store.error().describe());
  auto before = stored_trades(o.output, pair.code());
  if (!before) return fail(prefix, o.output + ": " + before.error().describe());
  int batches = 0;
  auto write = [&](std::span<Trade> trades) -> Status {
    std::vector<store::WriteOp> rows;
    rows.reserve(trades.size());
    for (const Trade& t : trades) rows.push_back(live::trade_row(t, pair));
    if (Status s = (*store)->submit(std::move(rows)); !s) return s;
    return ++batches % kBatchesInFlight == 0 ? (*store)->flush() : Status{};
  };
  auto summary =
      input::read_trade_input(o.input, input::command_read_options(prefix, pair.quote, o.strict), write);
  Status flushed = (*store)->flush();
  if (!summary) return fail(prefix, summary.error().message);
  input::print_bad_line_count(prefix, *summary);
  if (!flushed) return fail(prefix, o.output + ": " + flushed.error().describe());
  auto after = stored_trades(o.output, pair.code());
  if (!after) return fail(prefix, o.output + ": " + after.error().describe());
  const int64_t added = *after - *before;
  std::printf("%zu %s trades from %s into %s: %lld stored new, %lld already there (kept once)\n",
              summary->trades, pair.code().c_str(), o.input.c_str(), o.output.c_str(),
              static_cast<long long>(added),
              static_cast<long long>(static_cast<int64_t>(summary->trades) - added));
  return kExitOk;
}

// Into a binary tape (market/tape_file.h), written whole or not at all.
int import_into_tape(const ImportOptions& o, const engine::Pair& pair, const std::string& prefix) {
  auto writer = market::TapeWriter::create(o.output, pair.item, pair.quote);
  if (!writer) return fail(prefix, writer.error().message);
  auto write = [&](std::span<Trade> trades) { return writer->add(trades); };
  auto summary =
      input::read_trade_input(o.input, input::command_read_options(prefix, pair.quote, o.strict), write);
  if (!summary) return fail(prefix, summary.error().message);
  input::print_bad_line_count(prefix, *summary);
  auto header = writer->finish();
  if (!header) return fail(prefix, header.error().message);
  std::printf("%zu %s trades from %s into the tape %s (fingerprint %016llx)\n", summary->trades,
              pair.code().c_str(), o.input.c_str(), o.output.c_str(),
              static_cast<unsigned long long>(header->checksum));
  return kExitOk;
}

int import_trades(const ImportOptions& o) {
  const std::string prefix = "dealer import";
  auto pair = engine::Pair::parse(o.pair);
  if (!pair || pair->item != Currency::btc()) {
    std::fprintf(stderr, "%s: --pair: expected BTCxxx, got '%s'\n", prefix.c_str(), o.pair.c_str());
    return kExitUsage;
  }
  // Before the output is created: a missing input leaves no empty store behind.
  if (auto format = input::detect_trade_input(o.input); !format) return fail(prefix, format.error().message);
  return o.format == "tape" ? import_into_tape(o, *pair, prefix) : import_into_store(o, *pair, prefix);
}

}  // namespace

void add_import_command(CommandLine& cli) {
  auto o = std::make_shared<ImportOptions>();
  Command c = cli.add("import", "Turn a trade file into the SQLite form dealer record writes.");
  c.option("--input", &o->input,
           "MtGox CSV, bitcoincharts CSV, MtGox trades JSON answers, or a store of dealer record")
      .required()
      .value_name("FILE");
  c.option("--output", &o->output,
           "The SQLite store to add the trades to (created when missing), or with --format tape the tape")
      .required()
      .value_name("STORE");
  c.option("--pair", &o->pair, "The pair the trades are of; prices are read in its quote currency")
      .value_name("PAIR");
  c.option("--format", &o->format,
           "sqlite: the store dealer record writes (added to); tape: a binary tape for fast backtests "
           "(docs/tape-format.md; replaced)")
      .value_name("FORMAT")
      .choices({"sqlite", "tape"});
  c.flag("--strict", &o->strict, "Stop at the first bad line (default: report, skip, go on)");
  c.details(
      "Importing again adds no duplicate (trades are keyed by pair and tid). The store's trades cursor\n"
      "is not touched. Example: dealer import --input data/mtgox-trades-btcusd-2013-01-01.csv --output\n"
      "tape.sqlite, then dealer backtest --config config/backtest.yaml --trades tape.sqlite");
  c.on_run([o] { return import_trades(*o); });
}

}  // namespace dealer::cli
