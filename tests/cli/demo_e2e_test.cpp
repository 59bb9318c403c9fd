// `dealer demo` as a newcomer runs it: the real binary, the simulator inside it, the bundled tape and
// config/demo.yaml. Its summary figures are checked against the SQLite history it wrote, with SQL of
// the test's own (counts, sums per side, each fill's cost and fee, the last price, balances), and every
// order of the history must have ended filled or cancelled. The demo runs in lockstep
// (src/demo/lockstep.h), so its figures are the same on every run and at every speed: they must be the
// README's to the unit (issue 23), and the watch_price chain's orders are those config/demo.yaml asks for.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "core/decimal.h"
#include "core/money.h"
#include "store/sqlite.h"
#include "support/dealer_run.h"
#include "support/test_support.h"

namespace dealer::testing {
namespace {

// The first submatch of `pattern` in `text`, or "" (and a test failure) when it is not there.
std::string find(const std::string& text, const std::string& pattern, int group = 1) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(pattern))) {
    ADD_FAILURE() << "no match for " << pattern << " in:\n" << text;
    return "";
  }
  return m[group].str();
}

// A summary figure like "26.96" back to units of a currency with `decimals`.
int64_t units(const std::string& text, int decimals) {
  auto value = parse_units(text, decimals);
  EXPECT_TRUE(value.ok()) << "'" << text << "'";
  return value ? *value : -1;
}

int64_t sql(store::Database& db, const std::string& query) {
  auto value = db.query_int(query);
  EXPECT_TRUE(value.ok()) << query << ": " << value.error().describe();
  return value ? *value : -1;
}

// a / b rounded half away from zero (b > 0): how the exchange rounds price x amount.
int64_t divide_rounded(Int128 a, int64_t b) {
  const Int128 q = (a < 0 ? -a : a) * 2 + b;
  const Int128 r = q / (2 * static_cast<Int128>(b));
  return static_cast<int64_t>(a < 0 ? -r : r);
}

