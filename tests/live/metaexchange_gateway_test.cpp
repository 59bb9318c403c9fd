// The live gateway leg (live::MetaexchangeGateway) against the real simulator process over loopback:
// its quotes, a deposit followed to completion and to a refund, and the transfer's lost answers and a
// restart, where the BTC must leave alice's MtGox account exactly once. The leg's polls run on a
// VirtualScheduler that the test advances; only the HTTP exchanges take real time.
//
// Market bitUSD_BTC (regular): ask 0.0740 BTC per bitUSD, ask_max 2 BTC, ask fee 0.5 %; deposits
// confirm at once. By hand (the gateway's documented conversion, half away from zero):
//   1 BTC      -> 1 / 0.0740 = 13.513513513... -> 13.51351351 bitUSD; fee 0.5 % = 0.0675675676 ->
//                 0.06756757; received 13.44594594.
//   1.9995 BTC -> 27.020270270... -> 27.02027027; fee 0.135101351 -> 0.13510135; 26.88516892.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>

#include "live/logging.h"
#include "live/metaexchange_gateway.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"

namespace dealer::live {
namespace {

using namespace std::chrono_literals;
using strategies::GatewayDepositStatus;
using State = GatewayDepositStatus::State;

constexpr int64_t kBtc = 100'000'000;
constexpr int64_t kFee = 50'000;  // the miner's fee of each transfer: 0.0005 BTC

std::string sim_config() {
  return std::string("accounts:\n  - {name: alice, key: ") + testing::kAliceKey + ", secret: \"" +
         testing::kAliceSecret + "\", rights: [get_info, trade], balances: {BTC: \"10\", USD: \"1000\"}}\n" +
         "metaexchange:\n  confirm_seconds: 0\n  markets:\n"
         "    - {symbol_pair: bitUSD_BTC, ask: \"0.0740\", bid: \"0.0735\", ask_max: \"2\", bid_max: \"500\",\n"
         "       ask_fee_percent: \"0.5\", bid_fee_percent: \"0.5\"}\n";
}

// Sends through the simulator, but can lose the answer (the BTC left: kAmbiguous) or fail before sending
// (also kAmbiguous, but nothing left): what a transfer over a bad network does.
class FlakyTransfer final : public DepositTransfer {
 public:
  enum class Mode { kFine, kLoseAnswer, kNeverArrive };
  explicit FlakyTransfer(std::unique_ptr<DepositTransfer> real, Mode mode, int& sends)
      : real_(std::move(real)), mode_(mode), sends_(sends) {}
  void send(const std::string& target, bool is_memo, int64_t amount, int64_t fee, const std::string& txid,
            Callback<bool> done) override {
    ++sends_;
    const Mode mode = std::exchange(mode_, Mode::kFine);  // only the first send misbehaves
    if (mode == Mode::kNeverArrive) return done(make_error(Errc::kAmbiguous, "connection reset after sending"));
    real_->send(target, is_memo, amount, fee, txid, [mode, done](Result<bool> r) {
      if (mode == Mode::kLoseAnswer) return done(make_error(Errc::kAmbiguous, "connection reset after sending"));
      done(std::move(r));
    });
  }

