// Recorder on virtual time: the FakeExchange for market data, a real Store on a temporary file, and the
// store's durable notices run by hand, so the rules of `dealer record` can be observed one by one:
//   - the next trades page is asked only once the previous page and its cursor are committed;
//   - depth snapshots at most every depth_every, each full depth always;
//   - a store failure stops the polling and says why.
#include "live/recorder.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "live/store_rows.h"
#include "store/history_reader.h"
#include "support/bot_process.h"
#include "support/fake_exchange.h"
#include "support/posted.h"

namespace dealer::live {
namespace {

using namespace std::chrono_literals;

constexpr int64_t kStartUs = 1'700'000'000'000'000;

Trade trade(int64_t tid) {
  Trade t;
  t.tid = tid;
  t.date = tid / 1'000'000;
  t.price = Price(1339000);
  t.amount = Amount(100000000);
  t.price_currency = Currency::usd();
  t.item = Currency::btc();
  t.properties = "limit";
  return t;
}

class RecorderTest : public ::testing::Test {
 protected:
  // `tweak` sets the intervals; by default only trades, every second.
  void open(store::StoreOptions options = {}, std::function<void(RecorderOptions&)> tweak = {}) {
    options.path = db_;
    options.sync_full = false;
    auto s = store::Store::open(options);
    ASSERT_TRUE(s.ok()) << s.error().describe();
    store_ = std::move(*s);
    RecorderOptions o;
    o.pair = *engine::Pair::parse("BTCUSD");
    o.poll.ticker = o.poll.depth = o.poll.full_depth = Micros(0);
    o.poll.trades = 1s;
    if (tweak) tweak(o);
    recorder_ = std::make_unique<Recorder>(*store_, exchange_, scheduler_, wall_, posted_.poster(), o);
    recorder_->on_fatal([this](const Error& e) { fatal_ = e; });
  }
  void TearDown() override {
    recorder_.reset();
    store_.reset();
  }
  // The store commits and its notices run, and due tasks run; until nothing moves.
  void pump() {
    for (int i = 0; i < 100; ++i) {
      (void)store_->flush();
      if (posted_.run() == 0 && scheduler_.run_ready() == 0) return;
    }
  }
  // `seconds` of virtual time, a second at a time, the wall clock moving along; everything settles
  // at each step.
  void run_for(int seconds) {
    pump();
    for (int i = 0; i < seconds; ++i) {
      scheduler_.advance(1s);
      wall_.advance(1'000'000);
      pump();
    }
  }
  size_t stored_trades() {
    auto reader = store::HistoryReader::open(db_);
    return reader ? reader->trades_after("BTCUSD", 0, 1'000'000)->size() : 0;
  }

  testing::TempDir dir_;
  std::string db_ = dir_.path + "/market.sqlite";
  VirtualScheduler scheduler_;
  ManualClock wall_{kStartUs};
  testing::FakeExchange exchange_{scheduler_};
  testing::Posted posted_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Recorder> recorder_;
  std::optional<Error> fatal_;
};

TEST_F(RecorderTest, NextPageOnlyOnceThePreviousIsCommitted) {
  open();
  // 1,500 trades after tid 0: a full page of 1,000, then 500.
  for (int64_t tid = 1; tid <= 1500; ++tid) exchange_.tape.push_back(trade(tid));
  recorder_->start(0);
  scheduler_.run_ready();
  ASSERT_TRUE(exchange_.answer("trades"));
  (void)store_->flush();  // the page is committed, but the recorder has not heard so yet
  scheduler_.run_ready();
  EXPECT_EQ(exchange_.calls().size(), 1u) << "asked again before the page was known to be durable";
  EXPECT_EQ(posted_.run(), 1);
  scheduler_.run_ready();  // a full page: the next one at once
  ASSERT_EQ(exchange_.calls().size(), 2u);
  EXPECT_EQ(exchange_.calls()[1].since, 1000);
  ASSERT_TRUE(exchange_.answer("trades"));
  pump();
  EXPECT_EQ(stored_trades(), 1500u);
  EXPECT_EQ(recorder_->counts().trades, 1500);
  auto reader = store::HistoryReader::open(db_);
  EXPECT_EQ(**reader->cursor("trades.mtgox.BTCUSD"), 1500);
}

TEST_F(RecorderTest, DepthAtMostEveryDepthEvery) {
  open({}, [](RecorderOptions& o) {
    o.poll.trades = Micros(0);
    o.poll.depth = 10s;
    o.depth_snapshot_every = 30s;
  });
  exchange_.auto_answer("depth", Micros(0));
  recorder_->start(std::nullopt);
  run_for(100);
  // Depth answers at 0, 10, ..., 100 s; rows at 0, 30, 60, 90 (each answer less than 30 s after the
  // last row is dropped).
  EXPECT_EQ(exchange_.times("depth").size(), 11u);
  EXPECT_EQ(recorder_->counts().depths, 4);
}

TEST_F(RecorderTest, EveryFullDepthIsKept) {
  open({}, [](RecorderOptions& o) {
    o.poll.trades = Micros(0);
    o.poll.full_depth = 5s;
    o.depth_snapshot_every = 30s;
  });
  exchange_.auto_answer("fulldepth", Micros(0));
  recorder_->start(std::nullopt);
  run_for(20);
  // Full depth at 0, 5, 10, 15, 20 s: a row each, however close together.
  EXPECT_EQ(recorder_->counts().depths, 5);
}

TEST_F(RecorderTest, AStoreFailureStopsRecording) {
  open();
  recorder_.reset();
  store_.reset();
  // Reopened capped at its size now: the first page of trades no longer fits.
  store::StoreOptions capped;
  capped.max_page_count = static_cast<int64_t>(std::filesystem::file_size(db_) / 4096);
  open(capped);
  for (int64_t tid = 1; tid <= 1000; ++tid) exchange_.tape.push_back(trade(tid));
  exchange_.auto_answer("trades", Micros(0));
  recorder_->start(0);
  pump();
  ASSERT_TRUE(fatal_.has_value());
  const size_t asked = exchange_.calls().size();
  scheduler_.advance(10s);
  pump();
  EXPECT_EQ(exchange_.calls().size(), asked) << "a failed recorder asks nothing more";
  EXPECT_EQ(stored_trades(), 0u);
}

}  // namespace
}  // namespace dealer::live
