// End to end, through the binaries: the simulator process and a `dealer run` process with its status
// endpoint on, then SIGHUP with changed strategy parameters.
//
// The chain of tests/support/bot_process.h starts with buy-dip disarmed (last <= 10.00, a price the
// 2013-01-01 tape never reaches), so only "park" (sell 0.5 at 20.00, rests all day) is placed. Then the
// configuration file is rewritten with buy-dip armed (last <= 13.60: every price of the first hour, so
// it fires on the next trade after the reload; its bid at 13.50 fills in the dip to 13.47 about 6 s
// into the replay) and the bot gets SIGHUP. What must show: park stays open and remains the strategy's
// (no cancel, and not placed a second time, which a strategy that lost its state would do), buy-dip
// and take-profit play out under the new parameters, /status and /metrics say so, and neither shows
// the credentials in any form.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <regex>
#include <thread>

#include "core/crypto.h"
#include "core/json_binding.h"
#include "live/status_report.h"
#include "store/history_reader.h"
#include "support/bot_process.h"
#include "support/dealer_run.h"
#include "support/prometheus_text.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"
#include "support/test_support.h"

namespace dealer::live {
namespace {

using namespace std::chrono_literals;
using testing::BotProcess;
using testing::SimProcess;

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

template <class Done>
bool wait_for(Done done, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

std::string hex(std::string_view bytes, const char* digits) {
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

// The key and secret in every form they could leak in: as given, base64, raw bytes, hex.
std::vector<std::string> credential_forms() {
  const std::string key = testing::kAliceKey;
  const std::string secret = testing::kAliceSecret;
  const std::string raw_secret = *base64_decode(secret);
  std::vector<std::string> forms = {key, secret, base64_encode(key), raw_secret.substr(0, 16)};
  for (const char* digits : {"0123456789abcdef", "0123456789ABCDEF"}) {
    forms.push_back(hex(key, digits));
    forms.push_back(hex(raw_secret, digits));
  }
  return forms;
}

TEST(StatusEndToEnd, StatusMetricsAndSighupReloadKeepTheOpenOrder) {
  SimProcess sim(testing::chain_sim_config());
  testing::TempDir dir;
  const std::string store_path = dir.path + "/dealer.sqlite";
  const std::string armed =
      testing::chain_bot_config(sim.port(), store_path) + "status: {listen: \"127.0.0.1:0\"}\n";
  const std::string disarmed = replaced(armed, "last <= 13.48", "last <= 10.00");
  const std::string armed_now = replaced(armed, "last <= 13.48", "last <= 13.60");
  BotProcess bot(dir.path, disarmed, testing::kAliceKey, testing::kAliceSecret);

  uint16_t port = 0;
  ASSERT_TRUE(wait_for(
      [&] {
        std::smatch m;
        const std::string log = bot.log();
        static const std::regex kListening("status: listening on 127\\.0\\.0\\.1 port ([0-9]+)");
        if (std::regex_search(log, m, kListening)) port = static_cast<uint16_t>(std::stoi(m[1].str()));
        return port != 0;
      },
      20s))
      << bot.log();
  auto park_open = [&] {
    auto orders = testing::stored_orders(store_path);
    return orders.contains("1") && orders.at("1").state == "open";
  };
  ASSERT_TRUE(wait_for(park_open, 20s)) << bot.log();

  // Before the reload: one order, park's, open on the exchange and shown as such.
  auto before = decode_json<StatusReport>(sim.get("/status", port).body);
  ASSERT_TRUE(before.ok()) << before.error().describe();
  ASSERT_EQ(before->strategies.size(), 1u);
  EXPECT_EQ(before->strategies[0].id, "dip-chain");
  EXPECT_EQ(before->strategies[0].kind, "watch_price");
  EXPECT_TRUE(before->strategies[0].enabled);
  ASSERT_EQ(before->open_orders.size(), 1u);
  EXPECT_EQ(before->open_orders[0].client_id, 1);
  EXPECT_EQ(before->open_orders[0].side, "sell");
  EXPECT_EQ(before->open_orders[0].price, "20");
  EXPECT_EQ(before->open_orders[0].amount, "0.5");
  EXPECT_EQ(before->mode, "live");
  EXPECT_FALSE(before->halted);

  std::ofstream(dir.path + "/bot.yaml") << armed_now;
  bot.signal(SIGHUP);
  // Done, or an order too many (park placed again: its state was lost in the swap).
  ASSERT_TRUE(wait_for(
      [&] {
        const auto orders = testing::stored_orders(store_path);
        return testing::chain_done(orders) || orders.size() > 3;
      },
      40s))
      << bot.log();
  EXPECT_NE(bot.log().find("reload: strategy \"dip-chain\": new parameters applied"), std::string::npos)
      << bot.log();

  // Park is still open at the exchange, and was neither cancelled nor placed again.
  const auto ours = testing::stored_orders(store_path);
  ASSERT_EQ(ours.size(), 3u) << bot.log();
  EXPECT_EQ(ours.at("1").strategy_id, "dip-chain");
  EXPECT_EQ(ours.at("2").price_int, 1350000);  // buy-dip's 13.50 USD at 1e-5
  const auto sim_orders = boost::json::parse(sim.get("/sim/mtgox/orders").body).as_array();
  ASSERT_EQ(sim_orders.size(), 3u);
  for (const auto& v : sim_orders) {
    if (std::string(v.at("oid").as_string()) == ours.at("1").exchange_id) {
      EXPECT_EQ(std::string(v.at("state").as_string()), "open");
    }
  }

  // /status after the reload: park the only open order; balances as the simulator's wallets.
  const std::string status_body = sim.get("/status", port).body;
  auto after = decode_json<StatusReport>(status_body);
  ASSERT_TRUE(after.ok()) << after.error().describe();
  ASSERT_EQ(after->open_orders.size(), 1u);
  EXPECT_EQ(after->open_orders[0].client_id, 1);
  ASSERT_TRUE(after->strategies[0].state.has_value());
  // The rule's fields as a person reads them (issue 23), not the saved text "park 1 pending".
  EXPECT_NE(after->strategies[0].state->find("park: order 1 pending"), std::string::npos)
      << *after->strategies[0].state;
  ASSERT_TRUE(wait_for(
      [&] {
        auto r = decode_json<StatusReport>(sim.get("/status", port).body);
        for (const StatusBalance& b : r->balances) {
          // By hand: 10 BTC, +1 bought less the 0.6 % fee (0.006), -1 sold: 9.994.
          if (b.currency == "BTC") return b.total == "9.994";
        }
        return false;
      },
      10s))
      << sim.get("/status", port).body;
  for (const StatusFeed& f : after->feeds) {
    if (f.feed != "fulldepth") {
      EXPECT_TRUE(f.age_seconds.has_value()) << f.feed;
    }
  }

  // /metrics: valid text, and the counts of what happened.
  const std::string metrics_body = sim.get("/metrics", port).body;
  const auto metrics = testing::parse_prometheus_text(metrics_body);
  for (const std::string& e : metrics.errors) ADD_FAILURE() << e;
  auto reader = store::HistoryReader::open(store_path);
  ASSERT_TRUE(reader.ok());
  auto fills = reader->fills_since(0);
  ASSERT_TRUE(fills.ok());
  const auto& s = metrics.samples;
  EXPECT_EQ(s.at("dealer_orders_total{event=\"placed\"}"), 3);
  EXPECT_EQ(s.at("dealer_orders_total{event=\"rejected\"}"), 0);
  EXPECT_EQ(s.at("dealer_orders_total{event=\"cancelled\"}"), 0);
  EXPECT_EQ(s.at("dealer_fills_total"), static_cast<double>(fills->size()));
  EXPECT_EQ(s.at("dealer_exchange_requests_total{endpoint=\"/api/1/BTCUSD/private/order/add\"}"), 3);
  EXPECT_EQ(s.at("dealer_exchange_errors_total{endpoint=\"/api/1/BTCUSD/private/order/add\"}"), 0);
  EXPECT_GE(s.at("dealer_exchange_requests_total{endpoint=\"/api/1/BTCUSD/public/trades\"}"), 1);
  EXPECT_GE(s.at("dealer_decision_latency_seconds_count"), 1);
  EXPECT_EQ(s.at("dealer_halted"), 0);

  for (const std::string& form : credential_forms()) {
    EXPECT_EQ(status_body.find(form), std::string::npos) << form;
    EXPECT_EQ(metrics_body.find(form), std::string::npos) << form;
  }

  // dealer status prints it for a person.
  const auto shown = testing::run_dealer("status --url http://127.0.0.1:" + std::to_string(port));
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("dip-chain"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("open orders (1)"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("9.994"), std::string::npos) << shown.out;

  bot.signal(SIGTERM);
  EXPECT_EQ(bot.wait(30s), 0) << bot.log();
}

TEST(StatusCommand, NothingAnsweringIsAClearErrorAndExit1ByUrlOrConfig) {
  // A port just released: nothing listens there.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  const auto port = static_cast<uint16_t>(testing::bind_loopback(fd));
  close(fd);
  const auto run = testing::run_dealer("status --url http://127.0.0.1:" + std::to_string(port));
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("nothing answers at http://127.0.0.1:" + std::to_string(port)), std::string::npos)
      << run.err;
  const auto neither = testing::run_dealer("status");
  EXPECT_EQ(neither.exit_code, 2) << neither.err;

  // --config reads status.listen from the bot's configuration.
  testing::TempDir dir;
  const std::string file = dir.path + "/bot.yaml";
  const std::string base = testing::chain_bot_config(port, dir.path + "/dealer.sqlite");
  std::ofstream(file) << base << "status: {listen: \"127.0.0.1:" << port << "\"}\n";
  const auto by_config = testing::run_dealer("status --config " + file);
  EXPECT_EQ(by_config.exit_code, 1) << by_config.err;
  EXPECT_NE(by_config.err.find("nothing answers at http://127.0.0.1:" + std::to_string(port)),
            std::string::npos)
      << by_config.err;
  std::ofstream(file) << base;
  const auto off = testing::run_dealer("status --config " + file);
  EXPECT_EQ(off.exit_code, 2) << off.err;
  EXPECT_NE(off.err.find("no status.listen"), std::string::npos) << off.err;
}

}  // namespace
}  // namespace dealer::live
