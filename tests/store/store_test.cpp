// The history writer: rows round-trip exactly, groups commit all or nothing, batching, ordering, the
// durable callback only after COMMIT, and a full disk failing the store without damaging the file.
#include "store/store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <future>
#include <latch>
#include <thread>

#include "store/history_reader.h"
#include "store/write_ops.h"
#include "store_fixture.h"

namespace dealer::store {
namespace {

using testing::kNewYear2013Us;
using testing::kNotADouble;
using testing::sample_fill;
using testing::sample_order;
using testing::sample_trade;
using testing::StoreTest;

std::unique_ptr<Store> open_store(const std::string& path, StoreOptions options = {}) {
  options.path = path;
  auto store = Store::open(options);
  EXPECT_TRUE(store.ok()) << store.error().describe();
  return std::move(*store);
}

HistoryReader open_reader(const std::string& path) {
  auto reader = HistoryReader::open(path);
  EXPECT_TRUE(reader.ok()) << reader.error().describe();
  return std::move(*reader);
}

// Submits and waits for the durable callback; returns what it was told.
Status write_now(Store& store, std::vector<WriteOp> group) {
  std::promise<Status> told;
  if (Status s = store.submit(std::move(group), [&told](const Status& s) { told.set_value(s); }); !s)
    return s;
  return told.get_future().get();
}

// Holds the writer thread inside a durable callback, so that what the test submits meanwhile is all
// queued when the writer next looks: the next batch then holds exactly those groups.
class WriterHold {
 public:
  // Submits the holding group (a cursor row named "hold") and returns once the writer is inside its callback.
  explicit WriterHold(Store& store) {
    EXPECT_TRUE(store
                    .submit(CursorRow{"hold", 0, 0},
                            [this](const Status&) {
                              held_.count_down();
                              release_.wait();
                            })
                    .ok());
    held_.wait();
  }
  ~WriterHold() { release(); }
  void release() {
    if (!released_) release_.count_down();
    released_ = true;
  }

