// gateway_arbitrage's decisions on hand-made events: the edge just above and just below its threshold
// with every fee worked out by hand, the round bounded by ask_max and by bid_max, a gateway refund
// followed to the end, a restart with the gateway leg in flight, and the parameter checks.
#include "strategies/gateway_arbitrage.h"

#include <gtest/gtest.h>

#include "engine/core.h"
#include "engine/engine_test_support.h"
#include "strategies/strategy_test_support.h"
#include "support/allocation_counter.h"

namespace dealer::strategies {
namespace {

using namespace dealer::testing;
using engine::Core;
using engine::DecisionKind;
using engine::SendPlace;

// 1 BTC per round, no slippage (the limit is the last price), MtGox fee 0.6 %, 0.0005 BTC miner's fee,
// 0.01 USD fixed cost; the gateway buys BTC for bitUSD at ask 0.074 BTC per bitUSD less 0.5 %.
std::string config(std::string_view min_edge, std::string_view amount = "1",
                   std::string_view market =
                       "symbol_pair: bitUSD_BTC, ask: \"0.074\", bid: \"0.0735\", ask_max: \"2\", "
                       "bid_max: \"500\"") {
  return "strategies:\n  - id: gw\n    strategy: gateway_arbitrage\n    pair: BTCUSD\n    amount: \"" +
         std::string(amount) + "\"\n    min_edge_percent: \"" + std::string(min_edge) +
         "\"\n    mtgox_fee_percent: \"0.6\"\n    transfer_fee_btc: \"0.0005\"\n    transfer_cost: \"0.01\"\n"
         "    gateway: {mode: simulated, " +
         std::string(market) + ", ask_fee_percent: \"0.5\", bid_fee_percent: \"0.5\", confirm: 10m}\n";
}

std::vector<engine::Effect> trade(Core& core, std::string_view price, int64_t t) {
  const std::vector<Trade> trades{trade_at(price)};
  auto span = core.on_trades(at_s(t), kBtcUsd, trades);
  return {span.begin(), span.end()};
}

// At last 13.00, with 1 BTC:
//   cost    = 13.00 x 1 = 13.00 + 0.6 % (0.078) + 0.01 = 13.08800 USD (1308800 units)
//   deposit = 1 - 0.0005 = 0.9995 BTC; at ask 0.074: 0.9995 / 0.074 = 13.50675675.7 -> 13.50675676
//             bitUSD, less 0.5 % (0.0675337838 -> 0.06753378) = 13.43922298 bitUSD
//   value   = 13.43922298 x 1 USD = 13.43922 USD (1343922, half away from zero)
//   edge    = 13.43922 - 13.08800 = 0.35122 USD = 2.68352... % of the cost (3512200 / 1308800)
// So a threshold of 2.6835 % is just below the edge (trade) and 2.6836 % just above it (no trade).
TEST(GatewayArbitrage, EdgeJustAboveTheThresholdTradesJustBelowDoesNot) {
  auto s = make_strategy(config("2.6835"));
  auto* arb = dynamic_cast<GatewayArbitrage*>(s.get());
  auto e = arb->edge_at(usd("13"), at_s(0));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->cost, 1'308'800);
  EXPECT_EQ(e->deposit, 99'950'000);
  EXPECT_EQ(e->offer.receive, 1'343'922'298);
  EXPECT_EQ(e->value, 1'343'922);
  EXPECT_EQ(e->edge, 35'122);
  EXPECT_TRUE(e->go);
  Core core;
  ASSERT_TRUE(core.add_strategy(std::move(s)).ok());
  auto sends = effects_of<SendPlace>(trade(core, "13", 1));
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].side, Side::kBid);
  EXPECT_EQ(sends[0].price, usd("13"));
  EXPECT_EQ(sends[0].amount, btc("1"));

