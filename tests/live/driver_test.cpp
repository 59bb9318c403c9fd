// LiveDriver on virtual time: the FakeExchange for market data, scripted trading calls, a real Store on
// a temporary file, and the store's "durable" notices queued by hand (the test decides when the
// driver's thread sees them), so that every ordering rule of the driver can be observed:
//   - an order is sent only after its row is committed;
//   - the trade cursor is acknowledged (and the next page asked) only after the trade rows are;
//   - an ambiguous place is reconciled before anything else is sent;
//   - a reconciliation that overlapped an order's answer is taken again, not applied;
//   - a store failure halts trading;
//   - a cancelled order's fills are fetched before it is settled as cancelled.
#include "live/driver.h"

#include <gtest/gtest.h>

#include <deque>
#include <filesystem>
#include <map>

#include "live/store_rows.h"
#include "store/history_reader.h"
#include "strategies/registry.h"
#include "support/fake_exchange.h"
#include "support/posted.h"

namespace dealer::live {
namespace {

using namespace std::chrono_literals;

constexpr int64_t kStartUs = 1'700'000'000'000'000;  // the wall clock of the tests

using testing::Posted;

// Market data from the FakeExchange; trading calls logged by name and scripted here.
class TradingFake final : public Exchange {
 public:
  explicit TradingFake(Scheduler& scheduler) : market(scheduler) {}

  testing::FakeExchange market;
  std::vector<std::string> log;  // trading calls in order
  std::vector<OrderRequest> placed;
  std::deque<Callback<std::string>> place_answers;  // held until the test answers
  std::function<void()> on_place;                   // runs as a place leaves
  bool hold_open_orders = false;
  std::deque<Callback<std::vector<Order>>> open_orders_answers;
  std::vector<Order> open;    // the answer of open_orders
  std::vector<OwnTrade> own;  // the answer of own_trades
  std::map<std::string, std::vector<Trade>> executions;  // order/result's trades, by exchange id

  void ticker(Callback<Ticker> done) override { market.ticker(std::move(done)); }
  void trades_since(std::optional<int64_t> since, Callback<std::vector<Trade>> done) override {
    market.trades_since(since, std::move(done));
  }
  void depth(bool full, Callback<Depth> done) override { market.depth(full, std::move(done)); }
  void account(Callback<AccountInfo> done) override {
    log.push_back("account");
    AccountInfo info;

    done(info);
  }
  void open_orders(Callback<std::vector<Order>> done) override {
    log.push_back("open_orders");
    if (hold_open_orders) return open_orders_answers.push_back(std::move(done));
    done(open);
  }
  void place(const OrderRequest& request, Callback<std::string> done) override {
    log.push_back("place");
    placed.push_back(request);
    if (on_place) on_place();
    place_answers.push_back(std::move(done));
  }
  void cancel(const std::string&, Callback<bool> done) override {
    log.push_back("cancel");
    done(true);
  }
  void own_trades(std::optional<int64_t>, Callback<std::vector<OwnTrade>> done) override {
    log.push_back("own_trades");
    done(own);
  }
  void order_result(Side, const std::string& id, Callback<OrderFills> done) override {
    log.push_back("order_result");
    done(OrderFills{id, Amount(0), Cost(0), executions[id]});
  }

