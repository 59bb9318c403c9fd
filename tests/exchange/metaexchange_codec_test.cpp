#include "exchange/metaexchange/codec.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>

#include "support/test_support.h"

namespace dealer::metaexchange {
namespace {

using testing::json_equal;
using testing::read_test_file;

template <class T>
::testing::AssertionResult round_trips(const std::string& file) {
  const std::string original = read_test_file(file);
  auto decoded = decode_response<T>(original);
  if (!decoded) return ::testing::AssertionFailure() << file << ": " << decoded.error().describe();
  return json_equal(original, encode_response(*decoded)) << " in " << file;
}

using Check = std::function<::testing::AssertionResult(const std::string&)>;

// Each "Results:" example of the seed document (extracted by tests/data/extract_seed_examples.py).
const std::map<std::string, Check>& seed_examples() {
  static const std::map<std::string, Check> kExamples = {
      {"seed-v1-submitAddress.json", round_trips<DepositDetails>},
      {"seed-v1-getOrderStatus.json", round_trips<Transaction>},
      {"seed-v1-getMarket.json", round_trips<Market>},
      {"seed-v1-getAllMarkets.json", round_trips<std::vector<Market>>},
      {"seed-v1-getLastTransactions.json", round_trips<std::vector<Transaction>>},
      {"seed-v1-getMyLastTransactions.json", round_trips<std::vector<Transaction>>},
      {"seed-v2-getQuote.json", round_trips<Quote>},
      {"seed-v2-getMyLastTransactions.json", round_trips<std::vector<Transaction>>},
      {"seed-v2-getMyOpenOrders.json", round_trips<std::vector<OpenOrder>>},
      {"seed-v2-getOrderbook.json", round_trips<OrderBook>},
      {"seed-v2-getOrderStatus.json", round_trips<std::vector<Transaction>>},
  };
  return kExamples;
}

TEST(MetaexchangeCodec, EverySeedExampleRoundTripsFieldForField) {
  for (const auto& [name, check] : seed_examples()) EXPECT_TRUE(check("metaexchange/" + name));
}

TEST(MetaexchangeCodec, EverySeedExampleIsCovered) {
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(testing::test_data_path("metaexchange"))) {
    ++files;
    EXPECT_TRUE(seed_examples().contains(entry.path().filename().string())) << entry.path();
  }
  // The seed document has eleven "Results:" examples.
  EXPECT_EQ(files, 11u);
}

TEST(MetaexchangeCodec, DecodesMarketFieldsExactly) {
  auto m = decode_response<Market>(read_test_file("metaexchange/seed-v1-getMarket.json"));
  ASSERT_TRUE(m.ok()) << m.error().describe();
  EXPECT_EQ(m->symbol_pair, "bitBTC_BTC");
  EXPECT_EQ(m->ask, Decimal(1006, 3));
  EXPECT_EQ(m->bid_max, Decimal(8, 1));
  EXPECT_FALSE(m->has_orderbook);
  EXPECT_FALSE(m->asset_name.has_value());
  EXPECT_EQ(m->asset_type, "none");
}

TEST(MetaexchangeCodec, DecodesOpenOrdersAndBook) {
  auto o = decode_response<std::vector<OpenOrder>>(read_test_file("metaexchange/seed-v2-getMyOpenOrders.json"));
  ASSERT_TRUE(o.ok()) << o.error().describe();
  ASSERT_EQ(o->size(), 1u);
  EXPECT_EQ((*o)[0].type, OrderType::kBuyLimit);
  EXPECT_EQ((*o)[0].status, OrderStatus::kPartialFill);
  EXPECT_EQ((*o)[0].date, -62135596800);
  EXPECT_EQ((*o)[0].remaining_balance, Decimal(97, 2));

  auto b = decode_response<OrderBook>(read_test_file("metaexchange/seed-v2-getOrderbook.json"));
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->bids.size(), 4u);
  EXPECT_TRUE(b->bids[0].price.same_text(Decimal(35, 6)));
  EXPECT_EQ(b->asks[2].amount, Decimal(19, 1));
}

TEST(MetaexchangeCodec, ErrorObjectsBecomeTypedErrors) {
  auto e = decode_response<Transaction>(R"({"error":7,"message":"order not found"})");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, Errc::kExchange);
  EXPECT_EQ(e.error().token, "OrderNotFound");
  EXPECT_NE(e.error().message.find("order not found"), std::string::npos);

  const char* names[] = {"None",          "GeneralException", "MissingParameter", "UnknownMarket",
                         "InvalidAddress", "InvalidAccount",  "OrderNotFound",    "UnknownCurrency",
                         "NetworkAlert",   "InvalidParameter", "Unsupported",     "OrderException",
                         "BadCaptcha"};
  for (int code = 1; code <= 13; ++code) {
    const std::string body = encode_error(static_cast<ErrorCode>(code), "why");
    EXPECT_TRUE(json_equal("{\"error\":" + std::to_string(code) + ",\"message\":\"why\"}", body));
    auto d = decode_response<std::vector<Market>>(body);
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().token, names[code - 1]);
  }
  EXPECT_EQ(error_name(0), "Unknown");
  EXPECT_EQ(error_name(14), "Unknown");
}

TEST(MetaexchangeCodec, UnknownEnumValuesAndBadNumbersAreNamed) {
  std::string doc = read_test_file("metaexchange/seed-v1-getOrderStatus.json");
  std::string bad_status = doc;
  bad_status.replace(bad_status.find("\"completed\""), 11, "\"done\"");
  auto s = decode_response<Transaction>(bad_status);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("status"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("'done'"), std::string::npos) << s.error().message;

  std::string bad_amount = doc;
  bad_amount.replace(bad_amount.find("\"0.1\""), 5, "\"0.1.1\"");
  auto a = decode_response<Transaction>(bad_amount);
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().message.find("amount"), std::string::npos) << a.error().message;
}

}  // namespace
}  // namespace dealer::metaexchange
