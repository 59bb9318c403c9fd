// daily_summary: the day's fills, fees, P&L (the day's trades marked to the last price) and balances,
// every figure worked out by hand below.
#include "notify/daily_summary.h"

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace dealer::notify {
namespace {

constexpr int64_t kDay = 1'356'998'400'000'000;  // 2013-01-01 00:00:00 UTC
constexpr int64_t kHour = 3'600'000'000;

store::FillRow fill(Side side, int64_t price_int, int64_t amount_int, int64_t fee_int,
                    const char* fee_currency, int64_t time_us) {
  store::FillRow f;
  f.side = side;
  f.price_int = price_int;
  f.amount_int = amount_int;
  f.fee_int = fee_int;
  f.fee_currency = fee_currency;
  f.time_us = time_us;
  return f;
}

TEST(DailySummary, CountsTheDaysFillsFeesPnlAndBalances) {
  const std::vector<store::FillRow> fills = {
      fill(Side::kBid, 1350000, 100000000, 600000, "BTC", kDay + kHour),  // bought 1 at 13.50, fee 0.006 BTC
      fill(Side::kAsk, 1354000, 100000000, 8124, "USD",
           kDay + 2 * kHour),                                             // sold 1 at 13.54, fee 0.08124 USD
      fill(Side::kBid, 1000000, 500000000, 0, "BTC", kDay - 1),           // the day before: left out
      fill(Side::kBid, 1000000, 500000000, 0, "BTC", kDay + 24 * kHour),  // the day after: left out
  };
  const std::vector<store::BalanceRow> balances = {{0, "BTC", 999400000, 0, store::RunMode::kLive},
                                                   {0, "USD", 100004000, 0, store::RunMode::kLive}};
  auto e = daily_summary(*engine::Pair::parse("BTCUSD"), kDay, fills, balances, Price(1355000));
  ASSERT_TRUE(e.ok()) << e.error().describe();
  // P&L in USD: received 13.54 - paid 13.50 - the USD fee 0.08124 = -0.04124; the 0.006 BTC fee leaves
  // the account net 0.006 BTC short, marked at 13.55: -0.0813. Together -0.12254.
  EXPECT_EQ(
      e->text,
      "Daily summary 2013-01-01 BTCUSD: 2 fills (bought 1 BTC, sold 1 BTC), fees 0.006 BTC, 0.08124 USD, "
      "P&L -0.12254 USD, balances 9.994 BTC, 1000.04 USD");
  EXPECT_TRUE(testing::json_equal(R"({"day":"2013-01-01","pair":"BTCUSD","fills":2,"bought":"1","sold":"1",
      "fees":{"BTC":"0.006","USD":"0.08124"},"pnl":"-0.12254","last_price":"13.55",
      "balances":{"BTC":"9.994","USD":"1000.04"}})",
                                  e->data));
  EXPECT_EQ(e->event, "daily_summary");
  EXPECT_EQ(e->id, "daily_summary-2013-01-01");
  EXPECT_EQ(e->time_us, kDay + 24 * kHour);
}

TEST(DailySummary, ADayWithoutFillsHasNoFeesAndNoPnl) {
  auto e = daily_summary(*engine::Pair::parse("BTCUSD"), kDay, {}, {}, std::nullopt);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(
      e->text,
      "Daily summary 2013-01-01 BTCUSD: 0 fills (bought 0 BTC, sold 0 BTC), fees none, P&L 0 USD, balances "
      "unknown");
}

TEST(DailySummary, NextMidnightIsTheStartOfTheNextUtcDay) {
  EXPECT_EQ(next_utc_midnight(kDay), kDay + 24 * kHour);
  EXPECT_EQ(next_utc_midnight(kDay + 5), kDay + 24 * kHour);
  EXPECT_EQ(next_utc_midnight(kDay - 1), kDay);
}

}  // namespace
}  // namespace dealer::notify
