#include "exchange/refusal_log.h"

namespace dealer {

void RefusalLog::items(std::string_view feed, size_t items, const std::vector<std::string>& refused) {
  if (refused.empty()) return;
  std::string message = "refused " + std::to_string(refused.size()) + " of " + std::to_string(items) +
                        " items (" + refused.front();
  if (refused.size() > 1) message += "; and " + std::to_string(refused.size() - 1) + " more";
  warn(feed, message + "), took the rest");
}

void RefusalLog::answer(std::string_view feed, const std::string& why) {
  warn(feed, "refused the answer: " + why);
}

void RefusalLog::warn(std::string_view feed, std::string message) {
  auto [it, added] = last_.try_emplace(std::string(feed));
  if (!added && it->second == message) return;
  it->second = message;
  ++warnings_;
  if (warn_) warn_(service_ + " " + std::string(feed) + ": " + message);
}

}  // namespace dealer
