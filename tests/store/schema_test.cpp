// Migrations: an empty file gets the whole schema, re-opening changes nothing, an older database gets only
// what it lacks, a newer one is refused untouched.
#include "store/schema.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "store/history_reader.h"
#include "store/store.h"
#include "store_fixture.h"

namespace dealer::store {
namespace {

using testing::StoreTest;

Database open_raw(const std::string& path) {
  auto db = Database::open(path, Database::Access::kReadWriteCreate);
  EXPECT_TRUE(db.ok()) << db.error().describe();
  return std::move(*db);
}

TEST(EmbeddedMigrations, AreNumberedFromOneWithoutGaps) {
  const auto migrations = embedded_migrations();
  ASSERT_FALSE(migrations.empty());
  for (size_t i = 0; i < migrations.size(); ++i) EXPECT_EQ(migrations[i].version, static_cast<int>(i + 1));
  EXPECT_EQ(migrations[0].name, "001_initial");
  EXPECT_NE(migrations[0].sql.find("CREATE TABLE orders"), std::string_view::npos);
}

TEST_F(StoreTest, AnEmptyFileGetsTheWholeSchemaInWalMode) {
  { ASSERT_TRUE(Store::open({.path = db_path()}).ok()); }
  Database db = open_raw(db_path());
  EXPECT_EQ(*db.query_int("PRAGMA user_version"), latest_schema_version());
  // The ten tables of db/001_initial.sql.
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('orders', "
                          "'order_events', 'fills', 'trades', 'tickers', 'depths', 'balances', 'decisions', "
                          "'cursors', 'strategy_state')"),
            10);
  auto mode = db.prepare("PRAGMA journal_mode");
  ASSERT_TRUE(*mode->step());
  EXPECT_EQ(mode->text(0), "wal");
}

TEST_F(StoreTest, ReopeningAnUpToDateDatabaseChangesNothing) {
  {
    auto store = Store::open({.path = db_path()});
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->submit(CursorRow{"c", 5, 1}).ok());
  }
  for (int i = 0; i < 2; ++i) {
    auto store = Store::open({.path = db_path()});
    ASSERT_TRUE(store.ok()) << store.error().describe();
  }
  auto reader = HistoryReader::open(db_path());
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(*reader->cursor("c"), std::optional<int64_t>(5));
}

TEST_F(StoreTest, AnOlderDatabaseGetsOnlyTheMissingMigrations) {
  // Two made-up migrations: applying the first twice would fail ("table a already exists").
  const Migration migrations[] = {{1, "001_a", "CREATE TABLE a (x INTEGER)"},
                                  {2, "002_b", "CREATE TABLE b (y INTEGER); INSERT INTO a VALUES (1)"}};
  Database db = open_raw(db_path());
  ASSERT_TRUE(migrate(db, std::span(migrations, 1)).ok());
  EXPECT_EQ(*db.query_int("PRAGMA user_version"), 1);
  const Status s = migrate(db, migrations);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(*db.query_int("PRAGMA user_version"), 2);
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM a"), 1);
}

TEST_F(StoreTest, AFailedMigrationLeavesTheDatabaseAtTheVersionBefore) {
  const Migration migrations[] = {
      {1, "001_a", "CREATE TABLE a (x INTEGER)"},
      {2, "002_bad", "CREATE TABLE b (y INTEGER); INSERT INTO nowhere VALUES (1)"}};
  Database db = open_raw(db_path());
  const Status s = migrate(db, migrations);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("002_bad"), std::string::npos) << s.error().message;
  EXPECT_EQ(*db.query_int("PRAGMA user_version"), 1);
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM sqlite_schema WHERE name = 'b'"), 0);  // rolled back
}

TEST_F(StoreTest, ADatabaseNewerThanTheBinaryIsRefusedUntouched) {
  const int newer = latest_schema_version() + 1;
  {
    Database db = open_raw(db_path());
    ASSERT_TRUE(
        db.exec("CREATE TABLE future (z INTEGER); PRAGMA user_version = " + std::to_string(newer)).ok());
  }
  for (const Error& error :
       {Store::open({.path = db_path()}).error(), HistoryReader::open(db_path()).error()}) {
    EXPECT_EQ(error.code, Errc::kIo);
    EXPECT_NE(error.message.find("schema version " + std::to_string(newer)), std::string::npos)
        << error.message;
    EXPECT_NE(error.message.find("newer dealer"), std::string::npos) << error.message;
  }
  Database db = open_raw(db_path());
  EXPECT_EQ(*db.query_int("PRAGMA user_version"), newer);
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM sqlite_schema WHERE name = 'orders'"), 0);
}

TEST_F(StoreTest, TheReaderDoesNotCreateAMissingFile) {
  auto reader = HistoryReader::open(db_path());
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.error().code, Errc::kNotFound);
  EXPECT_NE(reader.error().message.find(db_path()), std::string::npos) << reader.error().message;
  EXPECT_FALSE(std::filesystem::exists(db_path()));
}

}  // namespace
}  // namespace dealer::store
