// The price collar (issue 18 case 3): the reference price (a fresh book's mid, else the median of the
// last trades, never one print), and orders refused beyond max_price_deviation_percent of it, or when
// there is none. Expected prices are worked out by hand in the comments.
#include <gtest/gtest.h>

#include "engine/core.h"
#include "engine/engine_test_support.h"
#include "engine/risk.h"
#include "strategies/registry.h"
#include "strategies/strategy_test_support.h"

namespace dealer::engine {
namespace {

using namespace dealer::testing;

constexpr Micros kMinute = std::chrono::seconds(60);

Depth depth_near(std::string_view bid, std::string_view ask) {
  Depth d;
  d.bids = {DepthLevel{usd(bid), btc("5"), 0}};
  d.asks = {DepthLevel{usd(ask), btc("5"), 0}};
  return d;
}

Tape tape_of(std::initializer_list<std::string_view> prices) {
  Tape tape;
  for (std::string_view p : prices) tape.add(trade_at(p));
  return tape;
}

TEST(ReferencePrice, IsAFreshBooksMidElseTheMedianOfTheLastTrades) {
  Book book;
  book.apply(at_s(100), depth_near("13.49", "13.52"));
  const Tape tape = tape_of({"13.00", "13.10", "13.20"});
  // (1349000 + 1352000) / 2 = 1350500.
  auto fresh = reference_price(book, tape, at_s(160), kMinute);
  ASSERT_TRUE(fresh.has_value());
  EXPECT_EQ(fresh->price, usd("13.505"));
  EXPECT_EQ(fresh->source, "book mid");
  auto stale = reference_price(book, tape, at_s(161), kMinute);  // 61 s old
  ASSERT_TRUE(stale.has_value());
  EXPECT_EQ(stale->price, usd("13.10"));
  EXPECT_EQ(stale->source, "median of the last 3 trades");
  EXPECT_EQ(reference_price(book, tape, at_s(100), Micros(0))->source, "median of the last 3 trades");
  Book one_sided;
  Depth bids_only = depth_near("13.49", "13.52");
  bids_only.asks.clear();
  one_sided.apply(at_s(100), bids_only);
  EXPECT_EQ(reference_price(one_sided, tape, at_s(100), kMinute)->price, usd("13.10"));
}

TEST(ReferencePrice, OnePrintFarAwayIsKeptOnTheTapeButDoesNotMoveIt) {
  Tape tape =
      tape_of({"13.50", "13.51", "13.49", "13.50", "13.52", "13.48", "13.50", "13.50", "13.51", "13.49"});
  tape.add(trade_at("0.01"));
  EXPECT_EQ(tape.last()->price, usd("0.01"));
  // The last 11 sorted: 0.01, 13.48, 13.49, 13.49, 13.50, 13.50 (the 6th, the median), ...
  auto ref = reference_price(Book{}, tape, at_s(0), kMinute);
  ASSERT_TRUE(ref.has_value());
  EXPECT_EQ(ref->price, usd("13.50"));
  EXPECT_EQ(ref->source, "median of the last 11 trades");
}

TEST(ReferencePrice, NoneFromFewerThanThreeTradesAndNoBook) {
  EXPECT_FALSE(reference_price(Book{}, tape_of({"13.5", "13.6"}), at_s(0), kMinute).has_value());
  EXPECT_TRUE(reference_price(Book{}, tape_of({"13.5", "13.6", "0.01"}), at_s(0), kMinute).has_value());
}

OrderCheck check_at(std::string_view price, std::optional<std::string_view> reference) {
  OrderCheck c;
  c.pair = kBtcUsd;
  c.side = Side::kAsk;
  c.price = usd(price);
  c.amount = btc("1");
  if (reference) c.reference = ReferencePrice{usd(*reference), "book mid"};
  return c;
}

TEST(PriceCollar, RefusesBeyondTheLimitAndWithoutAReference) {
  RiskLimits limits;
  limits.max_price_deviation_percent = Decimal(5, 0);
  const Risk risk(limits);
  // 5 % of 13.50 is 0.675: 12.825 and 14.175 are the edges, still allowed; one unit beyond is not.
  EXPECT_FALSE(risk.refuse(check_at("12.825", "13.50"), at_s(0)).has_value());
  EXPECT_FALSE(risk.refuse(check_at("14.175", "13.50"), at_s(0)).has_value());
  auto below = risk.refuse(check_at("12.82499", "13.50"), at_s(0));
  ASSERT_TRUE(below.has_value());
  EXPECT_TRUE(risk.refuse(check_at("14.17501", "13.50"), at_s(0)).has_value());
  // 0.67501 / 13.5 = 5.0000740... %: shown truncated to hundredths.
  EXPECT_EQ(
      *below,
      "price 12.82499 USD is 5 % from the reference 13.5 USD (book mid), max_price_deviation_percent is 5");
  auto none = risk.refuse(check_at("13.50", std::nullopt), at_s(0));
  ASSERT_TRUE(none.has_value());
  EXPECT_NE(none->find("no reference price"), std::string::npos) << *none;
  EXPECT_FALSE(Risk(RiskLimits{}).refuse(check_at("0.00998", std::nullopt), at_s(0)).has_value())
      << "no collar configured, no collar";
}

// Issue 18 case 3: trades at 0.01 USD with the book near 13.5, and the trend strategy, long 1 BTC,
// offered it at 0.00998 (0.01 less its slippage) and it filled. With the collar no order goes out far
// from the book: the sell is refused with a decision line that names the reference.
TEST(PriceCollar, TradesAtACentWithTheBookNearThirteenFiftyPlaceNoOrder) {
  CoreConfig config;
  config.risk.max_price_deviation_percent = Decimal(5, 0);
  Core core(config);
  ASSERT_TRUE(core.add_strategy(make_strategy("strategies:\n  - {id: tr, strategy: trend, pair: BTCUSD, "
                                              "window_unit: trades, fast: 1, slow: 3, slippage_percent: "
                                              "\"0.2\", amount: \"1\"}\n"))
                  .ok());
  std::vector<SendPlace> sent;
  std::vector<Decision> refused;
  auto keep = [&](std::span<const Effect> effects) {
    for (const SendPlace& p : effects_of<SendPlace>(effects)) sent.push_back(p);
    for (const auto& d : effects_of<PersistDecision>(effects)) {
      if (d.decision.kind == DecisionKind::kRiskRejected) refused.push_back(d.decision);
    }
  };
  auto trade = [&](std::string_view price, int64_t t) {
    keep(core.on_trades(at_s(t), kBtcUsd, std::vector<Trade>{trade_at(price)}));
  };
  keep(core.on_book(at_s(1), kBtcUsd, depth_near("13.49", "13.51")));  // mid 13.50
  // Slow EMA (alpha 0.5): 13.5 x3 (warm), 13.4 -> 13.45 above fast 13.4, then 13.6 -> 13.525 below fast
  // 13.6: crossed above, buy 1 at 13.6 + 0.2 % = 13.6272 (0.94 % from the mid).
  for (int64_t t = 2; t <= 4; ++t) trade("13.5", t);
  trade("13.4", 5);
  trade("13.6", 6);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].price, usd("13.6272"));
  keep(core.on_placed(at_s(7), sent[0].client_id, "ex-1"));
  keep(core.on_fill(at_s(7), fill_of("t1", "ex-1", Side::kBid, "13.6272", "1", at_s(7))));
  sent.clear();
  // The bad prints: fast 0.01 far below the slow EMA, crossed below: a sell at 0.01 - 0.2 % = 0.00998.
  trade("0.01", 8);
  trade("0.01", 9);
  EXPECT_TRUE(sent.empty()) << "placed at " << kBtcUsd.format_price(sent.front().price);
  ASSERT_FALSE(refused.empty());
  EXPECT_NE(refused[0].reason.find("price 0.00998 USD is 99.92 % from the reference 13.5 USD (book mid)"),
            std::string::npos)
      << refused[0].reason;
}

}  // namespace
}  // namespace dealer::engine
