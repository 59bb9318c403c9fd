#include "strategies/risk_params.h"

#include <gtest/gtest.h>

namespace dealer::strategies {
namespace {

Result<engine::RiskLimits> parse(std::string_view yaml) {
  return config::parse(yaml, "bot.yaml",
                       [](const config::Node& root) { return parse_risk_limits(root["risk"]); });
}

TEST(RiskParams, ParsesEveryKeyExactly) {
  auto limits = parse(R"(risk: {max_order_amount: "5", max_open_orders: 10, max_position: "20.5",
  max_orders_per_minute: 30, min_balance: {USD: "100", BTC: "0.5"}, max_drawdown_percent: "12.5",
  max_consecutive_errors: 5})");
  ASSERT_TRUE(limits.ok()) << limits.error().describe();
  EXPECT_EQ(limits->max_order_amount, Amount(500'000'000));  // 5 BTC in 1e-8 units
  EXPECT_EQ(limits->max_open_orders, 10);
  EXPECT_EQ(limits->max_position, Amount(2'050'000'000));
  EXPECT_EQ(limits->max_orders_per_minute, 30);
  EXPECT_EQ(limits->min_balance[Currency::usd().index()], 10'000'000);  // 100 USD in 1e-5 units
  EXPECT_EQ(limits->min_balance[Currency::btc().index()], 50'000'000);
  EXPECT_EQ(limits->max_drawdown_percent, Decimal(125, 1));
  EXPECT_EQ(limits->max_consecutive_errors, 5);
}

TEST(RiskParams, TheIssueExampleAndAnAbsentBlock) {
  auto limits = parse(R"(risk: {max_order_amount: "5", max_open_orders: 10})");
  ASSERT_TRUE(limits.ok());
  EXPECT_EQ(limits->max_order_amount, Amount(500'000'000));
  EXPECT_FALSE(limits->max_position.has_value());
  EXPECT_FALSE(limits->max_drawdown_percent.has_value());
  auto none = parse("store: {path: x}");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->max_order_amount.has_value());
}

// The price collar is on unless configured otherwise, with or without a risk block (issue 18 case 3).
TEST(RiskParams, ThePriceCollarIsOnByDefault) {
  auto none = parse("store: {path: x}");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->max_price_deviation_percent, Decimal(5, 0));
  auto other = parse(R"(risk: {max_open_orders: 10})");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->max_price_deviation_percent, Decimal(5, 0));
  auto set = parse(R"(risk: {max_price_deviation_percent: "2.5"})");
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->max_price_deviation_percent, Decimal(25, 1));
  auto zero = parse(R"(risk: {max_price_deviation_percent: "0"})");
  ASSERT_FALSE(zero.ok());
  EXPECT_NE(zero.error().message.find("risk.max_price_deviation_percent: expected a percentage above 0"),
            std::string::npos)
      << zero.error().message;
}

TEST(RiskParams, ErrorsNameTheFileKeyAndPosition) {
  auto message = [](std::string_view yaml) {
    auto limits = parse(yaml);
    EXPECT_FALSE(limits.ok()) << yaml;
    return limits.ok() ? std::string() : limits.error().message;
  };
  // Column 31: "risk: {" is 1-7, max_order_amount 8-23, ":" 24, space 25, "\"5\"" 26-28, "," 29,
  // space 30.
  EXPECT_EQ(message("risk: {max_order_amount: \"5\", max_orders: 3}")
                .rfind("bot.yaml:1:31: risk.max_orders: unknown key", 0),
            0u);
  EXPECT_NE(message("risk: {max_order_amount: \"0\"}").find("risk.max_order_amount: must be positive"),
            std::string::npos);
  EXPECT_NE(message("risk: {max_order_amount: \"1.000000001\"}").find("at most 8 decimals"),
            std::string::npos);
  EXPECT_NE(message("risk: {max_open_orders: 0}").find("risk.max_open_orders: must be between 1"),
            std::string::npos);
  EXPECT_NE(message("risk: {min_balance: {XYZ: \"1\"}}").find("risk.min_balance.XYZ"), std::string::npos);
  EXPECT_NE(
      message("risk: {min_balance: {USD: \"-1\"}}").find("risk.min_balance.USD: expected a non-negative"),
      std::string::npos);
  EXPECT_NE(message("risk: {max_drawdown_percent: \"101\"}").find("risk.max_drawdown_percent"),
            std::string::npos);
}

}  // namespace
}  // namespace dealer::strategies
