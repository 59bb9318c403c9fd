// Integration tests: the real `dealer exchange` process on 127.0.0.1, called over HTTP.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "core/crypto.h"
#include "exchange/mtgox/codec.h"
#include "support/server_thread.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"
#include "support/test_support.h"

namespace dealer::testing {
namespace {

std::string tape_path() { return std::string(DEALER_TEST_DATA_DIR) + "/../../data/mtgox-trades-btcusd-2013-01-01.csv"; }

// A config over the bundled tape, replayed at start-up; `extra` is appended (faults, limits, http).
std::string config(bool liquidity, const std::string& extra = "") {
  return std::string("accounts:\n") +
         "  - {name: alice, key: " + kAliceKey + ", secret: \"" + kAliceSecret +
         "\", rights: [get_info, trade, merchant], fee_percent: \"0.6\", balances: {BTC: \"10\", USD: \"1000\"}}\n" +
         "  - {name: bob, key: " + kBobKey + ", secret: \"" + kBobSecret +
         "\", rights: [get_info, trade], balances: {BTC: \"10\", USD: \"1000\"}}\n" +
         "  - {name: reader, key: " + kReaderKey + ", secret: \"" + kBobSecret + "\", rights: [get_info]}\n" +
         "market:\n  trades: " + tape_path() + "\n  currency: USD\n  speed: 0\n  fx: {EUR: \"0.76\"}\n" +
         "  liquidity: {enabled: " + (liquidity ? "true" : "false") + ", seed: 7}\n" + extra;
}

std::string token_of(const HttpResult& r) {
  auto e = mtgox::decode_response<std::string>(r.body);
  return e.ok() ? "" : e.error().token;
}

// A POST to `target` (which may carry a query string) signed with `secret` over exactly `body`.
HttpResult signed_post(const SimProcess& sim, std::string_view target, const std::string& body,
                       const char* key = kAliceKey, const char* secret = kAliceSecret) {
  return sim.post(target, body, {{"Rest-Key", key}, {"Rest-Sign", *mtgox_sign(secret, body)}});
}

HttpResult info_with_nonce(const SimProcess& sim, const std::string& nonce) {
  return signed_post(sim, "/api/1/generic/private/info", "nonce=" + nonce);
}

TEST(MtGoxSim, StartsOnAFreePortAndExitsZeroOnSigterm) {
  SimProcess sim(config(false));
  EXPECT_GT(sim.port(), 0);
  EXPECT_EQ(sim.get("/api/1/BTCUSD/public/ticker").status, 200);
  EXPECT_EQ(sim.stop(), 0);
}

// Issue 23: once the replay has passed the last recorded trade, the simulator says so in its log, once.
TEST(MtGoxSim, SaysOnceInItsLogThatTheTapeHasRunOut) {
  SimProcess sim(config(false));  // speed 0: the whole tape is replayed at the first request
  for (int i = 0; i < 3; ++i) EXPECT_EQ(sim.get("/api/1/BTCUSD/public/ticker").status, 200);
  const std::string log = sim.log();
  const std::string line = "the tape has run out: all 2331 recorded trades replayed";
  const size_t at = log.find(line);
  EXPECT_NE(at, std::string::npos) << log;
  EXPECT_EQ(log.find(line, at + 1), std::string::npos) << log;
}

TEST(MtGoxSim, BadConfigExitsTwoNamingTheKey) {
  const std::string dir = ::testing::TempDir();
  std::ofstream(dir + "/bad.yaml") << "accounts:\n  - {name: x, key: not-a-uuid, secret: AAAA}\n";
  const std::string cmd = dealer_binary() + " exchange --config " + dir + "/bad.yaml 2> " + dir + "/bad.err";
  const int status = std::system(cmd.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 2);
  std::ifstream err(dir + "/bad.err");
  const std::string text((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("accounts[0].key"), std::string::npos) << text;
}

TEST(MtGoxSim, PublicCallsAnswerInTheSeedShapes) {
  SimProcess sim(config(true));
  auto ticker = sim.get("/api/1/BTCUSD/public/ticker");
  ASSERT_EQ(ticker.status, 200);
  // The recorded ticker: the seed's example lacks last_all, which later answers (and clients) have.
  EXPECT_TRUE(json_same_shape(read_test_file("mtgox/ticker.json"), ticker.body));
  auto trades = sim.get("/api/1/BTCUSD/public/trades?since=0&raw");
  ASSERT_EQ(trades.status, 200);
  EXPECT_TRUE(json_same_shape("[" + read_test_file("mtgox/seed-trade.json") + "]", trades.body));
  auto depth = sim.get("/api/1/BTCUSD/public/depth");
  ASSERT_EQ(depth.status, 200);
  EXPECT_TRUE(json_same_shape(read_test_file("mtgox/mtgox-depth-btcusd-2013-04-13.json"), depth.body));
  auto full = sim.get("/api/1/BTCUSD/public/fulldepth?raw");
  ASSERT_EQ(full.status, 200);
  EXPECT_TRUE(json_same_shape(read_test_file("mtgox/mtgox-fulldepth-btcusd-2012-02-07.json"), full.body));
  EXPECT_TRUE(json_equal(R"({"result":"success","return":[]})", sim.get("/api/1/BTCUSD/public/cancelledtrades").body));
  auto currency = sim.get("/api/1/generic/public/currency?currency=JPY");
  ASSERT_EQ(currency.status, 200);
  auto jpy = mtgox::decode_response<mtgox::CurrencyInfo>(currency.body);
  ASSERT_TRUE(jpy.ok()) << currency.body;
  EXPECT_EQ(jpy->decimals, 3);
  EXPECT_EQ(sim.get("/api/1/generic/public/currency").status, 400);
  EXPECT_TRUE(json_same_shape(read_test_file("mtgox/lag.json"), sim.get("/api/1/generic/order/lag").body));
  EXPECT_EQ(sim.get("/api/1/generic/public/hotp_gen").status, 200);
  for (const char* alias : {"/api/1/BTCUSD/ticker", "/api/1/BTCUSD/ticker_fast", "/api/1/BTCUSD/depth/fetch",
                            "/api/1/BTCUSD/depth/full", "/api/1/BTCUSD/trades/fetch", "/api/1/BTCEUR/public/ticker"})
    EXPECT_EQ(sim.get(alias).status, 200) << alias;
  EXPECT_EQ(sim.get("/api/1/BTCJPY/public/ticker").status, 404);  // not configured
  EXPECT_EQ(token_of(sim.get("/api/1/BTCUSD/public/nonsense")), "api_not_found");
  EXPECT_EQ(sim.get("/nothing/here").status, 404);
}

TEST(MtGoxSim, TickerSummarisesTheLast24Hours) {
  // Replayed at start-up, the clock stands at the last trade: the whole day is inside the window.
  // Expected figures computed independently with Python's decimal module over the CSV.
  SimProcess sim(config(false));
  auto t = mtgox::decode_response<mtgox::Ticker>(sim.get("/api/1/BTCUSD/public/ticker").body);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->high.value_int, 1356000);
  EXPECT_EQ(t->low.value_int, 1316123);
  EXPECT_EQ(t->avg.value_int, 1333063);
  EXPECT_EQ(t->vwap.value_int, 1333807);
  EXPECT_EQ(t->vol.value_int, 2816891145963);
  EXPECT_EQ(t->last.value_int, 1330413);
  EXPECT_EQ(t->last_local.value_int, 1330413);
  EXPECT_EQ(t->buy.value_int, 1330413);  // an empty book quotes the last price
  EXPECT_EQ(t->last.display, "$13.30413");
  // In EUR every trade is a mirror at 0.76: last is converted, last_orig stays the USD original.
  auto eur = mtgox::decode_response<mtgox::Ticker>(sim.get("/api/1/BTCEUR/public/ticker").body);
  ASSERT_TRUE(eur.ok());
  EXPECT_EQ(eur->last.value_int, 1011114);
  EXPECT_EQ(eur->high.value_int, 1030560);
  EXPECT_EQ(eur->last_orig.currency, Currency::usd());
  EXPECT_EQ(eur->last_orig.value_int, 1330413);
}

TEST(MtGoxSim, TradesSinceWalksTheWholeRecordedFileWithNoGapOrDuplicate) {
  // The expected tids, read straight from the file's first column.
  std::vector<int64_t> expected;
  std::ifstream csv(tape_path());
  std::string line;
  std::getline(csv, line);  // header
  while (std::getline(csv, line)) expected.push_back(std::stoll(line.substr(0, line.find(','))));
  ASSERT_EQ(expected.size(), 2331u);

  SimProcess sim(config(false));
  std::vector<int64_t> seen;
  int64_t since = 0;
  for (int page = 0; page < 10; ++page) {
    auto r = sim.get("/api/1/BTCUSD/public/trades?since=" + std::to_string(since));
    ASSERT_EQ(r.status, 200);
    auto trades = mtgox::decode_response<std::vector<mtgox::Trade>>(r.body);
    ASSERT_TRUE(trades.ok()) << trades.error().describe();
    ASSERT_LE(trades->size(), 1000u);
    if (trades->empty()) break;
    for (const auto& t : *trades) {
      EXPECT_EQ(t.primary, mtgox::YesNo::kY);
      seen.push_back(t.tid);
    }
    since = trades->back().tid;
  }
  EXPECT_EQ(seen, expected);
  // Without since: the last 24 hours, which here is the whole recorded day.
  auto day = mtgox::decode_response<std::vector<mtgox::Trade>>(sim.get("/api/1/BTCUSD/public/trades").body);
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(day->size(), expected.size());
  auto eur = mtgox::decode_response<std::vector<mtgox::Trade>>(sim.get("/api/1/BTCEUR/public/trades?since=0").body);
  ASSERT_TRUE(eur.ok());
  ASSERT_EQ(eur->size(), 1000u);
  EXPECT_EQ((*eur)[0].primary, mtgox::YesNo::kN);
  EXPECT_EQ((*eur)[0].tid, expected[0]);
}

TEST(MtGoxSim, SignatureNonceAndRights) {
  SimProcess sim(config(false));
  // The documented test vector, sent verbatim.
  const std::string vector_sign =
      "GKGyh4zA6GC858belc7PkXUntRD9HacywUOx7gtt8hiW6Pg29ddu9zzkGa9JR9kdGi9jFcS5VXvB2IGBh/PUYw==";
  auto ok = sim.post("/api/1/generic/private/info", "nonce=1365779997854917",
                     {{"Rest-Key", kAliceKey}, {"Rest-Sign", vector_sign}});
  EXPECT_EQ(ok.status, 200) << ok.body;
  auto stale = sim.post("/api/1/generic/private/info", "nonce=1365779997854917",
                        {{"Rest-Key", kAliceKey}, {"Rest-Sign", vector_sign}});
  EXPECT_EQ(stale.status, 403);
  EXPECT_EQ(token_of(stale), "login_error_invalid_nonce");
  auto tampered = sim.post("/api/1/generic/private/info", "nonce=1365779997854918",
                           {{"Rest-Key", kAliceKey}, {"Rest-Sign", vector_sign}});
  EXPECT_EQ(tampered.status, 403);
  EXPECT_EQ(token_of(tampered), "login_error_invalid_rest_sign");
  auto no_key = sim.post("/api/1/generic/private/info", "nonce=1");
  EXPECT_EQ(no_key.status, 403);
  EXPECT_EQ(token_of(no_key), "login_error_missing_rest_key");
  EXPECT_EQ(token_of(sim.private_call("/api/1/generic/private/info", "ffffffff-0000-4000-8000-000000000000", kAliceSecret)),
            "login_error_invalid_rest_key");
  auto reader_info = sim.private_call("/api/1/generic/private/info", kReaderKey, kBobSecret);
  EXPECT_EQ(reader_info.status, 200);
  auto reader_trade = sim.private_call("/api/1/BTCUSD/private/order/add", kReaderKey, kBobSecret,
                                       "type=bid&amount_int=100000000&price_int=100000");
  EXPECT_EQ(reader_trade.status, 403);
  EXPECT_EQ(token_of(reader_trade), "login_error_no_right");
  EXPECT_EQ(sim.get("/api/1/generic/private/info").status, 405);  // private calls are POSTs
}

TEST(MtGoxSim, PrivateCallsTakeParametersFromTheSignedBodyOnly) {
  SimProcess sim(config(false));
  // A captured call replayed with a fresh nonce in the URL.
  ASSERT_EQ(info_with_nonce(sim, "1000").status, 200);
  const std::string captured = "nonce=1000";
  auto replay = signed_post(sim, "/api/1/generic/private/info?nonce=1001", captured);
  EXPECT_EQ(replay.status, 400) << replay.body;
  EXPECT_EQ(token_of(replay), "invalid_parameter");
  EXPECT_EQ(token_of(signed_post(sim, "/api/1/generic/private/info", captured)), "login_error_invalid_nonce");

  // A signed ask sent to a URL that carries a bid of its own: neither is placed.
  auto swapped = signed_post(
      sim, "/api/1/BTCUSD/private/order/add?nonce=1003&type=bid&amount_int=12345678&price_int=100",
      "nonce=1002&type=ask&amount_int=10000000&price_int=9900000");
  EXPECT_EQ(swapped.status, 400) << swapped.body;
  auto orders = signed_post(sim, "/api/1/generic/private/orders", "nonce=1004");
  ASSERT_EQ(orders.status, 200) << orders.body;
  EXPECT_TRUE(json_equal(R"({"result":"success","return":[]})", orders.body));

  // One signature over the empty body, the nonce in the URL: the account stays closed.
  auto empty = signed_post(sim, "/api/1/generic/private/info?nonce=1005", "");
  EXPECT_EQ(empty.status, 400) << empty.body;
  EXPECT_EQ(empty.body.find("Wallets"), std::string::npos);
  auto empty_no_query = signed_post(sim, "/api/1/generic/private/info", "");
  EXPECT_EQ(token_of(empty_no_query), "login_error_invalid_nonce");

  // The URL may still ask for the bare payload.
  auto raw = signed_post(sim, "/api/1/generic/private/info?raw", "nonce=1006");
  ASSERT_EQ(raw.status, 200) << raw.body;
  EXPECT_TRUE(mtgox::decode_response<mtgox::Info>(raw.body, mtgox::Envelope::kRaw).ok()) << raw.body;
}

TEST(MtGoxSim, NoncesOfAnyLengthCompareAsIntegers) {
  SimProcess sim(config(false));
  // Each expectation follows from comparing the numbers themselves: longer (without leading zeros) is
  // larger, equal lengths compare digit by digit.
  EXPECT_EQ(info_with_nonce(sim, "9223372036854775808").status, 200);   // 2^63: past int64
  EXPECT_EQ(info_with_nonce(sim, "9223372036854775809").status, 200);   // the next one
  EXPECT_EQ(info_with_nonce(sim, "9999999999999999999").status, 200);   // the largest 19-digit number
  EXPECT_EQ(info_with_nonce(sim, "10000000000000000000").status, 200);  // 20 digits: larger still
  EXPECT_EQ(token_of(info_with_nonce(sim, "9999999999999999999")), "login_error_invalid_nonce");
  EXPECT_EQ(token_of(info_with_nonce(sim, "10000000000000000000")), "login_error_invalid_nonce");  // equal
  EXPECT_EQ(info_with_nonce(sim, "000000000010000000000000000001").status, 200);  // 10^19 + 1
  EXPECT_EQ(info_with_nonce(sim, "123456789012345678901234567890").status, 200);
  EXPECT_EQ(token_of(info_with_nonce(sim, "123456789012345678901234567889")), "login_error_invalid_nonce");
  EXPECT_EQ(token_of(info_with_nonce(sim, "-5")), "login_error_invalid_nonce");
  EXPECT_EQ(token_of(info_with_nonce(sim, "12a")), "login_error_invalid_nonce");
  EXPECT_EQ(info_with_nonce(sim, "123456789012345678901234567891").status, 200);
}

TEST(MtGoxSim, EchoedTextIsAlwaysValidJson) {
  SimProcess sim(config(false));
  // Bytes that are not UTF-8 in the path come back as U+FFFD, one per byte, inside valid JSON.
  const std::string answer = raw_exchange(
      sim.port(), "GET /api/1/BTC\xff\xfe/public/ticker HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      3000);
  const size_t body = answer.find("\r\n\r\n");
  ASSERT_NE(body, std::string::npos) << answer;
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(answer.substr(body + 4), ec);
  ASSERT_FALSE(ec) << answer;
  EXPECT_EQ(parsed.at("error").as_string(), "Unknown currency pair: BTC\xef\xbf\xbd\xef\xbf\xbd");
  // A quote in a private call's URL is named in the error, escaped.
  auto quoted = signed_post(sim, "/api/1/generic/private/info?a%22%7D=1", "nonce=1");
  EXPECT_TRUE(json_equal(
      R"j({"result":"error","error":"Invalid parameter: a\"} (private calls take parameters from the signed body only)","token":"invalid_parameter"})j",
      quoted.body));
}

TEST(MtGoxSim, TradingCallsAnswerInTheFixtureShapes) {
  SimProcess sim(config(false));
  // Bob rests an ask far above the market (the replay never reaches it); Alice lifts part of it.
  auto ask = sim.private_call("/api/1/BTCUSD/private/order/add", kBobKey, kBobSecret,
                              "type=ask&amount_int=50000000&price_int=2000000");
  ASSERT_EQ(ask.status, 200) << ask.body;
  EXPECT_TRUE(json_same_shape(read_test_file("mtgox/sell.json"), ask.body));
  auto bid = sim.private_call("/api/1/BTCUSD/order/add", kAliceKey, kAliceSecret,
                              "type=bid&amount_int=20000000&price_int=2000000");
  ASSERT_EQ(bid.status, 200) << bid.body;
  const std::string bid_oid = *mtgox::decode_response<std::string>(bid.body);
  const std::string ask_oid = *mtgox::decode_response<std::string>(ask.body);

  auto result = sim.private_call("/api/1/generic/private/order/result", kAliceKey, kAliceSecret,
                                 "type=bid&order=" + bid_oid);
  ASSERT_EQ(result.status, 200) << result.body;
  EXPECT_TRUE(json_same_shape(read_test_file("mtgox/order_result.json"), result.body));
  auto r = mtgox::decode_response<mtgox::OrderResult>(result.body);
  ASSERT_TRUE(r.ok());
  // 0.2 BTC at 20 USD: 4 USD, hand-computed.
  EXPECT_EQ(r->total_amount.value_int, 20000000);
  EXPECT_EQ(r->total_spent.value_int, 400000);
  EXPECT_EQ(r->avg_cost.value_int, 2000000);

  auto orders = sim.private_call("/api/1/generic/private/orders", kBobKey, kBobSecret);
  EXPECT_TRUE(json_same_shape(read_test_file("mtgox/orders.json"), orders.body));
  auto open = mtgox::decode_response<std::vector<mtgox::Order>>(orders.body);
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ((*open)[0].amount.value_int, 30000000);  // 0.5 - 0.2 BTC left

  auto info = sim.private_call("/api/1/generic/private/info?raw", kAliceKey, kAliceSecret);
  {
    // "Wallets" is keyed by currency: compare every wallet with the fixture's BTC wallet, the rest
    // of the answer member by member.
    auto expected = boost::json::parse(read_test_file("mtgox/info.json")).as_object();
    auto actual = boost::json::parse(info.body).as_object();
    const std::string wallet_shape = boost::json::serialize(expected["Wallets"].as_object()["BTC"]);
    for (const auto& w : actual["Wallets"].as_object())
      EXPECT_TRUE(json_same_shape(wallet_shape, boost::json::serialize(w.value()))) << w.key();
    expected.erase("Wallets");
    actual.erase("Wallets");
    EXPECT_TRUE(json_same_shape(boost::json::serialize(expected), boost::json::serialize(actual)));
  }
  auto alice = mtgox::decode_response<mtgox::Info>(info.body, mtgox::Envelope::kRaw);
  ASSERT_TRUE(alice.ok()) << info.body;
  for (const auto& [code, w] : alice->Wallets.entries) {
    // Alice paid 4 USD and received 0.2 BTC less her 0.6 % fee (0.0012 BTC).
    if (code == "USD") {
      EXPECT_EQ(w.Balance.value_int, 100000000 - 400000);
    }
    if (code == "BTC") {
      EXPECT_EQ(w.Balance.value_int, 1000000000 + 20000000 - 120000);
    }
  }

  auto cancel = sim.private_call("/api/1/BTCUSD/private/order/cancel", kBobKey, kBobSecret, "oid=" + ask_oid);
  ASSERT_EQ(cancel.status, 200) << cancel.body;
  EXPECT_TRUE(json_same_shape(read_test_file("mtgox/cancel.json"), cancel.body));
  auto again = sim.private_call("/api/1/BTCUSD/private/order/cancel", kBobKey, kBobSecret, "oid=" + ask_oid);
  EXPECT_EQ(token_of(again), "order_not_found");
  EXPECT_TRUE(json_same_shape(read_test_file("mtgox/idkey.json"),
                              sim.private_call("/api/1/generic/private/idkey", kAliceKey, kAliceSecret).body));
  auto mine = sim.private_call("/api/1/generic/private/trades", kAliceKey, kAliceSecret);
  ASSERT_EQ(mine.status, 200);
  auto fills = mtgox::decode_response<std::vector<mtgox::OrderTrade>>(mine.body);
  ASSERT_TRUE(fills.ok()) << mine.body;
  EXPECT_EQ(fills->size(), 1u);

  auto missing = sim.private_call("/api/1/BTCUSD/private/order/add", kAliceKey, kAliceSecret, "type=bid");
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("amount_int"), std::string::npos) << missing.body;
  auto bad_type = sim.private_call("/api/1/BTCUSD/private/order/add", kAliceKey, kAliceSecret, "type=buy&amount_int=1");
  EXPECT_NE(bad_type.body.find("type"), std::string::npos) << bad_type.body;
}

