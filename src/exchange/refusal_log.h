// RefusalLog: the one warning per bad answer that the edge checks (model/plausible.h) owe. An answer
// with an impossible value is refused (all of it, or its bad items); this tells a person so, naming the
// service, the feed and the value, once: the same refusal coming back on every poll (a bad trade at the
// end of a page is asked for again until a newer trade moves the cursor past it) is not logged again
// while it stays the last refusal of its feed. Owned by an exchange client, used on its io_context
// thread; not thread-safe.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dealer {

using WarningSink = std::function<void(std::string_view message)>;

class RefusalLog {
 public:
  RefusalLog(std::string service, WarningSink warn) : service_(std::move(service)), warn_(std::move(warn)) {}

  // An answer of `feed` (the request path) with `items` items had these refused (none: nothing to say).
  void items(std::string_view feed, size_t items, const std::vector<std::string>& refused);
  // The whole answer of `feed` was refused for `why`.
  void answer(std::string_view feed, const std::string& why);
  // How many warnings were logged.
  int64_t warnings() const { return warnings_; }

 private:
  void warn(std::string_view feed, std::string message);

  std::string service_;
  WarningSink warn_;
  std::map<std::string, std::string, std::less<>> last_;  // by feed: the refusal last warned about
  int64_t warnings_ = 0;
};

}  // namespace dealer
