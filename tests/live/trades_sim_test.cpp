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

// One trades poller per pair over the real client, run on the Asio scheduler until every cursor has
// reached `last_tid` (and a little longer, so that follow-up polls with empty answers run too), or a
// deadline, which the assertions then report.
class Pull {
 public:
  struct Tape {
    std::unique_ptr<mtgox::Client> client;
    std::unique_ptr<MarketPoller> poller;
    std::vector<int64_t> tids;
    int batches = 0;
  };

  Pull(const SimProcess& sim, const std::vector<std::string>& currencies, int client_attempts = 2)
      : scheduler_(io_) {
    for (const std::string& code : currencies) add(sim, *Currency::from_code(code), client_attempts);
  }

  void run_until(int64_t last_tid) {
    boost::asio::steady_timer deadline(io_, std::chrono::seconds(30));
    deadline.async_wait([&](auto) { io_.stop(); });
    std::function<void()> check = [&] {
      bool done = true;
      for (auto& tape : tapes_) done = done && tape->poller->trades_cursor() == last_tid;
      if (done) return void(scheduler_.after(std::chrono::milliseconds(200), [&] { io_.stop(); }));
      scheduler_.after(std::chrono::milliseconds(10), check);
    };
    check();
    io_.run();
    for (auto& tape : tapes_) tape->poller.reset();
  }

  Tape& tape(size_t i) { return *tapes_.at(i); }
  std::vector<std::string> errors, gaps;

 private:
  void add(const SimProcess& sim, Currency currency, int client_attempts) {
    auto& tape = *tapes_.emplace_back(std::make_unique<Tape>());
    mtgox::ClientOptions o;
    o.base_url = "http://127.0.0.1:" + std::to_string(sim.port());
    o.currency = currency;
    o.per_second = 1000;
    o.burst = 1000;
    o.backoff = BackoffPolicy{client_attempts, std::chrono::milliseconds(5), std::chrono::milliseconds(20)};
    o.http.io_timeout = std::chrono::milliseconds(500);
    auto client = mtgox::Client::create(io_, o, wall_);
    ASSERT_TRUE(client.ok()) << client.error().describe();
    tape.client = std::move(*client);
    PollerConfig c;
    c.ticker_every = c.depth_every = c.full_depth_every = Micros(0);
    c.trades_every = std::chrono::milliseconds(20);
    c.backoff = BackoffPolicy{0, std::chrono::milliseconds(10), std::chrono::milliseconds(50)};
    c.trades_cursor = 0;
    PollerSinks sinks;
    sinks.trades = [&tape](const TradeBatch& b) {
      ++tape.batches;
      for (const Trade& t : b.trades) tape.tids.push_back(t.tid);
      tape.poller->acknowledge(b.cursor);
    };
    sinks.error = [this](Feed f, const Error& e, Micros) {
      errors.push_back(std::string(to_string(f)) + ": " + e.describe());
    };
    sinks.gap = [this](const TradeGap& g) { gaps.push_back("after " + std::to_string(g.after_tid)); };
    tape.poller = std::make_unique<MarketPoller>(*tape.client, scheduler_, c, std::move(sinks));
    tape.poller->start();
  }

  boost::asio::io_context io_;
  SystemClock wall_;
  net::AsioScheduler scheduler_;
  std::vector<std::unique_ptr<Tape>> tapes_;
};

TEST(LiveTradesSim, ThePollerPullsTheReplayedTapeWithNoGapOrDuplicate) {
  SimProcess sim(config());
  const std::vector<int64_t> usd = tids_paged_by_hand(sim, "BTCUSD");
  const std::vector<int64_t> eur = tids_paged_by_hand(sim, "BTCEUR");  // mirrors only: primary "N"
  ASSERT_EQ(usd.size(), 2331u);                                        // the lines of the bundled file
  ASSERT_EQ(eur, usd);

  Pull pull(sim, {"USD", "EUR"});
  pull.run_until(usd.back());
  EXPECT_TRUE(pull.errors.empty()) << pull.errors.front();
  EXPECT_TRUE(pull.gaps.empty()) << pull.gaps.front();
  EXPECT_EQ(pull.tape(0).tids, usd);
  EXPECT_EQ(pull.tape(0).batches, 3);      // 1000 + 1000 + 331; the empty follow-ups deliver nothing
  EXPECT_TRUE(pull.tape(1).tids.empty());  // every EUR trade is a mirror of a USD one
}

TEST(LiveTradesSim, FailingAnswersCostRetriesButNeitherGapsNorDuplicates) {
  // 40 % of the answers fail in the ways the simulator can (5xx, drops, cut and broken bodies, the MySQL
  // body; its fault generator is seeded); the client tries once, so every failure reaches the poller.
  SimProcess sim(config());
  const std::vector<int64_t> usd = tids_paged_by_hand(sim, "BTCUSD");
  ASSERT_EQ(usd.size(), 2331u);
  ASSERT_EQ(sim.post("/sim/faults",
                     "error_500_percent=10&drop_percent=10&truncate_percent=10&malformed_percent=5&mysql_"
                     "error_percent=5")
                .status,
            200);

  Pull pull(sim, {"USD"}, 1);
  pull.run_until(usd.back());
  EXPECT_FALSE(pull.errors.empty()) << "no failure reached the poller: the test would not test its backoff";
  EXPECT_TRUE(pull.gaps.empty()) << pull.gaps.front();
  EXPECT_EQ(pull.tape(0).tids, usd);
}

}  // namespace
}  // namespace dealer::live
