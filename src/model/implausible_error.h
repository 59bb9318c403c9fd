// The error of an answer refused at the edge for an impossible value (model/plausible.h), apart from
// the checks so that a codec whose wire types share names with the domain model (Metaexchange's
// OrderStatus) can raise it without including the model.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace dealer {

// The token of an answer refused for an impossible value (Errc::kExchange, not retried: asking again
// at once would get the same answer).
inline constexpr std::string_view kImplausibleToken = "implausible_value";
Error implausible_error(const std::string& what);
// `error` when it is one of those: the value named.
const std::string* refused_value(const Error& error);

}  // namespace dealer
