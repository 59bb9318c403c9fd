// The trades poller with the real MtGox client and the Asio scheduler against the real simulator
// process: it must pull the replayed tape with no gap and no duplicate. The expected tids come from the
// simulator's public/trades paged by hand here, independently of the poller.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/clock.h"
#include "exchange/mtgox/client.h"
#include "exchange/mtgox/codec.h"
#include "live/market_poller.h"
#include "net/asio_scheduler.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"

namespace dealer::live {
namespace {

using testing::SimProcess;

std::string config() {
  return std::string("accounts:\n  - {name: alice, key: ") + testing::kAliceKey + ", secret: \"" +
         testing::kAliceSecret + "\", rights: [get_info], balances: {BTC: \"1\", USD: \"1\"}}\n" +
         "market:\n  trades: " + DEALER_TEST_DATA_DIR + "/../../data/mtgox-trades-btcusd-2013-01-01.csv\n" +
         "  currency: USD\n  speed: 0\n  fx: {EUR: \"0.76\"}\n  liquidity: {enabled: false}\n";
}

// public/trades?since=..., page after page, until an empty page.
std::vector<int64_t> tids_paged_by_hand(const SimProcess& sim, const std::string& pair) {
  std::vector<int64_t> out;
  int64_t since = 0;
  for (;;) {
    auto page = mtgox::decode_response<std::vector<mtgox::Trade>>(
        sim.get("/api/1/" + pair + "/public/trades?since=" + std::to_string(since)).body);
    EXPECT_TRUE(page.ok()) << page.error().describe();
    if (!page.ok() || page->empty()) return out;
    for (const auto& t : *page) out.push_back(t.tid);
    since = page->back().tid;
  }
}

struct Tape {
  std::unique_ptr<mtgox::Client> client;
  std::unique_ptr<MarketPoller> poller;
  std::vector<int64_t> tids;
  int batches = 0;
};

TEST(LiveTradesSim, ThePollerPullsTheReplayedTapeWithNoGapOrDuplicate) {
  SimProcess sim(config());
  const std::vector<int64_t> usd = tids_paged_by_hand(sim, "BTCUSD");
  const std::vector<int64_t> eur = tids_paged_by_hand(sim, "BTCEUR");  // mirrors only: primary "N"
  ASSERT_EQ(usd.size(), 2331u);                                        // the lines of the bundled file
  ASSERT_EQ(eur, usd);

  boost::asio::io_context io;
  SystemClock wall;
  SteadyClock steady;
  net::AsioScheduler scheduler(io);
  std::vector<std::string> problems;
  auto poll = [&](Tape& tape, Currency currency) {
    mtgox::ClientOptions o;
    o.base_url = "http://127.0.0.1:" + std::to_string(sim.port());
    o.currency = currency;
    o.per_second = 1000;
    o.burst = 1000;
    auto client = mtgox::Client::create(io, o, wall, steady);
    ASSERT_TRUE(client.ok()) << client.error().describe();
    tape.client = std::move(*client);
    PollerConfig c;
    c.ticker_every = c.depth_every = c.full_depth_every = Micros(0);
    c.trades_every = std::chrono::milliseconds(20);
    c.trades_cursor = 0;
    PollerSinks sinks;
    sinks.trades = [&tape](const TradeBatch& b) {
      ++tape.batches;
      for (const Trade& t : b.trades) tape.tids.push_back(t.tid);
      tape.poller->acknowledge(b.cursor);
    };
    sinks.error = [&](Feed f, const Error& e, Micros) {
      problems.push_back(std::string(to_string(f)) + ": " + e.describe());
    };
    sinks.gap = [&](const TradeGap& g) { problems.push_back("gap after " + std::to_string(g.after_tid)); };
    tape.poller = std::make_unique<MarketPoller>(*tape.client, scheduler, c, std::move(sinks));
    tape.poller->start();
  };
  Tape dollars, euros;
  poll(dollars, Currency::usd());
  poll(euros, *Currency::from_code("EUR"));

  // Stops a while after both cursors reached the end, so follow-up polls (empty answers) run too; or
  // at a deadline, which the assertions below then report.
  boost::asio::steady_timer deadline(io, std::chrono::seconds(20));
  deadline.async_wait([&](auto) { io.stop(); });
  std::function<void()> check = [&] {
    if (dollars.poller->trades_cursor() == usd.back() && euros.poller->trades_cursor() == usd.back())
      return void(scheduler.after(std::chrono::milliseconds(200), [&] { io.stop(); }));
    scheduler.after(std::chrono::milliseconds(10), check);
  };
  check();
  io.run();

  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(dollars.tids, usd);
  EXPECT_EQ(dollars.batches, 3);    // 1000 + 1000 + 331; the empty follow-ups deliver nothing
  EXPECT_TRUE(euros.tids.empty());  // every EUR trade is a mirror of a USD one
  EXPECT_EQ(euros.poller->trades_cursor(), usd.back());
  dollars.poller.reset();
  euros.poller.reset();
}

}  // namespace
}  // namespace dealer::live
