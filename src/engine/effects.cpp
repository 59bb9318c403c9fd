#include "engine/effects.h"

namespace dealer::engine {

std::span<const std::string_view> enum_names(DecisionKind) {
  static constexpr std::string_view kNames[] = {"strategy", "risk_rejected", "order_rejected",
                                                "anomaly",  "disabled",      "halt"};
  return kNames;
}

}  // namespace dealer::engine