  void answer_place(Result<std::string> answer) {
    auto done = std::move(place_answers.front());
    place_answers.pop_front();
    done(std::move(answer));
  }
  size_t count(const std::string& name) const { return std::count(log.begin(), log.end(), name); }
};

Trade trade(int64_t tid, int64_t price_int) {
  Trade t;
  t.tid = tid;
  t.date = kStartUs / 1'000'000;
  t.price = Price(price_int);
  t.amount = Amount(1'00000000);
  t.price_currency = Currency::usd();
  t.item = Currency::btc();
  t.properties = "limit";
  return t;
}

// buy-dip's order as the exchange lists it among the open orders (13.45 USD, 1 BTC).
Order buy_dip_order(const std::string& id) {
  Order o;
  o.id = id;
  o.currency = Currency::usd();
  o.item = Currency::btc();
  o.side = Side::kBid;
  o.price = Price(1345000);
  o.amount = o.effective_amount = Amount(100000000);
  o.date = kStartUs / 1'000'000;
  return o;
}

// buy-dip's order filled completely, as the account's own trades report it.
OwnTrade buy_dip_fill(int64_t tid, const std::string& order_id) {
  OwnTrade t;
  t.tid = tid;
  t.order_id = order_id;
  t.side = Side::kBid;
  t.price = Price(1345000);
  t.amount = Amount(100000000);
  t.price_currency = Currency::usd();
  t.item = Currency::btc();
  t.date = kStartUs / 1'000'000;
  return t;
}

// Prices in USD units (1e-5): 13.40 USD is 1340000.
constexpr const char* kRules = R"(
strategies:
  - id: dip
    strategy: watch_price
    pair: BTCUSD
    rules:
      - {id: buy-dip, side: buy, when: "last <= 13.40", price: "13.45", amount: "1"}
      - {id: sell-high, side: sell, when: "last >= 13.80", price: "13.75", amount: "1"}
)";

class DriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/dealer-driver-XXXXXX";
    dir_ = mkdtemp(tmpl);
    path_ = dir_ + "/dealer.sqlite";
  }
  void TearDown() override {
    driver_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void open(store::StoreOptions options = {}, std::function<void(DriverOptions&)> tweak = {}) {
    options.path = path_;
    options.sync_full = false;
    auto s = store::Store::open(options);
    ASSERT_TRUE(s.ok()) << s.error().describe();
    store_ = std::move(*s);
    auto strategies = strategies::StrategyRegistry::builtin().from_document(kRules, "rules.yaml");
    ASSERT_TRUE(strategies.ok()) << strategies.error().describe();
    for (auto& st : *strategies) ASSERT_TRUE(core_->add_strategy(std::move(st)).ok());
    DriverOptions o;
    o.pair = *engine::Pair::parse("BTCUSD");
    // Only the trades feed polls (every second); the periodic jobs are out of the way.
    o.poll.ticker = o.poll.depth = o.poll.full_depth = Micros(0);
    o.poll.trades = 1s;
    o.poll.own_trades = o.poll.balances = o.poll.reconcile = o.poll.timer = std::chrono::hours(1);
    if (tweak) tweak(o);
    driver_ =
        std::make_unique<LiveDriver>(*core_, *store_, exchange_, scheduler_, wall_, posted_.poster(), o);
    driver_->on_fatal([this](const Error& e) { fatal_ = e; });
    exchange_.market.auto_answer("trades", Micros(0));
  }

  // Opens afresh with the file capped at the schema's size plus `extra_pages`: past that the store
  // fails as on a full disk.
  void open_capped(int64_t extra_pages) {
    open();
    driver_.reset();
    store_.reset();
    const int64_t pages = static_cast<int64_t>(std::filesystem::file_size(path_) / 4096);
    core_ = std::make_unique<engine::Core>();
    store::StoreOptions capped;
    capped.max_page_count = pages + extra_pages;
    open(capped);
  }
  // The schema alone, then a cap at that size; a thousand trades to fetch: the first batch of trade
  // rows hits a full "disk" (buy-dip's trigger is met by the first of them).
  void fill_the_disk() {
    open_capped(0);
    start();
    for (int64_t tid = 1; tid <= 1000; ++tid) exchange_.market.tape.push_back(trade(tid, 1339000 + tid));
    exchange_.market.recent = 1000;
    scheduler_.advance(1s);
    pump();
  }

  // Everything settles: the store commits, its notices run, due tasks run; until nothing moves.
  void pump() {
    for (int i = 0; i < 100; ++i) {
      (void)store_->flush();
      if (posted_.run() == 0 && scheduler_.run_ready() == 0) return;
    }
  }
  void start() {
    driver_->start(Restored{});
    pump();
    ASSERT_TRUE(driver_->trading());
  }
  // A trade at 13.39 meets buy-dip's trigger: its order leaves (its answer is held by the fake).
  void fire_buy_dip() {
    exchange_.market.tape = {trade(1, 1339000)};
    scheduler_.advance(1s);
    pump();
    ASSERT_EQ(exchange_.count("place"), 1u);
  }
  // buy-dip's place times out (ambiguous) though it filled at once: the account's own trades show it as
  // trade 500 of exchange order X9 (1 BTC at 13.45).
  void place_buy_dip_ambiguous_and_filled() {
    fire_buy_dip();
    exchange_.own = {buy_dip_fill(500, "X9")};
    exchange_.answer_place(make_error(Errc::kAmbiguous, "timed out after the request left"));
    pump();
  }
  std::optional<store::OrderRow> stored_order(const std::string& client_id) {
    auto reader = store::HistoryReader::open(path_);
    if (!reader) return std::nullopt;
    auto row = reader->order(client_id);
    return row ? *row : std::nullopt;
  }

  std::string dir_, path_;
  VirtualScheduler scheduler_;
  ManualClock wall_{kStartUs};
  TradingFake exchange_{scheduler_};
  Posted posted_;
  std::unique_ptr<engine::Core> core_ = std::make_unique<engine::Core>();
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<LiveDriver> driver_;
  std::optional<Error> fatal_;
};

TEST_F(DriverTest, StartUpReconcilesAndFetchesBalancesBeforePolling) {
  open();
  driver_->start(Restored{});
  // The trading calls came first, synchronously; no market request has been made yet.
  EXPECT_EQ(exchange_.log, (std::vector<std::string>{"open_orders", "account"}));
  EXPECT_TRUE(exchange_.market.calls().empty());
  pump();
  EXPECT_TRUE(driver_->trading());
  EXPECT_EQ(exchange_.market.pending("trades") + exchange_.market.times("trades").size(), 1u);
}

TEST_F(DriverTest, SendsAnOrderOnlyAfterItsRowIsDurable) {
  open();
  start();
  std::optional<bool> row_at_send;
  exchange_.on_place = [&] { row_at_send = stored_order("1").has_value(); };
  exchange_.market.tape = {trade(1, 1339000)};  // 13.39 <= 13.40: buy-dip fires
  scheduler_.advance(1s);                       // the trades answer: the rule fires, its row is submitted
  EXPECT_EQ(exchange_.count("place"), 0u);
  ASSERT_TRUE(store_->flush().ok());  // committed, but the driver has not heard yet
  EXPECT_EQ(exchange_.count("place"), 0u);
  posted_.run();
  ASSERT_EQ(exchange_.count("place"), 1u);
  EXPECT_EQ(row_at_send, true);
  EXPECT_EQ(exchange_.placed[0].side, Side::kBid);
  EXPECT_EQ(exchange_.placed[0].limit->raw(), 1345000);
  EXPECT_EQ(exchange_.placed[0].amount.raw(), 100000000);
}

TEST_F(DriverTest, AcknowledgesTheTradeCursorOnlyAfterTheRowsAreDurable) {
  open();
  start();
  exchange_.market.tape = {trade(10, 1400000), trade(11, 1401000)};  // no rule fires
  scheduler_.advance(1s);
  const size_t asked = exchange_.market.times("trades").size();
  // Not durable yet (the notice is not run): however long we wait, no next page is asked.
  ASSERT_TRUE(store_->flush().ok());
  scheduler_.advance(10s);
  EXPECT_EQ(exchange_.market.times("trades").size(), asked);
  posted_.run();
  scheduler_.advance(1s);
  ASSERT_EQ(exchange_.market.times("trades").size(), asked + 1);
  EXPECT_EQ(exchange_.market.calls().back().since, 11);
  auto reader = store::HistoryReader::open(path_);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(*reader->cursor("trades.mtgox.BTCUSD"), 11);
}

TEST_F(DriverTest, ReconcilesAnAmbiguousPlaceBeforeSendingAnythingElse) {
  open();
  start();
  exchange_.hold_open_orders = true;
  fire_buy_dip();
  const size_t log_before = exchange_.log.size();
  exchange_.answer_place(make_error(Errc::kAmbiguous, "connection dropped after the request left"));
  pump();
  // The next call is the reconciliation, held open here; meanwhile sell-high's trigger is met.
  ASSERT_GT(exchange_.log.size(), log_before);
  EXPECT_EQ(exchange_.log[log_before], "open_orders");
  exchange_.market.tape.push_back(trade(2, 1385000));  // 13.85 >= 13.80
  scheduler_.advance(1s);
  pump();
  EXPECT_EQ(exchange_.count("place"), 1u) << "nothing may be sent while a place is ambiguous";
  // The exchange holds the order after all: matched by side, price and amount, it is open.
  const Order held = buy_dip_order("X1");
  auto answer = std::move(exchange_.open_orders_answers.front());
  exchange_.open_orders_answers.pop_front();
  answer(std::vector<Order>{held});
  pump();
  const auto row = stored_order("1");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->state, "open");
  EXPECT_EQ(row->exchange_id, "X1");
  // Only now may the strategy place again, on the next trade that meets the trigger.
  exchange_.market.tape.push_back(trade(3, 1386000));
  scheduler_.advance(1s);
  pump();
  EXPECT_EQ(exchange_.count("place"), 2u);
}

