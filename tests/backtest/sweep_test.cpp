// Sweeps: a 2x2 grid gives what four separate backtests of hand-edited configs give; the table is the
// same bytes on 1 thread, on 4, and from 3 shards written, read back and merged; merging refuses
// shards of other sweeps; ranking.
#include "backtest/sweep.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "backtest/config.h"
#include "backtest/report_json.h"
#include "backtest/sweep_table.h"
#include "market/timed_trade.h"
#include "support/test_support.h"

namespace dealer::backtest {
namespace {

using dealer::testing::timed_trade;

// PRICE and FEE are the placeholders the separate runs replace by hand.
constexpr std::string_view kTemplate = R"(strategies:
  - id: s
    strategy: watch_price
    pair: BTCUSD
    rules:
      - {id: buy, side: buy, when: "last <= 10", price: "PRICE", amount: "1"}
      - {id: sell, side: sell, after: buy, when: "last >= 10.5", price: "10.6", amount: "1"}
backtest:
  balances: {USD: "100"}
  fee_percent: "FEE"
)";

std::string with(std::string text, const std::string& price, const std::string& fee) {
  text.replace(text.find("PRICE"), 5, price);
  text.replace(text.find("FEE"), 3, fee);
  return text;
}

// Four days of trades swinging around 10 (+-0.80 over 1000 trades, so that the rules fire and fill)
// with seeded noise of up to 5 cents: Sharpe ratios exist (several days) and points differ.
std::vector<Trade> swings(size_t n) {
  auto rng = dealer::testing::seeded_rng();
  std::uniform_int_distribution<int> noise(-5, 5);
  std::vector<Trade> tape;
  for (size_t i = 0; i < n; ++i) {
    const int cents =
        1000 + static_cast<int>(80 * std::sin(2 * M_PI * static_cast<double>(i) / 1000)) + noise(rng);
    const std::string price =
        std::to_string(cents / 100) + "." + (cents % 100 < 10 ? "0" : "") + std::to_string(cents % 100);
    tape.push_back(timed_trade(1'357'000'000 + static_cast<int64_t>(i) * 4 * 86'400 / static_cast<int64_t>(n),
                               price, "3"));
  }
  return tape;
}

struct Sweep {
  SweepGrid grid;
  SweepInput input;
};

// A sweep of `axes` over the config texts `configs` (named c0.yaml, c1.yaml, ...) and `tape`.
Sweep sweep_over(std::vector<SweepAxis> axes, std::vector<std::string> configs, std::span<const Trade> tape) {
  std::vector<std::string> names;
  for (size_t i = 0; i < configs.size(); ++i) names.push_back("c" + std::to_string(i) + ".yaml");
  auto grid = SweepGrid::create(names, std::move(axes));
  EXPECT_TRUE(grid) << grid.error().message;
  return Sweep{std::move(*grid),
               SweepInput{nullptr, std::move(configs), engine::Pair{Currency::btc(), Currency::usd()}, tape}};
}

Result<std::vector<SweepRow>> run(Sweep& s, Shard shard, unsigned threads) {
  s.input.grid = &s.grid;
  return run_sweep(s.input, shard, threads);
}

SweepFile file_of(const Sweep& s, Shard shard, std::vector<SweepRow> rows) {
  return SweepFile{std::string(kSweepFormat),
                   s.grid.dimensions(),
                   sweep_fingerprint(s.input.config_texts, s.input.trades),
                   "USD",
                   static_cast<int64_t>(shard.index),
                   static_cast<int64_t>(shard.count),
                   std::move(rows)};
}

TEST(Sweep, TwoByTwoEqualsFourSeparateBacktests) {
  const std::vector<Trade> tape = swings(4000);
  Sweep s =
      sweep_over({{"strategies.s.rules.buy.price", {"9.9", "10.1"}}, {"backtest.fee_percent", {"0", "1"}}},
                 {with(std::string(kTemplate), "10", "0.6")}, tape);
  auto rows = run(s, {}, 2);
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 4u);
  size_t i = 0;
  for (const char* price : {"9.9", "10.1"}) {
    for (const char* fee : {"0", "1"}) {
      auto setup = parse_backtest_config(with(std::string(kTemplate), price, fee), "separate.yaml");
      ASSERT_TRUE(setup) << setup.error().message;
      auto bt = Backtest::create(std::move(setup->config), std::move(setup->strategies));
      auto report = (*bt)->run(tape);
      ASSERT_TRUE(report);
      const SweepRow& row = (*rows)[i];
      EXPECT_EQ(row.point, static_cast<int64_t>(i));
      EXPECT_EQ(row.values, (std::vector<std::string>{"c0.yaml", price, fee}));
      EXPECT_EQ(row.fills, static_cast<int64_t>(report->fills.size())) << i;
      EXPECT_EQ(row.fees, Decimal(report->fees, 5)) << i;
      EXPECT_EQ(row.pnl, Decimal(report->pnl, 5)) << i;
      EXPECT_EQ(row.trades_replayed, 4000);
      EXPECT_EQ(row.return_pct.to_string(), format_ratio(report->return_pct));
      EXPECT_EQ(row.max_drawdown_pct.to_string(), format_ratio(report->max_drawdown_pct));
      EXPECT_EQ(row.sharpe.has_value(), report->sharpe.has_value());
      ++i;
    }
  }
  // The grid really changed the runs: they traded, a fee of 1 % costs, the buys at 9.9 and 10.1 differ.
  EXPECT_EQ((*rows)[0].fills, 2);
  EXPECT_EQ((*rows)[0].fees, Decimal());
  EXPECT_GT((*rows)[1].fees, Decimal());
  EXPECT_NE((*rows)[0].pnl, (*rows)[2].pnl);
}

