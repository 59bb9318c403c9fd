// Helpers for the strategy tests: a strategy from a YAML `strategies:` document through the builtin
// registry, the configuration error such a document gives, and a readable check on error text.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "strategies/registry.h"

namespace dealer::testing {

// The one strategy of `yaml` (named bot.yaml in errors); null, with a test failure, otherwise.
inline std::unique_ptr<engine::Strategy> make_strategy(const std::string& yaml) {
  auto list = strategies::StrategyRegistry::builtin().from_document(yaml, "bot.yaml");
  EXPECT_TRUE(list.ok()) << (list.ok() ? "" : list.error().describe());
  if (!list.ok() || list->size() != 1) return nullptr;
  return std::move(list->front());
}

// The message of the error `yaml` must give (a test failure if it builds).
inline std::string config_error(const std::string& yaml) {
  auto list = strategies::StrategyRegistry::builtin().from_document(yaml, "bot.yaml");
  EXPECT_FALSE(list.ok());
  return list.ok() ? "" : list.error().message;
}

inline ::testing::AssertionResult mentions(const std::string& message, std::string_view part) {
  if (message.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << message << "\" does not mention \"" << part << "\"";
}

}  // namespace dealer::testing
