// dealer history --store FILE [--orders|--fills] [--since T]: recent orders and fills from the bot's
// SQLite history (store::format_history), safe to run while the bot writes (WAL).
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "core/time_format.h"
#include "store/history_format.h"
#include "store/history_reader.h"

namespace dealer::cli {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;

struct HistoryOptions {
  std::string store;
  bool orders = false;
  bool fills = false;
  std::string since;  // "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS", UTC; empty: everything
};

int history(const HistoryOptions& o) {
  store::HistoryQuery query;
  // Neither flag: both tables.
  query.orders = o.orders || !o.fills;
  query.fills = o.fills || !o.orders;
  if (!o.since.empty()) {
    auto seconds = parse_utc(o.since.size() == 10 ? o.since + " 00:00:00" : o.since);
    if (!seconds) {
      std::fprintf(stderr,
                   "dealer history: --since: expected YYYY-MM-DD or 'YYYY-MM-DD HH:MM:SS' (UTC), got '%s'\n",
                   o.since.c_str());
      return kExitUsage;
    }
    query.since_us = *seconds * kMicrosPerSecond;
  }
  auto reader = store::HistoryReader::open(o.store);
  if (!reader) {
    std::fprintf(stderr, "dealer history: %s: %s\n", o.store.c_str(), reader.error().describe().c_str());
    return kExitFailure;
  }
  auto text = store::format_history(*reader, query);
  if (!text) {
    std::fprintf(stderr, "dealer history: %s\n", text.error().describe().c_str());
    return kExitFailure;
  }
  std::fputs(text->c_str(), stdout);
  return kExitOk;
}

}  // namespace

void add_history_command(CommandLine& cli) {
  auto o = std::make_shared<HistoryOptions>();
  Command c = cli.add("history", "Print recent orders and fills from the bot's SQLite history.");
  c.option("--store", &o->store, "The SQLite file (store.path of the bot's configuration)")
      .required()
      .value_name("FILE");
  c.flag("--orders", &o->orders, "Only the orders");
  c.flag("--fills", &o->fills, "Only the fills");
  c.option("--since", &o->since, "Rows at or after this UTC time: YYYY-MM-DD or 'YYYY-MM-DD HH:MM:SS'")
      .value_name("T");
  c.on_run([o] { return history(*o); });
}

}  // namespace dealer::cli
