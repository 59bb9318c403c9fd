// PaperExchange over a scripted inner exchange (FakeExchange, which fails every private call at once:
// a private call that reached it would show as an error here). One hand-made tape, with the fills, fees
// and balances worked out by hand in the comments; the answers are posted, never called back inside
// the call; a restart continues the paper account.
#include "live/paper_exchange.h"

#include <gtest/gtest.h>

#include <deque>
#include <optional>

#include "support/fake_exchange.h"

namespace dealer::live {
namespace {

constexpr int64_t kT0 = 1'356'998'400'000'000;  // 2013-01-01 00:00 UTC, microseconds
const Currency kUsd = Currency::usd();
const Currency kBtc = Currency::btc();

Trade trade(int64_t seconds, int64_t price, int64_t amount, bool primary = true) {
  Trade t;
  t.tid = kT0 + seconds * 1'000'000;
  t.date = t.tid / 1'000'000;
  t.price = Price(price);
  t.amount = Amount(amount);
  t.price_currency = primary ? kUsd : *Currency::from_code("EUR");
  t.item = kBtc;
  t.primary = primary;
  t.properties = "limit";
  return t;
}

// The hand-made tape (prices in USD units of 1e-5, amounts in BTC units of 1e-8).
const Trade t1 = trade(1, 1'360'000, 100'000'000);             // 13.60: before our orders
const Trade t2 = trade(2, 1'350'000, 500'000'000);             // 13.50: AT the buy's limit: no fill (through)
const Trade t3 = trade(3, 1'340'000, 40'000'000);              // 13.40 x 0.4: the buy fills 0.4
const Trade t3_eur = trade(3, 1'000'000, 900'000'000, false);  // its EUR mirror: never fed
const Trade t4 = trade(4, 1'410'000, 200'000'000);             // 14.10 x 2: the sell (0.5 at 14.00) fills
const Trade t5 = trade(5, 1'300'000, 300'000'000);             // 13.00 x 3: the buy's remaining 0.6 fills

class PaperExchangeTest : public ::testing::Test {
 protected:
  std::unique_ptr<PaperExchange> make() {
    auto inner = std::make_unique<testing::FakeExchange>(scheduler_);
    fake_ = inner.get();
    PaperOptions o;
    o.fills.fee_percent = *Decimal::parse("0.5");
    o.balances = {Balance{kUsd, Funds(10'000'000), Funds()},
                  Balance{kBtc, Funds(100'000'000), Funds()}};  // 100 USD, 1 BTC
    o.id_prefix = "p-";
    return std::make_unique<PaperExchange>(
        std::move(inner), [this](std::function<void()> t) { posted_.push_back(std::move(t)); }, std::move(o));
  }
  void drain() {
    while (!posted_.empty()) {
      auto t = std::move(posted_.front());
      posted_.pop_front();
      t();
    }
  }
  // Polls trades and answers with exactly `page`; what the driver would be handed.
  std::vector<Trade> poll(PaperExchange& paper, std::vector<Trade> page) {
    std::vector<Trade> handed;
    paper.trades_since(std::nullopt, [&](Result<std::vector<Trade>> r) {
      ASSERT_TRUE(r.ok());
      handed = *r;
    });
    EXPECT_TRUE(fake_->answer_trades(std::move(page)));
    return handed;
  }
  template <class T, class Call>
  T ask(Call call) {
    std::optional<Result<T>> got;
    call([&](Result<T> r) { got = std::move(r); });
    EXPECT_FALSE(got.has_value()) << "answered inside the call";
    drain();
    EXPECT_TRUE(got.has_value());
    EXPECT_TRUE(got->ok()) << got->error().describe();
    return std::move(**got);
  }
  std::string place(PaperExchange& paper, Side side, int64_t price, int64_t amount) {
    return ask<std::string>([&](auto done) {
      paper.place(OrderRequest{side, Amount(amount), Price(price)}, done);
    });
  }
  std::map<std::string, std::pair<int64_t, int64_t>> balances(PaperExchange& paper) {
    std::map<std::string, std::pair<int64_t, int64_t>> out;  // total, reserved
    for (const Balance& b : ask<AccountInfo>([&](auto done) { paper.account(done); }).balances)
      out[std::string(b.currency.code())] = {b.total.raw(), b.in_open_orders.raw()};
    return out;
  }

