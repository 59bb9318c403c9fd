#include "model/model.h"

namespace dealer {

std::span<const std::string_view> enum_names(Side) {
  static constexpr std::string_view kNames[] = {"bid", "ask"};
  return kNames;
}

std::span<const std::string_view> enum_names(OrderKind) {
  static constexpr std::string_view kNames[] = {"market", "limit"};
  return kNames;
}

std::span<const std::string_view> enum_names(OrderStatus) {
  static constexpr std::string_view kNames[] = {"pending", "executing", "post-pending", "open", "stop", "invalid"};
  return kNames;
}

}  // namespace dealer
