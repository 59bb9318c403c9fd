// live/config_reload.h: what a reload applies and what it leaves for a restart, each case logged. The
// core runs the strategies of the first configuration, as in `dealer run`; the file is then rewritten
// and reloaded (reload() is what SIGHUP calls; the signal itself is tested through the binary in
// tests/live/status_e2e_test.cpp).
#include "live/config_reload.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "live/logging.h"

namespace dealer::live {
namespace {

std::string config(const std::string& id, const std::string& when, const std::string& risk) {
  return "exchange: {kind: mtgox, base_url: \"http://127.0.0.1:1\", pair: BTCUSD}\n"
         "store: {path: /tmp/unused.sqlite}\n"
         "risk: {" +
         risk +
         "}\n"
         "strategies:\n"
         "  - {id: " +
         id + ", strategy: watch_price, pair: BTCUSD, rules: [{id: r, side: buy, when: \"" + when +
         "\", price: \"1\", amount: \"1\"}]}\n";
}

class ConfigReloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/dealer-reload-XXXXXX";
    dir_ = mkdtemp(tmpl);
    path_ = dir_ + "/bot.yaml";
    write(config("s1", "last <= 1", "max_open_orders: 3"));
    auto c = load_bot_config(path_);
    ASSERT_TRUE(c.ok()) << c.error().describe();
    running_ = std::move(*c);
    for (auto& s : running_.strategies) ASSERT_TRUE(core_.add_strategy(std::move(s)).ok());
    set_problem_listener([this](LogLevel, std::string_view line) { warnings_ += std::string(line) + "\n"; });
  }
  void TearDown() override {
    set_problem_listener({});
    std::filesystem::remove_all(dir_);
  }
  void write(const std::string& text) { std::ofstream(path_) << text; }

  std::string dir_, path_, warnings_;
  BotConfig running_;
  engine::Core core_;
  boost::asio::io_context io_;
};

TEST_F(ConfigReloadTest, NewParametersApplyOtherKeysWaitForARestart) {
  ConfigReload reload(io_, core_, path_, running_);
  write(config("s1", "last <= 2", "max_open_orders: 4"));
  EXPECT_EQ(reload.reload(), 1);
  EXPECT_NE(warnings_.find("reload: risk changed: applied only after a restart"), std::string::npos)
      << warnings_;
}

TEST_F(ConfigReloadTest, AnUnreadableFileChangesNothing) {
  ConfigReload reload(io_, core_, path_, running_);
  write(config("s1", "last <= 2", "max_open_orders: many"));
  EXPECT_EQ(reload.reload(), 0);
  EXPECT_NE(warnings_.find("risk.max_open_orders"), std::string::npos) << warnings_;
  EXPECT_NE(warnings_.find("the running configuration stays"), std::string::npos) << warnings_;
}

TEST_F(ConfigReloadTest, ARenamedStrategyNeedsARestartAndTheOldOneRunsOn) {
  ConfigReload reload(io_, core_, path_, running_);
  write(config("s2", "last <= 1", "max_open_orders: 3"));
  EXPECT_EQ(reload.reload(), 0);
  EXPECT_NE(warnings_.find("no strategy \"s2\" runs: a new one needs a restart"), std::string::npos)
      << warnings_;
  EXPECT_NE(warnings_.find("strategy \"s1\" is no longer configured: it runs on until a restart"),
            std::string::npos)
      << warnings_;
  ASSERT_EQ(core_.strategies().size(), 1u);
  EXPECT_EQ(core_.strategies()[0].id, "s1");
}

// A stand-in for the live gateway leg: counts how often the run's services made one, and what state
// each was given.
struct LegLog {
  int made = 0;
  std::vector<std::string> loaded;
};
class RecordingLeg final : public strategies::GatewayLeg {
 public:
  explicit RecordingLeg(LegLog& log) : log_(log) {}
  Result<strategies::GatewayOffer> quote(int64_t, WallTime) const override {
    return make_error(Errc::kNotFound, "no quote");
  }
  Result<std::string> deposit(int64_t, int64_t, WallTime) override { return make_error(Errc::kNotFound, "no"); }
  Result<strategies::GatewayDepositStatus> status(const std::string&, WallTime) const override {
    return strategies::GatewayDepositStatus{};
  }
  std::string save_state() const override { return "dep-1 100 5 sent\n"; }
  Status load_state(std::string_view text) override {
    log_.loaded.emplace_back(text);
    return {};
  }

 private:
  LegLog& log_;
};

std::string gateway_config(const std::string& min_edge) {
  return "exchange: {kind: mtgox, base_url: \"http://127.0.0.1:1\", pair: BTCUSD}\n"
         "store: {path: /tmp/unused.sqlite}\n"
         "strategies:\n"
         "  - {id: gw, strategy: gateway_arbitrage, pair: BTCUSD, amount: \"1\", min_edge_percent: \"" +
         min_edge + "\", mtgox_fee_percent: \"0.6\", gateway: {mode: metaexchange}}\n";
}

// A live gateway leg exists only in `dealer run`, as a service: a reload must ask the same services, and
// the new leg must get the old one's deposits (carried in the strategy's state).
TEST_F(ConfigReloadTest, ALiveGatewayLegIsRemadeByTheRunsServicesWithItsDepositsCarriedOver) {
  LegLog log;
  strategies::StrategyServices services;
  services.live_gateway = [&log](const config::Node& n) -> std::unique_ptr<strategies::GatewayLeg> {
    n.allow_keys({"mode"});
    ++log.made;
    return std::make_unique<RecordingLeg>(log);
  };
  write(gateway_config("1"));
  auto c = load_bot_config(path_, false, services);
  ASSERT_TRUE(c.ok()) << c.error().describe();
  BotConfig running = std::move(*c);
  engine::Core core;
  for (auto& s : running.strategies) ASSERT_TRUE(core.add_strategy(std::move(s)).ok());
  write(gateway_config("2"));

  ConfigReload without(io_, core, path_, running);  // as paper would read it: no live leg there
  EXPECT_EQ(without.reload(), 0);
  EXPECT_NE(warnings_.find("metaexchange is the live gateway, for `dealer run` only"), std::string::npos)
      << warnings_;

  ConfigReload reload(io_, core, path_, running, false, services);
  EXPECT_EQ(reload.reload(), 1);
  EXPECT_EQ(log.made, 2);
  EXPECT_EQ(log.loaded, std::vector<std::string>{"dep-1 100 5 sent\n"});
}

}  // namespace
}  // namespace dealer::live