  Core below;
  ASSERT_TRUE(below.add_strategy(make_strategy(config("2.6836"))).ok());
  EXPECT_TRUE(effects_of<SendPlace>(trade(below, "13", 1)).empty());
  // One unit lower buys the edge back: 12.99999 costs 13.08799 -> edge 0.35123 = 2.68361 % > 2.6836 %.
  EXPECT_EQ(effects_of<SendPlace>(trade(below, "12.99999", 2)).size(), 1u);
}

TEST(GatewayArbitrage, ARoundIsBoundedByTheGatewaysMaximum) {
  // ask_max 2 BTC: 5 BTC asked, 2 + 0.0005 (the transfer fee) bought so that the deposit is 2.
  Core core;
  ASSERT_TRUE(core.add_strategy(make_strategy(config("0", "5"))).ok());
  auto sends = effects_of<SendPlace>(trade(core, "13", 1));
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].amount, btc("2.0005"));
  // With BTC as the base (BTC_XUSD: a BTC deposit is a sell at bid 13.45 XUSD per BTC) bid_max bounds
  // it: 1.5 + 0.0005.
  Core sell;
  ASSERT_TRUE(
      sell.add_strategy(
              make_strategy(config("0", "5",
                                   "symbol_pair: BTC_XUSD, ask: \"13.6\", bid: \"13.45\", ask_max: \"1000\", "
                                   "bid_max: \"1.5\"")))
          .ok());
  auto bounded = effects_of<SendPlace>(trade(sell, "13", 1));
  ASSERT_EQ(bounded.size(), 1u);
  EXPECT_EQ(bounded[0].amount, btc("1.5005"));
}

