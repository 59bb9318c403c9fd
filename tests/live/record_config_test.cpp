// The configuration of `dealer record`: the example file reads, a run.yaml records as is (its trading
// blocks ignored), and anything else is an error naming file:line:col and key.
#include <gtest/gtest.h>

#include "live/bot_config.h"
#include "support/test_support.h"

namespace dealer::live {
namespace {

// An example file with the simulator's port in place of its PORT placeholder.
Result<BotConfig> example(const char* name) {
  std::string text = testing::read_test_file(std::string("../../config/") + name);
  text.replace(text.find("PORT"), 4, "8080");
  return parse_record_config(text, name);
}

TEST(RecordConfig, TheExampleFileReads) {
  auto c = example("record.yaml");
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->store_path, "market.sqlite");
  EXPECT_EQ(c->pair.code(), "BTCUSD");
  EXPECT_EQ(c->depth_snapshot_every, std::chrono::minutes(1));
  EXPECT_EQ(c->poll.trades, std::chrono::seconds(2));
  EXPECT_TRUE(c->strategies.empty());
}

TEST(RecordConfig, TheBotsOwnFileRecordsAsIs) {
  auto c = example("run.yaml");
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->store_path, "dealer.sqlite");
  // Ignored means not even read: a strategy that does not exist is no error here.
  auto ignored = parse_record_config(
      "exchange: {kind: mtgox, base_url: \"http://127.0.0.1:1\", pair: BTCUSD}\nstore: {path: x.sqlite}\n"
      "strategies: [{id: s, strategy: nope}]\nrisk: {whatever: 1}\n",
      "r.yaml");
  EXPECT_TRUE(ignored.ok()) << ignored.error().describe();
}

TEST(RecordConfig, OtherKeysAreErrorsNamingTheirPlace) {
  auto c = parse_record_config(
      "exchange: {kind: mtgox, base_url: \"http://127.0.0.1:1\", pair: BTCUSD}\nstore: {path: x.sqlite}\n"
      "backtest: {fee_percent: \"1\"}\n",
      "r.yaml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, Errc::kConfig);
  EXPECT_NE(c.error().message.find("r.yaml:3:1"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("backtest"), std::string::npos) << c.error().message;
  auto no_store = parse_record_config(
      "exchange: {kind: mtgox, base_url: \"http://127.0.0.1:1\", pair: BTCUSD}\n", "r.yaml");
  ASSERT_FALSE(no_store.ok());
  EXPECT_NE(no_store.error().message.find("store"), std::string::npos) << no_store.error().message;
}

}  // namespace
}  // namespace dealer::live
