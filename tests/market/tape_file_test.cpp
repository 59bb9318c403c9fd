// The binary tape (docs/tape-format.md): written and mapped back trade for trade across blocks, the
// header as documented, and every damaged file an error naming it: truncated, another version, a
// damaged header, a bad checksum, not a tape, a trade the readers would refuse.
#include "market/tape_file.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "market/fill_model.h"
#include "support/bot_process.h"

namespace dealer::market {
namespace {

using testing::TempDir;

// 70,000 trades (a full block of 65,536 and a partial one): tids in microseconds, prices and sides
// varying, every 7th trade sharing its second's tid-second with the next.
std::vector<Trade> hand_made(size_t n) {
  std::vector<Trade> trades(n);
  for (size_t i = 0; i < n; ++i) {
    Trade& t = trades[i];
    t.tid = 1'357'000'000'000'000 + static_cast<int64_t>(i) * 250'000;
    t.date = t.tid / 1'000'000;
    t.price = Price(1'300'000 + static_cast<int64_t>(i % 977));
    t.amount = Amount(1 + static_cast<int64_t>(i) * 3);
    t.side = i % 3 ? Side::kBid : Side::kAsk;
    t.price_currency = Currency::usd();
  }
  return trades;
}

std::string write_tape(const std::string& path, const std::vector<Trade>& trades) {
  auto w = TapeWriter::create(path, Currency::btc(), Currency::usd());
  EXPECT_TRUE(w.ok());
  EXPECT_TRUE(w->add(trades).ok());
  auto h = w->finish();
  EXPECT_TRUE(h.ok()) << h.error().message;
  return path;
}

std::string bytes_of(const std::string& path) {
  std::stringstream s;
  s << std::ifstream(path, std::ios::binary).rdbuf();
  return s.str();
}

std::string write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  return path;
}

TEST(TapeFile, WrittenAndMappedBackTradeForTradeAcrossBlocks) {
  TempDir dir;
  const std::vector<Trade> trades = hand_made(70'000);
  const std::string path = write_tape(dir.path + "/t.tape", trades);
  // 128 + a full block (33 bytes a trade) + 4,464 trades padded to 8 sides: by hand.
  EXPECT_EQ(bytes_of(path).size(), 128u + 65'536u * 33 + 4'464u * 32 + 4'464u);
  EXPECT_FALSE(std::ifstream(path + ".partial").good());

  auto tape = TapeFile::open(path);
  ASSERT_TRUE(tape.ok()) << tape.error().message;
  const TapeHeader& h = tape->header();
  EXPECT_EQ(h.count, 70'000u);
  EXPECT_EQ(h.item, Currency::btc());
  EXPECT_EQ(h.quote, Currency::usd());
  EXPECT_EQ(h.first_tid, trades.front().tid);
  EXPECT_EQ(h.last_tid, trades.back().tid);
  EXPECT_EQ(h.first_time_us, trades.front().tid);  // MtGox tids are the time in microseconds
  EXPECT_EQ(h.last_time_us, trades.back().tid);
  std::vector<Trade> back(trades.size());
  tape->copy(0, back);
  for (size_t i = 0; i < trades.size(); ++i) {
    ASSERT_EQ(back[i].tid, trades[i].tid) << i;
    ASSERT_EQ(back[i].date, trades[i].date) << i;
    ASSERT_EQ(back[i].price, trades[i].price) << i;
    ASSERT_EQ(back[i].amount, trades[i].amount) << i;
    ASSERT_EQ(back[i].side, trades[i].side) << i;
    ASSERT_EQ(back[i].price_currency, Currency::usd()) << i;
  }
  // A copy that starts inside the first block and ends inside the second.
  std::vector<Trade> middle(10);
  tape->copy(65'530, middle);
  EXPECT_EQ(middle[0].tid, trades[65'530].tid);
  EXPECT_EQ(middle[9].tid, trades[65'539].tid);
  // Trade i is at 1357000000 s + i / 4: the first at or after 1357000010.1 s is 41.
  EXPECT_EQ(tape->lower_bound_time(1'357'000'010'100'000), 41u);
  EXPECT_EQ(tape->lower_bound_time(0), 0u);
  EXPECT_EQ(tape->lower_bound_time(INT64_MAX), 70'000u);
}

TEST(TapeFile, ADamagedFileIsAnErrorNamingIt) {
  TempDir dir;
  // 1000 trades: 128 + 32 x 1000 + 1000 sides = 33128 bytes.
  const std::string good = bytes_of(write_tape(dir.path + "/good.tape", hand_made(1000)));
  struct Case {
    std::string name;
    std::string bytes;
    std::string expect;
  };
  std::string version2 = good;
  version2[8] = 2;
  std::string header = good;
  header[33] ^= 1;  // the count
  std::string data = good;
  data[5000] ^= 0x10;
  const Case cases[] = {
      {"short.tape", good.substr(0, 50), "truncated: 50 bytes, shorter than the 128-byte tape header"},
      {"cut.tape", good.substr(0, good.size() - 1),
       "truncated: 33127 bytes where a tape of 1000 trades takes 33128"},
      {"long.tape", good + "x", "damaged: 33129 bytes where a tape of 1000 trades takes 33128"},
      {"v2.tape", version2, "tape version 2; this dealer reads version 1"},
      {"header.tape", header, "the header is damaged (its checksum does not match)"},
      {"data.tape", data, "bad checksum: the trades are damaged"},
      {"csv.tape", "id,price,amount,type\n" + std::string(200, '1'), "not a dealer tape"},
      {"empty.tape", "", "truncated: 0 bytes"},
  };
  for (const Case& c : cases) {
    const std::string path = write_bytes(dir.path + "/" + c.name, c.bytes);
    auto tape = TapeFile::open(path);
    ASSERT_FALSE(tape.ok()) << c.name;
    EXPECT_EQ(tape.error().message.rfind(path + ": " + c.expect, 0), 0u) << tape.error().message;
  }
  EXPECT_EQ(TapeFile::open(dir.path + "/missing.tape").error().code, Errc::kIo);
  EXPECT_FALSE(TapeFile::open("/dev/zero").ok());
}

TEST(TapeFile, ATradeTheReadersWouldRefuseIsRefusedHereToo) {
  TempDir dir;
  std::vector<Trade> trades = hand_made(10);
  trades[4].price = Price(0);  // the writer takes what it is given; the reader checks
  const std::string zero = write_tape(dir.path + "/zero.tape", trades);
  auto tape = TapeFile::open(zero);
  ASSERT_FALSE(tape.ok());
  EXPECT_EQ(tape.error().message, zero + ": trade 5: price 0.00000 is not above 0");

  trades = hand_made(10);
  trades[7].tid = trades[6].tid;
  const std::string same = write_tape(dir.path + "/same.tape", trades);
  tape = TapeFile::open(same);
  ASSERT_FALSE(tape.ok());
  EXPECT_EQ(tape.error().message,
            same + ": trade 8: tid " + std::to_string(trades[7].tid) + " does not increase");
}

TEST(TapeFile, AWriterNotFinishedLeavesNoFile) {
  TempDir dir;
  {
    auto w = TapeWriter::create(dir.path + "/t.tape", Currency::btc(), Currency::usd());
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(w->add(hand_made(5)).ok());
  }
  EXPECT_FALSE(std::ifstream(dir.path + "/t.tape").good());
  EXPECT_FALSE(std::ifstream(dir.path + "/t.tape.partial").good());
  auto empty = TapeWriter::create(dir.path + "/e.tape", Currency::btc(), Currency::usd());
  EXPECT_FALSE(empty->finish().ok());
}

}  // namespace
}  // namespace dealer::market