 private:
  std::unique_ptr<DepositTransfer> real_;
  Mode mode_;
  int& sends_;
};

class MetaexchangeGatewayTest : public ::testing::Test {
 protected:
  std::unique_ptr<MetaexchangeGateway> leg(FlakyTransfer::Mode mode = FlakyTransfer::Mode::kFine) {
    const std::string url = "http://127.0.0.1:" + std::to_string(sim_.meta_port());
    metaexchange::ClientOptions o;
    o.base_url = url;
    o.scheduler = &scheduler_;
    auto client = metaexchange::Client::create(io_, o);
    EXPECT_TRUE(client.ok());
    auto real = std::make_unique<SimulatorTransfer>(io_, *net::parse_url(url), testing::kAliceKey, scheduler_);
    return std::make_unique<MetaexchangeGateway>(
        std::move(*client), std::make_unique<FlakyTransfer>(std::move(real), mode, sends_), scheduler_,
        MetaexchangeGatewayOptions{"bitUSD_BTC", true, "alice-bitusd", 5s});
  }
  // One poll: virtual time moves on by the poll interval, then the HTTP exchanges it started (and the
  // rate-limit waits between them) run to their end.
  void poll() {
    scheduler_.advance(5s);
    for (int i = 0; i < 50; ++i) {
      io_.restart();
      const auto ran = io_.run_for(20ms);
      scheduler_.advance(1s);  // a second endpoint call waits a second for its token
      if (ran == 0 && i > 3) break;
    }
  }
  // Polls until the deposit is final (at most 10 polls).
  GatewayDepositStatus final_status(MetaexchangeGateway& g, const std::string& id) {
    for (int i = 0; i < 10; ++i) {
      poll();
      auto s = g.status(id, WallTime{});
      EXPECT_TRUE(s.ok());
      if (s.ok() && s->state != State::kPending) return *s;
    }
    ADD_FAILURE() << "deposit " << id << " never ended";
    return {};
  }
  int64_t alice_btc() const { return sim_.balance(testing::kAliceKey, testing::kAliceSecret, "BTC"); }

