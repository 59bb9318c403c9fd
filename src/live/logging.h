// Logging for the long-running bot: spdlog (the project's logger) behind a small facade, so that the
// many files that log do not include spdlog (compile time). One stderr sink: journald stores it and
// adds its own stamps, and a terminal shows the same lines with ours.
//
// Rule for secrets: no log line ever carries an API key, a secret, a signature, a request's headers or
// a private call's body. A line about a request names the call and its public parameters only; where a
// credential must be identified (which key was refused), it goes through redact(), which keeps no
// character of it. The exchange clients' errors (Error::describe()) name the call, the HTTP status and
// the exchange's message, never a credential, so they may be logged as they are. Thread-safe (spdlog's
// _mt sink).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace dealer::live {

enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError, kCritical, kOff };

// "trace", "debug", "info", "warn" (or "warning"), "error", "critical", "off"; anything else is a
// kConfig error listing the names.
Result<LogLevel> parse_log_level(std::string_view text);

// Makes the default logger write to stderr at `level`, one line per message:
// "2026-11-26 03:46:33.123 [warn] trades: ...".
void setup_logging(LogLevel level);
// The same at the level named by a command's --log-level (`option`), or at `configured` when that is
// empty; an unknown name is a kConfig error "--log-level: ..." and sets nothing up.
Status setup_logging(std::string_view option, LogLevel configured);

void log(LogLevel level, std::string_view message);
inline void log_debug(std::string_view m) { log(LogLevel::kDebug, m); }
inline void log_info(std::string_view m) { log(LogLevel::kInfo, m); }
inline void log_warn(std::string_view m) { log(LogLevel::kWarn, m); }
inline void log_error(std::string_view m) { log(LogLevel::kError, m); }

// Hears every message at warn or above as well (the status endpoint keeps the last ones). Set it before
// other threads log; it is called on whichever thread logs, so it must be thread-safe. Empty: none.
void set_problem_listener(std::function<void(LogLevel, std::string_view)> listener);

// What may be logged in place of a credential: its length only ("<redacted, 36 chars>").
std::string redact(std::string_view credential);

}  // namespace dealer::live
