#include "store/schema.h"

#include <string>

namespace dealer::store {

int latest_schema_version() { return static_cast<int>(embedded_migrations().size()); }

namespace {

Status apply(Database& db, const Migration& migration) {
  // IMMEDIATE takes the write lock first, so two processes opening one file cannot both apply it.
  if (Status s = db.exec("BEGIN IMMEDIATE"); !s) return s;
  auto version = db.query_int("PRAGMA user_version");
  Status s = version ? Status() : Status(std::move(version).error());
  if (s && *version < migration.version) {
    s = db.exec(migration.sql);
    if (s) s = db.exec("PRAGMA user_version = " + std::to_string(migration.version));
  }
  if (s) s = db.exec("COMMIT");
  if (!s) {
    if (db.in_transaction()) (void)db.exec("ROLLBACK");
    return make_error(Errc::kIo,
                      "applying migration " + std::string(migration.name) + ": " + s.error().message);
  }
  return {};
}

}  // namespace

Status migrate(Database& db, std::span<const Migration> migrations) {
  auto version = db.query_int("PRAGMA user_version");
  if (!version) return std::move(version).error();
  const int64_t latest = static_cast<int64_t>(migrations.size());
  if (*version > latest) {
    return make_error(Errc::kIo, db.path() + " has schema version " + std::to_string(*version) +
                                     ", newer than this dealer knows (" + std::to_string(latest) +
                                     "): use a newer dealer, or another database file");
  }
  // Readers keep reading while the writer commits; journal_mode persists in the file.
  {
    auto mode = db.prepare("PRAGMA journal_mode = WAL");
    if (!mode) return std::move(mode).error();
    if (auto row = mode->step(); !row) return std::move(row).error();
  }
  for (const Migration& migration : migrations) {
    if (migration.version <= *version) continue;
    if (Status s = apply(db, migration); !s) return s;
  }
  return {};
}

}  // namespace dealer::store