TEST(Sweep, SameTableOnOneThreadOnFourAndFromMergedShards) {
  const std::vector<Trade> tape = swings(3000);
  // The second config sells only from 10.7 on.
  std::string later_sell = with(std::string(kTemplate), "10", "0.2");
  later_sell.replace(later_sell.find("last >= 10.5"), 12, "last >= 10.7");
  Sweep s = sweep_over({{"strategies.s.rules.buy.price", {"9.8", "9.9", "10", "10.1"}},
                        {"strategies.s.rules.sell.price", {"10.2", "10.6"}},
                        {"backtest.fee_percent", {"0", "0.6"}}},
                       {with(std::string(kTemplate), "10", "0.6"), later_sell}, tape);
  auto one = run(s, {}, 1);
  auto four = run(s, {}, 4);
  ASSERT_TRUE(one && four);
  ASSERT_EQ(one->size(), 32u);  // 2 configs x 4 x 2 x 2
  for (RankMetric rank : {RankMetric::kPnl, RankMetric::kSharpe, RankMetric::kMaxDrawdownPct}) {
    const std::string table = sweep_table(file_of(s, {}, *one), rank);
    EXPECT_EQ(sweep_table(file_of(s, {}, *four), rank), table);

    std::vector<std::pair<std::string, SweepFile>> shards;
    for (size_t i : {2, 0, 1}) {  // any order
      auto rows = run(s, {i, 3}, 2);
      ASSERT_TRUE(rows);
      // Through the file's text and back, as sweep-merge reads it.
      auto read = decode_sweep_file(encode_json(file_of(s, {i, 3}, *rows)), "shard.json");
      ASSERT_TRUE(read) << read.error().message;
      shards.emplace_back("shard" + std::to_string(i) + ".json", std::move(*read));
    }
    auto merged = merge_sweep_files(shards);
    ASSERT_TRUE(merged) << merged.error().message;
    EXPECT_EQ(sweep_table(*merged, rank), table);
    EXPECT_EQ(merged->rows, *one);
  }
}

TEST(Sweep, AConfigErrorAtAnyPointStopsTheSweepBeforeItRuns) {
  const std::vector<Trade> tape = swings(100);
  Sweep s = sweep_over({{"backtest.fee_percent", {"0.6", "200"}}},
                       {with(std::string(kTemplate), "10", "0.6")}, tape);
  auto rows = run(s, {}, 2);
  ASSERT_FALSE(rows);
  EXPECT_EQ(
      rows.error().message,
      "sweep point config=c0.yaml backtest.fee_percent=200: c0.yaml:10:16: backtest.fee_percent: must be at "
      "least 0 and below 100");
}

SweepRow row(int64_t point, const char* pnl, const char* drawdown, std::optional<const char*> sharpe) {
  SweepRow r;
  r.point = point;
  r.values = {"c.yaml", std::to_string(point)};
  r.fills = point;
  r.fees = *Decimal::parse("0.00100");
  r.pnl = *Decimal::parse(pnl);
  r.return_pct = *Decimal::parse("0.000000");
  r.max_drawdown_pct = *Decimal::parse(drawdown);
  if (sharpe) r.sharpe = *Decimal::parse(*sharpe);
  return r;
}

