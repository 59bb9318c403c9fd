// Helpers for strategy tests: a strategy from a YAML `strategies:` list of one entry, the error of a
// bad one, text replacement in a configuration, and a core restored as after a restart.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "engine/core.h"
#include "strategies/registry.h"

namespace dealer::testing {

inline std::unique_ptr<engine::Strategy> make_strategy(const std::string& yaml) {
  auto list = strategies::StrategyRegistry::builtin().from_document(yaml, "bot.yaml");
  EXPECT_TRUE(list.ok()) << (list.ok() ? "" : list.error().describe());
  if (!list.ok() || list->size() != 1) return nullptr;
  return std::move(list->front());
}

// The error that stops the configuration (the test fails if there is none).
inline Error config_error(const std::string& yaml) {
  auto list = strategies::StrategyRegistry::builtin().from_document(yaml, "bot.yaml");
  EXPECT_FALSE(list.ok());
  return list.ok() ? Error{} : list.error();
}

// `yaml` with its first `from` replaced by `to`.
inline std::string replaced(std::string yaml, std::string_view from, std::string_view to) {
  const size_t at = yaml.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) yaml.replace(at, from.size(), to);
  return yaml;
}

inline ::testing::AssertionResult contains(const std::string& text, std::string_view part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << part << "\" not in: " << text;
}
inline ::testing::AssertionResult contains(const Error& error, std::string_view part) {
  return contains(error.message, part);
}

// Core::restore from what the store would hand back.
inline std::span<const engine::Effect> restore(engine::Core& core, WallTime now,
                                               std::span<const engine::OrderRecord> orders,
                                               std::span<const engine::Fill> fills,
                                               std::span<const engine::StrategyState> states,
                                               engine::ClientId next_client_id) {
  engine::RestoreData data;
  data.orders = orders;
  data.fills = fills;
  data.states = states;
  data.next_client_id = next_client_id;
  return core.restore(now, data);
}

}  // namespace dealer::testing
