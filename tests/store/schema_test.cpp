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

// A history written by schema 1 (the SQL of db/001_initial.sql only, rows typed in by hand) opens with
// today's dealer: migration 002 rebuilds the fills in place and every row keeps its figures; the
// trade time was the only clock schema 1 kept, so it is also when the fill was seen.
TEST_F(StoreTest, AHistoryOfSchemaOneMigratesInPlaceWithEveryFigure) {
  {
    Database db = open_raw(db_path());
    ASSERT_TRUE(migrate(db, embedded_migrations().first(1)).ok());
    ASSERT_EQ(*db.query_int("PRAGMA user_version"), 1);
    ASSERT_TRUE(
        db.exec("INSERT INTO orders (client_id, strategy_id, seq, pair, side, kind, price_int, amount_int, "
                "exchange_id, state, filled_amount_int, created_us, updated_us, mode) VALUES "
                "('dip-1', 'dip', 1, 'BTCUSD', 'bid', 'limit', 1345000, 200000000, 'ex-a', "
                "'partially_filled', 100000000, 1356998400000001, 1356998400000002, 'live')")
            .ok());
    // A tid of 2^53 + 1 (no double holds it), and a small pre-2011 tid of an order dealer did not place.
    ASSERT_TRUE(
        db.exec("INSERT INTO fills (trade_id, client_id, exchange_order_id, pair, side, price_int, "
                "amount_int, fee_int, fee_currency, time_us, mode) VALUES "
                "(9007199254740993, 'dip-1', 'ex-a', 'BTCUSD', 'bid', 1345000, 100000000, 8070, 'USD', "
                "1356998460000000, 'live'), "
                "(42, NULL, 'ex-b', 'BTCEUR', 'ask', 1012345, 1, 0, 'EUR', 1300000000000000, 'paper')")
            .ok());
    ASSERT_TRUE(
        db.exec("INSERT INTO trades VALUES ('BTCUSD', 7, 1356998400000000, 1340000, 300000000, 'ask', "
                "'limit')")
            .ok());
  }
  { ASSERT_TRUE(Store::open({.path = db_path()}).ok()); }
  Database db = open_raw(db_path());
  EXPECT_EQ(*db.query_int("PRAGMA user_version"), latest_schema_version());
  auto reader = HistoryReader::open(db_path());
  ASSERT_TRUE(reader.ok()) << reader.error().describe();
  auto fills = reader->fills_since(0);
  ASSERT_TRUE(fills.ok()) << fills.error().describe();
  ASSERT_EQ(fills->size(), 2u);
  // By when they were seen: the 2011 fill first.
  const FillRow& old = (*fills)[0];
  EXPECT_EQ(old.trade_id, "42");
  EXPECT_EQ(old.client_id, "");
  EXPECT_EQ(old.exchange_order_id, "ex-b");
  EXPECT_EQ(old.pair, "BTCEUR");
  EXPECT_EQ(old.side, Side::kAsk);
  EXPECT_EQ(old.price_int, 1012345);
  EXPECT_EQ(old.amount_int, 1);
  EXPECT_EQ(old.spent_int, std::nullopt);
  EXPECT_EQ(old.fee_int, 0);
  EXPECT_EQ(old.fee_currency, "EUR");
  EXPECT_EQ(old.time_us, 1300000000000000);
  EXPECT_EQ(old.seen_us, 1300000000000000);
  EXPECT_EQ(old.mode, RunMode::kPaper);
  const FillRow& ours = (*fills)[1];
  EXPECT_EQ(ours.trade_id, "9007199254740993");
  EXPECT_EQ(ours.client_id, "dip-1");
  EXPECT_EQ(ours.exchange_order_id, "ex-a");
  EXPECT_EQ(ours.price_int, 1345000);
  EXPECT_EQ(ours.amount_int, 100000000);
  EXPECT_EQ(ours.fee_int, 8070);
  EXPECT_EQ(ours.time_us, 1356998460000000);
  EXPECT_EQ(ours.seen_us, 1356998460000000);
  EXPECT_EQ(ours.mode, RunMode::kLive);
  auto order = reader->order("dip-1");
  ASSERT_TRUE(order.ok() && order->has_value());
  EXPECT_EQ((*order)->filled_amount_int, 100000000);
  EXPECT_EQ((*order)->exchange_id, "ex-a");
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM trades WHERE tid = 7 AND amount_int = 300000000"), 1);
  EXPECT_TRUE(reader->integrity_check().ok());
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM pragma_foreign_key_check"), 0);
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
