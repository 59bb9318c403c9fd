#include "core/result.h"

namespace dealer {

std::string_view to_string(Errc code) {
  switch (code) {
    case Errc::kParse: return "parse error";
    case Errc::kInvalidArgument: return "invalid argument";
    case Errc::kOverflow: return "overflow";
    case Errc::kNotFound: return "not found";
    case Errc::kConfig: return "config error";
    case Errc::kIo: return "I/O error";
    case Errc::kNetwork: return "network error";
    case Errc::kTimeout: return "timeout";
    case Errc::kHttpStatus: return "HTTP error";
    case Errc::kRateLimited: return "rate limited";
    case Errc::kExchangeBusy: return "exchange busy";
    case Errc::kExchange: return "exchange error";
    case Errc::kAmbiguous: return "ambiguous outcome";
  }
  return "unknown error";
}

std::string Error::describe() const {
  std::string out(to_string(code));
  out += ": ";
  out += message;
  if (!token.empty()) {
    out += " [";
    out += token;
    out += "]";
  }
  return out;
}

}  // namespace dealer
