#include "engine/order.h"

namespace dealer::engine {

std::span<const std::string_view> enum_names(OrderState) {
  static constexpr std::string_view kNames[] = {"new",      "sent",       "open",      "partially_filled",
                                                "filled",   "cancelling", "cancelled", "rejected",
                                                "ambiguous"};
  return kNames;
}

std::string_view to_string(OrderState state) { return enum_names(state)[static_cast<size_t>(state)]; }

bool is_terminal(OrderState state) {
  return state == OrderState::kFilled || state == OrderState::kCancelled || state == OrderState::kRejected;
}

}  // namespace dealer::engine
