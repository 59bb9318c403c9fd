// Metaexchange response codec: a success payload of the expected shape, or the documented error object
// turned into an Error whose token is the error's name ("OrderNotFound"). A payload with an impossible
// value (a negative price, amount or fee, a fee of 100 % or more, an order book level without price or
// amount) is refused whole, as model/plausible.h's implausible_error naming the value (issue 18).
#pragma once

#include <string>
#include <string_view>

#include "exchange/metaexchange/wire.h"
#include "model/implausible_error.h"

namespace dealer::metaexchange {

Error to_error(const ErrorBody& body);

// What is impossible in a payload, or nothing.
std::optional<std::string> implausible(const Market& m);
std::optional<std::string> implausible(const Transaction& t);
std::optional<std::string> implausible(const Quote& q);
std::optional<std::string> implausible(const OpenOrder& o);
std::optional<std::string> implausible(const OrderBook& b);
template <class T>
  requires requires(const T& t) { implausible(t); }
std::optional<std::string> implausible(const std::vector<T>& items) {
  for (const T& item : items)
    if (auto why = implausible(item)) return why;
  return std::nullopt;
}

namespace detail {
std::optional<Error> as_error_body(std::string_view body);
}

template <class T>
Result<T> decode_response(std::string_view body) {
  auto value = decode_json<T>(body);
  if (!value) {
    if (auto e = detail::as_error_body(body)) return std::move(*e);
    return value;
  }
  if constexpr (requires { implausible(*value); }) {
    if (auto why = implausible(*value)) return implausible_error("Metaexchange: " + *why);
  }
  return value;
}

template <class T>
std::string encode_response(const T& payload) {
  return encode_json(payload);
}

std::string encode_error(ErrorCode code, std::string_view message);

}  // namespace dealer::metaexchange
