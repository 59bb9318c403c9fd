// The subcommands of the one `dealer` binary. Each command file defines one add_NAME_command, which
// describes the command's arguments and help and sets what it runs (see main.cpp for how to add one).
#pragma once

#include "cli/command_line.h"

namespace dealer::cli {

void add_tape_command(CommandLine& cli);
void add_exchange_command(CommandLine& cli);
void add_api_command(CommandLine& cli);
void add_run_command(CommandLine& cli);
void add_history_command(CommandLine& cli);
void add_backtest_command(CommandLine& cli);
void add_demo_command(CommandLine& cli);
void add_status_command(CommandLine& cli);
void add_record_command(CommandLine& cli);
void add_import_command(CommandLine& cli);
void add_sweep_merge_command(CommandLine& cli);
void add_paper_command(CommandLine& cli);
void add_notify_test_command(CommandLine& cli);
void add_journal_command(CommandLine& cli);

}  // namespace dealer::cli