 private:
  std::latch held_{1};
  std::latch release_{1};
  bool released_ = false;
};

TEST_F(StoreTest, RoundTripsEveryRowTypeExactlyAfterReopen) {
  OrderRow order = sample_order();
  order.price_int = kNotADouble;
  order.amount_int = kNotADouble;
  order.exchange_id = "abc-1";
  order.mode = RunMode::kPaper;
  FillRow fill = sample_fill();
  fill.amount_int = kNotADouble - 1;
  fill.mode = RunMode::kPaper;
  const TradeRow trade = sample_trade();
  const TickerRow ticker{kNewYear2013Us, "BTCUSD",  1'340'000, 1'339'000, 1'341'000,
                         1'370'000,      1'300'000, 1'345'678, 1'344'321, kNotADouble};
  const DepthRow depth{
      kNewYear2013Us, "BTCUSD", {{1'339'000, 50'000'000}, {1'338'000, kNotADouble}}, {{1'341'000, 1}}};
  const DepthRow one_sided{kNewYear2013Us + 1, "BTCUSD", {}, {{1'341'000, 7}}};
  const BalanceRow balance{kNewYear2013Us, "BTC", kNotADouble, 200'000'000, RunMode::kPaper};
  const DecisionRow decision{kNewYear2013Us, "dip-chain", "place", "last 13.40 <= 13.40: buy-dip fires"};
  const CursorRow cursor{"trades.mtgox.BTCUSD", kNotADouble, kNewYear2013Us};
  const StrategyStateRow state{"dip-chain", R"({"fired":["buy-dip"]})", kNewYear2013Us};
  {
    auto store = open_store(db_path());
    ASSERT_TRUE(
        store->submit({order, fill, trade, ticker, depth, one_sided, balance, decision, cursor, state}).ok());
    ASSERT_TRUE(store->flush().ok());
  }
  HistoryReader reader = open_reader(db_path());
  EXPECT_EQ(*reader.orders_since(0), std::vector<OrderRow>{order});
  EXPECT_EQ(*reader.fills_since(0), std::vector<FillRow>{fill});
  EXPECT_EQ(*reader.trades_after("BTCUSD", 0, 10), std::vector<TradeRow>{trade});
  EXPECT_EQ(*reader.tickers_since(0), std::vector<TickerRow>{ticker});
  EXPECT_EQ(*reader.depths_since(0), (std::vector<DepthRow>{depth, one_sided}));
  EXPECT_EQ(*reader.balances_since(0), std::vector<BalanceRow>{balance});
  EXPECT_EQ(*reader.decisions_since(0), std::vector<DecisionRow>{decision});
  EXPECT_EQ(*reader.cursor(cursor.name), std::optional<int64_t>(kNotADouble));
  EXPECT_EQ(*reader.cursor("unknown"), std::nullopt);
  EXPECT_EQ(*reader.strategy_states(), std::vector<StrategyStateRow>{state});
  EXPECT_TRUE(reader.integrity_check().ok());
}

TEST_F(StoreTest, OrderEventUpdatesTheOrderAndKeepsEveryState) {
  auto store = open_store(db_path());
  const OrderRow order = sample_order();
  const OrderEvent sent{order.client_id, order.created_us + 10, "sent", "", 0, "placed"};
  const OrderEvent open{order.client_id, order.created_us + 20, "open", "abc-1", 0, "order id known"};
  const OrderEvent partial{order.client_id, order.created_us + 30,  "partially_filled", "",
                           100'000'000,     "fill 1356998460123456"};
  ASSERT_TRUE(write_now(*store, {order, sent, open, partial}).ok());

  HistoryReader reader = open_reader(db_path());
  OrderRow expected = order;
  expected.state = "partially_filled";
  expected.exchange_id = "abc-1";  // kept: the later event left it empty
  expected.filled_amount_int = 100'000'000;
  expected.updated_us = order.created_us + 30;
  EXPECT_EQ(*reader.order(order.client_id), std::optional<OrderRow>(expected));
  const OrderEvent created{order.client_id, order.created_us, "new", "", 0, "created"};
  EXPECT_EQ(*reader.order_events(order.client_id), (std::vector<OrderEvent>{created, sent, open, partial}));
}

TEST_F(StoreTest, AliveOrdersAreTheUnfinishedOnesOfTheMode) {
  auto store = open_store(db_path());
  std::vector<WriteOp> group;
  int64_t seq = 0;
  for (std::string_view state : kOrderStates) {  // every state the schema accepts, in its order
    ++seq;
    OrderRow o = sample_order("o" + std::to_string(seq), seq);
    o.state = std::string(state);
    group.push_back(o);
  }
  OrderRow paper = sample_order("paper-1", 100);
  paper.mode = RunMode::kPaper;
  group.push_back(paper);
  ASSERT_TRUE(write_now(*store, std::move(group)).ok());

  HistoryReader reader = open_reader(db_path());
  std::vector<std::string> alive;
  const auto live = reader.alive_orders(RunMode::kLive);
  for (const OrderRow& o : *live) alive.push_back(o.state);
  // The issue's terminal states are filled, cancelled and rejected; ambiguous must stay (reconcile it).
  EXPECT_EQ(alive,
            (std::vector<std::string>{"new", "sent", "open", "partially_filled", "cancelling", "ambiguous"}));
  for (std::string_view state : kOrderStates) {
    const bool listed = std::ranges::find(alive, state) != alive.end();
    EXPECT_EQ(is_terminal_order_state(state), !listed) << state;
  }
  ASSERT_EQ(reader.alive_orders(RunMode::kPaper)->size(), 1u);
  EXPECT_EQ(reader.alive_orders(RunMode::kPaper)->front().client_id, "paper-1");
}

TEST_F(StoreTest, NextOrderSeqIsOneAboveTheStrategysHighest) {
  auto store = open_store(db_path());
  OrderRow other = sample_order("grid-7", 7);
  other.strategy_id = "grid";
  ASSERT_TRUE(
      write_now(*store, {sample_order("dip-chain-3", 3), sample_order("dip-chain-12", 12), other}).ok());
  HistoryReader reader = open_reader(db_path());
  EXPECT_EQ(*reader.next_order_seq("dip-chain"), 13);
  EXPECT_EQ(*reader.next_order_seq("grid"), 8);
  EXPECT_EQ(*reader.next_order_seq("new-strategy"), 1);
}

TEST_F(StoreTest, AFillSeenTwiceIsStoredOnce) {
  auto store = open_store(db_path());
  ASSERT_TRUE(write_now(*store, {sample_order(), sample_fill(500)}).ok());
  FillRow again = sample_fill(500);
  ASSERT_TRUE(write_now(*store, {again}).ok());
  ASSERT_TRUE(write_now(*store, {sample_fill(20)}).ok());
  HistoryReader reader = open_reader(db_path());
  EXPECT_EQ(reader.fills_since(0)->size(), 2u);
  EXPECT_EQ(*reader.max_fill_trade_id(), std::optional<int64_t>(500));
  EXPECT_TRUE(*reader.fill_exists("20"));
  EXPECT_FALSE(*reader.fill_exists("21"));
}

// A fill is (pair, trade id, exchange order id): both sides of a self-trade share a trade id, and two
// pairs may use one id; each is a fill of its own, while the same fill seen twice is stored once.
// Trade ids are kept as the exchange wrote them, integers or not.
TEST_F(StoreTest, AFillIsOnePerPairTradeIdAndOrder) {
  auto store = open_store(db_path());
  FillRow bid = sample_fill(77);
  FillRow ask = sample_fill(77, "");  // the other side of the trade: an order dealer did not place
  ask.exchange_order_id = "ex-other";
  ask.side = Side::kAsk;
  FillRow euro = sample_fill(77, "");
  euro.pair = "BTCEUR";
  FillRow text = sample_fill(0, "");
  text.trade_id = "tx-9f00";
  text.spent_int = 1'345'000;  // the exchange's own price x amount
  ASSERT_TRUE(write_now(*store, {sample_order(), bid, ask, euro, text}).ok());
  ASSERT_TRUE(write_now(*store, {bid, ask}).ok());  // seen again through the other source
  HistoryReader reader = open_reader(db_path());
  auto fills = reader.fills_since(0);
  ASSERT_TRUE(fills.ok());
  ASSERT_EQ(fills->size(), 4u);
  EXPECT_EQ(std::count_if(fills->begin(), fills->end(), [](const FillRow& f) { return f.trade_id == "77"; }),
            3);
  EXPECT_TRUE(*reader.fill_exists("tx-9f00"));
  EXPECT_EQ(std::find(fills->begin(), fills->end(), text)->spent_int, std::optional<int64_t>(1'345'000));
  EXPECT_EQ(*reader.max_fill_trade_id(), std::optional<int64_t>(77));  // the text id is not a number
}

TEST_F(StoreTest, MaxFillTradeIdOfAnEmptyHistoryIsNone) {
  { auto store = open_store(db_path()); }
  HistoryReader reader = open_reader(db_path());
  EXPECT_EQ(*reader.max_fill_trade_id(), std::nullopt);
}

TEST_F(StoreTest, LastBalancesAreTheNewestRowPerCurrencyOfTheMode) {
  auto store = open_store(db_path());
  ASSERT_TRUE(write_now(*store, {BalanceRow{100, "USD", 5, 0, RunMode::kLive},
                                 BalanceRow{100, "BTC", 7, 1, RunMode::kLive},
                                 BalanceRow{200, "USD", 6, 2, RunMode::kLive},
                                 BalanceRow{300, "USD", 99, 0, RunMode::kPaper}})
                  .ok());
  HistoryReader reader = open_reader(db_path());
  EXPECT_EQ(
      *reader.last_balances(RunMode::kLive),
      (std::vector<BalanceRow>{{100, "BTC", 7, 1, RunMode::kLive}, {200, "USD", 6, 2, RunMode::kLive}}));
  EXPECT_EQ(*reader.last_balances(RunMode::kPaper),
            (std::vector<BalanceRow>{{300, "USD", 99, 0, RunMode::kPaper}}));
}

TEST_F(StoreTest, CursorsAndStrategyStatesAreReplaced) {
  auto store = open_store(db_path());
  ASSERT_TRUE(write_now(*store, {CursorRow{"c", 1, 10}, StrategyStateRow{"s", "one", 10}}).ok());
  ASSERT_TRUE(write_now(*store, {CursorRow{"c", 2, 20}, StrategyStateRow{"s", "two", 20}}).ok());
  HistoryReader reader = open_reader(db_path());
  EXPECT_EQ(*reader.cursor("c"), std::optional<int64_t>(2));
  EXPECT_EQ(*reader.strategy_states(), (std::vector<StrategyStateRow>{{"s", "two", 20}}));
}

TEST_F(StoreTest, ARefusedGroupFailsAloneAndLeavesNoneOfItsRows) {
  auto store = open_store(db_path());
  // The second group refers to an order that does not exist, the third breaks a CHECK.
  std::promise<Status> first, second, third;
  WriterHold hold(*store);  // all four groups in one batch
  ASSERT_TRUE(store->submit(sample_order("a", 1), [&](const Status& s) { first.set_value(s); }).ok());
  ASSERT_TRUE(store
                  ->submit({sample_order("b", 2), OrderEvent{"nobody", 1, "open", "", 0, ""}},
                           [&](const Status& s) { second.set_value(s); })
                  .ok());
  OrderRow bad_state = sample_order("c", 3);
  bad_state.state = "lost";  // not a state the schema accepts
  ASSERT_TRUE(store->submit(bad_state, [&](const Status& s) { third.set_value(s); }).ok());
  std::promise<Status> fourth;  // a lone row refused by a foreign key: no order "ghost"
  ASSERT_TRUE(store->submit(sample_fill(7, "ghost"), [&](const Status& s) { fourth.set_value(s); }).ok());
  hold.release();
  EXPECT_TRUE(first.get_future().get().ok());
  const Status refused = second.get_future().get();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::kNotFound);
  EXPECT_NE(refused.error().message.find("nobody"), std::string::npos);
  const Status constraint = third.get_future().get();
  ASSERT_FALSE(constraint.ok());
  EXPECT_EQ(constraint.error().code, Errc::kInvalidArgument);
  EXPECT_NE(constraint.error().message.find("CHECK"), std::string::npos) << constraint.error().message;

