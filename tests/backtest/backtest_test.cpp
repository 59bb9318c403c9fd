// The backtest driver: the example config over the bundled tape with every fill worked out by hand,
// the per-trade event order, latency, funds, and no allocation per trade.
#include "backtest/backtest.h"

#include <gtest/gtest.h>

#include "backtest/config.h"
#include "backtest/example_backtest.h"
#include "config/reader.h"
#include "market/timed_trade.h"
#include "market/trade_file.h"
#include "support/allocation_counter.h"
#include "support/test_support.h"

namespace dealer::backtest {
namespace {

using dealer::testing::btc;
using dealer::testing::timed_trade;
using dealer::testing::usd;
constexpr int64_t kSecond = 1'000'000;

Report run(std::string_view yaml, const std::vector<Trade>& tape) {
  auto setup = parse_backtest_config(yaml, "test.yaml");
  EXPECT_TRUE(setup) << setup.error().message;
  auto bt = Backtest::create(std::move(setup->config), std::move(setup->strategies));
  EXPECT_TRUE(bt) << bt.error().message;
  auto report = (*bt)->run(tape);
  EXPECT_TRUE(report);
  return std::move(*report);
}

// config/backtest.yaml over data/mtgox-trades-btcusd-2013-01-01.csv (through, fee 0.6 %, latency 0,
// 1000 USD). From the tape (lines 503-507 of the CSV, times 11:35 UTC):
//   503 ...104566981 13.40000 0.00020523   first trade <= 13.40: buy-dip places buy 2 at 13.45
//   504 ...104626117 13.40000 1.49233208   13.40 < 13.45: fills 1.49233208 (the whole trade)
//   505 ...104734013 13.40000 1212.64...   fills the remaining 0.50766792; the order is complete, so
//                                          take-profit arms (step 2) and, as this trade's 13.40 >= 13.35,
//                                          fires at once (step 3): sell 2 at 13.36
//   506 ...132568688 13.40001 57.56...     13.40001 > 13.36: the sell fills 2 whole
// Nothing fires after that (each rule fires once).
// Notionals and fees (USD units of 1e-5, half away from zero):
//   13.45 x 1.49233208 = 20.071866476 -> 2007187; fee 0.6 % = 12043.12 -> 12043
//   13.45 x 0.50766792 =  6.828133524 ->  682813; fee 4096.88 -> 4097
//   13.36 x 2          = 26.72        -> 2672000; fee 16032
// USD: 100000000 - 2007187 - 12043 - 682813 - 4097 + 2672000 - 16032 = 99949828 (999.49828), BTC 0.
// P&L: 999.49828 + 0 BTC - (1000 + 0 BTC) = -0.50172; fees 0.12043 + 0.04097 + 0.16032 = 0.32172.
// Equity peaked at the start (1000), its lowest after the sell: drawdown 0.50172 / 1000 = 0.050172 %.
TEST(Backtest, ExampleConfigOverTheBundledTape) {
  using dealer::testing::test_data_path;
  auto trades =
      read_trade_file(test_data_path("../../data/mtgox-trades-btcusd-2013-01-01.csv"), Currency::usd());
  ASSERT_TRUE(trades);
  auto yaml = config::read_file(test_data_path("../../config/backtest.yaml"));
  ASSERT_TRUE(yaml);
  const Report r = run(*yaml, *trades);

  EXPECT_EQ(r.trades_replayed, 2331u);
  EXPECT_EQ(r.orders, 2u);
  const ExpectedFill expected[] = {{1357040104626117, Side::kBid, "13.45", "1.49233208", 12043, 1},
                                   {1357040104734013, Side::kBid, "13.45", "0.50766792", 4097, 1},
                                   {1357040132568688, Side::kAsk, "13.36", "2", 16032, 2}};
  expect_fills(r.fills, expected, "dip-chain");
  EXPECT_EQ(r.fees, 32172);
  EXPECT_EQ(total_of(r.final_balances, Currency::usd()), 99949828);
  EXPECT_EQ(total_of(r.final_balances, Currency::btc()), 0);
  EXPECT_EQ(r.first_price, usd("13.51001"));
  EXPECT_EQ(r.last_price, usd("13.30413"));
  EXPECT_EQ(r.pnl, -50172);
  EXPECT_DOUBLE_EQ(r.return_pct, -0.050172);
  EXPECT_NEAR(r.max_drawdown_pct, 0.050172, 1e-12);
  EXPECT_FALSE(r.sharpe);  // one day: a single daily return
  // BTC was held from the first buy fill to the sell fill: 27.942571 s of the tape's span.
  const double span_us = static_cast<double>(trades->back().tid - trades->front().tid);
  EXPECT_NEAR(r.exposure_pct, 100.0 * 27'942'571 / span_us, 1e-9);
}

constexpr std::string_view kChain = R"(
strategies:
  - id: chain
    strategy: watch_price
    pair: BTCUSD
    rules:
      - {id: buy, side: buy, when: "last <= 10", price: "10", amount: "1"}
      - {id: sell, side: sell, after: buy, when: "last >= 9", price: "9.5", amount: "1"}
backtest:
  balances: {USD: "100"}
)";

// Per trade: (1) fills, (2) the strategy hears them, (3) it sees the trade. Trade 1 at 10 fires the
// buy at 10; trade 2 at 9.99 (through 10) fills it, which arms the sell in step 2, and the same trade
// (9.99 >= 9) fires it in step 3; it cannot fill on trade 2 itself (placed after it) but fills on
// trade 3 at 9.60 (> 9.5). No fee: USD 100 - 10 + 9.5 = 99.5.
TEST(Backtest, FillsThenReactionsThenTheTrade) {
  const Report r = run(
      kChain, {timed_trade(100, "10", "5"), timed_trade(101, "9.99", "5"), timed_trade(102, "9.60", "5")});
  ASSERT_EQ(r.fills.size(), 2u);
  EXPECT_EQ(to_us(r.fills[0].time), 101 * kSecond);
  EXPECT_EQ(r.fills[0].side, Side::kBid);
  EXPECT_EQ(to_us(r.fills[1].time), 102 * kSecond);
  EXPECT_EQ(r.fills[1].price, usd("9.5"));
  EXPECT_EQ(total_of(r.final_balances, Currency::usd()), usd("99.5").raw());
}

// The same tape as bitcoincharts CSV (seconds, no tids, no sides): the same fills at the same times.
TEST(Backtest, BitcoinchartsTape) {
  auto tape = parse_trade_csv("100,10,5\n101,9.99,5\n102,9.60,5\n", Currency::usd());
  ASSERT_TRUE(tape);
  const Report r = run(kChain, *tape);
  ASSERT_EQ(r.fills.size(), 2u);
  EXPECT_EQ(to_us(r.fills[0].time), 101 * kSecond);
  EXPECT_EQ(to_us(r.fills[1].time), 102 * kSecond);
  EXPECT_EQ(total_of(r.final_balances, Currency::usd()), usd("99.5").raw());
}

TEST(Backtest, LatencyKeepsAnOrderOutOfTradesTooSoon) {
  std::string yaml(kChain);
  yaml += "  latency_ms: 1500\n";
  // The buy placed at 100 s is active from 101.5 s: the trade at 101 s passes, the one at 102 s fills it.
  const Report r =
      run(yaml, {timed_trade(100, "10", "5"), timed_trade(101, "9.99", "5"), timed_trade(102, "9.90", "5")});
  ASSERT_EQ(r.fills.size(), 1u);
  EXPECT_EQ(to_us(r.fills[0].time), 102 * kSecond);
  EXPECT_EQ(r.fills[0].price, usd("10"));
}

TEST(Backtest, AnOrderTheBalanceCannotCoverIsReportedNotFilled) {
  std::string yaml(kChain);
  yaml.replace(yaml.find("USD: \"100\""), 10, "USD: \"9.99\"");  // 1 BTC at 10 costs 10
  const Report r =
      run(yaml, {timed_trade(100, "10", "5"), timed_trade(101, "9", "5"), timed_trade(102, "8", "5")});
  EXPECT_TRUE(r.fills.empty());
  EXPECT_EQ(total_of(r.final_balances, Currency::usd()), usd("9.99").raw());
  bool reported = false;
  for (const engine::Decision& d : r.decisions)
    reported |=
        d.kind == engine::DecisionKind::kRiskRejected || d.kind == engine::DecisionKind::kOrderRejected;
  EXPECT_TRUE(reported);
}

TEST(Backtest, SelectTradesByTime) {
  const std::vector<Trade> tape = {timed_trade(10, "1", "1"), timed_trade(20, "1", "1"),
                                   timed_trade(30, "1", "1")};
  auto s = select_trades(tape, wall_from_us(20 * kSecond), wall_from_us(30 * kSecond));
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s.front().date, 20);
  EXPECT_EQ(select_trades(tape, std::nullopt, wall_from_us(19 * kSecond)).size(), 1u);
  EXPECT_EQ(select_trades(tape, std::nullopt, std::nullopt).size(), 3u);
}

