#include "core/decimal.h"

#include <gtest/gtest.h>

namespace dealer {
namespace {

TEST(Decimal, ParsesExchangeStringsExactly) {
  struct Case {
    const char* text;
    int64_t mantissa;
    int scale;
  } cases[] = {{"5.5594", 55594, 4},         {"0.000035", 35, 6},   {"42.00000000", 4200000000, 8},
               {"114", 114, 0},              {"-0.5", -5, 1},       {"0", 0, 0},
               {"007.10", 710, 2},           {"5.561119626", 5561119626, 9}};
  for (const auto& c : cases) {
    auto d = Decimal::parse(c.text);
    ASSERT_TRUE(d.ok()) << c.text << ": " << d.error().message;
    EXPECT_EQ(d->mantissa(), c.mantissa) << c.text;
    EXPECT_EQ(d->scale(), c.scale) << c.text;
  }
}

TEST(Decimal, KeepsTheDigitsItWasWrittenWith) {
  for (const char* text : {"42.00000000", "5.4145", "0.000035", "-3.10", "114", "0.0"}) {
    auto d = Decimal::parse(text);
    ASSERT_TRUE(d.ok()) << text;
    EXPECT_EQ(d->to_string(), text);
  }
}

TEST(Decimal, RejectsMalformedStringsWithParseError) {
  for (const char* text : {"1e5", "--1", "1.2.3", "", ".5", "1.", "+1", " 1", "1 ", "0x10", "1,5", "-", "abc",
                           "1..2", "\xd9\xa1"}) {
    auto d = Decimal::parse(text);
    ASSERT_FALSE(d.ok()) << "accepted '" << text << "'";
    EXPECT_EQ(d.error().code, Errc::kParse) << text;
    EXPECT_NE(d.error().message.find("not a decimal number"), std::string::npos) << d.error().message;
  }
}

TEST(Decimal, TwentyOneDigitsOverflow) {
  auto d = Decimal::parse("123456789012345678901");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, Errc::kOverflow);
  auto f = Decimal::parse("1234567890.12345678901");  // 21 digits across the point
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, Errc::kOverflow);
}

TEST(Decimal, MoreThanEighteenDecimalPlacesIsAnError) {
  EXPECT_FALSE(Decimal::parse("0.0000000000000000001").ok());
  EXPECT_TRUE(Decimal::parse("0.000000000000000001").ok());
}

TEST(Decimal, Int64LimitsAreExact) {
  EXPECT_EQ(parse_int64("9223372036854775807").value(), INT64_MAX);
  EXPECT_EQ(parse_int64("-9223372036854775808").value(), INT64_MIN);
  EXPECT_EQ(parse_int64("9223372036854775808").error().code, Errc::kOverflow);
  EXPECT_EQ(parse_int64("-9223372036854775809").error().code, Errc::kOverflow);
  EXPECT_EQ(parse_int64("").error().code, Errc::kParse);
  EXPECT_EQ(parse_int64("-").error().code, Errc::kParse);
  EXPECT_EQ(parse_int64("12a").error().code, Errc::kParse);
  EXPECT_EQ(Decimal(INT64_MIN, 0).to_string(), "-9223372036854775808");
  EXPECT_EQ(Decimal(INT64_MIN, 18).to_string(), "-9.223372036854775808");
}

// Regression (issue 8): a scale past the power table used to be accepted and read out of bounds later.
TEST(Decimal, RejectsScalesItCannotHandle) {
  EXPECT_THROW(Decimal(1, 19), std::out_of_range);
  EXPECT_THROW(Decimal(1, -1), std::out_of_range);
  EXPECT_EQ(Decimal(1, 18).to_string(), "0.000000000000000001");
  EXPECT_EQ(Decimal(5, 0).to_units(19).error().code, Errc::kInvalidArgument);
  EXPECT_EQ(Decimal(5, 0).to_units(-1).error().code, Errc::kInvalidArgument);
  EXPECT_THROW(pow10(19), std::out_of_range);
}