// A gateway that accepts any deposit and then does what the test says.
class ScriptedGateway final : public GatewayLeg {
 public:
  Result<GatewayOffer> quote(int64_t amount, WallTime) const override {
    return GatewayOffer{amount * 14, 0, 1'000'000'000};  // 14 bitUSD per BTC: always an edge at 13
  }
  Result<std::string> deposit(int64_t amount, int64_t network_fee, WallTime) override {
    deposited = amount;
    fee = network_fee;
    return std::string("tx-1");
  }
  Result<GatewayDepositStatus> status(const std::string& id, WallTime) const override {
    EXPECT_EQ(id, "tx-1");
    return next;
  }
  std::string save_state() const override { return {}; }
  Status load_state(std::string_view) override { return {}; }

  int64_t deposited = 0;
  int64_t fee = 0;
  GatewayDepositStatus next;
};

// Rounds of 1 BTC, MtGox's fee 0.6 %, a transfer fee of 0.0005 BTC.
GatewayArbitrageParams one_btc_rounds(bool fee_in_btc = false) {
  GatewayArbitrageParams p;
  p.amount = btc("1");
  p.mtgox_fee_percent = Decimal(6, 1);
  p.mtgox_fee_in_btc = fee_in_btc;
  p.transfer_fee = btc("0.0005");
  return p;
}

TEST(GatewayArbitrage, ARefundIsFollowedToTheEndAndTheNextRoundGoesOn) {
  auto gateway = std::make_unique<ScriptedGateway>();
  ScriptedGateway& g = *gateway;
  auto s = std::make_unique<GatewayArbitrage>("gw", kBtcUsd, one_btc_rounds(), std::move(gateway));
  GatewayArbitrage& arb = *s;
  Core core;
  ASSERT_TRUE(core.add_strategy(std::move(s)).ok());

  auto sends = effects_of<SendPlace>(trade(core, "13", 1));
  ASSERT_EQ(sends.size(), 1u);
  (void)core.on_placed(at_s(2), sends[0].client_id, "ex-1");
  auto filled = core.on_fill(at_s(3), fill_of("t1", "ex-1", Side::kBid, "13", "1"));
  EXPECT_EQ(g.deposited, 99'950'000);  // 1 BTC bought less the 0.0005 transfer fee
  EXPECT_EQ(arb.step(), GatewayArbitrage::Step::kInFlight);
  const auto deposited = decisions(filled, DecisionKind::kStrategy);
  ASSERT_EQ(deposited.size(), 1u);
  EXPECT_NE(deposited[0].reason.find("deposited 0.99950000 at the gateway as tx-1"), std::string::npos);

  EXPECT_TRUE(effects_of<SendPlace>(trade(core, "13", 4)).empty());  // pending: no new round
  g.next.state = GatewayDepositStatus::State::kRefunded;
  g.next.refunded = 99'950'000;
  g.next.note = "Over 0.5 BTC!";
  auto refunded = trade(core, "13", 5);
  const auto said = decisions(refunded, DecisionKind::kStrategy);
  ASSERT_EQ(said.size(), 1u);
  EXPECT_NE(said[0].reason.find("refunded: 0.99950000 BTC back (Over 0.5 BTC!)"), std::string::npos)
      << said[0].reason;
  EXPECT_EQ(arb.refunded(), 99'950'000);
  EXPECT_EQ(arb.rounds(), 0);
  EXPECT_EQ(arb.step(), GatewayArbitrage::Step::kIdle);
  EXPECT_EQ(effects_of<SendPlace>(trade(core, "13", 6)).size(), 1u);  // idle again: the next round
}

// mtgox_fee_in_btc: the exchange takes its buy fee from the BTC bought (the simulator does). 1 BTC bought
// in two fills at 13: the 0.6 % fee is 0.006 BTC, so 1 - 0.006 - 0.0005 = 0.9935 is deposited, and the
// transfer fee goes to the gateway leg as the network fee it pays on top. The cost is 13 USD, the fee not
// in it: the gateway's 14 per BTC values the 0.9935 at 13.909, an edge of 0.909.
TEST(GatewayArbitrage, AFeeTakenInBtcIsNotDepositedNorCosted) {
  auto gateway = std::make_unique<ScriptedGateway>();
  ScriptedGateway& g = *gateway;
  auto s = std::make_unique<GatewayArbitrage>("gw", kBtcUsd, one_btc_rounds(true), std::move(gateway));
  auto e = s->edge_at(usd("13"), at_s(0));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->deposit, 99'350'000);
  EXPECT_EQ(e->cost, 1'300'000);
  EXPECT_EQ(e->value, 1'390'900);
  EXPECT_EQ(e->edge, 90'900);
  Core core;
  ASSERT_TRUE(core.add_strategy(std::move(s)).ok());
  auto sends = effects_of<SendPlace>(trade(core, "13", 1));
  ASSERT_EQ(sends.size(), 1u);
  (void)core.on_placed(at_s(2), sends[0].client_id, "ex-1");
  (void)core.on_fill(at_s(3), fill_of("t1", "ex-1", Side::kBid, "13", "0.6"));
  EXPECT_EQ(g.deposited, 0);  // not yet: the buy is still open
  auto done = core.on_fill(at_s(4), fill_of("t2", "ex-1", Side::kBid, "13", "0.4"));
  EXPECT_EQ(g.deposited, 99'350'000);
  EXPECT_EQ(g.fee, 50'000);
  const auto said = decisions(done, DecisionKind::kStrategy);
  ASSERT_EQ(said.size(), 1u);
  EXPECT_NE(said[0].reason.find("1 BTC bought (0.00600000 of it the exchange's fee); deposited 0.99350000"),
            std::string::npos)
      << said[0].reason;
}

TEST(GatewayArbitrage, ARestartWithTheDepositInFlightFollowsItToCompletion) {
  Core core;
  ASSERT_TRUE(core.add_strategy(make_strategy(config("0"))).ok());
  auto sends = effects_of<SendPlace>(trade(core, "13", 100));
  ASSERT_EQ(sends.size(), 1u);
  (void)core.on_placed(at_s(101), sends[0].client_id, "ex-1");
  auto filled = core.on_fill(at_s(102), fill_of("t1", "ex-1", Side::kBid, "13", "1"));
  const auto states = effects_of<engine::PersistStrategyState>(filled);
  ASSERT_FALSE(states.empty());

  // The restart: a new core and strategy from the same configuration, restored from the saved state.
  Core again;
  auto s = make_strategy(config("0"));
  auto* arb = dynamic_cast<GatewayArbitrage*>(s.get());
  ASSERT_TRUE(again.add_strategy(std::move(s)).ok());
  std::vector<engine::OrderRecord> rows{*core.orders().find(sends[0].client_id)};
  const std::vector<engine::StrategyState> saved{{"gw", states.back().state}};
  engine::RestoreData data;
  data.orders = rows;
  data.states = saved;
  data.next_client_id = sends[0].client_id + 1;
  (void)again.restore(at_s(200), data);
  EXPECT_EQ(arb->step(), GatewayArbitrage::Step::kInFlight);
  // Deposited at 102 with confirm 10m: still pending at 701, completed at 702 with the 13.43922298
  // bitUSD worked out above; no second round starts while it is in flight.
  EXPECT_TRUE(effects_of<SendPlace>(trade(again, "13", 701)).empty());
  auto done = trade(again, "13", 702);
  EXPECT_TRUE(effects_of<SendPlace>(done).empty());
  EXPECT_EQ(arb->rounds(), 1);
  EXPECT_EQ(arb->received(), 1'343'922'298);
  EXPECT_EQ(arb->step(), GatewayArbitrage::Step::kIdle);
  EXPECT_FALSE(arb->load_state("garbage").ok());
}

TEST(GatewayArbitrageParams, RejectsBadValues) {
  auto with = [](std::string_view from, std::string_view to) {
    std::string yaml = config("1");
    yaml.replace(yaml.find(from), from.size(), to);
    return config_error(yaml);
  };
  EXPECT_TRUE(contains(with("mode: simulated", "mode: live"), "gateway.mode: expected simulated or metaexchange"));
  // The live leg is a service of `dealer run`; a backtest (no services) says so.
  EXPECT_TRUE(contains(with("mode: simulated", "mode: metaexchange"),
                       "gateway.mode: metaexchange is the live gateway, for `dealer run` only"));
  EXPECT_TRUE(
      contains(with("bitUSD_BTC", "bitUSD_bitBTC"), "gateway.symbol_pair: expected BASE_QUOTE with BTC"));
  EXPECT_TRUE(contains(with("bid: \"0.0735\"", "bid: \"0.08\""), "gateway.bid: must not be above ask"));
  EXPECT_TRUE(contains(with("transfer_fee_btc: \"0.0005\"", "transfer_fee_btc: \"1\""),
                       "transfer_fee_btc: must be below amount"));
  EXPECT_TRUE(contains(with("min_edge_percent: \"1\"", "min_edge_percent: \"-1\""), "min_edge_percent"));
  EXPECT_TRUE(contains(with("ask_max: \"2\"", "ask_max: \"0\""), "gateway.ask_max: must be positive"));
  EXPECT_TRUE(contains(with("amount: \"1\"", "amout: \"1\""), "strategies[0].amout: unknown key"));
}

// Without an edge (13.50 costs more than the gateway pays) a trade decides nothing and allocates nothing,
// though it asks the simulated gateway for a quote each time; ask_max 0.5 bounds the round, so two
// amounts are quoted.
TEST(GatewayArbitrageHotPath, TradesWithoutAnEdgeDoNotAllocate) {
  Core core;
  ASSERT_TRUE(
      core.add_strategy(make_strategy(config("1", "1",
                                             "symbol_pair: bitUSD_BTC, ask: \"0.074\", bid: \"0.0735\", "
                                             "ask_max: \"0.5\", bid_max: \"500\"")))
          .ok());
  const std::vector<Trade> flat{trade_at("13.50")};
  (void)core.on_trades(at_s(1), kBtcUsd, flat);
  const int64_t before = dealer::testing::thread_allocations();
  size_t effects = 0;
  for (int i = 0; i < 1000; ++i) effects += core.on_trades(at_s(2 + i), kBtcUsd, flat).size();
  EXPECT_EQ(dealer::testing::thread_allocations() - before, 0);
  EXPECT_EQ(effects, 0u);
  const std::vector<Trade> cheap{trade_at("12")};  // the control: an edge, a round, allocations
  EXPECT_EQ(effects_of<SendPlace>(core.on_trades(at_s(2000), kBtcUsd, cheap)).size(), 1u);
  EXPECT_GT(dealer::testing::thread_allocations() - before, 0);
}

}  // namespace
}  // namespace dealer::strategies
