#include "core/json_reader.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/json_binding.h"
#include "core/json_writer.h"
#include "support/test_support.h"

namespace dealer {
namespace {

std::string parse_error(std::string_view text) {
  auto r = read_json_text(text, [](JsonReader& r) {
    r.skip();
    return true;
  });
  return r.ok() ? std::string() : r.error().message;
}

TEST(JsonReader, WalksObjectsArraysAndScalars) {
  JsonReader r(R"( {"a": [1, -2.5e3, "x"], "b": {"c": true, "d": null}, "e": false} )");
  r.begin_object();
  ASSERT_TRUE(r.next_key());
  EXPECT_EQ(r.key(), "a");
  r.begin_array();
  ASSERT_TRUE(r.next_element());
  EXPECT_EQ(r.number(), "1");
  ASSERT_TRUE(r.next_element());
  EXPECT_EQ(r.number(), "-2.5e3");
  ASSERT_TRUE(r.next_element());
  EXPECT_EQ(r.string(), "x");
  EXPECT_FALSE(r.next_element());
  ASSERT_TRUE(r.next_key());
  EXPECT_EQ(r.key(), "b");
  r.begin_object();
  ASSERT_TRUE(r.next_key());
  EXPECT_TRUE(r.boolean());
  ASSERT_TRUE(r.next_key());
  EXPECT_TRUE(r.null_if_present());
  EXPECT_FALSE(r.next_key());
  ASSERT_TRUE(r.next_key());
  EXPECT_EQ(r.key(), "e");
  EXPECT_FALSE(r.boolean());
  EXPECT_FALSE(r.next_key());
  r.expect_end();
}

TEST(JsonReader, UnescapesStringsToUtf8) {
  JsonReader r(R"(["a\"b\\c\/d\n", "55\u00a0BTC", "\ud83d\ude00", "\u20ac"])");
  r.begin_array();
  r.next_element();
  EXPECT_EQ(r.string(), "a\"b\\c/d\n");
  r.next_element();
  EXPECT_EQ(r.string(), "55\xc2\xa0" "BTC");
  r.next_element();
  EXPECT_EQ(r.string(), "\xf0\x9f\x98\x80");
  r.next_element();
  EXPECT_EQ(r.string(), "\xe2\x82\xac");
}

TEST(JsonReader, ErrorsNameThePathAndByteOffset) {
  const std::string msg = parse_error(R"({"return":{"asks":[{"price":1},{"price":tru}]}})");
  EXPECT_NE(msg.find("return.asks[1].price"), std::string::npos) << msg;
  EXPECT_NE(msg.find("byte 40"), std::string::npos) << msg;
}

TEST(JsonReader, RejectsMalformedDocuments) {
  for (const char* bad : {"", "{", "[1,]", "{\"a\" 1}", "\"abc", "{\"a\":1}x", "nul", "01", "[1 2]",
                          "{\"a\":1,}", "{,}", "[\"\\x\"]", "[\"\\ud800\"]", "[\"\\udc00\"]", "[\"a\nb\"]",
                          "{\"a\":-}", "[.5]", "[1.]", "\"\\u12\"", "{1:2}", "[true false]"}) {
    EXPECT_FALSE(parse_error(bad).empty()) << "accepted: " << bad;
  }
}

// Found by fuzz/json_reader: bytes that are not UTF-8 passed through strings and keys, and the writer
// then turned them into U+FFFD, so a text did not survive a read-write round trip. RFC 8259 8.1: JSON
// text is UTF-8. Ill-formed sequences, raw and after an escape, in a value and in a key: a lone
// continuation byte, an overlong '/', a UTF-16 surrogate, a code point past U+10FFFF, a truncated euro.
TEST(JsonReader, RejectsStringsThatAreNotUtf8) {
  for (const std::string bad : {"\x80", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\xff"}) {
    for (const std::string& doc : {"[\"" + bad + "\"]", "[\"\\n" + bad + "\"]", "{\"" + bad + "\":1}"}) {
      const std::string msg = parse_error(doc);
      EXPECT_NE(msg.find("not valid UTF-8"), std::string::npos) << "accepted: " << doc;
      EXPECT_NE(msg.find("byte " + std::to_string(doc.find(bad))), std::string::npos) << msg;
    }
  }
  EXPECT_EQ(parse_error("[\"\xc2\xa0\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf\"]"), "");
}

// Random bytes inside a string, judged by Boost.JSON (which validates UTF-8 independently).
TEST(JsonReader, AgreesWithBoostJsonOnRandomBytesInStrings) {
  auto rng = testing::seeded_rng();
  std::uniform_int_distribution<int> byte(0x20, 0xff), length(1, 6);
  for (int i = 0; i < 5000; ++i) {
    std::string doc = "[\"";
    for (int n = length(rng); n > 0; --n) {
      const char c = static_cast<char>(byte(rng));
      if (c != '"' && c != '\\') doc += c;
    }
    doc += "\"]";
    boost::system::error_code ec;
    boost::json::parse(doc, ec);
    ASSERT_EQ(!ec, parse_error(doc).empty()) << "boost: " << (ec ? ec.message() : "ok") << "\n" << doc;
  }
}

// Found by fuzz/json_reader (ASan heap-use-after-free): an error inside a key with escapes, after a
// key with escapes in the same object, named the previous key through a view of a buffer being rewritten.
TEST(JsonReader, AnErrorInsideAnEscapedKeyAfterAnotherIsReportedSafely) {
  const std::string msg = parse_error(R"({"a\u00e9 long enough to live on the heap":1,"b\u00e9\ud83d\u0041":2})");
  EXPECT_NE(msg.find("bad surrogate pair"), std::string::npos) << msg;
}

TEST(JsonReader, LimitsNestingDepth) {
  const std::string deep(100, '[');
  EXPECT_NE(parse_error(deep).find("nesting"), std::string::npos);
  const std::string ok = std::string(60, '[') + std::string(60, ']');
  EXPECT_EQ(parse_error(ok), "");
}

TEST(JsonReader, AgreesWithBoostJsonOnRandomlyDamagedDocuments) {
  // Boost.JSON is the independent judge of validity; the damage here is ASCII (UTF-8 has its own test).
  const std::string original = testing::read_test_file("mtgox/orders.json");
  auto rng = testing::seeded_rng();
  const std::string alphabet = "{}[]\",:0123456789.-eE+ tfnrua\\/";
  std::uniform_int_distribution<size_t> pos(0, original.size() - 1);
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  for (int i = 0; i < 3000; ++i) {
    std::string doc = original;
    const int edits = 1 + i % 3;
    for (int e = 0; e < edits; ++e) {
      const size_t at = pos(rng) % doc.size();
      switch ((i + e) % 3) {
        case 0: doc[at] = alphabet[pick(rng)]; break;
        case 1: doc.erase(at, 1); break;
        default: doc.insert(at, 1, alphabet[pick(rng)]);
      }
    }
    boost::system::error_code ec;
    boost::json::parse(doc, ec);
    const std::string ours = parse_error(doc);
    ASSERT_EQ(!ec, ours.empty()) << "boost: " << (ec ? ec.message() : "ok") << ", dealer: " << ours << "\n" << doc;
  }
}

TEST(JsonWriter, EscapesAndSeparates) {
  JsonWriter w;
  w.begin_object();
  w.key("s");
  w.string("q\"b\\\n\x01\xc2\xa0");
  w.key("a");
  w.begin_array();
  w.integer(-5);
  w.number(Decimal(4165, 8));
  w.boolean(true);
  w.null();
  w.begin_object();
  w.end_object();
  w.end_array();
  w.end_object();
  EXPECT_EQ(w.str(), "{\"s\":\"q\\\"b\\\\\\n\\u0001\xc2\xa0\",\"a\":[-5,0.00004165,true,null,{}]}");
}

}  // namespace
}  // namespace dealer
