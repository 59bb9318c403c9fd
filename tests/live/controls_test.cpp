// live/controls.h with a real engine::Core and a real store: what each control makes the core do (the
// effects handed to the driver), and that each one, done or refused, is a row of the `controls` table
// and a log line. The strategy bids whenever it has no open order, so "places nothing" and "places
// again" show as the presence or absence of a SendPlace after a trade.
#include "live/controls.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "engine/engine_test_support.h"
#include "live/logging.h"
#include "store/history_reader.h"
#include "support/bot_process.h"

namespace dealer::live {
namespace {

using namespace dealer::testing;

class AlwaysBid : public engine::Strategy {
 public:
  using Strategy::Strategy;
  void on_trades(engine::StrategyContext& ctx, std::span<const Trade>) override {
    if (ctx.orders().empty()) (void)ctx.place(Side::kBid, usd("13.00"), btc("0.1"), "bid again");
  }
};

template <class T>
size_t count_of(const std::vector<engine::Effect>& effects) {
  return static_cast<size_t>(std::count_if(
      effects.begin(), effects.end(), [](const engine::Effect& e) { return std::holds_alternative<T>(e); }));
}

class ControlsTest : public ::testing::Test {
 protected:
  ControlsTest() {
    EXPECT_TRUE(core.add_strategy(std::make_unique<AlwaysBid>("bidder", kBtcUsd)).ok());
    EXPECT_TRUE(core.add_strategy(std::make_unique<AlwaysBid>("other", kBtcUsd)).ok());
    (void)core.restore(at_s(1), {});
    const std::vector<Balance> balances{{Currency::btc(), Funds(1'000'000'000), Funds(0)},
                                        {Currency::usd(), Funds(100'000'000), Funds(0)}};
    (void)core.on_balances(at_s(2), balances);
    auto opened = store::Store::open({dir.path + "/h.sqlite"});
    EXPECT_TRUE(opened.ok());
    store = std::move(*opened);
    controls.emplace(
        core, *store, clock,
        ControlHooks{[this](std::span<const engine::Effect> e) { carried.assign(e.begin(), e.end()); },
                     [] { return 1; }});
  }

  // A trade; the effects it caused.
  std::vector<engine::Effect> trade(int64_t second) {
    const std::vector<Trade> trades{trade_at("13.50")};
    auto effects = core.on_trades(at_s(second), kBtcUsd, trades);
    return {effects.begin(), effects.end()};
  }
  // Confirms every order placed so far, so each rests open.
  void rest(const std::vector<engine::Effect>& effects, int64_t second) {
    for (const engine::Effect& e : effects) {
      if (const auto* p = std::get_if<engine::SendPlace>(&e))
        (void)core.on_placed(at_s(second), p->client_id, "oid-" + std::to_string(p->client_id));
    }
  }
  ControlOutcome apply(ControlAction action, std::string target = {}, bool cancel = false) {
    carried.clear();
    return controls->apply(ControlRequest{action, std::move(target), cancel, "127.0.0.1"});
  }

  TempDir dir;
  engine::Core core;
  ManualClock clock{1'764'115'200'000'000};  // 2025-11-26 00:00:00 UTC
  std::unique_ptr<store::Store> store;
  std::optional<Controls> controls;
  std::vector<engine::Effect> carried;
};

TEST_F(ControlsTest, APausedStrategyPlacesNothingUntilResumed) {
  rest(trade(3), 3);  // both bid once and rest
  ASSERT_EQ(apply(ControlAction::kPause, "bidder").status, 200);
  EXPECT_EQ(count_of<engine::SendCancel>(carried), 0u) << "a plain pause leaves its orders alone";
  EXPECT_TRUE(core.paused("bidder"));

  // Its order is cancelled: unpaused, it would bid again on the next trade.
  ASSERT_EQ(apply(ControlAction::kCancel, "1").status, 200);
  (void)core.on_cancelled(at_s(4), 1);
  EXPECT_EQ(count_of<engine::SendPlace>(trade(5)), 0u);
  EXPECT_EQ(count_of<engine::SendPlace>(trade(6)), 0u);

  ASSERT_EQ(apply(ControlAction::kResume, "bidder").status, 200);
  const auto after = trade(7);
  ASSERT_EQ(count_of<engine::SendPlace>(after), 1u);
  for (const engine::Effect& e : after) {
    if (const auto* p = std::get_if<engine::SendPlace>(&e)) {
      EXPECT_EQ(core.orders().find(p->client_id)->strategy_id, "bidder");
    }
  }
}

TEST_F(ControlsTest, PauseAndCancelCancelsOnlyThatStrategysOrders) {
  rest(trade(3), 3);
  ASSERT_EQ(apply(ControlAction::kPause, "bidder", true).status, 200);
  ASSERT_EQ(count_of<engine::SendCancel>(carried), 1u);
  for (const engine::Effect& e : carried) {
    if (const auto* c = std::get_if<engine::SendCancel>(&e)) {
      EXPECT_EQ(c->client_id, 1);
    }
  }
}

TEST_F(ControlsTest, HaltCancelsEverythingPlacesNothingAndResumeTradesAgain) {
  rest(trade(3), 3);
  ASSERT_EQ(apply(ControlAction::kHalt).status, 200);
  EXPECT_EQ(count_of<engine::SendCancel>(carried), 2u);
  EXPECT_TRUE(core.halted());
  EXPECT_EQ(core.halt_reason(), "kill switch: halted by the operator from 127.0.0.1");
  EXPECT_EQ(apply(ControlAction::kHalt).status, 409) << "already halted";
  (void)core.on_cancelled(at_s(4), 1);
  (void)core.on_cancelled(at_s(4), 2);
  EXPECT_EQ(count_of<engine::SendPlace>(trade(5)), 0u);

  ASSERT_EQ(apply(ControlAction::kResumeTrading).status, 200);
  EXPECT_FALSE(core.halted());
  EXPECT_EQ(count_of<engine::SendPlace>(trade(6)), 2u);
  EXPECT_EQ(apply(ControlAction::kResumeTrading).status, 409) << "not halted";
}

TEST_F(ControlsTest, AStoppingBotDoesNotResume) {
  (void)core.stop(at_s(3), false);
  const ControlOutcome outcome = apply(ControlAction::kResumeTrading);
  EXPECT_EQ(outcome.status, 409);
  EXPECT_TRUE(core.halted());
}

TEST_F(ControlsTest, CancelOneOrderAndTheRefusals) {
  rest(trade(3), 3);
  ASSERT_EQ(apply(ControlAction::kCancel, "2").status, 200);
  ASSERT_EQ(count_of<engine::SendCancel>(carried), 1u);
  EXPECT_EQ(std::get<engine::SendCancel>(carried.back()).client_id, 2);
  EXPECT_EQ(apply(ControlAction::kCancel, "2").status, 409) << "cancelling already";
  EXPECT_EQ(apply(ControlAction::kCancel, "99").status, 404);
  EXPECT_EQ(apply(ControlAction::kCancel, "x1").status, 400);
  EXPECT_EQ(apply(ControlAction::kCancel, "-1").status, 400);
  EXPECT_EQ(apply(ControlAction::kPause, "nobody").status, 404);
  EXPECT_TRUE(carried.empty()) << "a refusal carries nothing out";
}

TEST_F(ControlsTest, EveryControlIsARowAndALogLine) {
  rest(trade(3), 3);
  setup_logging(LogLevel::kInfo);
  ::testing::internal::CaptureStderr();
  (void)apply(ControlAction::kCancel, "1");
  (void)apply(ControlAction::kPause, "other", true);
  (void)apply(ControlAction::kReload);
  (void)apply(ControlAction::kPause, "nobody");
  const std::string log = ::testing::internal::GetCapturedStderr();
  setup_logging(LogLevel::kOff);
  ASSERT_TRUE(store->flush().ok());
  auto reader = store::HistoryReader::open(dir.path + "/h.sqlite");
  ASSERT_TRUE(reader.ok());
  auto rows = reader->controls_since(0);
  ASSERT_TRUE(rows.ok()) << rows.error().describe();
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0],
            (store::ControlRow{1'764'115'200'000'000, "cancel", "1", "127.0.0.1", "ok: order 1 cancelling"}));
  EXPECT_EQ((*rows)[1].action, "pause_and_cancel");
  EXPECT_EQ((*rows)[1].target, "other");
  EXPECT_EQ((*rows)[2].action, "reload");
  EXPECT_EQ((*rows)[2].outcome.rfind("ok: configuration reloaded: 1 ", 0), 0u) << (*rows)[2].outcome;
  EXPECT_EQ((*rows)[3].outcome, "refused: no strategy \"nobody\"");
  EXPECT_NE(log.find("[info] control cancel 1 from 127.0.0.1: order 1 cancelling"), std::string::npos) << log;
  EXPECT_NE(log.find("[info] control pause_and_cancel other from 127.0.0.1"), std::string::npos) << log;
  EXPECT_NE(log.find("[info] control reload from 127.0.0.1"), std::string::npos) << log;
  EXPECT_NE(log.find("[warning] control pause nobody from 127.0.0.1: no strategy"), std::string::npos) << log;
}

}  // namespace
}  // namespace dealer::live
