// Every trade input of `dealer backtest --trades` and `dealer import`, each on a hand-made file whose
// trades are checked by hand: MtGox CSV, bitcoincharts CSV, MtGox trades JSON answers, the SQLite
// store; the choice of reader; bad lines reported with file:line (and --strict); streaming across the
// reader's chunks.
#include "input/trade_input.h"

#include <gtest/gtest.h>

#include <fstream>

#include "input/mtgox_json_trades.h"
#include "live/store_rows.h"
#include "store/store.h"
#include "support/bot_process.h"

namespace dealer::input {
namespace {

using testing::TempDir;

std::string write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// One entry of a public/trades answer, every member as MtGox sent it.
std::string wire_trade(int64_t tid, const std::string& price, int64_t price_int, const std::string& amount,
                       int64_t amount_int, const std::string& currency, const char* type,
                       const char* primary) {
  return "{\"date\":" + std::to_string(tid / 1000000) + ",\"price\":\"" + price + "\",\"amount\":\"" +
         amount + "\",\"price_int\":\"" + std::to_string(price_int) + "\",\"amount_int\":\"" +
         std::to_string(amount_int) + "\",\"tid\":\"" + std::to_string(tid) + "\",\"price_currency\":\"" +
         currency + "\",\"item\":\"BTC\",\"trade_type\":\"" + type + "\",\"primary\":\"" + primary +
         "\",\"properties\":\"limit\"}";
}

struct Collected {
  std::vector<Trade> trades;
  std::vector<std::string> bad;
  TradeReadOptions options() {
    TradeReadOptions o;
    o.on_bad_line = [this](const Error& e) { bad.push_back(e.message); };
    return o;
  }
};

TEST(TradeInput, ChoosesTheReaderByTheFirstBytes) {
  TempDir dir;
  EXPECT_EQ(*detect_trade_input(write_file(dir.path + "/a.csv", "id,price,amount,type\n")),
            TradeInputFormat::kCsv);
  EXPECT_EQ(*detect_trade_input(write_file(dir.path + "/b.csv", "1315922016,5.8,1\n")),
            TradeInputFormat::kCsv);
  EXPECT_EQ(*detect_trade_input(write_file(dir.path + "/c.json", "\n  {\"result\":")),
            TradeInputFormat::kMtGoxJson);
  EXPECT_EQ(*detect_trade_input(write_file(dir.path + "/d.json", "[{")), TradeInputFormat::kMtGoxJson);
  EXPECT_EQ(*detect_trade_input(write_file(dir.path + "/e", std::string("SQLite format 3\0xx", 18))),
            TradeInputFormat::kSqlite);
  // Without the NUL it is not SQLite's header: a CSV (whose first line will not parse).
  EXPECT_EQ(*detect_trade_input(write_file(dir.path + "/f", "SQLite format 3 x")), TradeInputFormat::kCsv);
  EXPECT_EQ(detect_trade_input(dir.path + "/missing").error().code, Errc::kIo);
}

TEST(TradeInput, BadCsvLinesAreReportedWithFileAndLineAndSkipped) {
  TempDir dir;
  const std::string path = write_file(dir.path + "/t.csv",
                                      "id,price,amount,type\n"
                                      "1357040104566981,13.4,0.1,ask\n"   // 2: good
                                      "1357040104566982,oops,1,bid\n"     // 3: bad price
                                      "1357040104566981,13.5,1,bid\n"     // 4: tid not above line 2's
                                      "\n"                                // 5: blank, ignored
                                      "1357040105000000,13.45,2,bid\r\n"  // 6: good (CRLF)
                                      "1357040106000000,13.46,2,buy\n");  // 7: bad type
  Collected c;
  auto summary = read_trade_input(path, c.options(), append_to(c.trades));
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  EXPECT_EQ(summary->trades, 2u);
  EXPECT_EQ(summary->bad_lines, 3u);
  ASSERT_EQ(c.bad.size(), 3u);
  EXPECT_EQ(c.bad[0], path + ":3: price: 'oops' is not a decimal number: expected a digit");
  EXPECT_EQ(c.bad[1],
            path + ":4: tid 1357040104566981 does not increase (the one before is 1357040104566981)");
  EXPECT_EQ(c.bad[2], path + ":7: type must be bid or ask");
  ASSERT_EQ(c.trades.size(), 2u);
  EXPECT_EQ(c.trades[0].tid, 1357040104566981);
  EXPECT_EQ(c.trades[0].price, Price(1340000));  // 13.4 USD = 1,340,000 units of 1e-5
  EXPECT_EQ(c.trades[1].tid, 1357040105000000);
  EXPECT_EQ(c.trades[1].amount, Amount(200000000));  // 2 BTC
  EXPECT_EQ(c.trades[1].side, Side::kBid);

  // Strict: the first bad line is the error, nothing after it is read.
  TradeReadOptions strict = c.options();
  strict.strict = true;
  std::vector<Trade> none;
  auto stopped = read_trade_input(path, strict, append_to(none));
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.error().code, Errc::kParse);
  EXPECT_EQ(stopped.error().message, path + ":3: price: 'oops' is not a decimal number: expected a digit");
}

TEST(TradeInput, BitcoinchartsCsvThroughTheChooser) {
  TempDir dir;
  // Hand-checked: tids are seconds x 1e6 plus the index within the second; sides by the tick rule.
  const std::string path = write_file(dir.path + "/bc.csv",
                                      "1315922016,5.80,1.5\n"
                                      "1315922016,5.83,3\n"
                                      "1315922029,5.79,0.25\n");
  Collected c;
  auto summary = read_trade_input(path, c.options(), append_to(c.trades));
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  ASSERT_EQ(c.trades.size(), 3u);
  EXPECT_EQ(c.trades[0].tid, 1315922016000000);
  EXPECT_EQ(c.trades[1].tid, 1315922016000001);
  EXPECT_EQ(c.trades[2].tid, 1315922029000000);
  EXPECT_EQ(c.trades[0].amount, Amount(150000000));
  EXPECT_EQ(c.trades[2].price, Price(579000));
  EXPECT_EQ(c.trades[1].side, Side::kBid);  // uptick
  EXPECT_EQ(c.trades[2].side, Side::kAsk);  // downtick
}

TEST(TradeInput, MtGoxTradesAnswersOneAfterTheOther) {
  TempDir dir;
  const std::string a =
      wire_trade(1365779997854917, "72.98274", 7298274, "0.1065", 10650000, "USD", "bid", "Y");
  const std::string a_eur =
      wire_trade(1365779997854917, "55.46688", 5546688, "0.1065", 10650000, "EUR", "bid", "N");
  const std::string b = wire_trade(1365779998558564, "73", 7300000, "1", 100000000, "USD", "ask", "Y");
  const std::string c_ = wire_trade(1365780001000001, "73.01", 7301000, "2.5", 250000000, "USD", "bid", "Y");
  const std::string d = wire_trade(1365780002000000, "73.02", 7302000, "0.01", 1000000, "USD", "ask", "Y");
  const std::string path =
      write_file(dir.path + "/pages.json",
                 // lines 1-5: one wrapped answer, pretty-printed, with a mirrored copy
                 "{\"result\":\"success\",\"return\":[\n  " + a + ",\n  " + a_eur + ",\n  " + b + "\n]\n}\n" +
                     // line 6: two ?raw pages on one line, the second overlapping b
                     "[" + b + "," + c_ + "][" + c_ + "]\n" +
                     // line 7: a third answer, wrapped, on one line
                     "{\"result\":\"success\",\"return\":[" + d + "]}\n");
  Collected got;
  auto summary = read_trade_input(path, got.options(), append_to(got.trades));
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  EXPECT_TRUE(got.bad.empty()) << got.bad.front();
  // a, b, c, d once each: the EUR copy (primary N) and the repeats of b and c are dropped.
  ASSERT_EQ(got.trades.size(), 4u);
  const int64_t tids[] = {1365779997854917, 1365779998558564, 1365780001000001, 1365780002000000};
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(got.trades[i].tid, tids[i]) << i;
  EXPECT_EQ(got.trades[0].price, Price(7298274));
  EXPECT_EQ(got.trades[0].date, 1365779997);
  EXPECT_EQ(got.trades[1].side, Side::kAsk);
  EXPECT_EQ(got.trades[2].amount, Amount(250000000));
  EXPECT_EQ(got.trades[3].price_currency, Currency::usd());
}

TEST(TradeInput, TheRecordedFixtureAnswer) {
  // tests/data/mtgox/trades.json (pretty-printed, wrapped): 4 trades, the first with primary "N".
  Collected got;
  auto summary = read_trade_input(std::string(DEALER_TEST_DATA_DIR) + "/mtgox/trades.json", got.options(),
                                  append_to(got.trades));
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  EXPECT_EQ(summary->bad_lines, 0u);
  ASSERT_EQ(got.trades.size(), 3u);
  EXPECT_EQ(got.trades[0].tid, 1365779998558564);
  EXPECT_EQ(got.trades[1].tid, 1365780002144150);
  EXPECT_EQ(got.trades[2].tid, 1365780003374123);
}

TEST(TradeInput, BadAnswersAreReportedByTheLineTheyStartOn) {
  TempDir dir;
  const std::string good =
      wire_trade(1365780001000001, "73.01", 7301000, "2.5", 250000000, "USD", "bid", "Y");
  const std::string later = wire_trade(1365780009000000, "73.5", 7350000, "1", 100000000, "USD", "ask", "Y");
  const std::string pln = wire_trade(1365780010000000, "230", 23000000, "1", 100000000, "PLN", "ask", "Y");
  const std::string broken = "{\"result\":\"success\",\"return\":[{\"date\":1,\"price_int\":\"x\"}]}";
  const std::string path = write_file(dir.path + "/bad.json",
                                      "[" + good + "]\n" +                                              // 1
                                          "{\"result\":\"error\",\"error\":\"Too many requests\"}\n" +  // 2
                                          "garbage\n" +                                                 // 3
                                          "\n" + broken + "\n" +                                        // 5
                                          "[" + later + "," + pln + "]\n" +                             // 6
                                          "[" + later);  // 7: cut
  Collected got;
  auto summary = read_trade_input(path, got.options(), append_to(got.trades));
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  ASSERT_EQ(got.trades.size(), 2u);
  EXPECT_EQ(got.trades[1].tid, 1365780009000000);
  ASSERT_EQ(got.bad.size(), 5u);
  EXPECT_TRUE(got.bad[0].starts_with(path + ":2: MtGox trades answer: ")) << got.bad[0];
  EXPECT_NE(got.bad[0].find("Too many requests"), std::string::npos) << got.bad[0];
  EXPECT_EQ(got.bad[1], path + ":3: expected a MtGox trades answer ({...} or [...])");
  EXPECT_TRUE(got.bad[2].starts_with(path + ":5: MtGox trades answer: ")) << got.bad[2];
  EXPECT_EQ(got.bad[3], path + ":6: trade 1365780010000000 is BTCPLN, expected BTCUSD");
  EXPECT_EQ(got.bad[4], path + ":7: the answer starting here is cut off at the end of the file");

  TradeReadOptions strict = got.options();
  strict.strict = true;
  std::vector<Trade> none;
  auto stopped = read_trade_input(path, strict, append_to(none));
  ASSERT_FALSE(stopped.ok());
  EXPECT_TRUE(stopped.error().message.starts_with(path + ":2: ")) << stopped.error().message;
}

TEST(TradeInput, ReadsTheRecordedStoreBack) {
  TempDir dir;
  const std::string db = dir.path + "/rec.sqlite";
  const engine::Pair usd{Currency::btc(), Currency::usd()};
  const engine::Pair eur{Currency::btc(), *Currency::from_code("EUR")};
  Trade t1{1357040104566981, 1357040104, Price(1340000), Amount(10000000), Currency::usd(),
           Currency::btc(),  Side::kAsk, true,           "limit"};
  Trade t2{1357040105000000, 1357040105, Price(1345000), Amount(200000000), Currency::usd(),
           Currency::btc(),  Side::kBid, true,           "market"};
  {
    auto store = store::Store::open({db});
    ASSERT_TRUE(store.ok()) << store.error().describe();
    // Written out of order, with another pair's trade between: read back by tid, one pair only.
    ASSERT_TRUE((*store)
                    ->submit({live::trade_row(t2, usd), live::trade_row(t1, eur), live::trade_row(t1, usd)})
                    .ok());
    ASSERT_TRUE((*store)->flush().ok());
  }
  Collected got;
  auto summary = read_trade_input(db, got.options(), append_to(got.trades));
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  ASSERT_EQ(got.trades.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const Trade& want = i == 0 ? t1 : t2;
    EXPECT_EQ(got.trades[i].tid, want.tid);
    EXPECT_EQ(got.trades[i].date, want.date);
    EXPECT_EQ(got.trades[i].price, want.price);
    EXPECT_EQ(got.trades[i].amount, want.amount);
    EXPECT_EQ(got.trades[i].side, want.side);
    EXPECT_EQ(got.trades[i].properties, want.properties);
    EXPECT_EQ(got.trades[i].price_currency, Currency::usd());
  }
  TradeReadOptions jpy = got.options();
  jpy.currency = *Currency::from_code("JPY");
  std::vector<Trade> none;
  auto empty = read_trade_input(db, jpy, append_to(none));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().message, db + ": no BTCJPY trades recorded");
}

