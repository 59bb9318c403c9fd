#include "strategies/risk_params.h"

#include <gtest/gtest.h>

namespace dealer::strategies {
namespace {

TEST(RiskParams, ParsesEveryKeyExactly) {
  auto limits = parse_risk_limits(YAML::Load(R"({max_order_amount: "5", max_open_orders: 10,
    max_position: "20.5", max_orders_per_minute: 30, min_balance: {USD: "100", BTC: "0.5"},
    max_drawdown_percent: "12.5", max_consecutive_errors: 5})"));
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
  auto limits = parse_risk_limits(YAML::Load(R"({max_order_amount: "5", max_open_orders: 10})"));
  ASSERT_TRUE(limits.ok());
  EXPECT_FALSE(limits->max_position.has_value());
  EXPECT_FALSE(limits->max_drawdown_percent.has_value());
  auto none = parse_risk_limits(YAML::Node());
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->max_order_amount.has_value());
}

TEST(RiskParams, ErrorsNameTheKeyAndPosition) {
  auto message = [](const char* yaml) {
    auto limits = parse_risk_limits(YAML::Load(yaml));
    EXPECT_FALSE(limits.ok()) << yaml;
    return limits.ok() ? std::string() : limits.error().message;
  };
  // Column 25: "{" is 1, max_order_amount 2-17, ":" 18, space 19, "\"5\"" 20-22, "," 23, space 24.
  EXPECT_EQ(message("{max_order_amount: \"5\", max_orders: 3}"),
            "1:25: risk.max_orders: unknown key (known: "
            "max_order_amount, max_open_orders, max_position, "
            "max_orders_per_minute, min_balance, "
            "max_drawdown_percent, max_consecutive_errors)");
  EXPECT_NE(message("{max_order_amount: \"0\"}").find("risk.max_order_amount: must be positive"),
            std::string::npos);
  EXPECT_NE(message("{max_order_amount: \"1.000000001\"}").find("at most 8 digits"), std::string::npos);
  EXPECT_NE(message("{max_open_orders: 2.5}").find("risk.max_open_orders: expected a positive whole number"),
            std::string::npos);
  EXPECT_NE(message("{min_balance: {XYZ: \"1\"}}").find("risk.min_balance.XYZ"), std::string::npos);
  EXPECT_NE(message("{min_balance: {USD: \"-1\"}}").find("risk.min_balance.USD: must not be negative"),
            std::string::npos);
  EXPECT_NE(message("{max_drawdown_percent: \"101\"}").find("risk.max_drawdown_percent"), std::string::npos);
}

}  // namespace
}  // namespace dealer::strategies
