#include "core/json_writer.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace dealer {
namespace {

// The JSON string the writer makes of `text`, checked to parse with Boost.JSON, decoded back.
std::string round_trip(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(out, ec);
  EXPECT_FALSE(ec) << "not JSON: " << out;
  return ec ? "" : std::string(parsed.as_string());
}

constexpr std::string_view kReplacement = "\xef\xbf\xbd";  // U+FFFD in UTF-8

TEST(JsonWriter, EscapesQuotesBackslashesAndControlCharacters) {
  std::string out;
  append_json_string(out, std::string_view("a\"},\"x\":{\"\\\n\x01", 13));
  EXPECT_EQ(out, R"("a\"},\"x\":{\"\\\n\u0001")");
}

TEST(JsonWriter, WellFormedUtf8PassesThroughUnchanged) {
  // No-break space (2 bytes), euro sign (3), U+10FFFF, the last code point (4).
  for (std::string_view text : {"55,829.58960346\xc2\xa0(BTC)", "\xe2\x82\xac (EUR)", "\xf4\x8f\xbf\xbf"}) {
    std::string out;
    append_json_string(out, text);
    EXPECT_EQ(out, "\"" + std::string(text) + "\"");
  }
}

TEST(JsonWriter, EachByteThatIsNotWellFormedUtf8BecomesAReplacementCharacter) {
  const std::string r(kReplacement);
  EXPECT_EQ(round_trip("BTC\xff\xfe"), "BTC" + r + r);        // bytes UTF-8 never uses
  EXPECT_EQ(round_trip("x\xe2\x82"), "x" + r + r);            // a sequence cut short
  EXPECT_EQ(round_trip("\xc0\xaf"), r + r);                   // an overlong '/'
  EXPECT_EQ(round_trip("\xed\xa0\x80"), r + r + r);           // a surrogate, U+D800
  EXPECT_EQ(round_trip("\xf4\x90\x80\x80"), r + r + r + r);   // past U+10FFFF
  EXPECT_EQ(round_trip("\x80ok\xc3\xa9"), r + "ok\xc3\xa9");  // a stray continuation, then é
}

}  // namespace
}  // namespace dealer
