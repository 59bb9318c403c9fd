#include "live/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <array>

namespace dealer::live {
namespace {

constexpr std::array<std::string_view, 7> kLevelNames = {"trace", "debug",    "info", "warn",
                                                         "error", "critical", "off"};

spdlog::level::level_enum to_spdlog(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return spdlog::level::trace;
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarn:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
    case LogLevel::kCritical:
      return spdlog::level::critical;
    case LogLevel::kOff:
      return spdlog::level::off;
  }
  return spdlog::level::info;
}

std::function<void(LogLevel, std::string_view)>& problem_listener() {
  static std::function<void(LogLevel, std::string_view)> listener;
  return listener;
}

}  // namespace

Result<LogLevel> parse_log_level(std::string_view text) {
  if (text == "warning") return LogLevel::kWarn;
  for (size_t i = 0; i < kLevelNames.size(); ++i)
    if (text == kLevelNames[i]) return static_cast<LogLevel>(i);
  std::string names;
  for (std::string_view n : kLevelNames) names += (names.empty() ? "" : ", ") + std::string(n);
  return make_error(Errc::kConfig, "unknown log level '" + std::string(text) + "': expected one of " + names);
}

void setup_logging(LogLevel level) {
  auto logger = std::make_shared<spdlog::logger>("dealer", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->set_pattern("%Y-%m-%d %H:%M:%S.%e [%l] %v");
  logger->set_level(to_spdlog(level));
  // Warnings and worse reach the journal at once, even if the process dies right after.
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
}

Status setup_logging(std::string_view option, LogLevel configured) {
  LogLevel level = configured;
  if (!option.empty()) {
    auto chosen = parse_log_level(option);
    if (!chosen) return make_error(Errc::kConfig, "--log-level: " + chosen.error().message);
    level = *chosen;
  }
  setup_logging(level);
  return {};
}

void log(LogLevel level, std::string_view message) {
  spdlog::log(to_spdlog(level), "{}", message);
  if (level >= LogLevel::kWarn && level != LogLevel::kOff && problem_listener())
    problem_listener()(level, message);
}

void set_problem_listener(std::function<void(LogLevel, std::string_view)> listener) {
  problem_listener() = std::move(listener);
}

std::string redact(std::string_view credential) {
  return "<redacted, " + std::to_string(credential.size()) + " chars>";
}

}  // namespace dealer::live
