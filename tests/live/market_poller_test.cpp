// MarketPoller on virtual time against a scripted exchange: intervals, one request per feed in flight,
// feeds independent, trades paging and acknowledgement, backoff, refresh_now. Expected times are the
// intervals of the config below, added up by hand.
#include "live/market_poller.h"

#include <gtest/gtest.h>

#include "support/fake_exchange.h"

namespace dealer::live {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::FakeExchange;

constexpr int64_t kS = 1'000'000;  // µs

Trade trade(int64_t tid, bool primary = true) {
  Trade t;
  t.tid = tid;
  t.primary = primary;
  return t;
}

class PollerTest : public ::testing::Test {
 protected:
  PollerTest() : exchange_(scheduler_) {
    config_.ticker_every = seconds(5);
    config_.trades_every = seconds(2);
    config_.depth_every = seconds(10);
    config_.full_depth_every = Micros(0);  // off unless a test turns it on
    config_.backoff = BackoffPolicy{0, seconds(1), seconds(8)};
  }

  // Every sink records; trades are acknowledged at once unless `auto_ack_` is false.
  MarketPoller& start() {
    PollerSinks sinks;
    sinks.ticker = [this](const Ticker&) { ++tickers_; };
    sinks.depth = [this](const Depth&, bool full) { (full ? full_depths_ : depths_)++; };
    sinks.trades = [this](const TradeBatch& b) {
      batches_.push_back(b);
      if (auto_ack_) poller_->acknowledge(b.cursor);
    };
    sinks.error = [this](Feed f, const Error&, Micros retry_in) { errors_.push_back({f, retry_in}); };
    sinks.gap = [this](const TradeGap& g) { gaps_.push_back(g); };
    poller_ = std::make_unique<MarketPoller>(exchange_, scheduler_, config_, std::move(sinks));
    poller_->start();
    return *poller_;
  }

  // Trades 1..last_tid on the tape, answered at once, polled from cursor 0.
  void start_on_tape(int64_t last_tid, bool acknowledge) {
    for (int64_t tid = 1; tid <= last_tid; ++tid) exchange_.tape.push_back(trade(tid));
    exchange_.auto_answer("trades", Micros(0));
    auto_ack_ = acknowledge;
    config_.trades_cursor = 0;
    start();
  }

  std::vector<int64_t> batch_tids(size_t i) const {
    std::vector<int64_t> out;
    for (const Trade& t : batches_.at(i).trades) out.push_back(t.tid);
    return out;
  }

