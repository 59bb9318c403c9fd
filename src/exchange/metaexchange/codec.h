// Metaexchange response codec: a success payload of the expected shape, or the documented error object
// turned into an Error whose token is the error's name ("OrderNotFound").
#pragma once

#include <string>
#include <string_view>

#include "exchange/metaexchange/wire.h"

namespace dealer::metaexchange {

Error to_error(const ErrorBody& body);

namespace detail {
std::optional<Error> as_error_body(std::string_view body);
}

template <class T>
Result<T> decode_response(std::string_view body) {
  auto value = decode_json<T>(body);
  if (!value) {
    if (auto e = detail::as_error_body(body)) return std::move(*e);
  }
  return value;
}

template <class T>
std::string encode_response(const T& payload) {
  return encode_json(payload);
}

std::string encode_error(ErrorCode code, std::string_view message);

}  // namespace dealer::metaexchange
