// The invariant both exchange codecs are fuzzed for: a body that decodes as T encodes to a body that
// decodes again, and that second decoding encodes to the very same bytes (decode and encode share one
// member list, so any drift between them shows here). A body that does not decode is an error value.
#pragma once

#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"

namespace dealer::fuzz {

// `decode(body)` returns Result<T>; `encode(const T&)` returns the body. Returns the decoded value, if any.
template <class T, class Decode, class Encode>
std::optional<T> check_roundtrip(std::string_view body, Decode decode, Encode encode) {
  auto value = decode(body);
  if (!value) return std::nullopt;
  const std::string encoded = encode(*value);
  auto again = decode(encoded);
  check(again.ok(), "an encoded payload decodes");
  check(encode(*again) == encoded, "decode(encode(x)) encodes to the same bytes");
  return std::move(*value);
}

}  // namespace dealer::fuzz
