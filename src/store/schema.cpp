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

Status newer_refused(Database& db, int64_t version, int64_t latest) {
  return make_error(Errc::kIo, db.path() + " has schema version " + std::to_string(version) +
                                   ", newer than this dealer knows (" + std::to_string(latest) +
                                   "): use a newer dealer, or another database file");
}

// The tables of the database, by name, at most `limit` of them listed in `names`; how many there are.
Result<int64_t> list_tables(Database& db, std::string& names, int limit) {
  auto q = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  if (!q) return std::move(q).error();
  int64_t count = 0;
  for (;;) {
    auto row = q->step();
    if (!row) return std::move(row).error();
    if (!*row) return count;
    if (++count <= limit) names += (names.empty() ? "" : ", ") + q->text(0);
  }
}

}  // namespace

Status migrate(Database& db, std::span<const Migration> migrations) {
  auto version = db.query_int("PRAGMA user_version");
  if (!version) return std::move(version).error();
  const int64_t latest = static_cast<int64_t>(migrations.size());
  if (*version > latest) return newer_refused(db, *version, latest);
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

Status check_history(Database& db, std::span<const Migration> migrations) {
  auto version = db.query_int("PRAGMA user_version");
  if (!version) return std::move(version).error();
  const int64_t latest = static_cast<int64_t>(migrations.size());
  if (*version > latest) return newer_refused(db, *version, latest);
  std::string names;
  auto tables = list_tables(db, names, 5);
  if (!tables) return std::move(tables).error();
  auto refuse = [&db](const std::string& found) {
    return make_error(Errc::kInvalidArgument, db.path() + " is not a dealer history: " + found);
  };
  if (*tables == 0) return refuse("it has no tables (an empty file, or an empty database)");
  const std::string listed = names + (*tables > 5 ? " and " + std::to_string(*tables - 5) + " more" : "");
  if (*version == 0) return refuse("user_version 0 and tables " + listed);
  // Every history has the tables of migration 001; a file with another application's tables lacks them.
  auto ours = db.query_int(
      "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('orders', 'order_events', "
      "'fills', 'trades', 'tickers', 'depths', 'balances', 'decisions', 'cursors', 'strategy_state')");
  if (!ours) return std::move(ours).error();
  if (*ours < 10) return refuse("user_version " + std::to_string(*version) + " and tables " + listed);
  if (*version < latest)
    return make_error(
        Errc::kInvalidArgument,
        db.path() + " is a dealer history at schema version " + std::to_string(*version) +
            ", older than this dealer's " + std::to_string(latest) +
            ": a command that writes it (dealer run, paper, record or import) migrates it first");
  return {};
}

}  // namespace dealer::store