TEST(Decimal, NarrowingA128BitValueIsChecked) {
  EXPECT_EQ(to_int64(static_cast<Int128>(INT64_MAX), "x").value(), INT64_MAX);
  EXPECT_EQ(to_int64(static_cast<Int128>(INT64_MAX) + 1, "x").error().code, Errc::kOverflow);
  EXPECT_EQ(to_int64(static_cast<Int128>(INT64_MIN) - 1, "x").error().code, Errc::kOverflow);
  EXPECT_THROW(divide_rounded(static_cast<Int128>(INT64_MAX) * 4, 2), MoneyOverflow);
  // 10^20 / 10^20 = 1 (powers past the int64 table work); 10^38 rounded away at 39 digits is 0.
  const Int128 e20 = static_cast<Int128>(pow10(18)) * 100;
  EXPECT_EQ(divide_pow10_rounded(e20, 20), 1);
  // 10^38 as 10^20 * 10^18: e20 * e20 first would be 10^40, past 128 bits (UB, caught by UBSan).
  EXPECT_EQ(divide_pow10_rounded(e20 * (e20 / 100), 39), 0);
}

TEST(Decimal, ParsesJsonNumbersIncludingExponents) {
  struct Case {
    const char* text;
    int64_t mantissa;
    int scale;
  } cases[] = {{"114", 114, 0},        {"0.43936758", 43936758, 8}, {"4.165e-05", 4165, 8},
               {"1.0e-5", 10, 6},      {"6.44e-5", 644, 7},         {"1E2", 100, 0},
               {"2.5e+1", 25, 0},      {"-0", 0, 0},                {"25560529.03", 2556052903, 2}};
  for (const auto& c : cases) {
    auto d = Decimal::parse_json_number(c.text);
    ASSERT_TRUE(d.ok()) << c.text << ": " << d.error().message;
    EXPECT_EQ(d->mantissa(), c.mantissa) << c.text;
    EXPECT_EQ(d->scale(), c.scale) << c.text;
  }
  for (const char* bad : {"01", "1.", ".5", "1e", "+1", "1e+", "--1", "", "1e99999"}) {
    EXPECT_FALSE(Decimal::parse_json_number(bad).ok()) << bad;
  }
}

TEST(Decimal, ConvertsToUnitsExactlyOrSaysWhy) {
  EXPECT_EQ(Decimal::parse("5.5594")->to_units(5).value(), 555940);
  EXPECT_EQ(Decimal::parse("114")->to_units(8).value(), 11400000000);
  auto lossy = Decimal::parse("0.000000001")->to_units(8);
  ASSERT_FALSE(lossy.ok());
  EXPECT_EQ(lossy.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(Decimal::parse("100000000000")->to_units(8).error().code, Errc::kOverflow);
}

TEST(Decimal, RoundsHalfAwayFromZero) {
  // MtGox's own ticker: avg "5.561119626" was published with value_int 556112.
  EXPECT_EQ(Decimal::parse("5.561119626")->to_units_rounded(5).value(), 556112);
  EXPECT_EQ(Decimal::parse("0.000005")->to_units_rounded(5).value(), 1);
  EXPECT_EQ(Decimal::parse("-0.000005")->to_units_rounded(5).value(), -1);
  EXPECT_EQ(Decimal::parse("0.0000049999")->to_units_rounded(5).value(), 0);
  EXPECT_EQ(Decimal::parse("-0.0000049999")->to_units_rounded(5).value(), 0);
  EXPECT_EQ(Decimal::parse("2.5")->to_units_rounded(0).value(), 3);
  EXPECT_EQ(Decimal::parse("-2.5")->to_units_rounded(0).value(), -3);
}

TEST(Decimal, ComparesByValueNotByText) {
  EXPECT_EQ(*Decimal::parse("1.50"), *Decimal::parse("1.5"));
  EXPECT_FALSE(Decimal::parse("1.50")->same_text(*Decimal::parse("1.5")));
  EXPECT_LT(*Decimal::parse("0.000035"), *Decimal::parse("0.00004"));
  EXPECT_GT(*Decimal::parse("-0.1"), *Decimal::parse("-0.11"));
  EXPECT_EQ(Decimal::parse("1.500")->normalized().to_string(), "1.5");
  EXPECT_EQ(Decimal::parse("2.00")->normalized().to_string(), "2");
  EXPECT_EQ(Decimal::parse("0.000")->normalized().to_string(), "0");
}

}  // namespace
}  // namespace dealer
