// `dealer notify-test --config FILE` through the binary: each receiver gets one "test" event with an
// Idempotency-Key and the answers are printed per receiver; a receiver that does not answer 2xx makes
// the exit code 1; a header written in the file is a configuration error (exit 2) and sends nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

#include "support/bot_process.h"
#include "support/dealer_run.h"
#include "support/receiver_process.h"

namespace dealer::notify {
namespace {

using testing::ReceiverProcess;

TEST(NotifyTestCommand, SendsATestEventToEveryReceiverAndSaysWhatEachAnswered) {
  testing::TempDir dir;
  const std::string go = dir.path + "/go";
  std::ofstream(go) << "go";
  ReceiverProcess ok(dir.path, "ok", "hang", go);  // with the go file present: answers 200 "ok"
  ReceiverProcess closed(dir.path, "closed", "refuse", dir.path + "/never");
  const std::string config = dir.path + "/bot.yaml";
  std::ofstream(config) << "notify:\n"
                           "  - {name: ops, format: json, url: \"http://127.0.0.1:"
                        << ok.port()
                        << "/hook\", headers: {X-Token: {env: HOOK_TOKEN}}}\n"
                           "  - {name: down, format: slack, url: \"http://127.0.0.1:"
                        << closed.port() << "/x\"}\n";
  const testing::DealerRun run = testing::run_dealer("notify-test --config " + config, "HOOK_TOKEN=t0k");
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;  // one receiver did not answer
  EXPECT_NE(run.out.find("ops (json): HTTP 200: ok\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("down (slack): "), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("HTTP", run.out.find("down (slack): ")), std::string::npos) << run.out;
  const auto requests = ok.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].key.rfind("test-", 0), 0u) << requests[0].key;
  const boost::json::object body = boost::json::parse(requests[0].body).as_object();
  EXPECT_EQ(body.at("event").as_string(), "test");
  EXPECT_EQ(body.at("id").as_string(), requests[0].key);
  EXPECT_EQ(run.out.find("t0k"), std::string::npos);
}

TEST(NotifyTestCommand, AHeaderWrittenInTheFileIsAConfigurationError) {
  testing::TempDir dir;
  const std::string config = dir.path + "/bot.yaml";
  std::ofstream(config)
      << "notify:\n  - {format: json, url: \"http://127.0.0.1:9/\", headers: {X-Token: abc}}\n";
  const testing::DealerRun run = testing::run_dealer("notify-test --config " + config);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(
      run.err.find("bot.yaml:2:67: notify[0].headers.X-Token: a value here must not be written in the file"),
      std::string::npos)
      << run.err;
}

TEST(NotifyTestCommand, AnUnsetCredentialIsAConfigurationErrorNamingIt) {
  testing::TempDir dir;
  const std::string config = dir.path + "/bot.yaml";
  std::ofstream(config) << "notify:\n  - {format: json, url: {env: NO_SUCH_HOOK_URL}}\n";
  const testing::DealerRun run = testing::run_dealer("notify-test --config " + config);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("notify receiver 'json-1': url: environment variable NO_SUCH_HOOK_URL is not set"),
            std::string::npos)
      << run.err;
}

}  // namespace
}  // namespace dealer::notify