TEST(DemoCommand, SummaryAgreesWithTheHistoryItWrote) {
  const std::string dir = ::testing::TempDir() + "dealer-demo-" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string store_path = dir + "/demo.sqlite";
  // The whole tape as fast as the bot goes (a few seconds); the README's run is at the default speed.
  const DealerRun run = run_dealer("demo --speed 1000000 --store " + store_path);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  SCOPED_TRACE("dealer demo printed:\n" + run.out + run.err);  // with every failure below
  const size_t summary_at = run.out.find("\nSummary\n");
  ASSERT_NE(summary_at, std::string::npos) << run.out;
  const std::string out = run.out.substr(summary_at);  // not the progress lines before it

  auto opened = store::Database::open(store_path, store::Database::Access::kReadWrite);
  ASSERT_TRUE(opened.ok()) << opened.error().describe();
  store::Database& db = *opened;

  // Trades: the tape has 2,331 trades (2,332 lines with the header), and the bot stored every one of
  // them (by tid: the tape's first column), so its polling missed no page.
  EXPECT_EQ(find(out, R"(trades replayed +(\d+) of the tape)"), "2331");
  std::ifstream tape(test_data_path("../../data/mtgox-trades-btcusd-2013-01-01.csv"));
  std::string line, tids;
  std::getline(tape, line);  // the header
  while (std::getline(tape, line)) tids += (tids.empty() ? "" : ",") + line.substr(0, line.find(','));
  EXPECT_EQ(sql(db, "SELECT COUNT(*) FROM trades WHERE tid IN (" + tids + ")"), 2331);
  const int64_t trades = sql(db, "SELECT COUNT(*) FROM trades");
  EXPECT_EQ(find(out, R"(the bot stored (\d+))"), std::to_string(trades));

  // Orders: all ended filled or cancelled; none rejected, ambiguous or still open.
  const int64_t orders = sql(db, "SELECT COUNT(*) FROM orders");
  EXPECT_GT(orders, 0);
  EXPECT_EQ(find(out, R"(orders +(\d+))"), std::to_string(orders));
  EXPECT_EQ(sql(db, "SELECT COUNT(*) FROM orders WHERE state IN ('rejected', 'ambiguous')"), 0);
  EXPECT_EQ(sql(db, "SELECT COUNT(*) FROM orders WHERE state NOT IN ('filled', 'cancelled')"), 0);
  const int64_t filled = sql(db, "SELECT COUNT(*) FROM orders WHERE state = 'filled'");
  const int64_t cancelled = sql(db, "SELECT COUNT(*) FROM orders WHERE state = 'cancelled'");
  if (filled > 0) {
    EXPECT_EQ(find(out, R"((\d+) filled)"), std::to_string(filled));
  }
  // config/demo.yaml's "park" ask at 20.00 never fills: the demo cancels it at the end.
  EXPECT_GE(cancelled, 1);
  EXPECT_EQ(find(out, R"((\d+) cancelled)"), std::to_string(cancelled));
  // Each order's filled amount is the sum of its fills.
  EXPECT_EQ(sql(db,
                "SELECT COUNT(*) FROM orders o WHERE filled_amount_int != "
                "(SELECT COALESCE(SUM(amount_int), 0) FROM fills f WHERE f.client_id = o.client_id)"),
            0);

  // Fills: count, amounts per side (BTC, 8 decimals), what they cost per side (USD, 5 decimals; each
  // fill's price_int x amount_int / 1e8 rounded half away from zero, all positive here).
  const int64_t fills = sql(db, "SELECT COUNT(*) FROM fills");
  EXPECT_GT(fills, 0);
  EXPECT_EQ(find(out, R"(fills +(\d+):)"), std::to_string(fills));
  const int64_t bought = sql(db, "SELECT COALESCE(SUM(amount_int), 0) FROM fills WHERE side = 'bid'");
  const int64_t sold = sql(db, "SELECT COALESCE(SUM(amount_int), 0) FROM fills WHERE side = 'ask'");
  const std::string cost = "COALESCE(SUM((price_int * amount_int + 50000000) / 100000000), 0)";
  const int64_t paid = sql(db, "SELECT " + cost + " FROM fills WHERE side = 'bid'");
  const int64_t received = sql(db, "SELECT " + cost + " FROM fills WHERE side = 'ask'");
  EXPECT_EQ(units(find(out, R"(bought ([0-9.]+) BTC)"), 8), bought);
  EXPECT_EQ(units(find(out, R"(bought [0-9.]+ BTC for ([0-9.]+) USD)"), 5), paid);
  EXPECT_EQ(units(find(out, R"(sold ([0-9.]+) BTC)"), 8), sold);
  EXPECT_EQ(units(find(out, R"(sold [0-9.]+ BTC for ([0-9.]+) USD)"), 5), received);
  // Balances: the first row is fetched before trading, the last after the shut-down.
  const auto balance = [&](const char* currency, const char* order) {
    return sql(db, std::string("SELECT total_int FROM balances WHERE currency = '") + currency +
                       "' ORDER BY id " + order + " LIMIT 1");
  };
  const int64_t btc_change = balance("BTC", "DESC") - balance("BTC", "ASC");
  const int64_t usd_change = balance("USD", "DESC") - balance("USD", "ASC");

  // Fees: MtGox reports none per trade, so the summary gives what the balances moved less than the
  // fills (each fill's cost rounded on its own, as printed above).
  EXPECT_EQ(units(find(out, R"(fees +(-?[0-9.]+) BTC on buys)"), 8), bought - sold - btc_change);
  EXPECT_EQ(units(find(out, R"(BTC on buys, (-?[0-9.]+) USD on sells)"), 5), received - paid - usd_change);
  // The ledger to the unit, by hand from the simulator's rules for the demo account (src/sim/engine.cpp):
  // a fill moves the USD its order's running total price x amount / 1e8 (rounded half away from zero)
  // grew by, so that an order filled in parts moves what it would have at once; the fee is 0.6 % of
  // what each side receives, per fill, rounded half away from zero: amount x 6 / 1000 BTC on a buy,
  // value x 6 / 1000 USD on a sell. The balances must have moved by exactly the fills less the fees.
  const int64_t fee_btc =
      sql(db, "SELECT COALESCE(SUM((amount_int * 6 + 500) / 1000), 0) FROM fills WHERE side = 'bid'");
  const std::string values =
      "WITH running AS (SELECT client_id, trade_id, side, (SUM(price_int * amount_int) OVER (PARTITION BY "
      "client_id ORDER BY trade_id) + 50000000) / 100000000 AS total FROM fills), "
      "v AS (SELECT side, total - COALESCE(LAG(total) OVER (PARTITION BY client_id ORDER BY trade_id), 0) "
      "AS value FROM running) ";
  const int64_t usd_in = sql(db, values + "SELECT COALESCE(SUM(value - (value * 6 + 500) / 1000), 0) FROM v "
                                          "WHERE side = 'ask'");
  const int64_t usd_out = sql(db, values + "SELECT COALESCE(SUM(value), 0) FROM v WHERE side = 'bid'");
  EXPECT_GT(fee_btc, 0);
  EXPECT_EQ(bought - sold - btc_change, fee_btc);
  EXPECT_EQ(usd_in - usd_out, usd_change);

  // P&L: the balances' change marked at the last stored trade's price.
  const int64_t last = sql(db, "SELECT price_int FROM trades ORDER BY tid DESC LIMIT 1");
  EXPECT_EQ(units(find(out, R"(the last price ([0-9.]+) USD)"), 5), last);
  const int64_t pnl = usd_change + divide_rounded(static_cast<Int128>(btc_change) * last, 100000000);
  EXPECT_EQ(units(find(out, R"(P&L +(-?[0-9.]+) USD)"), 5), pnl);

  // The README's figures (Quick start), to the unit: the same on every run, at every speed.
  EXPECT_EQ(trades, 2360);
  EXPECT_EQ(orders, 43);
  EXPECT_EQ(filled, 26);
  EXPECT_EQ(cancelled, 17);
  EXPECT_EQ(fills, 79);
  EXPECT_EQ(bought, 20'00000000);
  EXPECT_EQ(paid, 266'22493);
  EXPECT_EQ(sold, 15'00000000);
  EXPECT_EQ(received, 201'36997);
  EXPECT_EQ(balance("BTC", "DESC"), 14'88000000);
  EXPECT_EQ(balance("USD", "DESC"), 933'93684);
  EXPECT_EQ(pnl, -1'13901);
  EXPECT_EQ(last, 13'30413);
  EXPECT_EQ(run.err.find("failed"), std::string::npos) << run.err;  // no stray cancel warning at the end
  // The chain's orders, by hand from config/demo.yaml (USD units 1e-5, BTC 1e-8), by rule: sell-high 3
  // at 13.55, buy-back 3 at 13.20, buy-dip 2 at 13.48, take-profit 2 at 13.54, all filled; park 0.5
  // at 20.00, cancelled at the end.
  EXPECT_EQ(sql(db, "SELECT COUNT(*) FROM orders WHERE strategy_id = 'day-chain'"), 5);
  for (const char* order : {"'ask', 1355000, 300000000, 'filled'", "'bid', 1320000, 300000000, 'filled'",
                            "'bid', 1348000, 200000000, 'filled'", "'ask', 1354000, 200000000, 'filled'",
                            "'ask', 2000000, 50000000, 'cancelled'"}) {
    EXPECT_EQ(sql(db, std::string("SELECT COUNT(*) FROM orders WHERE strategy_id = 'day-chain' AND "
                                  "(side, price_int, amount_int, state) = (") +
                          order + ")"),
              1)
        << order;
  }

  // Where the history is and how to read it.
  EXPECT_NE(out.find("dealer history --store " + store_path), std::string::npos) << out;
  EXPECT_NE(out.find("sqlite3 " + store_path), std::string::npos) << out;
  const DealerRun history = run_dealer("history --store " + store_path);
  EXPECT_EQ(history.exit_code, 0) << history.err;
  EXPECT_NE(history.out.find("orders (" + std::to_string(orders) + ")"), std::string::npos) << history.out;
  std::filesystem::remove_all(dir);
}

TEST(DemoCommand, RefusesAnExistingStoreBeforeStarting) {
  const std::string path = ::testing::TempDir() + "dealer-demo-existing-" + std::to_string(getpid());
  std::ofstream(path) << "not a history";
  const DealerRun run = run_dealer("demo --store " + path);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(path + " exists"), std::string::npos) << run.err;
  std::filesystem::remove(path);
}

TEST(DemoCommand, BadTradesFileIsAUsageError) {
  const std::string path = ::testing::TempDir() + "dealer-demo-bad-" + std::to_string(getpid()) + ".csv";
  std::ofstream(path) << "id,price,amount,type\n1356998659486096,13.5x,1,ask\n";
  const DealerRun run = run_dealer("demo --trades " + path);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(path + ":"), std::string::npos) << run.err;
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace dealer::testing