// An ambiguous place that filled at once is gone from the open orders and has no exchange id to ask
// order/result with: the account's own trades (naming their order) settle it.
TEST_F(DriverTest, AnAmbiguousPlaceFilledAtOnceIsFoundAmongOwnTrades) {
  open();
  start();
  place_buy_dip_ambiguous_and_filled();
  EXPECT_EQ(exchange_.count("own_trades"), 1u);
  const auto row = stored_order("1");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->state, "filled");
  EXPECT_EQ(row->exchange_id, "X9");
  EXPECT_EQ(row->filled_amount_int, 100000000);
  auto reader = store::HistoryReader::open(path_);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(*reader->fill_exists("500"), true);
}

// With notify receivers, the ambiguous place and the fill that settles it go into the outbox with the
// rows that record them (notify/outbox.h); a receiver gets only the events it asked for.
TEST_F(DriverTest, FillsAndAmbiguousOrdersGoIntoTheOutboxWithTheirRows) {
  notify::NotifyConfig config;
  config.receivers.resize(2);
  config.receivers[0].name = "all";
  config.receivers[0].events.set();
  config.receivers[1].name = "fills";
  config.receivers[1].events.set(static_cast<size_t>(notify::EventKind::kFill));
  static const notify::Outbox outbox(config);  // static: it outlives the driver (reset in TearDown)
  open({}, [](DriverOptions& o) { o.outbox = &outbox; });
  start();
  place_buy_dip_ambiguous_and_filled();
  auto db = store::Database::open(path_, store::Database::Access::kReadWrite);
  ASSERT_TRUE(db.ok());
  auto q = db->prepare("SELECT receiver, event, event_id, data FROM notifications ORDER BY id");
  ASSERT_TRUE(q.ok());
  std::vector<std::string> rows;
  std::string fill_data;
  while (*q->step()) {
    rows.push_back(q->text(0) + " " + q->text(1) + (q->text(1) == "fill" ? " " + q->text(2) : ""));
    if (q->text(1) == "fill") fill_data = q->text(3);
  }
  EXPECT_EQ(rows,
            (std::vector<std::string>{"all order_ambiguous", "all fill fill-500", "fills fill fill-500"}));
  // 13.45 USD for 1 BTC, exact decimal text (fee: none reported by own trades).
  EXPECT_NE(fill_data.find(R"("price":"13.45","amount":"1")"), std::string::npos) << fill_data;
}