TEST(SweepTable, RanksBestFirstTiesByPointMissingSharpeLast) {
  SweepFile f;
  f.grid = {{"config", {"c.yaml"}}, {"x", {"0", "1", "2", "3"}}};
  f.quote = "USD";
  f.rows = {row(0, "1.00000", "2.000000", "0.500000"), row(1, "3.00000", "1.000000", std::nullopt),
            row(2, "-2.00000", "0.500000", "1.250000"), row(3, "3.00000", "4.000000", "-0.100000")};
  // Worked out by hand: pnl highest first (points 1 and 3 tie at 3: point order), then 1, then -2.
  EXPECT_EQ(sweep_table(f, RankMetric::kPnl),
            "4 points, ranked by pnl (fees and pnl in USD, ratios in %, sharpe of daily returns)\n"
            "rank  config  x  fills     fees       pnl  return_pct  max_drawdown_pct     sharpe\n"
            "   1  c.yaml  1      1  0.00100   3.00000    0.000000          1.000000          -\n"
            "   2  c.yaml  3      3  0.00100   3.00000    0.000000          4.000000  -0.100000\n"
            "   3  c.yaml  0      0  0.00100   1.00000    0.000000          2.000000   0.500000\n"
            "   4  c.yaml  2      2  0.00100  -2.00000    0.000000          0.500000   1.250000\n");
  const auto order = [&](RankMetric m) {
    std::string out;
    const std::string table = sweep_table(f, m);
    for (size_t at = table.find("c.yaml  "); at != std::string::npos; at = table.find("c.yaml  ", at + 1))
      out += table[at + 8];
    return out;
  };
  EXPECT_EQ(order(RankMetric::kMaxDrawdownPct), "2103");  // lowest first
  EXPECT_EQ(order(RankMetric::kSharpe), "2031");          // none last
  EXPECT_EQ(order(RankMetric::kFills), "3210");
  EXPECT_EQ(order(RankMetric::kFees), "0123");  // all equal: point order
  EXPECT_TRUE(parse_rank_metric("return_pct"));
  EXPECT_FALSE(parse_rank_metric("profit"));
}

TEST(Sweep, ARatioPastDecimalsRangeIsAnErrorNotAZero) {
  Report r;
  r.pair = engine::Pair{Currency::btc(), Currency::usd()};
  r.sharpe = 1e20;  // 21 digits with the six decimals: past int64
  auto row = sweep_row(0, {}, r);
  ASSERT_FALSE(row);
  EXPECT_EQ(row.error().message, "sharpe 100000000000000000000.000000 is out of range");
}

TEST(SweepMerge, RefusesShardsOfOtherSweepsSayingWhy) {
  SweepFile a;
  a.grid = {{"config", {"c.yaml"}}, {"x", {"0", "1"}}};
  a.inputs = "00000000000000aa";
  a.quote = "USD";
  a.shards = 2;
  a.rows = {row(0, "1", "0", std::nullopt)};
  SweepFile b = a;
  b.shard = 1;
  b.rows = {row(1, "1", "0", std::nullopt)};
  ASSERT_TRUE(merge_sweep_files({{"a.json", a}, {"b.json", b}}));

  const auto error = [&](SweepFile other) {
    auto merged = merge_sweep_files({{"a.json", a}, {"b.json", other}});
    return merged ? std::string("merged") : merged.error().message;
  };
  SweepFile grid = b;
  grid.grid[1].values = {"0", "2"};
  EXPECT_EQ(error(grid),
            "b.json is not a shard of the same sweep as a.json: its grid is config=c.yaml x=0,2, not "
            "config=c.yaml x=0,1");
  SweepFile inputs = b;
  inputs.inputs = "00000000000000bb";
  EXPECT_EQ(error(inputs),
            "b.json is not a shard of the same sweep as a.json: same grid, but other inputs (a "
            "config file's text, the trades or --from/--to differ)");
  SweepFile count = b;
  count.shards = 3;
  EXPECT_EQ(error(count),
            "b.json is not a shard of the same sweep as a.json: it is cut into 3 shards, not 2");
  EXPECT_EQ(error(a), "b.json: shard 0/2 is given twice");
  SweepFile short_rows = b;
  short_rows.rows.clear();
  EXPECT_EQ(error(short_rows),
            "the shards hold 1 rows for a grid of 2 points (a shard file was cut short or edited)");
  SweepFile empty_a = a;
  empty_a.rows.clear();
  auto empty = merge_sweep_files({{"a.json", empty_a}, {"b.json", short_rows}});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message,
            "the shards hold 0 rows for a grid of 2 points (a shard file was cut short or edited)");
  SweepFile wrong_point = b;
  wrong_point.rows[0].point = 0;
  EXPECT_EQ(error(wrong_point),
            "the shards hold 2 rows for a grid of 2 points (a shard file was cut short or edited)");
  auto alone = merge_sweep_files({{"a.json", a}});
  EXPECT_EQ(alone.error().message, "shard 1/2 is missing (run it with --shard 1/2)");
  EXPECT_FALSE(decode_sweep_file(R"({"trades_replayed":1})", "report.json"));
  SweepFile extra_value = a;
  extra_value.rows[0].values.push_back("9");
  auto decoded = decode_sweep_file(encode_json(extra_value), "edited.json");
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().message, "edited.json: point 0 has 3 values for a grid of 2 dimensions");
}

}  // namespace
}  // namespace dealer::backtest