TEST(TradeInput, StreamsAFileLargerThanOneChunk) {
  // 60,000 lines of about 40 bytes: 2.4 MB, more than two of the reader's 1 MiB chunks, so lines are
  // cut at chunk ends. Trade i: tid 1e15 + i, price 10 + i/1e5 USD, amount i + 1 satoshis; the sums
  // below are computed from those formulas, not from the reader.
  TempDir dir;
  constexpr int64_t kLines = 60000;
  std::string text = "id,price,amount,type\n";
  for (int64_t i = 0; i < kLines; ++i) {
    char line[96];
    std::snprintf(line, sizeof line, "%lld,%lld.%05lld,0.%08lld,%s\n",
                  static_cast<long long>(1'000'000'000'000'000 + i), static_cast<long long>(10 + i / 100000),
                  static_cast<long long>(i % 100000), static_cast<long long>(i + 1), i % 2 ? "ask" : "bid");
    text += line;
  }
  const std::string path = write_file(dir.path + "/big.csv", text);
  int batches = 0;
  int64_t price_sum = 0, amount_sum = 0, last_tid = 0;
  TradeBatchSink sink = [&](std::span<Trade> batch) {
    ++batches;
    for (const Trade& t : batch) {
      EXPECT_GT(t.tid, last_tid);
      last_tid = t.tid;
      price_sum += t.price.raw();
      amount_sum += t.amount.raw();
    }
    return Status{};
  };
  auto summary = read_trade_input(path, TradeReadOptions{}, sink);
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  EXPECT_EQ(summary->trades, static_cast<size_t>(kLines));
  EXPECT_EQ(batches, static_cast<int>((kLines + kTradeBatchSize - 1) / kTradeBatchSize));
  // price units: 10e5 + i each, so kLines x 1,000,000 + sum(i); amounts: sum(i + 1).
  EXPECT_EQ(price_sum, kLines * 1'000'000 + kLines * (kLines - 1) / 2);
  EXPECT_EQ(amount_sum, kLines * (kLines + 1) / 2);
  EXPECT_EQ(last_tid, 1'000'000'000'000'000 + kLines - 1);
}

}  // namespace
}  // namespace dealer::input
