// dealer tape: the offline job that runs on a fresh machine with no keys and no network.
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "core/time_format.h"
#include "market/tape_summary.h"
#include "market/trade_file.h"

namespace dealer::cli {
namespace {

void print_row(const TapeSummary& s, Currency c) {
  const int pd = c.decimals();
  std::printf("%-16s %6zu %12s %12s %12s %12s %16s %14s\n", format_utc(s.start, "%Y-%m-%d %H:%M").c_str(), s.trades,
              format_units(s.open.raw(), pd).c_str(), format_units(s.high.raw(), pd).c_str(),
              format_units(s.low.raw(), pd).c_str(), format_units(s.close.raw(), pd).c_str(),
              format_units(s.volume.raw(), 8).c_str(), format_units(s.vwap.raw(), pd).c_str());
}

}  // namespace

int tape_command(const Args& args) {
  const std::string file = args.get("file", std::string(DEALER_DATA_DIR) + "/mtgox-trades-btcusd-2013-01-01.csv");
  auto currency = Currency::from_code(args.get("currency", "USD"));
  if (!currency) {
    std::fprintf(stderr, "dealer tape: --currency: %s\n", currency.error().describe().c_str());
    return kExitUsage;
  }
  auto minutes = parse_int64(args.get("bucket-minutes", "60"));
  if (!minutes || *minutes <= 0) {
    std::fprintf(stderr, "dealer tape: --bucket-minutes must be a positive whole number\n");
    return kExitUsage;
  }
  auto trades = read_trade_file(file, *currency);
  if (!trades) {
    std::fprintf(stderr, "dealer tape: %s\n", trades.error().describe().c_str());
    return kExitFailure;
  }
  if (trades->empty()) {
    std::fprintf(stderr, "dealer tape: %s holds no trades\n", file.c_str());
    return kExitFailure;
  }
  const std::string cur(currency->code());
  std::printf("tape %s: %zu trades, BTC/%s\n\n", file.c_str(), trades->size(), cur.c_str());
  std::printf("%-16s %6s %12s %12s %12s %12s %16s %14s\n", "bucket (UTC)", "trades", "open", "high", "low",
              "close", "volume BTC", "vwap");
  for (const TapeSummary& s : summarize_buckets(*trades, *minutes * 60)) print_row(s, *currency);
  const TapeSummary total = summarize(*trades);
  std::printf("\n");
  print_row(total, *currency);
  std::printf("\nturnover %s %s, tids %lld..%lld\n", format_units(total.turnover.raw(), currency->decimals()).c_str(),
              cur.c_str(), static_cast<long long>(total.first_tid), static_cast<long long>(total.last_tid));
  return kExitOk;
}

}  // namespace dealer::cli
