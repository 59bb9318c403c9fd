// The subcommands of the one `dealer` binary. Each returns the process exit code:
// 0 success, 1 the job failed, 2 bad usage or configuration.
#pragma once

#include "cli/args.h"

namespace dealer::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

int tape_command(const Args& args);
int exchange_command(const Args& args);
int api_command(const Args& args);

}  // namespace dealer::cli
