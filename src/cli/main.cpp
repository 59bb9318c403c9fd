// dealer: an automated bitcoin trading bot. One binary; the first argument picks the command.
//
// Adding a command (say `dealer run`) takes one new file and three lines:
//   1. src/cli/run_command.cpp defines `void add_run_command(CommandLine& cli)`, which adds the
//      subcommand, binds its options to a struct of its own (shared with the run function) and sets
//      the run function with on_run; see tape_command.cpp for the smallest example.
//   2. commands.h declares add_run_command; the list below calls it; CMakeLists.txt lists the file.
// Parsing, --help, --version and usage errors (exit 2) are handled once, in command_line.cpp.
#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace dealer::cli;
  CommandLine cli("dealer: an automated bitcoin trading bot for the MtGox and Metaexchange APIs.",
                  "dealer " DEALER_VERSION);
  add_tape_command(cli);
  add_exchange_command(cli);
  add_api_command(cli);
  add_run_command(cli);
  add_history_command(cli);
  add_backtest_command(cli);
  add_demo_command(cli);
  add_status_command(cli);
  add_record_command(cli);
  add_import_command(cli);
  add_sweep_merge_command(cli);
  add_paper_command(cli);
  add_notify_test_command(cli);
  add_journal_command(cli);
  return cli.run(argc, argv);
}
