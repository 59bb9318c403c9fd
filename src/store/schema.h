// The schema's migrations (db/NNN_name.sql, embedded into the binary at build time) and the code that
// brings a database up to date. The version a database is at is PRAGMA user_version: the number of the
// last migration applied.
#pragma once

#include <span>
#include <string_view>

#include "core/result.h"
#include "store/sqlite.h"

namespace dealer::store {

struct Migration {
  int version;  // NNN of the file name; versions are 1, 2, 3, ... without gaps
  std::string_view name;
  std::string_view sql;
};

// Every migration in db/, in version order (generated source, see CMakeLists.txt).
std::span<const Migration> embedded_migrations();
int latest_schema_version();

// Sets WAL mode and applies the migrations `db` lacks, each in its own transaction. A database whose
// version is newer than this binary's latest is refused (Errc::kIo) and left untouched.
Status migrate(Database& db, std::span<const Migration> migrations = embedded_migrations());

// For a reader, which must not migrate: ok when `db` is a dealer history at this binary's version.
// Otherwise an Errc::kInvalidArgument error naming what was found (no tables, another application's
// tables, a user_version that is no dealer's, a history older than this binary: open it with a
// command that writes first), or the kIo error of migrate() for a newer history.
Status check_history(Database& db, std::span<const Migration> migrations = embedded_migrations());

}  // namespace dealer::store