  const Status foreign_key = fourth.get_future().get();
  ASSERT_FALSE(foreign_key.ok());
  EXPECT_EQ(foreign_key.error().code, Errc::kInvalidArgument);
  EXPECT_NE(foreign_key.error().message.find("FOREIGN KEY"), std::string::npos)
      << foreign_key.error().message;

  EXPECT_TRUE(store->health().ok());
  EXPECT_EQ(store->stats().transactions, 2);  // the hold's and the batch's
  HistoryReader reader = open_reader(db_path());
  EXPECT_FALSE(*reader.fill_exists("7"));
  const auto orders = *reader.orders_since(0);
  ASSERT_EQ(orders.size(), 1u);
  EXPECT_EQ(orders[0].client_id, "a");
  EXPECT_TRUE(reader.order_events("b")->empty());
  EXPECT_EQ(store->stats().groups, 2);  // the hold and "a"
}

TEST_F(StoreTest, SubmitsFromSeveralThreadsAllLand) {
  auto store = open_store(db_path());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&store, t] {
      for (int64_t i = 0; i < 250; ++i) EXPECT_TRUE(store->submit(sample_trade(t * 1000 + i + 1)).ok());
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_TRUE(store->flush().ok());
  EXPECT_EQ(open_reader(db_path()).trades_after("BTCUSD", 0, 10'000)->size(),
            1000u);  // 4 x 250, tids distinct
}

TEST_F(StoreTest, FlushFromADurableCallbackRefusesInsteadOfHanging) {
  auto store = open_store(db_path());
  std::promise<Status> inner;
  ASSERT_TRUE(
      store->submit(CursorRow{"c", 1, 1}, [&](const Status&) { inner.set_value(store->flush()); }).ok());
  const Status s = inner.get_future().get();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, Errc::kInvalidArgument);
}

TEST_F(StoreTest, AFileThatIsNotADatabaseIsRefusedClearly) {
  {
    std::ofstream out(db_path());
    out << "these are not the pages you are looking for, and there are enough of them to fill a header\n";
  }
  auto store = Store::open({.path = db_path()});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, Errc::kIo);
  EXPECT_NE(store.error().message.find("not a database"), std::string::npos) << store.error().message;
  EXPECT_NE(store.error().message.find(db_path()), std::string::npos) << store.error().message;
}

