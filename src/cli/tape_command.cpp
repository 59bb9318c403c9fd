// dealer tape: the offline job that runs on a fresh machine with no keys and no network.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "core/time_format.h"
#include "input/trade_input.h"
#include "market/tape_summary.h"

namespace dealer::cli {
namespace {

void print_row(const TapeSummary& s, Currency c) {
  const int pd = c.decimals();
  std::printf("%-16s %6zu %12s %12s %12s %12s %16s %14s\n", format_utc(s.start, "%Y-%m-%d %H:%M").c_str(),
              s.trades, format_units(s.open.raw(), pd).c_str(), format_units(s.high.raw(), pd).c_str(),
              format_units(s.low.raw(), pd).c_str(), format_units(s.close.raw(), pd).c_str(),
              format_units(s.volume.raw(), 8).c_str(), format_units(s.vwap.raw(), pd).c_str());
}

struct TapeOptions {
  std::string file = std::string(DEALER_DATA_DIR) + "/mtgox-trades-btcusd-2013-01-01.csv";
  std::string currency = "USD";
  int64_t bucket_minutes = 60;
};

int tape(const TapeOptions& o) {
  auto currency = Currency::from_code(o.currency);
  if (!currency) {
    std::fprintf(stderr, "dealer tape: --currency: %s\n", currency.error().describe().c_str());
    return kExitUsage;
  }
  // Strictly: a summary of a file with a bad line would not be the file's.
  auto input = input::load_trade_input(o.file, {*currency, true, {}});
  if (!input) {
    std::fprintf(stderr, "dealer tape: %s\n", input.error().describe().c_str());
    return kExitFailure;
  }
  const std::vector<Trade>* trades = &input->trades;
  if (trades->empty()) {
    std::fprintf(stderr, "dealer tape: %s holds no trades\n", o.file.c_str());
    return kExitFailure;
  }
  const std::string cur(currency->code());
  std::printf("tape %s: %zu trades, BTC/%s\n\n", o.file.c_str(), trades->size(), cur.c_str());
  std::printf("%-16s %6s %12s %12s %12s %12s %16s %14s\n", "bucket (UTC)", "trades", "open", "high", "low",
              "close", "volume BTC", "vwap");
  for (const TapeSummary& s : summarize_buckets(*trades, o.bucket_minutes * 60)) print_row(s, *currency);
  const TapeSummary total = summarize(*trades);
  std::printf("\n");
  print_row(total, *currency);
  std::printf("\nturnover %s %s, tids %lld..%lld\n",
              format_units(total.turnover.raw(), currency->decimals()).c_str(), cur.c_str(),
              static_cast<long long>(total.first_tid), static_cast<long long>(total.last_tid));
  return kExitOk;
}

}  // namespace

void add_tape_command(CommandLine& cli) {
  auto o = std::make_shared<TapeOptions>();
  Command c = cli.add("tape", "Summarize a recorded trade file: OHLC, volume, turnover and VWAP.");
  c.option("--file", &o->file,
           "Any input of dealer backtest --trades (CSV, JSON answers, a store, a binary tape); the default "
           "is the bundled MtGox BTC/USD tape of 2013-01-01")
      .value_name("FILE");
  c.option("--currency", &o->currency, "Quote currency of the file").value_name("CODE");
  // Up to a leap year; the bound also keeps minutes * 60 far from overflowing.
  c.option("--bucket-minutes", &o->bucket_minutes, 1, 366 * 24 * 60, "Length of each summary row");
  c.details(
      "Prints open, high, low, close, volume and VWAP per time bucket and in total, in exact integer\n"
      "units. Needs no keys and no network.");
  c.on_run([o] { return tape(*o); });
}

}  // namespace dealer::cli
