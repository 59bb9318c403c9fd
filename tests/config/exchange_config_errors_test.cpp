// The simulator's config read through config::Node: the example file still reads as before, and each
// mistake is named by file, line, column and key path. Positions are counted by hand in the YAML text.
#include <gtest/gtest.h>

#include "sim/config.h"
#include "support/test_support.h"

namespace dealer::sim {
namespace {

std::string error_of(const std::string& yaml) {
  auto c = parse_exchange_config(yaml, ".");
  return c ? "" : c.error().message;
}

TEST(ExchangeConfig, ExampleFileReadsAsDocumented) {
  auto c = load_exchange_config(::dealer::testing::test_data_path("../../config/exchange.yaml"));
  ASSERT_TRUE(c.ok()) << c.error().message;
  ASSERT_EQ(c->accounts.size(), 2u);
  const AccountConfig& alice = c->accounts[0];
  EXPECT_EQ(alice.name, "alice");
  EXPECT_EQ(alice.rights, (std::vector<std::string>{"get_info", "trade", "merchant"}));
  EXPECT_TRUE(alice.fee_percent.same_text(Decimal(6, 1)));               // "0.6"
  EXPECT_EQ(alice.balances.at(Currency::btc().index()), 1'000'000'000);  // 10 BTC at 1e-8
  EXPECT_EQ(alice.balances.at(Currency::usd().index()), 100'000'000);    // 1000 USD at 1e-5
  EXPECT_EQ(alice.secret.size(), 64u);                                   // base64 of 64 bytes
  EXPECT_EQ(c->market.speed, 60);
  EXPECT_EQ(c->market.fx.size(), 2u);  // EUR and PLN
  EXPECT_TRUE(c->market.liquidity.enabled);
  EXPECT_EQ(c->market.liquidity.amount, 200'000'000);  // "2" BTC
  EXPECT_EQ(c->rate_limits.endpoint.at("order/add").per_second, 200);
  EXPECT_EQ(c->rate_limits.fallback.burst, 2000);
  EXPECT_EQ(c->http.read_timeout_ms, 30'000);
  ASSERT_EQ(c->metaexchange.markets.size(), 2u);
  EXPECT_EQ(c->metaexchange.markets[0].ask, 100'600'000);  // "1.006" at 1e-8
  EXPECT_EQ(c->metaexchange.markets[1].asset_name, "bitUSD");
  EXPECT_FALSE(c->metaexchange.markets[0].asset_name.has_value());
}

TEST(ExchangeConfig, EmptyFileIsAllDefaults) {
  auto c = parse_exchange_config("", ".");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_TRUE(c->accounts.empty());
  EXPECT_EQ(c->ipn_retry_seconds, 1800);
}

TEST(ExchangeConfig, MistakesAreNamedByLineColumnAndKey) {
  const std::string account =
      "accounts:\n"                                      // 1
      "  - name: a\n"                                    // 2
      "    key: 0b5bd1a5-3f16-4a8b-8ae3-3c0b1b4a0d11\n"  // 3
      "    secret: AAAA\n"                               // 4
      "  - name: b\n";                                   // 5
  // Line 6, "    key: 0b5bd1a5-3f16-4a8b-8ae3-3c0b1b4a0d1": value in column 10 (4 spaces, "key: ").
  EXPECT_EQ(
      error_of(account + "    key: 0b5bd1a5-3f16-4a8b-8ae3-3c0b1b4a0d1\n    secret: AAAA\n"),
      "(config text):6:10: accounts[1].key: expected a UUID such as 0b5bd1a5-3f16-4a8b-8ae3-3c0b1b4a0d11");
  // The same key twice: line 6 again.
  EXPECT_EQ(error_of(account + "    key: 0b5bd1a5-3f16-4a8b-8ae3-3c0b1b4a0d11\n    secret: AAAA\n"),
            "(config text):6:10: accounts[1].key: used by two accounts");
  // No secret on the second account: the error points at that account's map, line 5, column 5.
  EXPECT_EQ(error_of(account + "    key: 6c1f0f6e-95c4-4c1e-9d43-5d2a4b7f8e90\n"),
            "(config text):5:5: accounts[1].secret: missing");
  // Line 6, "    fee_percnt: 1": the key in column 5.
  EXPECT_EQ(error_of(account + "    fee_percnt: 1\n")
                .rfind("(config text):6:5: accounts[1].fee_percnt: unknown key", 0),
            0u);

  // Flow style, one line: "faults: {seed: 1, drop_percent: \"101\"}". "faults: {" is 9 characters,
  // "seed: 1, " 9 more, "drop_percent: " 14 more: the value starts in column 33.
  EXPECT_EQ(error_of("faults: {seed: 1, drop_percent: \"101\"}\n"),
            "(config text):1:33: faults.drop_percent: must be 0 to 100");

  const std::string market =
      "market:\n"            // 1
      "  currency: USD\n"    // 2
      "  fx:\n"              // 3
      "    EUR: \"0.76\"\n"  // 4
      "    USD: \"1\"\n";    // 5: the key in column 5
  EXPECT_EQ(error_of(market), "(config text):5:5: market.fx.USD: the market's own currency needs no rate");
  // Line 3 of "market:\n  liquidity:\n    levels: 500\n": value in column 13.
  EXPECT_EQ(error_of("market:\n  liquidity:\n    levels: 500\n"),
            "(config text):3:13: market.liquidity.levels: must be between 1 and 100");
  // A bad currency code as a balance key, line 2: "  - {" is 5 characters, "name: a, " 9 more, the key
  // and its ", " 43 more, "secret: AAAA, " 14 more, "balances: {" 11 more: BTX starts in column 83.
  EXPECT_EQ(
      error_of("accounts:\n  - {name: a, key: 0b5bd1a5-3f16-4a8b-8ae3-3c0b1b4a0d11, secret: AAAA, balances: "
               "{BTX: \"1\"}}\n"),
      "(config text):2:83: accounts[0].balances.BTX: unknown currency 'BTX'");
}

}  // namespace
}  // namespace dealer::sim
