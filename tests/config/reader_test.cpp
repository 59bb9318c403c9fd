// config::Node: typed values, and errors that name file, line, column and key path. Every position
// below is counted by hand in the YAML text next to it (lines and columns from 1, as editors show them).
#include "config/reader.h"

#include <gtest/gtest.h>

#include <fstream>

namespace dealer::config {
namespace {

using std::chrono::milliseconds;
using namespace std::chrono_literals;

// The error message of building from `yaml` (named t.yaml) with `build`, or "" if it succeeded.
template <class Build>
std::string error_of(const std::string& yaml, Build build) {
  auto r = parse(yaml, "t.yaml", [&](const Node& root) {
    build(root);
    return 0;
  });
  if (r) return "";
  EXPECT_EQ(r.error().code, Errc::kConfig);
  return r.error().message;
}

TEST(ConfigReader, ReadsTypedValues) {
  const std::string yaml =
      "name: bot\n"
      "enabled: true\n"
      "orders: 12\n"
      "fee: \"0.6\"\n"
      "amount: \"10.5\"\n"
      "currency: EUR\n"
      "poll: 2m\n"
      "tags: [a, b]\n"
      "balances: {BTC: \"1\", USD: \"2.5\"}\n";
  struct Read {
    std::string name;
    bool enabled;
    int64_t orders, amount;
    Decimal fee;
    Currency currency;
    milliseconds poll;
    std::vector<std::string> tags, balance_keys;
    std::vector<int64_t> balance_units;
  };
  auto r = parse(yaml, "t.yaml", [](const Node& root) {
    root.allow_keys({"name", "enabled", "orders", "fee", "amount", "currency", "poll", "tags", "balances"});
    Read x;
    x.name = root["name"].string();
    x.enabled = root["enabled"].boolean();
    x.orders = root["orders"].integer(0, 100);
    x.amount = root["amount"].units(8);
    x.fee = root["fee"].decimal();
    x.currency = root["currency"].currency();
    x.poll = root["poll"].duration(1s, 1h);
    for (const Node& t : root["tags"].list()) x.tags.push_back(t.string());
    for (const auto& [k, v] : root["balances"].entries()) {
      x.balance_keys.push_back(k.string());
      x.balance_units.push_back(v.units(k.currency().decimals()));
    }
    return x;
  });
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->name, "bot");
  EXPECT_TRUE(r->enabled);
  EXPECT_EQ(r->orders, 12);
  EXPECT_EQ(r->amount, 1'050'000'000);  // 10.5 BTC in units of 1e-8
  EXPECT_TRUE(r->fee.same_text(Decimal(6, 1)));
  EXPECT_EQ(r->currency.code(), "EUR");
  EXPECT_EQ(r->poll, 120'000ms);  // 2 minutes
  EXPECT_EQ(r->tags, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r->balance_keys, (std::vector<std::string>{"BTC", "USD"}));       // in file order
  EXPECT_EQ(r->balance_units, (std::vector<int64_t>{100'000'000, 250'000}));  // 1 BTC; 2.5 USD at 1e-5
}

TEST(ConfigReader, AbsentKeysTakeTheFallbackOrAreMissing) {
  auto r = parse("a: 1\n", "t.yaml", [](const Node& root) {
    EXPECT_FALSE(root["b"]);
    EXPECT_TRUE(root["a"]);
    EXPECT_TRUE(root["b"].list().empty());
    EXPECT_TRUE(root["b"].entries().empty());
    return root["b"].integer(0, 10, 7) + root["a"].integer(0, 10, 7);  // 7 (fallback) + 1 (present)
  });
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, 8);
  // A missing key points at its parent: here the root map, which starts at line 1, column 1.
  EXPECT_EQ(error_of("a: 1\n", [](const Node& root) { root["b"].string(); }), "t.yaml:1:1: b: missing");
  // An empty file is an empty map, at line 1, column 1: an error names file, line and key like any
  // other (fuzz/config found that it named the file alone).
  EXPECT_EQ(error_of("", [](const Node& root) { root.allow_keys({"a"}); }), "");
  EXPECT_EQ(error_of("", [](const Node& root) { root["a"].boolean(); }), "t.yaml:1:1: a: missing");
  EXPECT_EQ(error_of("# only a comment\n", [](const Node& root) { root["a"].boolean(); }), "t.yaml:1:1: a: missing");
}

TEST(ConfigReader, WrongValueNamesLineColumnAndPath) {
  const std::string yaml =
      "server:\n"               // 1
      "  port: 80\n"            // 2
      "  hosts:\n"              // 3
      "    - name: a\n"         // 4
      "      weight: 1\n"       // 5
      "    - name: b\n"         // 6
      "      weight: heavy\n";  // 7: 6 spaces and "weight: " put the value in column 15
  EXPECT_EQ(error_of(yaml,
                     [](const Node& root) {
                       for (const Node& h : root["server"]["hosts"].list()) h["weight"].integer(0, 9);
                     }),
            "t.yaml:7:15: server.hosts[1].weight: 'heavy' is not a decimal number: unexpected character");
  // Line 2: "  port: 80", the value in column 9.
  EXPECT_EQ(error_of(yaml, [](const Node& root) { root["server"]["port"].integer(1024, 65535); }),
            "t.yaml:2:9: server.port: must be between 1024 and 65535");
  // A check of the caller's own, at the node it concerns: line 6, "    - name: b", value in column 13.
  EXPECT_EQ(error_of(yaml, [](const Node& root) { root["server"]["hosts"].list()[1]["name"].fail("taken"); }),
            "t.yaml:6:13: server.hosts[1].name: taken");
}

TEST(ConfigReader, FlowStylePositions) {
  // "limits: {a: 1, b: x}": "limits: {" is 9 characters, "a: 1, " 6 more, "b: " 3 more: x is in column 19.
  EXPECT_EQ(error_of("limits: {a: 1, b: x}\n", [](const Node& root) { root["limits"]["b"].integer(0, 9); }),
            "t.yaml:1:19: limits.b: 'x' is not a decimal number: unexpected character");
  // "balances: {XYZ: 1}": "balances: {" is 11 characters, so the key XYZ starts in column 12.
  EXPECT_EQ(error_of("balances: {XYZ: 1}\n",
                     [](const Node& root) {
                       for (const auto& [k, v] : root["balances"].entries()) k.currency();
                     }),
            "t.yaml:1:12: balances.XYZ: unknown currency 'XYZ'");
}

TEST(ConfigReader, UnknownKeyIsNamedWithThoseAllowed) {
  const std::string yaml =
      "market:\n"
      "  currency: USD\n"
      "  sped: 3\n";  // line 3, the key in column 3
  EXPECT_EQ(error_of(yaml,
                     [](const Node& root) {
                       root["market"].allow_keys({"currency", "speed"});
                     }),
            "t.yaml:3:3: market.sped: unknown key (known here: currency, speed)");
}

// yaml-cpp marks a null value at the next token, here line 3; the error must point at the key instead.
TEST(ConfigReader, ValueLeftEmptyPointsAtItsKey) {
  const std::string yaml =
      "a: 1\n"
      "b:\n"  // line 2, column 1
      "c: 3\n";
  EXPECT_EQ(error_of(yaml, [](const Node& root) { root["b"].integer(0, 9); }), "t.yaml:2:1: b: has no value");
  // As a section, an empty value is an empty map or list.
  EXPECT_EQ(error_of(yaml, [](const Node& root) { root["b"].allow_keys({}); }), "");
}

// yaml-cpp keeps both entries of a repeated key; neither may silently win.
TEST(ConfigReader, KeyGivenTwiceIsAnError) {
  const std::string yaml =
      "seed: 1\n"
      "seed: 2\n";  // the second, line 2, column 1
  EXPECT_EQ(error_of(yaml, [](const Node& root) { root["seed"].integer(0, 9); }),
            "t.yaml:2:1: seed: given twice");
  EXPECT_EQ(error_of(yaml, [](const Node& root) { root.allow_keys({"seed"}); }),
            "t.yaml:2:1: seed: given twice");
}

TEST(ConfigReader, WrongShapes) {
  const std::string yaml =
      "s: text\n"     // 1: value in column 4
      "m: {k: v}\n"   // 2: value in column 4
      "flag: yes\n";  // 3: value in column 7
  EXPECT_EQ(error_of(yaml, [](const Node& root) { root["s"].list(); }), "t.yaml:1:4: s: expected a list");
  EXPECT_EQ(error_of(yaml, [](const Node& root) { root["s"]["k"]; }), "t.yaml:1:4: s: expected a mapping");
  EXPECT_EQ(error_of(yaml, [](const Node& root) { root["m"].string(); }),
            "t.yaml:2:4: m: expected a single value, not a list or mapping");
  // YAML 1.1 reads "yes" as true and "no" as false (Norway's code, NO); only true and false are accepted.
  EXPECT_EQ(error_of(yaml, [](const Node& root) { root["flag"].boolean(); }),
            "t.yaml:3:7: flag: expected true or false");
}

TEST(ConfigReader, MoneyTextIsExact) {
  const auto units_error = [](const std::string& text) {
    return error_of("x: \"" + text + "\"\n", [](const Node& root) { root["x"].units(8); });
  };
  const std::string expected = "t.yaml:1:4: x: expected a non-negative number with at most 8 decimals";
  EXPECT_EQ(units_error("0.123456789"), expected);  // 9 decimals would lose a digit
  EXPECT_EQ(units_error("-1"), expected);
  EXPECT_EQ(units_error("92233720368.5477581"), expected);  // INT64_MAX + 3 units once scaled to 8 decimals
  // Past int64 already as text: the decimal parser says so.
  EXPECT_EQ(units_error("92233720368.54775808"),
            "t.yaml:1:4: x: '92233720368.54775808' does not fit a 64-bit money value");
  EXPECT_EQ(units_error("1e5"), "t.yaml:1:4: x: '1e5' is not a decimal number: unexpected character");
  EXPECT_EQ(units_error("92233720368.54775807"), "");  // INT64_MAX units exactly
}

TEST(ConfigReader, DurationsNeedAUnitAndStayInRange) {
  const auto duration_of = [](const std::string& text) {
    return parse("d: " + text + "\n", "t.yaml", [](const Node& root) { return root["d"].duration(1s, 1h); });
  };
  const std::pair<const char*, milliseconds> good[] = {
      {"1000ms", 1'000ms}, {"30s", 30'000ms}, {"5m", 300'000ms}, {"1h", 3'600'000ms}};
  for (const auto& [text, ms] : good) EXPECT_EQ(*duration_of(text), ms) << text;
  for (const char* bad : {"30", "s", "1.5s", "-1s", "30 s", "2w"})
    EXPECT_EQ(duration_of(bad).error().message,
              "t.yaml:1:4: d: expected a whole number and a unit (ms, s, m, h or d), e.g. 30s")
        << bad;
  EXPECT_EQ(duration_of("61m").error().message, "t.yaml:1:4: d: must be between 1s and 1h");
  EXPECT_EQ(duration_of("999ms").error().message, "t.yaml:1:4: d: must be between 1s and 1h");
  // 2e11 days is 1.7e19 ms, past INT64_MAX: a range error, never a wrapped number.
  EXPECT_EQ(duration_of("200000000000d").error().message, "t.yaml:1:4: d: must be between 1s and 1h");
}

TEST(ConfigReader, InvalidYamlIsAConfigErrorNamingTheFile) {
  const std::string message = error_of("a: [1, 2\nb: 3\n", [](const Node&) {});
  EXPECT_EQ(message.rfind("t.yaml:", 0), 0u) << message;
  EXPECT_NE(message.find("not valid YAML"), std::string::npos) << message;
}

TEST(ConfigReader, LoadNamesThePath) {
  const std::string path = ::testing::TempDir() + "/reader-test.yaml";
  std::ofstream(path) << "x: 1\ny: oops\n";  // line 2, value in column 4
  auto r = load(path, [](const Node& root) { return root["y"].integer(0, 9); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, path + ":2:4: y: 'oops' is not a decimal number: unexpected character");
  auto missing = load(path + ".absent", [](const Node&) { return 0; });
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "cannot read config file '" + path + ".absent'");
}

}  // namespace
}  // namespace dealer::config
