// read_trade_page: what one trades answer adds to a cursor. Tids and expectations are written by hand.
#include "live/trade_page.h"

#include <gtest/gtest.h>

namespace dealer::live {
namespace {

Trade trade(int64_t tid, bool primary = true) {
  Trade t;
  t.tid = tid;
  t.primary = primary;
  return t;
}

std::vector<int64_t> tids(const std::vector<Trade>& trades) {
  std::vector<int64_t> out;
  for (const Trade& t : trades) out.push_back(t.tid);
  return out;
}

// `count` trades with tids first, first+1, ...
std::vector<Trade> run(int64_t first, size_t count) {
  std::vector<Trade> out;
  for (size_t i = 0; i < count; ++i) out.push_back(trade(first + static_cast<int64_t>(i)));
  return out;
}

TEST(TradePage, DropsWhatTheCursorCoversDuplicatesAndNonPrimaryCopies) {
  // 10 and 20 are at or before the cursor 20; 30 comes twice; 40's copy is non-primary; 50 is only a
  // copy (a foreign trade mirrored in), so it moves the cursor without being delivered.
  auto page = read_trade_page(
      20, {trade(10), trade(20), trade(30), trade(30), trade(40, false), trade(40), trade(50, false)});
  ASSERT_TRUE(page.ok()) << page.error().describe();
  EXPECT_EQ(tids(page->trades), (std::vector<int64_t>{30, 40}));
  EXPECT_EQ(page->cursor, 50);
  EXPECT_FALSE(page->full);
  EXPECT_FALSE(page->gap);
}

TEST(TradePage, TidsGoingBackwardsRejectTheWholeAnswer) {
  auto page = read_trade_page(5, {trade(10), trade(30), trade(20)});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().token, "trades_out_of_order");
}

TEST(TradePage, AFullPageAsksForMore) {
  auto page = read_trade_page(0, run(1, 1000));
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->full);
  EXPECT_EQ(page->cursor, 1000);
  EXPECT_EQ(page->trades.size(), 1000u);
  EXPECT_FALSE(read_trade_page(0, run(1, 999))->full);
}

TEST(TradePage, AnEmptyAnswerKeepsTheCursor) {
  EXPECT_EQ(read_trade_page(7, {})->cursor, 7);
  EXPECT_EQ(read_trade_page(std::nullopt, {})->cursor, std::nullopt);
}

TEST(TradePage, WithoutACursorTheRecentTradesStartTheTapeWithoutAGap) {
  auto page = read_trade_page(std::nullopt, run(500, 1500));
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->trades.size(), 1500u);
  EXPECT_EQ(page->cursor, 1999);
  EXPECT_FALSE(page->gap);
}

TEST(TradePage, AnAnswerLargerThanAPageThatMissesTheCursorIsAGap) {
  // 1001 trades cannot be a `since` page; none is at or before 100, so 101..199 may be missing.
  auto page = read_trade_page(100, run(200, 1001));
  ASSERT_TRUE(page.ok());
  ASSERT_TRUE(page->gap);
  EXPECT_EQ(page->gap->after_tid, 100);
  EXPECT_EQ(page->gap->next_tid, 200);
  EXPECT_EQ(page->trades.size(), 1001u);  // still delivered
  // The same answer overlapping the cursor connects to it.
  auto overlapping = read_trade_page(250, run(200, 1001));
  ASSERT_TRUE(overlapping.ok());
  EXPECT_FALSE(overlapping->gap);
  EXPECT_EQ(overlapping->trades.front().tid, 251);
}

TEST(TradePage, AFullPageThatCannotMoveTheCursorIsAnError) {
  auto page = read_trade_page(5000, run(1, 1000));
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().token, "trades_stuck");
}

}  // namespace
}  // namespace dealer::live
