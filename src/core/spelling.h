// Spelling help for names a person types: the option of a command line, the strategy of a
// configuration. "Did you mean ..." comes from here, so every place suggests the same way.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace dealer {

// Levenshtein distance: how many one-letter edits turn `a` into `b`.
size_t edit_distance(const std::string& a, const std::string& b);

// The candidate nearest to `word` within `max_edits` edits (the first of equals); none when none is.
std::optional<std::string> closest_name(const std::string& word, const std::vector<std::string>& candidates,
                                        size_t max_edits = 2);

}  // namespace dealer
