// Writes one WriteOp through a connection: the SQL of each row type, in one place. Used by the Store's
// writer thread inside its batch transaction; the caller owns the transaction.
#pragma once

#include "core/json_binding.h"
#include "core/result.h"
#include "store/rows.h"
#include "store/sqlite.h"

namespace dealer::store {

// kInvalidArgument / kNotFound: this op was refused (constraint, unknown order) and wrote nothing of
// itself that the caller must keep (the caller rolls back to its savepoint); kIo: the connection failed.
Status write_op(Database& db, const WriteOp& op);

// The enum for its stored text (Side "bid", OrderKind "limit", RunMode "paper"); the other way is
// dealer::to_string (core/json_binding.h).
template <class Enum>
Result<Enum> enum_from_text(std::string_view text) {
  const auto names = enum_names(Enum{});
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return make_error(Errc::kParse, "unexpected value '" + std::string(text) + "' in the database");
}

// Depth levels as stored: JSON [[price_int,amount_int],...], best first.
std::string encode_levels(const std::vector<LevelRow>& levels);
Result<std::vector<LevelRow>> decode_levels(std::string_view json);

}  // namespace dealer::store
