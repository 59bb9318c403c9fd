#include "sim/gateway.h"

#include <gtest/gtest.h>

namespace dealer::sim {
namespace {

constexpr int64_t kT0 = 1'356'998'600'000'000;  // 2013-01-01 00:10 UTC, in microseconds

GatewayConfig book_market() {
  GatewayMarketConfig m;
  m.symbol_pair = "bitBTC_BTC";
  m.ask = m.bid = 100'000'000;
  m.ask_max = m.bid_max = 100'000'000'000;
  m.has_orderbook = true;
  GatewayConfig c;
  c.confirm_seconds = 0;
  c.markets = {m};
  return c;
}

GatewayOrderRequest sell_limit(int64_t expiry_seconds) {
  GatewayOrderRequest r;
  r.symbol_pair = "bitBTC_BTC";
  r.receiving_address = "1AAXCcSjgsgoTnQLqUfPh7qRsUyvbYSbGW";
  r.type = metaexchange::OrderType::kSellLimit;
  r.price = 100'000'000;
  r.expiry_seconds = expiry_seconds;
  return r;
}

// Regression (issue 8): expiry=9223372036854 overflowed date + expiry (in microseconds) and the order
// expired at once, refunded. Now past ten years is refused, and ten years rests.
TEST(Gateway, ExpiryPastTenYearsIsRefusedAndTenYearsRests) {
  ManualClock clock(kT0);
  Gateway g(book_market(), clock);
  auto absurd = g.submit(sell_limit(9'223'372'036'854));
  ASSERT_TRUE(std::holds_alternative<GatewayError>(absurd));
  EXPECT_EQ(std::get<GatewayError>(absurd).code, metaexchange::ErrorCode::kInvalidParameter);
  auto details = g.submit(sell_limit(kMaxExpirySeconds));
  ASSERT_TRUE(std::holds_alternative<metaexchange::DepositDetails>(details));
  const std::string memo = *std::get<metaexchange::DepositDetails>(details).memo;
  ASSERT_TRUE(std::holds_alternative<std::string>(g.deposit(memo, 100'000'000, std::nullopt)));
  clock.advance(86'400'000'000);  // a day later it still rests
  g.advance();
  const auto open = g.open_orders("bitBTC_BTC", {"1AAXCcSjgsgoTnQLqUfPh7qRsUyvbYSbGW"});
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].status, metaexchange::OrderStatus::kPlaced);
}

// A deposit whose value at its limit price cannot fit 64 bits is refused before anything happens.
TEST(Gateway, DepositWhoseValueOverflowsIsRefused) {
  ManualClock clock(kT0);
  Gateway g(book_market(), clock);
  GatewayOrderRequest r = sell_limit(3600);
  r.price = 9'000'000'000'000'000'000;  // 9e10 BTC per bitBTC: 1e9 units x 9e18 / 1e8 = 9e19
  const std::string memo = *std::get<metaexchange::DepositDetails>(g.submit(r)).memo;
  auto d = g.deposit(memo, 1'000'000'000, std::nullopt);
  ASSERT_TRUE(std::holds_alternative<GatewayError>(d));
  EXPECT_EQ(std::get<GatewayError>(d).code, metaexchange::ErrorCode::kInvalidParameter);
  EXPECT_TRUE(g.audit().empty() || g.audit().begin()->second.deposited == 0);
}

// Regression (found by UBSan): the "below one unit at the limit price" check multiplied the unfilled
// deposit by 1e8 in 64 bits. 2^56 units x 1e8 = 2^64 x 390625 wrapped to 0, so a huge buy that finds
// no seller was refunded as dust instead of resting. Its true value at 0.5 is 2^57 units: it rests.
TEST(Gateway, HugeUnfilledBuyRestsInsteadOfRefundedAsDust) {
  ManualClock clock(kT0);
  GatewayConfig config = book_market();
  config.markets[0].ask_max = INT64_MAX;  // no cap, so the whole deposit is the order
  Gateway g(config, clock);
  GatewayOrderRequest r = sell_limit(3600);
  r.type = metaexchange::OrderType::kBuyLimit;
  r.receiving_address = "alice-bts";  // a buyer receives bitBTC
  r.price = 50'000'000;               // 0.5 BTC per bitBTC: below the book, nothing fills
  // A buy deposits BTC: to its own address, without a memo.
  const std::string address = std::get<metaexchange::DepositDetails>(g.submit(r)).deposit_address;
  ASSERT_TRUE(std::holds_alternative<std::string>(g.deposit(address, int64_t{1} << 56, std::nullopt)));
  g.advance();
  const auto open = g.open_orders("bitBTC_BTC", {"alice-bts"});
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].status, metaexchange::OrderStatus::kPlaced);
}

// The same check on a resting buy after a fill: 2^56 + 1e8 units at 1.0, one bitBTC sold into it,
// leaves 2^56 units (2^56 bitBTC at 1.0), which must stay open, partly filled.
TEST(Gateway, HugeRestingBuyStaysOpenAfterAPartialFill) {
  ManualClock clock(kT0);
  GatewayConfig config = book_market();
  config.markets[0].ask_max = INT64_MAX;
  Gateway g(config, clock);
  GatewayOrderRequest buy = sell_limit(3600);
  buy.type = metaexchange::OrderType::kBuyLimit;
  buy.receiving_address = "alice-bts";
  const std::string address = std::get<metaexchange::DepositDetails>(g.submit(buy)).deposit_address;
  ASSERT_TRUE(std::holds_alternative<std::string>(
      g.deposit(address, (int64_t{1} << 56) + 100'000'000, std::nullopt)));
  const std::string memo = *std::get<metaexchange::DepositDetails>(g.submit(sell_limit(3600))).memo;
  ASSERT_TRUE(std::holds_alternative<std::string>(g.deposit(memo, 100'000'000, std::nullopt)));
  g.advance();
  const auto open = g.open_orders("bitBTC_BTC", {"alice-bts"});
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].status, metaexchange::OrderStatus::kPartialFill);
}

}  // namespace
}  // namespace dealer::sim