  testing::SimProcess sim_{sim_config()};
  boost::asio::io_context io_;
  VirtualScheduler scheduler_;
  int sends_ = 0;
};

TEST_F(MetaexchangeGatewayTest, QuotesWhatTheGatewayQuotesOnceItHasHeardIt) {
  auto g = leg();
  auto before = g->quote(199'950'000, WallTime{});
  ASSERT_FALSE(before.ok());
  EXPECT_NE(before.error().message.find("no deposit address"), std::string::npos) << before.error().message;
  poll();  // address and market; the amount was asked about before this poll, so its quote too
  auto offer = g->quote(199'950'000, WallTime{});
  ASSERT_TRUE(offer.ok()) << offer.error().message;
  EXPECT_EQ(offer->receive, 2'688'516'892);
  EXPECT_EQ(offer->refund, 0);
  EXPECT_EQ(offer->max_deposit, 2 * kBtc);
  auto later = g->quote(kBtc, WallTime{});  // a new amount: quoted from the next poll on
  ASSERT_FALSE(later.ok());
  EXPECT_NE(later.error().message.find("no recent getQuote for 1.00000000 BTC"), std::string::npos);
  poll();
  ASSERT_TRUE(g->quote(kBtc, WallTime{}).ok());
  EXPECT_EQ(g->quote(kBtc, WallTime{})->receive, 1'344'594'594);
  // Three polls without an answer (the simulator gone) make every figure stale: no quote, no round.
  // The outage is logged once per call, not once per poll.
  std::string warnings;
  set_problem_listener([&warnings](LogLevel, std::string_view line) { warnings += std::string(line) + "\n"; });
  sim_.stop();
  for (int i = 0; i < 4; ++i) poll();
  set_problem_listener({});
  EXPECT_FALSE(g->quote(kBtc, WallTime{}).ok());
  size_t market_warnings = 0;
  for (size_t at = 0; (at = warnings.find("gateway getMarket: ", at)) != std::string::npos; ++at) ++market_warnings;
  EXPECT_EQ(market_warnings, 1u) << warnings;
}

TEST_F(MetaexchangeGatewayTest, ADepositLeavesTheMtGoxAccountOnceAndCompletes) {
  auto g = leg();
  EXPECT_FALSE(g->deposit(kBtc, kFee, WallTime{}).ok());  // no deposit address yet
  poll();
  auto id = g->deposit(kBtc, kFee, WallTime{});
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(id->size(), 64u);
  const GatewayDepositStatus s = final_status(*g, *id);
  EXPECT_EQ(s.state, State::kCompleted);
  EXPECT_EQ(s.received, 1'344'594'594);
  EXPECT_EQ(s.refunded, 0);
  EXPECT_EQ(alice_btc(), 10 * kBtc - kBtc - kFee);
  EXPECT_EQ(sends_, 1);
  EXPECT_EQ(g->save_state(), "");  // reported: nothing left to follow
}

TEST_F(MetaexchangeGatewayTest, OverTheMaximumIsRefundedInFullWithTheGatewaysNote) {
  auto g = leg();
  poll();
  auto id = g->deposit(3 * kBtc, kFee, WallTime{});
  ASSERT_TRUE(id.ok());
  const GatewayDepositStatus s = final_status(*g, *id);
  EXPECT_EQ(s.state, State::kRefunded);
  EXPECT_EQ(s.received, 0);
  EXPECT_EQ(s.refunded, 3 * kBtc);
  EXPECT_EQ(s.note, "Over 2 BTC!");
  EXPECT_EQ(alice_btc(), 10 * kBtc - 3 * kBtc - kFee);  // sent: the refund goes to the gateway's refund address
}

TEST_F(MetaexchangeGatewayTest, ALostAnswerIsLookedUpAtTheGatewayNotSentAgain) {
  auto g = leg(FlakyTransfer::Mode::kLoseAnswer);
  poll();
  auto id = g->deposit(kBtc, kFee, WallTime{});
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(final_status(*g, *id).received, 1'344'594'594);
  EXPECT_EQ(sends_, 1);
  EXPECT_EQ(alice_btc(), 10 * kBtc - kBtc - kFee);
}

TEST_F(MetaexchangeGatewayTest, ATransferTheGatewayNeverSawIsSentAgainWithTheSameId) {
  auto g = leg(FlakyTransfer::Mode::kNeverArrive);
  poll();
  auto id = g->deposit(kBtc, kFee, WallTime{});
  ASSERT_TRUE(id.ok());
  const GatewayDepositStatus s = final_status(*g, *id);
  EXPECT_EQ(s.state, State::kCompleted);
  EXPECT_EQ(sends_, 2);
  EXPECT_EQ(alice_btc(), 10 * kBtc - kBtc - kFee);
}

TEST_F(MetaexchangeGatewayTest, ATransferTheAccountCannotCoverIsReportedNotSent) {
  auto g = leg();
  poll();
  auto id = g->deposit(20 * kBtc, kFee, WallTime{});  // alice has 10
  ASSERT_TRUE(id.ok());
  const GatewayDepositStatus s = final_status(*g, *id);
  EXPECT_EQ(s.state, State::kRefunded);
  EXPECT_EQ(s.refunded, 20 * kBtc);
  EXPECT_NE(s.note.find("not sent: "), std::string::npos) << s.note;
  EXPECT_NE(s.note.find("10.00000000 BTC available"), std::string::npos) << s.note;
  EXPECT_EQ(sends_, 1);  // checked at the gateway, then believed: not sent again
  EXPECT_EQ(alice_btc(), 10 * kBtc);
}

// A restart while a transfer is in flight: the new leg asks the gateway before sending anything. Whether
// the first send got there (it was answered) or not (the leg was gone before it left), the BTC leaves
// alice's account exactly once.
TEST_F(MetaexchangeGatewayTest, ARestartMidTransferChecksBeforeSending) {
  for (const bool arrived : {true, false}) {
    SCOPED_TRACE(arrived ? "the first send arrived" : "the first send never left");
    const int64_t start = alice_btc();
    std::string saved, id;
    {
      auto first = leg();
      poll();
      auto made = first->deposit(kBtc, kFee, WallTime{});
      ASSERT_TRUE(made.ok());
      id = *made;
      saved = first->save_state();
      EXPECT_EQ(saved, id + " 100000000 50000 check\n");
      if (arrived) {  // let the request reach the simulator; its answer dies with the leg
        io_.restart();
        for (int i = 0; i < 100 && alice_btc() == start; ++i) io_.run_for(10ms);
        ASSERT_EQ(alice_btc(), start - kBtc - kFee);
      }
    }
    sends_ = 0;
    auto second = leg();
    ASSERT_TRUE(second->load_state(saved).ok());
    const GatewayDepositStatus s = final_status(*second, id);
    EXPECT_EQ(s.state, State::kCompleted);
    EXPECT_EQ(s.received, 1'344'594'594);
    EXPECT_EQ(sends_, arrived ? 0 : 1);
    EXPECT_EQ(alice_btc(), start - kBtc - kFee);
  }
  auto g = leg();
  EXPECT_FALSE(g->load_state("abc 1 2 maybe\n").ok());
}

}  // namespace
}  // namespace dealer::live
