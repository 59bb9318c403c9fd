// dealer journal show FILE [--since T] [--path P]: the HTTP exchanges `dealer run` or `dealer paper`
// journalled (exchange/journal.h, docs/edge.md), one per line: when it was sent (UTC, µs), the service,
// method and target, the status, how long the answer took, and the answer's body.
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "core/time_format.h"
#include "exchange/journal.h"

namespace dealer::cli {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;

struct JournalCommandOptions {
  std::string action;
  std::string file;
  std::string since;  // "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS", UTC
  std::string path;   // only targets containing this
};

std::string when(int64_t wall_us) {
  char micros[8];
  std::snprintf(micros, sizeof micros, ".%06lld", static_cast<long long>(wall_us % kMicrosPerSecond));
  return format_utc(wall_us / kMicrosPerSecond) + micros;
}

int show(const JournalCommandOptions& o) {
  int64_t since_us = 0;
  if (!o.since.empty()) {
    auto seconds = parse_utc(o.since.size() == 10 ? o.since + " 00:00:00" : o.since);
    if (!seconds) {
      std::fprintf(stderr,
                   "dealer journal: --since: expected YYYY-MM-DD or 'YYYY-MM-DD HH:MM:SS' (UTC), got '%s'\n",
                   o.since.c_str());
      return kExitUsage;
    }
    since_us = *seconds * kMicrosPerSecond;
  }
  Status s = read_journal(o.file, [&o, since_us](const JournalEntry& e) {
    if (e.wall_sent_us < since_us) return;
    if (!o.path.empty() && e.target.find(o.path) == std::string::npos) return;
    const int64_t took_us = e.mono_received_us - e.mono_sent_us;
    std::printf("%s %s %s %s %lld %lld.%03lld ms %s\n", when(e.wall_sent_us).c_str(), e.service.c_str(),
                e.method.c_str(), e.target.c_str(), static_cast<long long>(e.status),
                static_cast<long long>(took_us / 1000), static_cast<long long>(took_us % 1000),
                e.body.c_str());
  });
  if (!s) {
    std::fprintf(stderr, "dealer journal: %s\n", s.error().describe().c_str());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

void add_journal_command(CommandLine& cli) {
  auto o = std::make_shared<JournalCommandOptions>();
  Command c =
      cli.add("journal", "Print the journal of the exchange's answers that dealer run or paper kept.");
  c.positional("ACTION", &o->action, "show").required().choices({"show"});
  c.positional("FILE", &o->file, "A journal file (journal-*.jsonl.zst beside the history)").required();
  c.option("--since", &o->since,
           "Exchanges sent at or after this UTC time: YYYY-MM-DD or 'YYYY-MM-DD HH:MM:SS'")
      .value_name("T");
  c.option("--path", &o->path, "Only requests whose target contains this, e.g. public/trades")
      .value_name("P");
  c.on_run([o] { return show(*o); });
}

}  // namespace dealer::cli