  VirtualScheduler scheduler_;
  testing::FakeExchange* fake_ = nullptr;
  std::deque<std::function<void()>> posted_;
};

TEST_F(PaperExchangeTest, FillsFollowTheTapeOnceEachWithFeesAndBalancesWorkedByHand) {
  auto paper = make();
  EXPECT_EQ(poll(*paper, {t1}).size(), 1u);
  const std::string buy = place(*paper, Side::kBid, 1'350'000, 100'000'000);  // buy 1 at 13.50
  const std::string sell = place(*paper, Side::kAsk, 1'400'000, 50'000'000);  // sell 0.5 at 14.00
  EXPECT_EQ(buy, "p-1");
  EXPECT_EQ(sell, "p-2");
  // Reserved: the buy 13.50 + 0.5 % = 13.5675 USD; the sell its 0.5 BTC.
  EXPECT_EQ(balances(*paper)["USD"], std::make_pair(int64_t{10'000'000}, int64_t{1'356'750}));
  EXPECT_EQ(balances(*paper)["BTC"], std::make_pair(int64_t{100'000'000}, int64_t{50'000'000}));

  // The page t2, t3 (with t3's EUR mirror) comes twice: the driver gets it twice, the model once.
  const std::vector<Trade> page{t2, t3, t3_eur};
  EXPECT_EQ(poll(*paper, page).size(), 3u);
  EXPECT_EQ(poll(*paper, page).size(), 3u);
  EXPECT_EQ(paper->fed_through(), t3.tid);
  auto open = ask<std::vector<Order>>([&](auto done) { paper->open_orders(done); });
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0].id, buy);
  EXPECT_EQ(open[0].amount, Amount(60'000'000));  // 1 - 0.4 left
  EXPECT_EQ(open[1].amount, Amount(50'000'000));

  // Out of order in one answer: fed by tid (t4 then t5).
  poll(*paper, {t5, t4});
  EXPECT_TRUE(ask<std::vector<Order>>([&](auto done) { paper->open_orders(done); }).empty());