  VirtualScheduler scheduler_;
  FakeExchange exchange_;
  PollerConfig config_;
  std::unique_ptr<MarketPoller> poller_;
  bool auto_ack_ = true;
  int tickers_ = 0, depths_ = 0, full_depths_ = 0;
  std::vector<TradeBatch> batches_;
  std::vector<std::pair<Feed, Micros>> errors_;
  std::vector<TradeGap> gaps_;
};

TEST_F(PollerTest, EachFeedKeepsItsOwnIntervalFromItsLastAnswer) {
  exchange_.auto_answer("ticker", milliseconds(100));
  exchange_.auto_answer("depth", milliseconds(300));
  exchange_.auto_answer("trades", milliseconds(0));
  start();
  scheduler_.run_until(MonoTime(seconds(12)));
  // ticker: asked at 0, answered at 0.1 s, next 5 s later: 5.1, 10.2.
  EXPECT_EQ(exchange_.times("ticker"), (std::vector<int64_t>{0, 5'100'000, 10'200'000}));
  // depth: answered 0.3 s after each request, next 10 s later: 10.3.
  EXPECT_EQ(exchange_.times("depth"), (std::vector<int64_t>{0, 10'300'000}));
  // trades: answered at once (an empty tape), every 2 s.
  EXPECT_EQ(exchange_.times("trades"),
            (std::vector<int64_t>{0, 2 * kS, 4 * kS, 6 * kS, 8 * kS, 10 * kS, 12 * kS}));
  EXPECT_TRUE(exchange_.times("fulldepth").empty());  // off
  EXPECT_EQ(tickers_, 3);
  EXPECT_EQ(depths_, 2);  // answered at 0.3 s and 10.6 s
}

TEST_F(PollerTest, NoSecondRequestWhileOneIsInFlightAndSlowDepthDelaysNothingElse) {
  exchange_.auto_answer("ticker", Micros(0));
  exchange_.auto_answer("trades", Micros(0));
  start();
  scheduler_.run_until(MonoTime(seconds(60)));  // depth is never answered
  EXPECT_EQ(exchange_.times("depth").size(), 1u);
  EXPECT_TRUE(poller_->in_flight(Feed::kDepth));
  EXPECT_EQ(exchange_.times("ticker").size(), 13u);  // 0, 5, ..., 60
  EXPECT_EQ(exchange_.times("trades").size(), 31u);  // 0, 2, ..., 60
  EXPECT_EQ(poller_->age(Feed::kDepth), std::nullopt);
  EXPECT_EQ(poller_->age(Feed::kTicker), Micros(0));
  // The slow answer lands at 61 s; the next depth goes 10 s after it.
  scheduler_.run_until(MonoTime(seconds(61)));
  ASSERT_TRUE(exchange_.answer("depth"));
  scheduler_.run_until(MonoTime(seconds(75)));
  EXPECT_EQ(exchange_.times("depth"), (std::vector<int64_t>{0, 71 * kS}));
  EXPECT_EQ(poller_->age(Feed::kDepth), Micros(seconds(14)));  // the second is still out; last answer 61 s
}

TEST_F(PollerTest, TradesDropWhatIsKnownDuplicatesAndCopiesAndMoveOnFromTheLastTid) {
  config_.trades_cursor = 100;
  start();
  scheduler_.run_ready();
  ASSERT_EQ(exchange_.calls().size(), 3u);  // ticker, trades, depth
  ASSERT_TRUE(exchange_.answer_trades(
      {trade(90), trade(100), trade(110), trade(110), trade(120, false), trade(130)}));
  ASSERT_EQ(batches_.size(), 1u);
  EXPECT_EQ(batch_tids(0), (std::vector<int64_t>{110, 130}));
  EXPECT_EQ(batches_[0].cursor, 130);
  scheduler_.advance(seconds(2));
  EXPECT_EQ(exchange_.calls().back().since, 130);
}

TEST_F(PollerTest, AFullPageIsFollowedAtOnceUntilThePagesRunOut) {
  start_on_tape(2500, true);
  scheduler_.run_until(MonoTime(seconds(2)));
  // 1000 + 1000 at once, then the last 500; the next request waits the 2 s interval.
  EXPECT_EQ(exchange_.times("trades"), (std::vector<int64_t>{0, 0, 0, 2 * kS}));
  std::vector<std::optional<int64_t>> since;
  for (const auto& c : exchange_.calls())
    if (c.name == "trades") since.push_back(c.since);
  EXPECT_EQ(since, (std::vector<std::optional<int64_t>>{0, 1000, 2000, 2500}));
  ASSERT_EQ(batches_.size(), 3u);
  int64_t expected = 1;
  for (const TradeBatch& b : batches_)
    for (const Trade& t : b.trades) EXPECT_EQ(t.tid, expected++);
  EXPECT_EQ(expected, 2501);
  EXPECT_EQ(poller_->trades_cursor(), 2500);
}

TEST_F(PollerTest, TheCursorMovesOnlyWhenTheOwnerAcknowledgesTheBatch) {
  start_on_tape(3, false);
  scheduler_.run_until(MonoTime(seconds(10)));
  ASSERT_EQ(batches_.size(), 1u);
  EXPECT_EQ(batches_[0].cursor, 3);
  EXPECT_EQ(poller_->trades_cursor(), 0);           // not handled yet
  EXPECT_EQ(exchange_.times("trades").size(), 1u);  // and nothing more asked meanwhile
  EXPECT_TRUE(poller_->in_flight(Feed::kTrades));
  poller_->acknowledge(2);  // not the batch it waits for
  EXPECT_EQ(poller_->trades_cursor(), 0);
  // A crash now: the owner restarts from what it persisted (0) and gets the same trades again.
  {
    FakeExchange again(scheduler_);
    again.tape = exchange_.tape;
    again.auto_answer("trades", Micros(0));
    std::vector<int64_t> seen;
    PollerConfig c = config_;
    c.trades_cursor = poller_->trades_cursor();
    PollerSinks sinks;  // no acknowledgement: only what the restart fetches first matters
    sinks.trades = [&](const TradeBatch& b) {
      for (const Trade& t : b.trades) seen.push_back(t.tid);
    };
    MarketPoller restarted(again, scheduler_, c, std::move(sinks));
    restarted.start();
    scheduler_.run_ready();
    EXPECT_EQ(seen, (std::vector<int64_t>{1, 2, 3}));
  }
  poller_->acknowledge(3);
  EXPECT_EQ(poller_->trades_cursor(), 3);
  scheduler_.advance(seconds(2));
  EXPECT_EQ(exchange_.times("trades"), (std::vector<int64_t>{0, 12 * kS}));  // acknowledged at 10 s, + 2 s
  EXPECT_EQ(exchange_.calls().back().since, 3);
}

TEST_F(PollerTest, ABatchDeliveredBeforeStopIsStillAcknowledgedAndNotDeliveredTwice) {
  start_on_tape(3, false);
  scheduler_.run_ready();
  ASSERT_EQ(batches_.size(), 1u);
  poller_->stop();
  poller_->start();
  scheduler_.advance(seconds(5));
  EXPECT_EQ(exchange_.times("trades").size(), 1u);  // still waiting for the owner
  poller_->acknowledge(3);
  EXPECT_EQ(poller_->trades_cursor(), 3);
  scheduler_.advance(seconds(2));
  EXPECT_EQ(exchange_.calls().back().since, 3);
  EXPECT_EQ(batches_.size(), 1u);  // nothing new, nothing twice
}

TEST_F(PollerTest, ErrorsBackOffExponentiallyUpToTheCapAndResetAfterASuccess) {
  exchange_.auto_answer("ticker", Micros(0), 5);
  start();
  scheduler_.run_until(MonoTime(seconds(60)));
  // Backoff base 1 s, cap 8 s: the n-th delay lies in [d/2, d] for d = 1, 2, 4, 8, 8 s.
  const std::vector<int64_t> caps = {1 * kS, 2 * kS, 4 * kS, 8 * kS, 8 * kS};
  const auto times = exchange_.times("ticker");
  ASSERT_EQ(errors_.size(), 5u);
  ASSERT_GE(times.size(), 7u);
  for (size_t i = 0; i < caps.size(); ++i) {
    EXPECT_EQ(errors_[i].first, Feed::kTicker);
    const int64_t delay = errors_[i].second.count();
    EXPECT_GE(delay, caps[i] / 2) << i;
    EXPECT_LE(delay, caps[i]) << i;
    EXPECT_EQ(times[i + 1] - times[i], delay) << "the retry goes when announced, " << i;
  }
  // The 6th request succeeds; the next goes after the 5 s interval, not a backoff.
  EXPECT_EQ(times[6] - times[5], 5 * kS);
  // A new error after the success starts again from the first delay.
  exchange_.auto_answer("ticker", Micros(0), 1);
  scheduler_.advance(seconds(6));
  ASSERT_EQ(errors_.size(), 6u);
  EXPECT_GE(errors_[5].second.count(), kS / 2);
  EXPECT_LE(errors_[5].second.count(), kS);
}

TEST_F(PollerTest, TheSameSeedGivesTheSameJitter) {
  exchange_.auto_answer("ticker", Micros(0), 3);
  start();
  scheduler_.run_until(MonoTime(seconds(30)));
  VirtualScheduler other_time;
  FakeExchange other(other_time);
  other.auto_answer("ticker", Micros(0), 3);
  std::vector<Micros> delays;
  PollerSinks sinks;
  sinks.error = [&](Feed, const Error&, Micros d) { delays.push_back(d); };
  MarketPoller twin(other, other_time, config_, std::move(sinks));
  twin.start();
  other_time.run_until(MonoTime(seconds(30)));
  ASSERT_EQ(delays.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(delays[i], errors_.at(i).second);
}

TEST_F(PollerTest, RefreshNowAsksAtOnceOrRightAfterTheAnswerInFlight) {
  exchange_.auto_answer("ticker", Micros(0));
  start();
  scheduler_.run_until(MonoTime(seconds(1)));
  poller_->refresh_now(Feed::kTicker);
  scheduler_.run_until(MonoTime(seconds(7)));
  EXPECT_EQ(exchange_.times("ticker"), (std::vector<int64_t>{0, 1 * kS, 6 * kS}));
  // depth is held: a refresh cannot send a second request, but the answer is followed at once.
  poller_->refresh_now(Feed::kDepth);
  EXPECT_EQ(exchange_.times("depth").size(), 1u);
  scheduler_.run_until(MonoTime(seconds(8)));
  ASSERT_TRUE(exchange_.answer("depth"));
  scheduler_.run_ready();
  EXPECT_EQ(exchange_.times("depth"), (std::vector<int64_t>{0, 8 * kS}));
  // A feed that is off can still be asked once on demand, and stays off.
  poller_->refresh_now(Feed::kFullDepth);
  scheduler_.run_ready();
  ASSERT_TRUE(exchange_.answer("fulldepth"));
  scheduler_.run_until(MonoTime(seconds(100)));
  EXPECT_EQ(exchange_.times("fulldepth"), (std::vector<int64_t>{8 * kS}));
  EXPECT_EQ(full_depths_, 1);
}

TEST_F(PollerTest, AGapIsReportedAndTheTradesStillDelivered) {
  config_.trades_cursor = 100;
  start();
  scheduler_.run_ready();
  std::vector<Trade> recent;
  for (int64_t tid = 200; tid < 1201; ++tid) recent.push_back(trade(tid));  // 1001: not a `since` page
  ASSERT_TRUE(exchange_.answer_trades(recent));
  ASSERT_EQ(gaps_.size(), 1u);
  EXPECT_EQ(gaps_[0].after_tid, 100);
  EXPECT_EQ(gaps_[0].next_tid, 200);
  ASSERT_EQ(batches_.size(), 1u);
  EXPECT_EQ(batches_[0].trades.size(), 1001u);
}

TEST_F(PollerTest, AnswersAfterStopOrDestructionAreDropped) {
  start();
  scheduler_.run_ready();
  poller_->stop();
  ASSERT_TRUE(exchange_.answer("ticker"));
  EXPECT_EQ(tickers_, 0);
  poller_->start();  // the dropped request no longer blocks the feed
  scheduler_.run_ready();
  EXPECT_EQ(exchange_.times("ticker").size(), 2u);
  poller_.reset();
  ASSERT_TRUE(exchange_.answer("ticker"));
  EXPECT_EQ(tickers_, 0);
  EXPECT_EQ(scheduler_.pending(), 0u);
}

TEST(Feed, Names) {
  EXPECT_EQ(to_string(Feed::kTicker), "ticker");
  EXPECT_EQ(to_string(Feed::kTrades), "trades");
  EXPECT_EQ(to_string(Feed::kDepth), "depth");
  EXPECT_EQ(to_string(Feed::kFullDepth), "fulldepth");
}

}  // namespace
}  // namespace dealer::live
