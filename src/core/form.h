// application/x-www-form-urlencoded bodies: MtGox private calls and IPN posts, Metaexchange calls.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace dealer {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// "a=1&b=x+y%21" -> {{"a","1"},{"b","x y!"}}. Order and duplicates are kept. A broken percent escape
// is an error naming its offset; a field without '=' has an empty value.
Result<FormFields> parse_form(std::string_view body);

// The inverse: unreserved characters (A-Z a-z 0-9 - . _ ~) stay, everything else is %XX.
std::string encode_form(const FormFields& fields);

// The value of the first field called `name`, or nullptr.
const std::string* find_field(const FormFields& fields, std::string_view name);

}  // namespace dealer
