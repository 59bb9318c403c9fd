#include "exchange/mtgox/codec.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>

#include "core/crypto.h"
#include "support/test_support.h"

namespace dealer::mtgox {
namespace {

using testing::json_equal;
using testing::read_test_file;

// Decodes `file` as T and encodes it again in the same envelope; the result must equal the file.
template <class T>
::testing::AssertionResult round_trips(const std::string& file, Envelope envelope) {
  const std::string original = read_test_file(file);
  auto decoded = decode_response<T>(original, envelope);
  if (!decoded) return ::testing::AssertionFailure() << file << ": " << decoded.error().describe();
  return json_equal(original, encode_response(*decoded, envelope)) << " in " << file;
}

// Every recorded MtGox answer and every example of the seed document, with the type that reads it.
const std::map<std::string, std::function<::testing::AssertionResult(const std::string&)>>& mtgox_files() {
  static const std::map<std::string, std::function<::testing::AssertionResult(const std::string&)>> kFiles = {
      {"seed-ticker.json", [](auto& f) { return round_trips<Ticker>(f, Envelope::kWrapped); }},
      {"seed-trade.json", [](auto& f) { return round_trips<Trade>(f, Envelope::kRaw); }},
      {"ticker.json", [](auto& f) { return round_trips<Ticker>(f, Envelope::kWrapped); }},
      {"trades.json", [](auto& f) { return round_trips<std::vector<Trade>>(f, Envelope::kWrapped); }},
      {"mtgox-trades-btcpln-2012-02.json",
       [](auto& f) { return round_trips<std::vector<Trade>>(f, Envelope::kRaw); }},
      {"mtgox-depth-btcusd-2013-04-13.json", [](auto& f) { return round_trips<Depth>(f, Envelope::kWrapped); }},
      {"mtgox-fulldepth-btcusd-2012-02-07.json", [](auto& f) { return round_trips<Depth>(f, Envelope::kRaw); }},
      {"mtgox-depth-btcpln-2012-02.json", [](auto& f) { return round_trips<Depth>(f, Envelope::kRaw); }},
      {"info.json", [](auto& f) { return round_trips<Info>(f, Envelope::kRaw); }},
      {"orders.json", [](auto& f) { return round_trips<std::vector<Order>>(f, Envelope::kWrapped); }},
      {"buy.json", [](auto& f) { return round_trips<std::string>(f, Envelope::kWrapped); }},
      {"sell.json", [](auto& f) { return round_trips<std::string>(f, Envelope::kWrapped); }},
      {"idkey.json", [](auto& f) { return round_trips<std::string>(f, Envelope::kWrapped); }},
      {"cancel.json", [](auto& f) { return round_trips<CancelResult>(f, Envelope::kWrapped); }},
      {"order_result.json", [](auto& f) { return round_trips<OrderResult>(f, Envelope::kWrapped); }},
      {"lag.json", [](auto& f) { return round_trips<Lag>(f, Envelope::kWrapped); }},
      {"history.json", [](auto& f) { return round_trips<WalletHistory>(f, Envelope::kRaw); }},
      {"error.json", [](auto& f) { return round_trips<ErrorBody>(f, Envelope::kRaw); }},
      {"unknown_error.json", [](auto& f) { return round_trips<ErrorBody>(f, Envelope::kRaw); }},
  };
  return kFiles;
}

TEST(MtGoxCodec, EveryRecordedAnswerAndSeedExampleRoundTripsFieldForField) {
  for (const auto& [name, check] : mtgox_files()) EXPECT_TRUE(check("mtgox/" + name));
}

TEST(MtGoxCodec, NoDataFileIsLeftUntested) {
  for (const auto& entry : std::filesystem::directory_iterator(testing::test_data_path("mtgox"))) {
    const std::string name = entry.path().filename().string();
    if (name == "mysql_error.txt") continue;  // a plain-text body, tested below
    EXPECT_TRUE(mtgox_files().contains(name)) << name << " has no round-trip check";
  }
}

TEST(MtGoxCodec, DecodesTickerValues) {
  auto t = decode_response<Ticker>(read_test_file("mtgox/ticker.json"));
  ASSERT_TRUE(t.ok()) << t.error().describe();
  EXPECT_EQ(t->last.value_int, 555940);
  EXPECT_EQ(t->last.currency, Currency::usd());
  EXPECT_EQ(t->vol.value_int, 5582958960346);
  EXPECT_EQ(t->vol.display, "55,829.58960346\u00a0BTC");
  EXPECT_TRUE(t->avg.value.same_text(Decimal(5561119626, 9)));
  EXPECT_TRUE(t->last_all.has_value());
}

TEST(MtGoxCodec, DecodesDepthCountsAndLevels) {
  auto d = decode_response<Depth>(read_test_file("mtgox/mtgox-depth-btcusd-2013-04-13.json"));
  ASSERT_TRUE(d.ok()) << d.error().describe();
  // Counts from shared/data/README.md.
  EXPECT_EQ(d->asks.size(), 453u);
  EXPECT_EQ(d->bids.size(), 513u);
  EXPECT_EQ(d->asks[0].price_int, Price(11400000));
  EXPECT_EQ(d->asks[0].amount_int, Amount(43936758));
  EXPECT_EQ(d->asks[0].stamp, 1365861677937206);
  ASSERT_TRUE(d->filter_min_price.has_value());
  EXPECT_EQ(d->filter_min_price->value_int, 10260000);
}

// Regression (issue 8): MtGox printed depth price/amount from floats; a level with float noise past 18
// decimals ("4.1650000000000001e-05" is 21 digits) rejected the whole answer, though nothing reads
// those members: the *_int twins are the truth.
TEST(MtGoxCodec, DepthFloatNoiseDoesNotRejectTheAnswer) {
  const std::string body =
      R"({"result":"success","return":{"asks":[{"price":4.1650000000000001e-05,"amount":0.59999999999999998,)"
      R"("price_int":"4","amount_int":"60000000","stamp":"1365861677937206"}],"bids":[]}})";
  auto d = decode_response<Depth>(body);
  ASSERT_TRUE(d.ok()) << d.error().describe();
  ASSERT_EQ(d->asks.size(), 1u);
  EXPECT_EQ(d->asks[0].price_int, Price(4));
  EXPECT_EQ(d->asks[0].amount_int, Amount(60000000));
  // Still a JSON number, or the answer is malformed.
  EXPECT_FALSE(decode_response<Depth>(R"({"result":"success","return":{"asks":[{"price":"x","amount":1,)"
                                      R"("price_int":"4","amount_int":"6","stamp":"1"}],"bids":[]}})")
                   .ok());
}

TEST(MtGoxCodec, ErrorBodiesBecomeErrorsWithTheirToken) {
  auto e = decode_response<Ticker>(read_test_file("mtgox/error.json"));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, Errc::kExchange);
  EXPECT_EQ(e.error().token, "login_error_missing_rest_key");
  EXPECT_NE(e.error().message.find("Identification required"), std::string::npos);