TEST_F(StoreTest, AnEmptyGroupIsRefused) {
  auto store = open_store(db_path());
  EXPECT_EQ(store->submit(std::vector<WriteOp>{}).error().code, Errc::kInvalidArgument);
}

TEST_F(StoreTest, EverythingQueuedGoesIntoOneTransaction) {
  auto store = open_store(db_path());
  // While the writer is held after its first transaction, 100 groups queue up; it then takes them all
  // at once: 2 transactions for 101 groups.
  WriterHold hold(*store);
  for (int i = 1; i <= 100; ++i) ASSERT_TRUE(store->submit(CursorRow{"c", i, i}).ok());
  EXPECT_EQ(store->stats().backlog, 101);  // the held group's callback has not returned either
  hold.release();
  ASSERT_TRUE(store->flush().ok());
  EXPECT_EQ(store->stats().backlog, 0);
  EXPECT_EQ(store->stats().transactions, 2);
  EXPECT_EQ(store->stats().groups, 101);
  EXPECT_EQ(store->stats().ops, 101);
}

TEST_F(StoreTest, BatchSizeIsCapped) {
  StoreOptions options;
  options.max_batch_groups = 10;
  auto store = open_store(db_path(), options);
  WriterHold hold(*store);
  for (int i = 1; i <= 25; ++i) ASSERT_TRUE(store->submit(CursorRow{"c", i, i}).ok());
  hold.release();
  ASSERT_TRUE(store->flush().ok());
  EXPECT_EQ(store->stats().transactions, 1 + 3);  // 25 groups at most 10 a transaction: 10 + 10 + 5
}

