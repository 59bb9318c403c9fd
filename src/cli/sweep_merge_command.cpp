// dealer sweep-merge: the shard files of one sweep (`dealer backtest --shard I/N --json OUT`) as the
// one table the whole sweep on one machine prints (README "Backtesting"); refuses files of different
// sweeps, a shard twice and a missing shard, saying which, and a file over 64 MiB (an endless input).
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "backtest/sweep_table.h"
#include "cli/commands.h"
#include "core/file_text.h"

namespace dealer::cli {
namespace {

// A shard's row is a few hundred bytes: 64 MiB holds far more points than any sweep on one machine runs.
constexpr size_t kMaxShardBytes = 64 * 1024 * 1024;

struct SweepMergeOptions {
  std::vector<std::string> files;
  std::string rank = "pnl";
  std::string json;
};

int fail(int code, const std::string& message) {
  std::fprintf(stderr, "dealer sweep-merge: %s\n", message.c_str());
  return code;
}

int run_sweep_merge(const SweepMergeOptions& o) {
  auto rank = backtest::parse_rank_metric(o.rank);
  if (!rank) return fail(kExitUsage, rank.error().message);
  std::vector<std::pair<std::string, backtest::SweepFile>> shards;
  for (const std::string& path : o.files) {
    auto text = read_file_text(path, kMaxShardBytes, "sweep shard file");
    if (!text) return fail(kExitFailure, text.error().message);
    auto file = backtest::decode_sweep_file(*text, path);
    if (!file) return fail(kExitFailure, file.error().message);
    shards.emplace_back(path, std::move(*file));
  }
  auto merged = backtest::merge_sweep_files(shards);
  if (!merged) return fail(kExitFailure, merged.error().message);
  std::fputs(backtest::sweep_table(*merged, *rank).c_str(), stdout);
  if (!o.json.empty()) {
    std::ofstream out(o.json, std::ios::binary | std::ios::trunc);
    out << encode_json(*merged) << '\n';
    if (!out.flush()) return fail(kExitFailure, "cannot write '" + o.json + "'");
  }
  return kExitOk;
}

}  // namespace

void add_sweep_merge_command(CommandLine& cli) {
  auto o = std::make_shared<SweepMergeOptions>();
  Command c =
      cli.add("sweep-merge", "Combine the shard files of one backtest sweep and print its ranked table.");
  c.positionals("FILES", &o->files, "Shard files written by dealer backtest --shard I/N --json OUT")
      .required();
  c.option("--rank", &o->rank, "Sort the table by: " + std::string(backtest::kRankMetrics))
      .value_name("METRIC");
  c.option("--json", &o->json, "Also write the merged sweep (all rows) as one file").value_name("OUT");
  c.details("Example: dealer sweep-merge sweep-0.json sweep-1.json sweep-2.json sweep-3.json --rank sharpe");
  c.on_run([o] { return run_sweep_merge(*o); });
}

}  // namespace dealer::cli