TEST(MtGoxSim, RateLimitAnswers403ThenServesAgain) {
  SimProcess sim(config(false, "rate_limits:\n  endpoints:\n    ticker: {per_second: 2, burst: 2}\n"));
  EXPECT_EQ(sim.get("/api/1/BTCUSD/public/ticker").status, 200);
  EXPECT_EQ(sim.get("/api/1/BTCUSD/public/ticker").status, 200);
  auto limited = sim.get("/api/1/BTCUSD/public/ticker");
  EXPECT_EQ(limited.status, 403);
  EXPECT_EQ(token_of(limited), "rate_limit_exceeded");
  EXPECT_EQ(sim.get("/api/1/BTCUSD/public/trades").status, 200);  // another endpoint has its own bucket
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_EQ(sim.get("/api/1/BTCUSD/public/ticker").status, 200);
}

TEST(MtGoxSim, FaultsAreInjectedAtRunTime) {
  SimProcess sim(config(false));
  const std::string ticker = "/api/1/BTCUSD/public/ticker";
  auto set = [&](const std::string& form) { ASSERT_EQ(sim.post("/sim/faults", form).status, 200) << form; };
  set("error_500_percent=100");
  EXPECT_EQ(sim.get(ticker).status, 500);
  set("error_500_percent=0&error_502_percent=100");
  EXPECT_EQ(sim.get(ticker).status, 502);
  set("error_502_percent=0&mysql_error_percent=100");
  auto busy = sim.get(ticker);
  EXPECT_EQ(busy.status, 200);
  EXPECT_EQ(mtgox::decode_response<mtgox::Ticker>(busy.body).error().code, Errc::kExchangeBusy);
  set("mysql_error_percent=0&truncate_percent=100");
  auto cut = sim.get(ticker);
  EXPECT_EQ(cut.status, 200);
  EXPECT_EQ(mtgox::decode_response<mtgox::Ticker>(cut.body).error().code, Errc::kParse);
  set("truncate_percent=0&malformed_percent=100");
  EXPECT_EQ(mtgox::decode_response<mtgox::Ticker>(sim.get(ticker).body).error().code, Errc::kParse);
  set("malformed_percent=0&drop_percent=100");
  auto dropped = sim.get(ticker);
  EXPECT_EQ(dropped.status, 0);
  EXPECT_FALSE(dropped.error.empty());
  set("drop_percent=0&latency_ms=300");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(sim.get(ticker).status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
  set("latency_ms=0");
  EXPECT_EQ(sim.post("/sim/faults", "drop_percent=101").status, 400);
  EXPECT_EQ(sim.post("/sim/faults", "no_such_fault=1").status, 400);
  EXPECT_TRUE(mtgox::decode_response<mtgox::Ticker>(sim.get(ticker).body).ok());
}

TEST(MtGoxSim, SurvivesOversizedBrokenAndSilentRequests) {
  SimProcess sim(config(false, "http: {read_timeout_ms: 300, max_body_bytes: 1024}\n"));
  EXPECT_EQ(sim.post("/api/1/generic/private/info", std::string(4096, 'a')).status, 413);
  const std::string garbage = raw_exchange(sim.port(), "GARBAGE \x01\x02\r\n\r\n", 2000);
  EXPECT_NE(garbage.find("400"), std::string::npos) << garbage;
  auto broken_form = sim.get("/api/1/BTCUSD/public/trades?since=%zz");
  EXPECT_EQ(broken_form.status, 400);
  auto bad_utf8 = sim.get("/api/1/generic/public/currency?currency=%FF%FE");
  EXPECT_EQ(bad_utf8.status, 400);
  // A client that connects and says nothing is disconnected after the read timeout.
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(raw_exchange(sim.port(), "", 3000), "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(2500));
  EXPECT_EQ(sim.get("/api/1/BTCUSD/public/ticker").status, 200);  // and the server carries on
}

TEST(MtGoxSim, ServesEveryMemberOfTheRecordedFixtures) {
  // Alice holds the currencies of the fixture's info Wallets (BTC, EUR); PLN is traded for the PLN files.
  const std::string alice = std::string("  - {name: alice, key: ") + kAliceKey + ", secret: \"" + kAliceSecret +
                            "\", rights: [get_info, trade],\n"
                            "     balances: {BTC: \"10\", USD: \"1000\", EUR: \"500\", PLN: \"1000\"}}\n";
  const std::string bob = std::string("  - {name: bob, key: ") + kBobKey + ", secret: \"" + kBobSecret +
                          "\", rights: [get_info, trade], balances: {BTC: \"10\", USD: \"1000\"}}\n";
  const std::string market = "market:\n  trades: " + tape_path() +
                             "\n  currency: USD\n  speed: 0\n  fx: {EUR: \"0.76\", PLN: \"3.2\"}\n"
                             "  liquidity: {enabled: true, seed: 7}\n";
  SimProcess sim("accounts:\n" + alice + bob + market);
  // Bob rests an ask that Alice's bid partly fills (so the order result has a trade and Bob an open
  // order); Alice bids in PLN below the market (so the PLN depth has a level).
  const auto ask = sim.private_call("/api/1/BTCUSD/private/order/add", kBobKey, kBobSecret,
                                    "type=ask&amount_int=50000000&price_int=2000000");
  const auto bid = sim.private_call("/api/1/BTCUSD/private/order/add", kAliceKey, kAliceSecret,
                                    "type=bid&amount_int=20000000&price_int=2000000");
  const auto pln_bid = sim.private_call("/api/1/BTCPLN/private/order/add", kAliceKey, kAliceSecret,
                                        "type=bid&amount_int=10000000&price_int=4000000");
  ASSERT_EQ(pln_bid.status, 200) << pln_bid.body;
  const std::string ask_oid = *mtgox::decode_response<std::string>(ask.body);
  const std::string bid_oid = *mtgox::decode_response<std::string>(bid.body);
  const auto order_result = sim.private_call("/api/1/generic/private/order/result", kAliceKey, kAliceSecret,
                                             "type=bid&order=" + bid_oid);
  const auto orders = sim.private_call("/api/1/generic/private/orders", kBobKey, kBobSecret);
  const auto cancel =
      sim.private_call("/api/1/BTCUSD/private/order/cancel", kBobKey, kBobSecret, "oid=" + ask_oid);

  // Every file of tests/data/mtgox/ and the simulator's answer to the same call ("" for none).
  const std::map<std::string, std::string> answers = {
      {"buy.json", bid.body},
      {"sell.json", ask.body},
      {"cancel.json", cancel.body},
      {"order_result.json", order_result.body},
      {"orders.json", orders.body},
      {"info.json", sim.private_call("/api/1/generic/private/info?raw", kAliceKey, kAliceSecret).body},
      {"idkey.json", sim.private_call("/api/1/generic/private/idkey", kAliceKey, kAliceSecret).body},
      {"error.json", sim.post("/api/1/generic/private/info", "nonce=1").body},
      {"unknown_error.json", sim.get("/api/1/BTCUSD/public/nonsense").body},
      {"lag.json", sim.get("/api/1/generic/order/lag").body},
      {"ticker.json", sim.get("/api/1/BTCUSD/public/ticker").body},
      {"seed-ticker.json", sim.get("/api/1/BTCUSD/public/ticker").body},
      {"trades.json", sim.get("/api/1/BTCUSD/public/trades?since=0").body},
      {"seed-trade.json", sim.get("/api/1/BTCUSD/public/trades?since=0&raw").body},
      {"mtgox-trades-btcpln-2012-02.json", sim.get("/api/1/BTCPLN/public/trades?since=0&raw").body},
      {"mtgox-depth-btcusd-2013-04-13.json", sim.get("/api/1/BTCUSD/public/depth").body},
      {"mtgox-depth-btcpln-2012-02.json", sim.get("/api/1/BTCPLN/public/depth?raw").body},
      {"mtgox-fulldepth-btcusd-2012-02-07.json", sim.get("/api/1/BTCUSD/public/fulldepth?raw").body},
      // Not a call of the v1 seed, and the simulator keeps no wallet ledger to serve it from.
      {"history.json", ""},
      // Not JSON: the busy body, served by fault injection (FaultsAreInjectedAtRunTime).
      {"mysql_error.txt", ""},
  };
  for (const auto& entry : std::filesystem::directory_iterator(test_data_path("mtgox"))) {
    const std::string name = entry.path().filename().string();
    const auto it = answers.find(name);
    ASSERT_NE(it, answers.end()) << name << " is new: add the call that answers it";
    if (it->second.empty()) continue;
    std::string expected = read_test_file("mtgox/" + name);
    if (name == "seed-trade.json") expected = "[" + expected + "]";  // one element of the trades list
    EXPECT_TRUE(json_same_shape(expected, it->second, ExtraMembers::kAllowed)) << name;
  }
}

TEST(MtGoxSim, WaitsWhenAcceptFailsInsteadOfSpinning) {
  // Under UBSan (scripts/test sets the variable) the first failed accept's error category meets the vptr
  // check, whose runtime needs a pipe to read the vtable safely: in a process out of descriptors, which
  // this test makes on purpose, it cannot get one and reports an "invalid vptr" that is not there.
  if (std::getenv("DEALER_TEST_SANITIZED")) GTEST_SKIP() << "UBSan's vptr check needs free descriptors";
  SimProcess sim(config(false, "http: {max_connections: 100000}\n"));
  // Leave the simulator only a few descriptors more than it holds, so accept soon fails with EMFILE
  // while connections keep waiting in the backlog.
  const auto fds =
      std::distance(std::filesystem::directory_iterator("/proc/" + std::to_string(sim.pid()) + "/fd"),
                    std::filesystem::directory_iterator());
  const rlimit limit{static_cast<rlim_t>(fds + 4), static_cast<rlim_t>(fds + 4)};
  ASSERT_EQ(prlimit(sim.pid(), RLIMIT_NOFILE, &limit, nullptr), 0);
  std::vector<int> clients;
  for (int i = 0; i < 40; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(sim.port());
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    clients.push_back(fd);
  }
  // CPU time of the simulator over one second: a loop retrying accept at once burns most of it.
  auto cpu_ms = [&] {
    std::ifstream stat("/proc/" + std::to_string(sim.pid()) + "/stat");
    const std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    std::istringstream fields(text.substr(text.rfind(')') + 2));  // after "pid (comm) "
    std::string field;
    int64_t utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {  // fields 14 and 15: user and system ticks
      if (i == 14) utime = std::stoll(field);
      if (i == 15) stime = std::stoll(field);
    }
    return (utime + stime) * 1000 / sysconf(_SC_CLK_TCK);
  };
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const int64_t before = cpu_ms();
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  EXPECT_LT(cpu_ms() - before, 200);
  // Once descriptors are free again, it accepts and serves.
  for (int fd : clients) close(fd);
  bool served = false;
  for (int attempt = 0; attempt < 30 && !served; ++attempt) {
    served = sim.get("/api/1/BTCUSD/public/ticker").status == 200;
    if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(served);
}

// A merchant's web site: records every IPN; refuses the first, then acknowledges with "[OK]".
class IpnReceiver {
 public:
  uint16_t port() const { return server_.port(); }
  std::vector<net::HttpRequest> received() {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  net::Reply receive(const net::HttpRequest& r) {
    std::lock_guard lock(mutex_);
    received_.push_back(r);
    return {net::HttpResponse{200, "text/plain", received_.size() == 1 ? "not now" : "[OK]", {}}};
  }

  std::mutex mutex_;
  std::vector<net::HttpRequest> received_;
  ServerThread server_{[this](const net::HttpRequest& r) { return receive(r); }};  // last: stops first
};

TEST(MtGoxSim, MerchantOrderIsPaidAndAnnouncedBySignedIpnUntilAcknowledged) {
  IpnReceiver shop;
  SimProcess sim(config(false, "merchant: {ipn_retry_seconds: 1}\n"));
  const std::string ipn_url = "http://127.0.0.1:" + std::to_string(shop.port()) + "/ipn";
  auto created = sim.private_call("/api/1/generic/private/merchant/order/create", kAliceKey, kAliceSecret,
                                  "currency=BTC&amount=1.5&return_success=http%3A%2F%2Fshop%2Fok"
                                  "&return_failure=http%3A%2F%2Fshop%2Fno&data=order-42&ipn=" + ipn_url);
  ASSERT_EQ(created.status, 200) << created.body;
  auto order = mtgox::decode_response<mtgox::MerchantOrder>(created.body);
  ASSERT_TRUE(order.ok());
  EXPECT_NE(order->payment_url.find("/sim/merchant/pay/" + order->transaction), std::string::npos);
  auto no_right = sim.private_call("/api/1/generic/private/merchant/order/create", kBobKey, kBobSecret,
                                   "currency=BTC&amount=1&return_success=a&return_failure=b");
  EXPECT_EQ(token_of(no_right), "login_error_no_right");
  auto no_currency = sim.private_call("/api/1/generic/private/merchant/order/create", kAliceKey, kAliceSecret,
                                      "amount=1&return_success=a&return_failure=b");
  EXPECT_NE(no_currency.body.find("currency"), std::string::npos);

  EXPECT_EQ(sim.post("/sim/merchant/pay/" + order->transaction, "").status, 200);
  EXPECT_EQ(sim.post("/sim/merchant/pay/" + order->transaction, "").status, 409);
  EXPECT_EQ(sim.post("/sim/merchant/pay/no-such-transaction", "").status, 404);

  // The first IPN is refused; one retry second later it is sent again and acknowledged.
  for (int i = 0; i < 60 && shop.received().size() < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto ipns = shop.received();
  ASSERT_EQ(ipns.size(), 2u);
  const std::string alice_secret = *base64_decode(kAliceSecret);
  for (const auto& r : ipns) {
    EXPECT_EQ(r.header("Rest-Key"), kAliceKey);
    EXPECT_TRUE(mtgox_signature_valid(alice_secret, r.body, r.header("Rest-Sign")));
    auto ipn = mtgox::parse_ipn(r.body);
    ASSERT_TRUE(ipn.ok()) << ipn.error().describe();
    EXPECT_EQ(ipn->id, order->transaction);
    EXPECT_EQ(ipn->status, "paid");
    EXPECT_EQ(ipn->amount, 150000000);
    EXPECT_EQ(ipn->currency, "BTC");
    EXPECT_EQ(ipn->method, "MTGOXBTC");
    EXPECT_EQ(ipn->data, "order-42");
  }
  EXPECT_EQ(ipns[0].body, ipns[1].body);
  EXPECT_TRUE(json_equal("[{\"transaction\":\"" + order->transaction +
                             "\",\"attempts\":2,\"delivered\":true,\"last_answer\":\"[OK]\"}]",
                         sim.get("/sim/merchant/ipn").body));
  auto info = mtgox::decode_response<mtgox::Info>(sim.private_call("/api/1/generic/private/info", kAliceKey, kAliceSecret).body);
  ASSERT_TRUE(info.ok());
  for (const auto& [code, w] : info->Wallets.entries)
    if (code == "BTC") {
      EXPECT_EQ(w.Balance.value_int, 1000000000 + 150000000);
    }
}

}  // namespace
}  // namespace dealer::testing
