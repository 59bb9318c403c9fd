#include "store/rows.h"

#include <algorithm>

namespace dealer::store {

std::span<const std::string_view> enum_names(RunMode) {
  static constexpr std::string_view kNames[] = {"live", "paper"};
  return kNames;
}

bool is_terminal_order_state(std::string_view state) {
  static constexpr std::string_view kTerminal[] = {"filled", "cancelled", "rejected"};
  return std::ranges::find(kTerminal, state) != std::end(kTerminal);
}

}  // namespace dealer::store