  // Fills by hand: buy 0.4 at 13.50 (on t3): notional 5.40 USD, fee 0.027; sell 0.5 at 14.00 (t4):
  // 7.00, fee 0.035; buy 0.6 at 13.50 (t5): 8.10, fee 0.0405. Ids: the tape tid x 1000 + rank.
  auto fills = ask<OrderFills>([&](auto done) { paper->order_result(Side::kBid, buy, done); });
  ASSERT_EQ(fills.trades.size(), 2u);
  EXPECT_EQ(fills.trades[0].tid, t3.tid * 1000);
  EXPECT_EQ(fills.trades[0].amount, Amount(40'000'000));
  EXPECT_EQ(fills.trades[0].price, Price(1'350'000));
  EXPECT_EQ(fills.trades[1].tid, t5.tid * 1000);
  EXPECT_EQ(fills.trades[1].amount, Amount(60'000'000));
  EXPECT_EQ(fills.total_amount, Amount(100'000'000));
  EXPECT_EQ(fills.total_spent, Cost(1'350'000));
  auto own = ask<std::vector<OwnTrade>>([&](auto done) { paper->own_trades(t3.tid * 1000, done); });
  ASSERT_EQ(own.size(), 2u);  // the sell on t4, the buy on t5
  EXPECT_EQ(own[0].order_id, sell);
  EXPECT_EQ(own[0].tid, t4.tid * 1000);
  EXPECT_EQ(std::get<Cost>(own[0].fee->value), Cost(3'500));
  EXPECT_EQ(std::get<Cost>(own[1].fee->value), Cost(4'050));
  // USD: 100 - 5.427 + 6.965 - 8.1405 = 93.3975; BTC: 1 + 0.4 - 0.5 + 0.6 = 1.5; nothing reserved.
  EXPECT_EQ(balances(*paper)["USD"], std::make_pair(int64_t{9'339'750}, int64_t{0}));
  EXPECT_EQ(balances(*paper)["BTC"], std::make_pair(int64_t{150'000'000}, int64_t{0}));
}

TEST_F(PaperExchangeTest, RefusalsAndCancelsAreAnsweredLikeAnExchangeNeverAmbiguous) {
  auto paper = make();
  // 10 BTC at 13.50 costs 135 USD + fee: more than the 100 USD.
  std::optional<Result<std::string>> refused;
  paper->place(OrderRequest{Side::kBid, Amount(1'000'000'000), Price(1'350'000)},
               [&](Result<std::string> r) { refused = std::move(r); });
  EXPECT_FALSE(refused.has_value());
  drain();
  ASSERT_TRUE(refused.has_value());
  ASSERT_FALSE(refused->ok());
  EXPECT_NE(refused->error().code, Errc::kAmbiguous);
  EXPECT_NE(refused->error().message.find("insufficient funds"), std::string::npos);

  const std::string id = place(*paper, Side::kAsk, 1'400'000, 50'000'000);
  EXPECT_TRUE(ask<bool>([&](auto done) { paper->cancel(id, done); }));
  EXPECT_EQ(balances(*paper)["BTC"], std::make_pair(int64_t{100'000'000}, int64_t{0}));
  std::optional<Result<bool>> again;
  paper->cancel(id, [&](Result<bool> r) { again = std::move(r); });
  drain();
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(again->ok());
  EXPECT_EQ(again->error().token, "order_not_found");
  // A cancelled order fills on nothing.
  poll(*paper, {t4});
  EXPECT_TRUE(ask<std::vector<OwnTrade>>([&](auto done) { paper->own_trades(std::nullopt, done); }).empty());
}

TEST_F(PaperExchangeTest, AnswersPostedBeforeItIsDestroyedAreDropped) {
  auto paper = make();
  bool called = false;
  paper->account([&](Result<AccountInfo>) { called = true; });
  paper.reset();
  drain();
  EXPECT_FALSE(called);
}

TEST_F(PaperExchangeTest, ARestartContinuesBalancesAndOpenOrdersAndFeedsNoTradeTwice) {
  // The first run stopped after t3: the buy (1 at 13.50, id p-1) had filled 0.4; the cursor at t3.
  auto paper = make();
  engine::Fill earlier;
  earlier.trade_id = std::to_string(t3.tid * 1000);
  earlier.order_id = "p-1";
  earlier.side = Side::kBid;
  earlier.price = Price(1'350'000);
  earlier.amount = Amount(40'000'000);
  engine::OrderRecord buy;
  buy.side = Side::kBid;
  buy.price = Price(1'350'000);
  buy.amount = Amount(100'000'000);
  buy.filled = Amount(40'000'000);
  buy.state = engine::OrderState::kPartiallyFilled;
  buy.exchange_id = "p-1";
  engine::OrderRecord never_sent = buy;  // written, never answered: no exchange id, not restored
  never_sent.exchange_id.clear();
  never_sent.filled = Amount(0);
  ASSERT_TRUE(paper->restore(std::vector{earlier}, std::vector{buy, never_sent}, t2.tid).ok());
  EXPECT_EQ(paper->fed_through(), t3.tid);  // from the fill's id, past the cursor

  // USD 100 - 5.427 = 94.573, of which the remaining 0.6 x 13.50 + 0.5 % = 8.1405 is reserved.
  EXPECT_EQ(balances(*paper)["USD"], std::make_pair(int64_t{9'457'300}, int64_t{814'050}));
  EXPECT_EQ(balances(*paper)["BTC"], std::make_pair(int64_t{140'000'000}, int64_t{0}));
  auto open = ask<std::vector<Order>>([&](auto done) { paper->open_orders(done); });
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].id, "p-1");
  EXPECT_EQ(open[0].amount, Amount(60'000'000));

  // t3 again (below the buy's limit) fills nothing: it was fed before the restart. t5 fills the rest.
  poll(*paper, {t2, t3, t5});
  auto fills = ask<OrderFills>([&](auto done) { paper->order_result(Side::kBid, "p-1", done); });
  ASSERT_EQ(fills.trades.size(), 1u);
  EXPECT_EQ(fills.trades[0].tid, t5.tid * 1000);
  EXPECT_EQ(fills.trades[0].amount, Amount(60'000'000));
  // USD 94.573 - 8.1405 = 86.4325; BTC 1.4 + 0.6 = 2.
  EXPECT_EQ(balances(*paper)["USD"], std::make_pair(int64_t{8'643'250}, int64_t{0}));
  EXPECT_EQ(balances(*paper)["BTC"], std::make_pair(int64_t{200'000'000}, int64_t{0}));
  // New ids never repeat a restored one (the command makes the prefix unique per run).
  EXPECT_EQ(place(*paper, Side::kAsk, 1'400'000, 10'000'000), "p-2");
}

}  // namespace
}  // namespace dealer::live