TEST_F(DriverTest, ReconciliationOverlappingAnOrderAnswerIsTakenAgain) {
  open({}, [](DriverOptions& o) { o.poll.reconcile = 5s; });
  start();
  exchange_.hold_open_orders = true;
  fire_buy_dip();
  // The periodic reconciliation asks for the open orders while the place is still unanswered.
  scheduler_.advance(5s);
  ASSERT_EQ(exchange_.open_orders_answers.size(), 1u);
  exchange_.answer_place(std::string("X1"));
  pump();
  // That snapshot predates X1, so it does not list it: applied, it would close X1 as cancelled.
  auto stale = std::move(exchange_.open_orders_answers.front());
  exchange_.open_orders_answers.pop_front();
  stale(std::vector<Order>{});
  pump();
  ASSERT_EQ(exchange_.open_orders_answers.size(), 1u) << "a fresh snapshot must be asked for";
  auto row = stored_order("1");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->state, "open");
  const Order held = buy_dip_order("X1");
  auto fresh = std::move(exchange_.open_orders_answers.front());
  exchange_.open_orders_answers.pop_front();
  fresh(std::vector<Order>{held});
  pump();
  row = stored_order("1");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->state, "open");
}

// Regression (issue 13: with market_maker and grid, which cancel often, the history missed fills and
// diverged from the exchange's balances): fills are fetched only for unsettled orders, so a fill that
// came between the last fetch and a successful cancel was never fetched once the order was cancelled.
TEST_F(DriverTest, APartFillBeforeACancelIsFetchedBeforeTheOrderIsSettled) {
  open();
  start();
  fire_buy_dip();
  exchange_.answer_place(std::string("X1"));
  pump();
  ASSERT_EQ(stored_order("1")->state, "open");
  // The exchange fills 0.4 of the 1 BTC at 13.45; the fills poll (hourly here) has not looked since.
  Trade part = trade(700, 1345000);
  part.amount = Amount(40000000);
  exchange_.executions["X1"] = {part};
  std::optional<Status> stopped;
  driver_->shutdown(true, 10s, [&](const Status& s) { stopped = s; });
  for (int i = 0; i < 20 && !stopped; ++i) {
    scheduler_.advance(100ms);
    pump();
  }
  ASSERT_TRUE(stopped.has_value());
  EXPECT_TRUE(stopped->ok()) << stopped->error().describe();
  EXPECT_EQ(exchange_.count("cancel"), 1u);
  const auto row = stored_order("1");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->state, "cancelled");
  EXPECT_EQ(row->filled_amount_int, 40000000);  // the 0.4 BTC the exchange reported
  auto reader = store::HistoryReader::open(path_);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(*reader->fill_exists("700"), true);
}

