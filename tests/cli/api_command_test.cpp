// `dealer api` run as a real process against the real simulator.
#include <gtest/gtest.h>

#include "exchange/mtgox/codec.h"
#include "support/dealer_run.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"

namespace dealer::testing {
namespace {

// `dealer api ARGS`; stdout and stderr together, where the secret must appear in neither.
struct CommandRun {
  int exit_code;
  std::string output;
};

CommandRun run(const std::string& args, const std::string& env = "") {
  const DealerRun r = run_dealer("api " + args, env);
  return {r.exit_code, r.out + r.err};
}

TEST(ApiCommand, PrintsDecodedAnswersAndNeverTheSecret) {
  SimProcess sim(std::string("accounts:\n  - {name: alice, key: ") + kAliceKey + ", secret: \"" +
                 kAliceSecret + "\", rights: [get_info, trade], balances: {USD: \"100\"}}\n");
  const std::string url = " --base-url http://127.0.0.1:" + std::to_string(sim.port());
  const CommandRun ticker = run("mtgox ticker --pair BTCUSD" + url);
  EXPECT_EQ(ticker.exit_code, 0) << ticker.output;
  EXPECT_TRUE(mtgox::decode_response<mtgox::Ticker>(ticker.output, mtgox::Envelope::kRaw).ok())
      << ticker.output;

  const std::string keys =
      std::string("DEALER_MTGOX_KEY=") + kAliceKey + " DEALER_MTGOX_SECRET=" + kAliceSecret;
  const CommandRun info = run("mtgox info" + url, keys);
  EXPECT_EQ(info.exit_code, 0) << info.output;
  EXPECT_NE(info.output.find("\"Login\":\"alice\""), std::string::npos) << info.output;
  EXPECT_EQ(info.output.find(kAliceSecret), std::string::npos);
  EXPECT_EQ(info.output.find(kAliceKey), std::string::npos);

  const CommandRun no_key = run("mtgox info" + url);
  EXPECT_EQ(no_key.exit_code, 1);
  EXPECT_NE(no_key.output.find("DEALER_MTGOX_KEY"), std::string::npos) << no_key.output;

  const CommandRun meta =
      run("metaexchange getAllMarkets --base-url http://127.0.0.1:" + std::to_string(sim.meta_port()));
  EXPECT_EQ(meta.exit_code, 0) << meta.output;
  EXPECT_EQ(meta.output, "[]\n");  // no gateway markets configured

  EXPECT_EQ(run("mtgox nonsense" + url).exit_code, 1);
  EXPECT_EQ(run("mtgox ticker").exit_code, 2);  // no URL anywhere
  EXPECT_EQ(run("mtgox order/add type" + url).exit_code, 2);
}

}  // namespace
}  // namespace dealer::testing
