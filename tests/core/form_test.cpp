#include "core/form.h"

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace dealer {
namespace {

TEST(Form, ParsesPlusAndPercentEscapes) {
  auto f = parse_form("nonce=1365779997854917&type=bid&data=x+y%21%2B&empty=&flag");
  ASSERT_TRUE(f.ok());
  const FormFields expected = {
      {"nonce", "1365779997854917"}, {"type", "bid"}, {"data", "x y!+"}, {"empty", ""}, {"flag", ""}};
  EXPECT_EQ(*f, expected);
  EXPECT_EQ(*find_field(*f, "type"), "bid");
  EXPECT_EQ(find_field(*f, "missing"), nullptr);
}

TEST(Form, BrokenEscapesAreErrorsWithTheirOffset) {
  auto f = parse_form("a=1&b=%G1");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, Errc::kParse);
  EXPECT_NE(f.error().message.find("byte 6"), std::string::npos) << f.error().message;
  EXPECT_FALSE(parse_form("a=%4").ok());
  EXPECT_FALSE(parse_form("a=%").ok());
}

TEST(Form, EncodeThenParseRoundTripsAnyBytes) {
  auto rng = testing::seeded_rng();
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 500; ++i) {
    FormFields fields;
    for (int n = 0; n < 1 + i % 4; ++n) {
      std::string name, value;
      for (int k = 0; k < 1 + i % 7; ++k) name += static_cast<char>(byte(rng));
      for (int k = 0; k < i % 13; ++k) value += static_cast<char>(byte(rng));
      fields.emplace_back(name, value);
    }
    auto back = parse_form(encode_form(fields));
    ASSERT_TRUE(back.ok());
    ASSERT_EQ(*back, fields);
  }
  EXPECT_EQ(encode_form({{"a b", "1&2=3"}}), "a%20b=1%262%3D3");
}

}  // namespace
}  // namespace dealer
