#include "market/trade_file.h"

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace dealer {
namespace {

TEST(TradeFile, ReadsMtGoxCsvExactly) {
  auto t = parse_trade_csv(
      "id,price,amount,type\n"
      "1356998659486096,13.51001,36.87430786,ask\n"
      "1356998738639088,13.55999,11.68264135,bid\r\n",
      Currency::usd());
  ASSERT_TRUE(t.ok()) << t.error().describe();
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ((*t)[0].tid, 1356998659486096);
  EXPECT_EQ((*t)[0].date, 1356998659);
  EXPECT_EQ((*t)[0].price, Price(1351001));
  EXPECT_EQ((*t)[0].amount, Amount(3687430786));
  EXPECT_EQ((*t)[0].side, Side::kAsk);
  EXPECT_EQ((*t)[1].side, Side::kBid);
  EXPECT_EQ((*t)[1].price_currency, Currency::usd());
}

TEST(TradeFile, BitcoinchartsCsvGetsTidsAndTickRuleSides) {
  auto t = parse_trade_csv(
      "1315922016,5.800000000000,1.000000000000\n"   // first: bid
      "1315922016,5.830000000000,3.000000000000\n"   // uptick: bid, same second: tid + 1
      "1315922029,5.830000000000,1.000000000000\n"   // unchanged: keeps bid
      "1315922034,5.790000000000,20.000000000000\n"  // downtick: ask
      "1315922040,5.790000000000,0.5\n",             // unchanged: keeps ask
      Currency::usd());
  ASSERT_TRUE(t.ok()) << t.error().describe();
  ASSERT_EQ(t->size(), 5u);
  EXPECT_EQ((*t)[0].tid, 1315922016000000);
  EXPECT_EQ((*t)[1].tid, 1315922016000001);
  EXPECT_EQ((*t)[2].tid, 1315922029000000);
  const Side sides[] = {Side::kBid, Side::kBid, Side::kBid, Side::kAsk, Side::kAsk};
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ((*t)[i].side, sides[i]) << i;
  EXPECT_EQ((*t)[3].amount, Amount(2000000000));
  EXPECT_EQ((*t)[4].amount, Amount(50000000));
}

TEST(TradeFile, ErrorsNameTheLine) {
  struct Case {
    const char* text;
    const char* expect;
  } cases[] = {
      {"id,price,amount,type\n1,2,3,bid\n2,2,x,ask\n", "trade file:3: amount"},
      {"id,price,amount,type\n1,2,3,buy\n", "trade file:2: type must be bid or ask"},
      {"id,price,amount,type\n5,2,3,bid\n5,2,3,bid\n", "trade file:3: tid 5 does not increase"},
      {"1315922016,5.8\n", "trade file:1: expected unix_seconds,price,amount"},
      {"1315922016,5.8,1,extra\n", "trade file:1: expected unix_seconds,price,amount"},
      {"1315922016,5.123456,1\n", "trade file:1: price"},
      // Found by fuzz/trade_file: the tid (seconds * 1e6 + index) overflowed int64 (the last second
      // that fits is 9223372036854775807 / 1e6 - 1 = 9223372036853). Since issue 18's sane times the
      // bound is 9999-12-31 23:59:59 UTC, far below.
      {"1,5.8,1\n9223372036854,5.8,1\n",
       "trade file:2: unix_seconds 9223372036854 is outside 0..253402300799"},
      {"1315924375922016,5.8,1\n", "trade file:1: unix_seconds"},
      {"-1,5.8,1\n", "trade file:1: unix_seconds -1 is outside"},
  };
  for (const auto& c : cases) {
    auto t = parse_trade_csv(c.text, Currency::usd());
    ASSERT_FALSE(t.ok()) << c.text;
    EXPECT_EQ(t.error().code, Errc::kParse);
    EXPECT_NE(t.error().message.find(c.expect), std::string::npos) << t.error().message;
  }
  EXPECT_EQ(read_trade_file("/nonexistent/trades.csv", Currency::usd()).error().code, Errc::kIo);
}

TEST(TradeFile, TheLastSaneSecondIsAccepted) {
  // 9999-12-31 23:59:59 UTC (issue 18: sane times); its tids fit int64 with room to spare.
  auto t = parse_trade_csv("253402300799,5.8,1\n253402300799,5.9,1\n", Currency::usd());
  ASSERT_TRUE(t.ok()) << t.error().describe();
  EXPECT_EQ((*t)[1].tid, 253'402'300'799'000'001);
  EXPECT_FALSE(parse_trade_csv("9223372036853,5.8,1\n", Currency::usd()).ok());
}

TEST(TradeFile, ReadsTheBundledTapes) {
  auto mtgox = read_trade_file(
      std::string(DEALER_TEST_DATA_DIR) + "/../../data/mtgox-trades-btcusd-2013-01-01.csv", Currency::usd());
  ASSERT_TRUE(mtgox.ok()) << mtgox.error().describe();
  EXPECT_EQ(mtgox->size(), 2331u);  // shared/data/README.md
  // 9,999 lines (data/README.md), one of them (line 8524, "1337596081,5.080000000000,0.000000000000") a
  // trade of 0 BTC, which the readers refuse since issue 18: read leniently, 9,998 trades and that line.
  const std::string path =
      std::string(DEALER_TEST_DATA_DIR) + "/../../data/bitstamp-trades-btcusd-2011-09-to-2012-05.csv";
  std::vector<Trade> bitstamp;
  std::vector<std::string> bad;
  TradeReadOptions lenient;
  lenient.on_bad_line = [&bad](const Error& e) { bad.push_back(e.message); };
  auto summary = read_trade_csv(path, lenient, append_to(bitstamp));
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  EXPECT_EQ(bitstamp.size(), 9998u);
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0], path + ":8524: amount 0.00000000 is not above 0");
}

}  // namespace
}  // namespace dealer
