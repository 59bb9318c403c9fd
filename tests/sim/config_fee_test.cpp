// Fee percentages and the unfunded-order cap in the simulator config (issue 8).
#include <gtest/gtest.h>

#include "sim/config.h"
#include "support/test_accounts.h"

namespace dealer::sim {
namespace {

std::string account_with_fee(const std::string& fee) {
  return std::string("accounts:\n  - {name: a, key: ") + testing::kAliceKey + ", secret: \"" + testing::kAliceSecret +
         "\", fee_percent: \"" + fee + "\"}\n";
}

std::string market_with_fees(const std::string& ask_fee, const std::string& bid_fee) {
  return "metaexchange:\n  markets:\n    - {symbol_pair: bitUSD_BTC, ask: \"0.0016\", bid: \"0.0015\", ask_max: \"1\", "
         "bid_max: \"100\", ask_fee_percent: \"" + ask_fee + "\", bid_fee_percent: \"" + bid_fee + "\"}\n";
}

TEST(ConfigFees, AcceptsZeroUpToJustBelowAHundred) {
  for (const char* fee : {"0", "0.6", "0.59999999999999998", "99.999999999999999"}) {
    auto c = parse_exchange_config(account_with_fee(fee), ".");
    ASSERT_TRUE(c.ok()) << fee << ": " << c.error().describe();
  }
}

TEST(ConfigFees, RefusesNegativeOrAHundredAndNamesTheKey) {
  for (const char* fee : {"-0.1", "100", "250"}) {
    auto c = parse_exchange_config(account_with_fee(fee), ".");
    ASSERT_FALSE(c.ok()) << fee;
    EXPECT_EQ(c.error().code, Errc::kConfig);
    EXPECT_NE(c.error().message.find("accounts[0].fee_percent"), std::string::npos) << c.error().message;
  }
  auto ask = parse_exchange_config(market_with_fees("100", "0"), ".");
  ASSERT_FALSE(ask.ok());
  EXPECT_NE(ask.error().message.find("metaexchange.markets[0].ask_fee_percent"), std::string::npos) << ask.error().message;
  auto bid = parse_exchange_config(market_with_fees("0", "-1"), ".");
  ASSERT_FALSE(bid.ok());
  EXPECT_NE(bid.error().message.find("metaexchange.markets[0].bid_fee_percent"), std::string::npos) << bid.error().message;
}

TEST(ConfigFees, UnfundedOrderCapDefaultsAndIsConfigurable) {
  EXPECT_EQ(parse_exchange_config("", ".")->market.max_unfunded_orders, 100);
  EXPECT_EQ(parse_exchange_config("market: {max_unfunded_orders: 7}\n", ".")->market.max_unfunded_orders, 7);
  auto bad = parse_exchange_config("market: {max_unfunded_orders: -1}\n", ".");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("market.max_unfunded_orders"), std::string::npos);
}

}  // namespace
}  // namespace dealer::sim