  auto u = decode_response<std::string>(read_test_file("mtgox/unknown_error.json"));
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().code, Errc::kExchange);
  EXPECT_EQ(u.error().token, "");

  auto raw = decode_response<Ticker>(read_test_file("mtgox/error.json"), Envelope::kRaw);
  ASSERT_FALSE(raw.ok());
  EXPECT_EQ(raw.error().token, "login_error_missing_rest_key");
}

TEST(MtGoxCodec, MySqlErrorBodyIsRetryableBusy) {
  auto e = decode_response<Ticker>(read_test_file("mtgox/mysql_error.txt"));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, Errc::kExchangeBusy);
}

TEST(MtGoxCodec, MalformedFieldsAreNamedNeverZeroed) {
  const std::string ticker = read_test_file("mtgox/ticker.json");
  struct Case {
    std::string from, to, expect_in_message;
  } cases[] = {
      {R"("value_int":"570653")", R"("value_int":570653)", "return.high.value_int"},
      {R"("value_int":"570653")", R"("value_int":"57x653")", "return.high.value_int"},
      {R"("value_int":"570653",)", "", "missing member 'value_int'"},
      {R"("currency":"USD")", R"("currency":"XXX")", "unknown currency 'XXX'"},
      {R"("value":"5.70653")", R"("value":"5.7e3")", "return.high.value"},
      {R"("result":"success")", R"("result":"maybe")", "result 'maybe'"},
  };
  for (const auto& c : cases) {
    std::string doc = ticker;
    const size_t at = doc.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    doc.replace(at, c.from.size(), c.to);
    auto t = decode_response<Ticker>(doc);
    ASSERT_FALSE(t.ok()) << c.to;
    EXPECT_EQ(t.error().code, Errc::kParse);
    EXPECT_NE(t.error().message.find(c.expect_in_message), std::string::npos) << t.error().message;
  }
}

