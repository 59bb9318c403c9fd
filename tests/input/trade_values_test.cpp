// Values checked on every file reader's trades (issue 18): a price or an amount not above 0, a time
// outside 0..9999-12-31 or a negative tid is a bad line "FILE:LINE: what", reported and skipped (or the
// error with --strict), in MtGox CSV, bitcoincharts CSV and MtGox JSON answers alike; and a JSON answer
// that never ends is bounded.
#include <gtest/gtest.h>

#include <fstream>

#include "input/trade_input.h"
#include "support/bot_process.h"

namespace dealer::input {
namespace {

using testing::TempDir;

std::string write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

struct Read {
  std::vector<Trade> trades;
  std::vector<std::string> bad;
  Result<TradeReadSummary> summary = TradeReadSummary{};
};

Read read(const std::string& path, bool strict = false) {
  Read r;
  TradeReadOptions o;
  o.strict = strict;
  o.on_bad_line = [&r](const Error& e) { r.bad.push_back(e.message); };
  r.summary = read_trade_input(path, o, append_to(r.trades));
  return r;
}

TEST(TradeValues, MtGoxCsvPricesAndAmountsMustBeAboveZero) {
  TempDir dir;
  const std::string path = write_file(dir.path + "/v.csv",
                                      "id,price,amount,type\n"
                                      "1357040104566981,-13.5,1,bid\n"    // 2
                                      "1357040104566982,0,1,bid\n"        // 3
                                      "1357040104566983,13.5,0,ask\n"     // 4
                                      "1357040104566984,13.5,-0.1,ask\n"  // 5
                                      "-5,13.5,1,ask\n"                   // 6
                                      "1357040104566985,13.5,0.1,ask\n");
  Read r = read(path);
  ASSERT_TRUE(r.summary.ok()) << r.summary.error().message;
  ASSERT_EQ(r.trades.size(), 1u);
  EXPECT_EQ(r.trades[0].tid, 1357040104566985);
  EXPECT_EQ(r.summary->bad_lines, 5u);
  ASSERT_EQ(r.bad.size(), 5u);
  EXPECT_EQ(r.bad[0], path + ":2: price -13.50000 is not above 0");
  EXPECT_EQ(r.bad[1], path + ":3: price 0.00000 is not above 0");
  EXPECT_EQ(r.bad[2], path + ":4: amount 0.00000000 is not above 0");
  EXPECT_EQ(r.bad[3], path + ":5: amount -0.10000000 is not above 0");
  EXPECT_EQ(r.bad[4], path + ":6: tid -5 is negative");

  Read strict = read(path, true);
  ASSERT_FALSE(strict.summary.ok());
  EXPECT_EQ(strict.summary.error().message, path + ":2: price -13.50000 is not above 0");
  EXPECT_TRUE(strict.trades.empty());
}

TEST(TradeValues, BitcoinchartsTimesEndAtTheYear9999) {
  TempDir dir;
  // 253402300799 = 9999-12-31 23:59:59 UTC (2932897 days of 86400 s from 1970-01-01, minus 1 s).
  const std::string path =
      write_file(dir.path + "/t.csv", "253402300799,5.8,1\n253402300800,5.9,1\n1315922016,0,1\n");
  Read r = read(path);
  ASSERT_TRUE(r.summary.ok());
  ASSERT_EQ(r.trades.size(), 1u);
  EXPECT_EQ(r.trades[0].date, 253402300799);
  ASSERT_EQ(r.bad.size(), 2u);
  EXPECT_EQ(r.bad[0], path + ":2: unix_seconds 253402300800 is outside 0..253402300799");
  EXPECT_EQ(r.bad[1], path + ":3: price 0.00000 is not above 0");
}

// One entry of a public/trades answer (as tests/input/trade_input_test.cpp builds them).
std::string wire_trade(int64_t tid, int64_t date, int64_t price_int, int64_t amount_int) {
  return "{\"date\":" + std::to_string(date) + ",\"price\":\"1\",\"amount\":\"1\",\"price_int\":\"" +
         std::to_string(price_int) + "\",\"amount_int\":\"" + std::to_string(amount_int) + "\",\"tid\":\"" +
         std::to_string(tid) + "\",\"price_currency\":\"USD\",\"item\":\"BTC\",\"trade_type\":\"bid\"," +
         "\"primary\":\"Y\",\"properties\":\"limit\"}";
}

TEST(TradeValues, MtGoxJsonAnswersAreCheckedLikeCsv) {
  TempDir dir;
  const int64_t t0 = 1365780001000001;
  const std::string path =
      write_file(dir.path + "/v.json", "[" + wire_trade(t0, t0 / 1000000, -500000, 100000000) + "]\n" +  // 1
                                           "[" + wire_trade(t0 + 1, t0 / 1000000, 7301000, 0) + "]\n" +  // 2
                                           "[" + wire_trade(t0 + 2, -1, 7301000, 1) + "]\n" +            // 3
                                           "[" + wire_trade(t0 + 3, t0 / 1000000, 7301000, 1) + "]\n");  // 4
  Read r = read(path);
  ASSERT_TRUE(r.summary.ok()) << r.summary.error().message;
  ASSERT_EQ(r.trades.size(), 1u);
  EXPECT_EQ(r.trades[0].tid, t0 + 3);
  ASSERT_EQ(r.bad.size(), 3u);
  EXPECT_EQ(r.bad[0], path + ":1: price -5.00000 is not above 0");
  EXPECT_EQ(r.bad[1], path + ":2: amount 0.00000000 is not above 0");
  EXPECT_EQ(r.bad[2],
            path + ":3: time -1 (unix seconds) is outside 0..253402300799 (9999-12-31 23:59:59 UTC)");
}

TEST(TradeValues, AJsonAnswerThatNeverEndsIsAnError) {
  TempDir dir;
  // 17 MiB of short lines inside one open array: every line is short, the answer is not.
  std::string text = "{\"result\":\"success\",\"return\":[\n";
  const std::string line(1023, ' ');
  for (int i = 0; i < 17 * 1024; ++i) text += line + "\n";
  const std::string path = write_file(dir.path + "/open.json", text);
  Read r = read(path);
  ASSERT_FALSE(r.summary.ok());
  EXPECT_EQ(r.summary.error().message, path + ":1: the answer starting here is longer than 16777216 bytes");
}

}  // namespace
}  // namespace dealer::input
