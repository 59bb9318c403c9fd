#include "market/tape_summary.h"

#include <gtest/gtest.h>

namespace dealer {
namespace {

Trade trade(int64_t tid, int64_t date, int64_t price, int64_t amount, bool primary = true) {
  Trade t;
  t.tid = tid;
  t.date = date;
  t.price = Price(price);
  t.amount = Amount(amount);
  t.primary = primary;
  return t;
}

TEST(TapeSummary, ComputesOhlcVolumeTurnoverAndVwap) {
  const std::vector<Trade> tape = {
      trade(1, 100, 1000000, 100000000),       // 10 USD x 1 BTC
      trade(2, 101, 1200000, 300000000),       // 12 USD x 3 BTC
      trade(3, 102, 9900000, 500000000, false),  // a currency mirror: ignored
      trade(4, 103, 900000, 100000000),        // 9 USD x 1 BTC
  };
  const TapeSummary s = summarize(tape);
  EXPECT_EQ(s.trades, 3u);
  EXPECT_EQ(s.first_tid, 1);
  EXPECT_EQ(s.last_tid, 4);
  EXPECT_EQ(s.open, Price(1000000));
  EXPECT_EQ(s.high, Price(1200000));
  EXPECT_EQ(s.low, Price(900000));
  EXPECT_EQ(s.close, Price(900000));
  EXPECT_EQ(s.volume, Amount(500000000));
  EXPECT_EQ(s.turnover, Cost(5500000));  // 10 + 36 + 9 = 55 USD
  EXPECT_EQ(s.vwap, Price(1100000));     // 55 / 5 = 11 USD
  EXPECT_EQ(s.avg, Price(1033333));      // (10 + 12 + 9) / 3 = 10.333333... USD
}

TEST(TapeSummary, VwapRoundsOnceHalfAwayFromZero) {
  // (1.00001 x 1 + 1.00002 x 2) / 3 = 1.0000166..., which rounds to 1.00002.
  const std::vector<Trade> tape = {trade(1, 0, 100001, 100000000), trade(2, 0, 100002, 200000000)};
  EXPECT_EQ(summarize(tape).vwap, Price(100002));
  // (1.00001 + 1.00002) / 2 = 1.000015 exactly: a tie, rounds up to 1.00002.
  const std::vector<Trade> tie = {trade(1, 0, 100001, 100000000), trade(2, 0, 100002, 100000000)};
  EXPECT_EQ(summarize(tie).vwap, Price(100002));
  // 0.00001 USD x 0.5 BTC is half a unit of turnover: rounds to 1.
  EXPECT_EQ(summarize(std::vector<Trade>{trade(1, 0, 1, 50000000)}).turnover, Cost(1));
}

TEST(TapeSummary, BucketsByTime) {
  const std::vector<Trade> tape = {trade(1, 3599, 100, 1), trade(2, 3600, 200, 1), trade(3, 7199, 300, 1),
                                   trade(4, 10800, 400, 1)};
  const auto buckets = summarize_buckets(tape, 3600);
  ASSERT_EQ(buckets.size(), 3u);
  EXPECT_EQ(buckets[0].start, 0);
  EXPECT_EQ(buckets[0].trades, 1u);
  EXPECT_EQ(buckets[1].start, 3600);
  EXPECT_EQ(buckets[1].open, Price(200));
  EXPECT_EQ(buckets[1].close, Price(300));
  EXPECT_EQ(buckets[2].start, 10800);
}

}  // namespace
}  // namespace dealer