TEST_F(StoreTest, GroupsAreWrittenAndReportedInSubmitOrder) {
  auto store = open_store(db_path());
  std::vector<int64_t> reported;  // only the writer thread appends
  for (int64_t i = 1; i <= 500; ++i) {
    ASSERT_TRUE(store
                    ->submit(CursorRow{"c", i, i},
                             [&reported, i](const Status& s) {
                               if (s) reported.push_back(i);
                             })
                    .ok());
  }
  ASSERT_TRUE(store->flush().ok());
  ASSERT_EQ(reported.size(), 500u);
  for (int64_t i = 1; i <= 500; ++i) ASSERT_EQ(reported[i - 1], i);
  EXPECT_EQ(*open_reader(db_path()).cursor("c"), std::optional<int64_t>(500));  // the last write wins
}

TEST_F(StoreTest, TheDurableCallbackRunsOnlyOnceAnotherConnectionSeesTheRows) {
  auto store = open_store(db_path());
  HistoryReader reader = open_reader(db_path());
  std::vector<std::string> problems;  // written by the writer thread, read after flush
  for (int64_t i = 1; i <= 50; ++i) {
    const std::string id = "o" + std::to_string(i);
    ASSERT_TRUE(store
                    ->submit({sample_order(id, i), sample_fill(i, id)},
                             [&reader, &problems, id, i](const Status& s) {
                               if (!s) problems.push_back(id + ": " + s.error().describe());
                               if (!reader.order(id)->has_value())
                                 problems.push_back(id + ": order not visible");
                               if (!*reader.fill_exists(std::to_string(i)))
                                 problems.push_back(id + ": fill not visible");
                             })
                    .ok());
  }
  ASSERT_TRUE(store->flush().ok());
  EXPECT_TRUE(problems.empty()) << problems.front();
}

