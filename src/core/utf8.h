// Well-formed UTF-8 (RFC 3629): what the JSON reader accepts inside strings and what the writer lets
// through unescaped, decided by one function so the two cannot disagree.
#pragma once

#include <cstddef>
#include <string_view>

namespace dealer {

// The length of the well-formed UTF-8 sequence (no overlong forms, no surrogates, nothing past
// U+10FFFF) that starts at text[i] with a byte >= 0x80, or 0 when there is none.
size_t utf8_sequence_length(std::string_view text, size_t i);

}  // namespace dealer