// The allocations of a backtest of `yaml` over the first `n` trades of `tape` (its set-up not counted),
// and its report.
std::pair<int64_t, Report> allocations_of(std::string_view yaml, const std::vector<Trade>& tape, size_t n) {
  auto setup = parse_backtest_config(yaml, "test.yaml");
  auto bt = Backtest::create(std::move(setup->config), std::move(setup->strategies));
  const int64_t before = dealer::testing::thread_allocations();
  auto report = (*bt)->run(std::span<const Trade>(tape).first(n));
  const int64_t used = dealer::testing::thread_allocations() - before;
  return {used, std::move(*report)};
}

// A replay whose trades lead to no decision allocates the same for 300 trades as for 20,000: nothing
// per trade (the core's tape of 256 is full after 300).
TEST(Backtest, AnIdleTradeDoesNotAllocate) {
  std::vector<Trade> tape;
  for (int64_t i = 0; i < 20'000; ++i) tape.push_back(timed_trade(1000 + i, i % 2 ? "20" : "21", "1"));
  auto allocations = [&](size_t n) {
    auto [used, report] = allocations_of(kChain, tape, n);
    EXPECT_EQ(report.trades_replayed, n);
    return used;
  };
  EXPECT_EQ(allocations(300), allocations(20'000));
}

// As users run it (issue 22): a rule that fires and fills with a fee, then a position held while the
// price moves every trade, so the equity, the metrics and the equity curve change on every trade over
// two weeks of trades a minute apart: still nothing allocated per trade once the fill is done.
TEST(Backtest, AFiredChainWithAMovingEquityDoesNotAllocatePerTrade) {
  constexpr std::string_view kHolding = R"(
strategies:
  - id: chain
    strategy: watch_price
    pair: BTCUSD
    rules:
      - {id: buy, side: buy, when: "last <= 10", price: "10", amount: "1"}
      - {id: sell, side: sell, after: buy, when: "last >= 30", price: "30", amount: "1"}
backtest:
  balances: {USD: "100"}
  fee_percent: "0.6"
)";
  const char* prices[] = {"9.91", "9.87", "9.95", "9.80"};
  std::vector<Trade> tape;
  for (int64_t i = 0; i < 20'000; ++i)
    tape.push_back(timed_trade(1'357'000'000 + 60 * i, prices[i % 4], "2"));
  auto allocations = [&](size_t n) {
    auto [used, report] = allocations_of(kHolding, tape, n);
    EXPECT_EQ(report.fills.size(), 1u);
    EXPECT_GT(report.max_drawdown_pct, 0);
    return used;
  };
  EXPECT_EQ(allocations(500), allocations(20'000));
}

}  // namespace
}  // namespace dealer::backtest