TEST_F(StoreTest, AFullDiskFailsTheStoreLoudlyAndLeavesTheFileIntact) {
  StoreOptions options;
  options.max_page_count = 1;  // SQLite raises it to the current size: the file can no longer grow
  auto store = open_store(db_path(), options);
  ASSERT_TRUE(write_now(*store, {sample_order("kept", 1)}).ok());

  // A group too big for the free space left, then a small one queued behind it in the same batch.
  std::vector<WriteOp> big;
  for (int64_t i = 0; i < 2000; ++i) big.push_back(sample_trade(i + 1));
  WriterHold hold(*store);
  std::promise<Status> big_told, small_told;
  ASSERT_TRUE(store->submit(std::move(big), [&](const Status& s) { big_told.set_value(s); }).ok());
  ASSERT_TRUE(
      store->submit(CursorRow{"small", 1, 1}, [&](const Status& s) { small_told.set_value(s); }).ok());
  hold.release();

  const Status big_status = big_told.get_future().get();
  const Status small_status = small_told.get_future().get();
  ASSERT_FALSE(big_status.ok());
  EXPECT_EQ(big_status.error().code, Errc::kIo);
  EXPECT_NE(big_status.error().message.find("full"), std::string::npos) << big_status.error().message;
  // Says what was being written, and where.
  EXPECT_NE(big_status.error().message.find("INSERT INTO trades on " + db_path()), std::string::npos)
      << big_status.error().message;
  ASSERT_FALSE(small_status.ok());  // same transaction: rolled back with it
  EXPECT_EQ(small_status.error().message, big_status.error().message);

  ASSERT_FALSE(store->health().ok());
  EXPECT_EQ(store->health().error().message, big_status.error().message);
  const Status later =
      store->submit(CursorRow{"later", 1, 1}, [](const Status&) { ADD_FAILURE() << "called"; });
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.error().message, big_status.error().message);
  EXPECT_FALSE(store->flush().ok());
  store.reset();

  HistoryReader reader = open_reader(db_path());
  EXPECT_TRUE(reader.integrity_check().ok());
  EXPECT_EQ(reader.orders_since(0)->size(), 1u);
  EXPECT_TRUE(reader.trades_after("BTCUSD", 0, 10)->empty());
  EXPECT_EQ(*reader.cursor("hold"), std::optional<int64_t>(0));  // committed before the full batch
  EXPECT_EQ(*reader.cursor("small"), std::nullopt);
  // A restart without the cap resumes writing.
  auto reopened = open_store(db_path());
  EXPECT_TRUE(write_now(*reopened, {CursorRow{"small", 2, 2}}).ok());
}

TEST(DepthLevels, EncodeAsJsonPairsAndDecodeBack) {
  const std::vector<LevelRow> levels{{1'339'000, 50'000'000}, {-1, kNotADouble}};
  EXPECT_EQ(encode_levels(levels), "[[1339000,50000000],[-1,9007199254740993]]");
  EXPECT_EQ(*decode_levels("[[1339000,50000000],[-1,9007199254740993]]"), levels);
  EXPECT_EQ(encode_levels({}), "[]");
  EXPECT_TRUE(decode_levels("[]")->empty());
}

TEST(DepthLevels, DecodeRefusesAnythingButIntegerPairs) {
  for (const char* bad :
       {"[[1]]", "[[1,2,3]]", "[[1.5,2]]", "[1,2]", "{}", "[[1,2]] x", "[[1,99999999999999999999]]"}) {
    EXPECT_EQ(decode_levels(bad).error().code, Errc::kParse) << bad;
  }
}

}  // namespace
}  // namespace dealer::store
