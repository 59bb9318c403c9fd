// dealer import --input FILE --output STORE [--pair BTCUSD] [--strict]: any trade input `dealer
// backtest --trades` reads (input/trade_input.h: MtGox or bitcoincharts CSV, MtGox trades JSON answers,
// another recorded store) into the SQLite form `dealer record` writes. Idempotent: the trades table is
// keyed by pair and tid, so importing the same file again adds nothing. The trades cursor is left alone
// (imported tids, bitcoincharts' made-up ones above all, are no place for `dealer record` to resume).
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "engine/pair.h"
#include "input/trade_input.h"
#include "live/store_rows.h"
#include "store/store.h"

namespace dealer::cli {
namespace {

// Batches handed to the writer before waiting for them: bounds the memory of a large import.
constexpr int kBatchesInFlight = 16;

struct ImportOptions {
  std::string input;
  std::string output;
  std::string pair = "BTCUSD";
  bool strict = false;
};

int import_trades(const ImportOptions& o) {
  const std::string prefix = "dealer import";
  auto pair = engine::Pair::parse(o.pair);
  if (!pair || pair->item != Currency::btc()) {
    std::fprintf(stderr, "%s: --pair: expected BTCxxx, got '%s'\n", prefix.c_str(), o.pair.c_str());
    return kExitUsage;
  }
  // Before the store is created: a missing input leaves no empty store behind.
  if (auto format = input::detect_trade_input(o.input); !format) {
    std::fprintf(stderr, "%s: %s\n", prefix.c_str(), format.error().message.c_str());
    return kExitFailure;
  }
  // NORMAL sync: a crash mid-import loses at most the last batches, and importing again is harmless.
  auto store = store::Store::open({.path = o.output, .sync_full = false});
  if (!store) {
    std::fprintf(stderr, "%s: %s: %s\n", prefix.c_str(), o.output.c_str(), store.error().describe().c_str());
    return kExitFailure;
  }
  int batches = 0;
  auto write = [&](std::span<Trade> trades) -> Status {
    std::vector<store::WriteOp> rows;
    rows.reserve(trades.size());
    for (const Trade& t : trades) rows.push_back(live::trade_row(t, *pair));
    if (Status s = (*store)->submit(std::move(rows)); !s) return s;
    return ++batches % kBatchesInFlight == 0 ? (*store)->flush() : Status{};
  };
  auto summary =
      input::read_trade_input(o.input, input::command_read_options(prefix, pair->quote, o.strict), write);
  Status flushed = (*store)->flush();
  if (!summary) {
    std::fprintf(stderr, "%s: %s\n", prefix.c_str(), summary.error().message.c_str());
    return kExitFailure;
  }
  input::print_bad_line_count(prefix, *summary);
  if (!flushed) {
    std::fprintf(stderr, "%s: %s: %s\n", prefix.c_str(), o.output.c_str(),
                 flushed.error().describe().c_str());
    return kExitFailure;
  }
  std::printf("%zu %s trades from %s into %s (tids already there are kept once)\n", summary->trades,
              pair->code().c_str(), o.input.c_str(), o.output.c_str());
  return kExitOk;
}

}  // namespace

void add_import_command(CommandLine& cli) {
  auto o = std::make_shared<ImportOptions>();
  Command c = cli.add("import", "Turn a trade file into the SQLite form dealer record writes.");
  c.option("--input", &o->input,
           "MtGox CSV, bitcoincharts CSV, MtGox trades JSON answers, or a store of dealer record")
      .required()
      .value_name("FILE");
  c.option("--output", &o->output, "The SQLite store to add the trades to (created when missing)")
      .required()
      .value_name("STORE");
  c.option("--pair", &o->pair, "The pair the trades are of; prices are read in its quote currency")
      .value_name("PAIR");
  c.flag("--strict", &o->strict, "Stop at the first bad line (default: report, skip, go on)");
  c.details(
      "Importing again adds no duplicate (trades are keyed by pair and tid). The store's trades cursor\n"
      "is not touched. Example: dealer import --input data/mtgox-trades-btcusd-2013-01-01.csv --output\n"
      "tape.sqlite, then dealer backtest --config config/backtest.yaml --trades tape.sqlite");
  c.on_run([o] { return import_trades(*o); });
}

}  // namespace dealer::cli