// Issue 18 case 2 through the driver: the order filled and is gone, order/result reports its trade
// x100, the own trades tell the truth under the same trade id. The order is not settled as cancelled
// with 0 filled; the reconciliation its dispute asks for fetches the own trades, and the history keeps
// the true fill: the net of its fills is the exchange's.
TEST_F(DriverTest, AnOverstatedOrderResultIsSettledByTheOwnTradesNotAsCancelled) {
  open({}, [](DriverOptions& o) { o.poll.reconcile = 5s; });
  start();
  fire_buy_dip();
  exchange_.answer_place(std::string("X1"));
  pump();
  ASSERT_EQ(stored_order("1")->state, "open");
  Trade overstated = trade(700, 1345000);
  overstated.amount = Amount(int64_t{100} * 100000000);
  overstated.date = kStartUs / 1'000'000 - 60;
  exchange_.executions["X1"] = {overstated};
  OwnTrade t = buy_dip_fill(700, "X1");
  t.date -= 60;             // traded a minute before the driver saw it
  t.spent = Cost(1345000);  // 13.45 USD
  exchange_.own = {t};
  scheduler_.advance(5s);  // the periodic reconciliation: X1 is no longer open
  pump();
  EXPECT_GE(exchange_.count("own_trades"), 1u);
  const auto row = stored_order("1");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->state, "filled");
  EXPECT_EQ(row->filled_amount_int, 100000000);
  auto reader = store::HistoryReader::open(path_);
  ASSERT_TRUE(reader.ok());
  auto fills = reader->fills_since(0);
  ASSERT_TRUE(fills.ok());
  ASSERT_EQ(fills->size(), 1u);
  EXPECT_EQ((*fills)[0].trade_id, "700");
  EXPECT_EQ((*fills)[0].amount_int, 100000000);
  EXPECT_EQ((*fills)[0].spent_int, std::optional<int64_t>(1345000));
  EXPECT_EQ((*fills)[0].time_us, kStartUs - 60'000'000);  // the exchange's clock
  EXPECT_EQ((*fills)[0].seen_us, kStartUs);               // ours (the test's wall clock stands still)
}

TEST_F(DriverTest, StoreFailureHaltsTrading) {
  fill_the_disk();
  ASSERT_TRUE(fatal_.has_value());
  EXPECT_TRUE(driver_->halted());
  EXPECT_TRUE(core_->halted());
  // buy-dip's trigger was met by the first trade, but nothing was sent and no next page asked.
  EXPECT_EQ(exchange_.count("place"), 0u);
  const size_t asked = exchange_.market.times("trades").size();
  scheduler_.advance(10s);
  pump();
  EXPECT_EQ(exchange_.market.times("trades").size(), asked);
}

// Crash safety beyond kill -9: after a full disk has halted trading, the file passes SQLite's
// integrity check, and a restart with room again resumes where the store left off: the trades that
// could not be written are fetched again from the stored cursor (none was acknowledged), the rule
// fires on them and its order is sent, exactly once.
TEST_F(DriverTest, AfterAFullDiskTheFileIsSoundAndARestartResumes) {
  fill_the_disk();
  ASSERT_TRUE(fatal_.has_value());
  ASSERT_EQ(exchange_.count("place"), 0u);
  driver_.reset();
  store_.reset();
  {
    auto reader = store::HistoryReader::open(path_);
    ASSERT_TRUE(reader.ok()) << reader.error().describe();
    EXPECT_TRUE(reader->integrity_check().ok());
    auto stored = reader->trades_after("BTCUSD", 0, 2000);
    ASSERT_TRUE(stored.ok());
    EXPECT_TRUE(stored->empty()) << "the full disk refused the whole batch";
  }

  fatal_.reset();
  core_ = std::make_unique<engine::Core>();
  open();  // room again
  auto reader = store::HistoryReader::open(path_);
  ASSERT_TRUE(reader.ok());
  auto restored = read_restore(*reader, store::RunMode::kLive,
                               trades_cursor_name("mtgox", *engine::Pair::parse("BTCUSD")));
  ASSERT_TRUE(restored.ok()) << restored.error().describe();
  driver_->start(*restored);
  pump();
  ASSERT_TRUE(driver_->trading());
  scheduler_.advance(1s);
  pump();
  EXPECT_FALSE(fatal_.has_value());
  EXPECT_EQ(exchange_.count("place"), 1u);  // buy-dip, once
  auto after = store::HistoryReader::open(path_);
  ASSERT_TRUE(after.ok());
  auto stored = after->trades_after("BTCUSD", 0, 2000);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->size(), 1000u);
  EXPECT_TRUE(after->integrity_check().ok());
}