TEST(MtGoxCodec, EveryTruncationOfAResponseIsAnErrorNotACrash) {
  const std::string trades = read_test_file("mtgox/trades.json");
  for (size_t n = 0; n < trades.size(); ++n) {
    const size_t last = trades.find_last_not_of(" \n", trades.size() - 1);
    if (n > last) break;  // only trailing white space left: the document is complete
    auto t = decode_response<std::vector<Trade>>(std::string_view(trades).substr(0, n));
    ASSERT_FALSE(t.ok()) << "accepted a truncation at " << n;
  }
}

TEST(MtGoxCodec, CancelledTradesAreTidsAsStringsAndAcceptNumbers) {
  const std::vector<CancelledTid> tids = {{1316312781670700}, {42}};
  EXPECT_TRUE(json_equal(R"({"result":"success","return":["1316312781670700","42"]})", encode_response(tids)));
  auto back = decode_response<std::vector<CancelledTid>>(R"({"result":"success","return":["1316312781670700",42]})");
  ASSERT_TRUE(back.ok()) << back.error().describe();
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].tid, 1316312781670700);
  EXPECT_EQ((*back)[1].tid, 42);
  EXPECT_FALSE(decode_response<std::vector<CancelledTid>>(R"({"result":"success","return":[true]})").ok());
}

TEST(MtGoxCodec, EncodesErrorsAsMtGoxDid) {
  EXPECT_TRUE(json_equal(R"({"result":"error","error":"Invalid nonce","token":"login_error_invalid_nonce"})",
                         encode_error("Invalid nonce", "login_error_invalid_nonce")));
  EXPECT_TRUE(json_equal(R"({"result":"error","error":"Random Unknown error"})",
                         encode_error("Random Unknown error", "")));
}

TEST(MtGoxCodec, IpnFormRoundTripsAndRequiresItsIds) {
  Ipn ipn{"0c2fbd8d-3f7a-4c7e-9b61-d1b8a5a9c0c1", "7e3b7a11-0b8e-4a55-9a0f-2a0dbb7c1e22", "paid", 150000000,
          "BTC", "MTGOXBTC", 1365779997, "order #42 & more"};
  const std::string body = encode_ipn(ipn);
  EXPECT_NE(body.find("data=order%20%2342%20%26%20more"), std::string::npos) << body;
  auto back = parse_ipn(body);
  ASSERT_TRUE(back.ok()) << back.error().describe();
  EXPECT_EQ(back->id, ipn.id);
  EXPECT_EQ(back->payment_id, ipn.payment_id);
  EXPECT_EQ(back->amount, ipn.amount);
  EXPECT_EQ(back->date, ipn.date);
  EXPECT_EQ(back->data, ipn.data);
  EXPECT_EQ(back->method, ipn.method);

  auto cancelled = parse_ipn("id=a&payment_id=b&status=cancelled");
  ASSERT_TRUE(cancelled.ok());
  EXPECT_FALSE(cancelled->amount.has_value());
  EXPECT_NE(parse_ipn("payment_id=b&status=paid").error().message.find("'id'"), std::string::npos);
  EXPECT_NE(parse_ipn("id=a&payment_id=b&status=paid&amount=1.5").error().message.find("'amount'"),
            std::string::npos);
}

TEST(MtGoxCodec, IpnVerifierAcceptsOnlyOurSignatureOverTheExactBody) {
  const char* key = "0b5bd1a5-3f16-4a8b-8ae3-3c0b1b4a0d11";
  const char* secret = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==";
  const std::string body = "id=a&payment_id=b&status=paid&amount=100000000&currency=BTC";
  const std::string sign = *mtgox_sign(secret, body);
  auto ok = verify_ipn(key, secret, key, sign, body);
  ASSERT_TRUE(ok.ok()) << ok.error().describe();
  EXPECT_EQ(ok->amount, 100000000);
  EXPECT_EQ(verify_ipn(key, secret, key, sign, body + "0").error().code, Errc::kInvalidArgument);  // altered amount
  EXPECT_EQ(verify_ipn(key, secret, "ffffffff-0000-4000-8000-000000000000", sign, body).error().code, Errc::kInvalidArgument);
  EXPECT_EQ(verify_ipn(key, secret, key, "", body).error().code, Errc::kInvalidArgument);
}

}  // namespace
}  // namespace dealer::mtgox