// Regression (found by ASan/UBSan runs as a flaky std::bad_variant_access): a submit refused in the
// middle of an effect list halts the core, which refills the buffer that list views; the driver then
// read a destroyed effect. Here the store is full before the driver knows it (its notice not run), and
// the ambiguous answer yields rows and then a RequestReconcile, so the rows' submit is the refused one.
TEST_F(DriverTest, StoreRefusedMidEffectsHaltsWithoutReadingThem) {
  open_capped(2);  // room for buy-dip's few rows, not for a thousand trades
  start();
  fire_buy_dip();
  ASSERT_FALSE(fatal_.has_value());
  std::vector<store::WriteOp> filler;
  for (int64_t tid = 100; tid < 1100; ++tid)
    filler.push_back(trade_row(trade(tid, 1339000), *engine::Pair::parse("BTCUSD")));
  ASSERT_TRUE(store_->submit(std::move(filler), [](const Status&) {}).ok());
  ASSERT_FALSE(store_->flush().ok());
  const size_t reconciles = exchange_.count("open_orders");
  EXPECT_NO_THROW(exchange_.answer_place(make_error(Errc::kAmbiguous, "timed out after the request left")));
  ASSERT_TRUE(fatal_.has_value());
  EXPECT_TRUE(driver_->halted());
  // Nothing of the core's is sent; the halt's own sweep lists the open orders to cancel them (here
  // none: the fake lists none).
  EXPECT_EQ(exchange_.count("open_orders"), reconciles + 1) << "a halted driver sends only its sweep";
  EXPECT_EQ(exchange_.count("place"), 1u);
  EXPECT_EQ(exchange_.count("cancel"), 0u);
}

}  // namespace
}  // namespace dealer::live

namespace dealer::live {
namespace {

// Issue 23: an answer that says the pair does not exist is not retried for ever. Before any market
// feed has answered it is a configuration error naming the pair; once market data has come, the bot
// halts.
Error unknown_pair() {
  return make_error(Errc::kExchange, "MtGox: Currency pair not traded here", "unknown_currency_pair");
}

TEST_F(DriverTest, APairTheExchangeDoesNotListAtStartUpIsAConfigurationError) {
  open();
  exchange_.market.auto_answer("trades", Micros(0), 1, unknown_pair());
  driver_->start(Restored{});
  pump();
  ASSERT_TRUE(fatal_.has_value());
  EXPECT_EQ(fatal_->code, Errc::kConfig);
  EXPECT_NE(fatal_->message.find("exchange.pair BTCUSD"), std::string::npos) << fatal_->message;
  EXPECT_NE(fatal_->message.find("unknown_currency_pair"), std::string::npos) << fatal_->message;
  EXPECT_TRUE(driver_->halted());
  const size_t asked = exchange_.market.times("trades").size();
  scheduler_.advance(10min);
  pump();
  EXPECT_EQ(exchange_.market.times("trades").size(), asked);  // not asked again
}

TEST_F(DriverTest, APairTheExchangeStopsListingHaltsTheBot) {
  open();
  start();
  exchange_.market.tape = {trade(1, 1350000)};
  scheduler_.advance(1s);
  pump();
  ASSERT_FALSE(fatal_.has_value());
  exchange_.market.auto_answer("trades", Micros(0), 1, unknown_pair());
  scheduler_.advance(1s);
  pump();
  ASSERT_TRUE(fatal_.has_value());
  EXPECT_EQ(fatal_->code, Errc::kExchange);
  EXPECT_NE(fatal_->message.find("exchange.pair BTCUSD"), std::string::npos) << fatal_->message;
  EXPECT_TRUE(driver_->halted());
  EXPECT_TRUE(core_->halted());
}

}  // namespace
}  // namespace dealer::live
