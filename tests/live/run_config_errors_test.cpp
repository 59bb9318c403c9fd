// `dealer run` with a bad configuration, through the binary as a user meets it: one message naming the
// file, line, column and key, exit 2, and not a single connection to the exchange. The exchange here is
// a listening socket nobody accepts on: any connection attempt would sit in its backlog, so a
// non-blocking accept() afterwards tells whether the bot tried one.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "live/bot_config.h"
#include "support/dealer_run.h"
#include "support/test_support.h"

namespace dealer::live {
namespace {

// A loopback socket that listens and never accepts: counts connection attempts.
class SilentExchange {
 public:
  SilentExchange() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    port_ = testing::bind_loopback(fd_);
    listen(fd_, 16);
    fcntl(fd_, F_SETFL, O_NONBLOCK);
  }
  ~SilentExchange() { close(fd_); }
  uint16_t port() const { return port_; }
  bool was_called() const {
    const int c = accept(fd_, nullptr, nullptr);
    if (c >= 0) close(c);
    return c >= 0;
  }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

// A valid configuration (9 lines); each test breaks one thing in it.
std::string good_config(uint16_t port, const std::string& dir) {
  return "exchange: {kind: mtgox, base_url: \"http://127.0.0.1:" + std::to_string(port) +
         "\", pair: BTCUSD}\n" + "store: {path: " + dir + "/dealer.sqlite}\n" +
         "risk: {max_order_amount: \"5\", max_open_orders: 10}\n"
         "strategies:\n"
         "  - id: dip-chain\n"
         "    strategy: watch_price\n"
         "    pair: BTCUSD\n"
         "    rules:\n"
         "      - {id: buy-dip, side: buy, when: \"last <= 13.40\", price: \"13.45\", amount: \"2.0\"}\n";
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

class RunConfigErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/dealer-runcfg-XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs `dealer run` on `config` and expects exit 2, a single line "dealer run: FILE:`where`: `key`: ..."
  // naming `problem`, no exchange call and no database created.
  void expect_error(const std::string& config, const std::string& where, const std::string& key,
                    const std::string& problem) {
    expect_refused(config, "DEALER_MTGOX_KEY=k DEALER_MTGOX_SECRET=eA== CREDENTIALS_DIRECTORY=",
                   "dealer run: " + file() + ":" + where + ": " + key + ": ", problem);
  }
  // The same for the good config with the secret from the file at `path`: the line names `problem`.
  void expect_secret_error(const std::string& path, const std::string& problem) {
    expect_refused(good(),
                   "DEALER_MTGOX_KEY=k DEALER_MTGOX_SECRET= DEALER_MTGOX_SECRET_FILE=" + path +
                       " CREDENTIALS_DIRECTORY=",
                   "dealer run: ", problem);
  }
  void expect_refused(const std::string& config, const std::string& env, const std::string& start,
                      const std::string& problem) {
    std::ofstream(file()) << config;
    const auto run = testing::run_dealer("run --config " + file(), env);
    EXPECT_EQ(run.exit_code, 2) << run.err;
    EXPECT_EQ(run.err.rfind(start, 0), 0u) << run.err;
    EXPECT_NE(run.err.find(problem), std::string::npos) << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
    EXPECT_FALSE(exchange_.was_called());
    EXPECT_FALSE(std::filesystem::exists(dir_ + "/dealer.sqlite"));
  }
  std::string file() const { return dir_ + "/bot.yaml"; }
  std::string good() const { return good_config(exchange_.port(), dir_); }

  SilentExchange exchange_;
  std::string dir_;
};

// Positions counted by hand in good_config(): line 6 is "    strategy: watch_price", its value at column
// 15; line 3 is the risk map, whose second value starts at column 48; and so on.
TEST_F(RunConfigErrors, UnknownStrategy) {
  expect_error(replaced(good(), "strategy: watch_price", "strategy: watch_prices"), "6:15",
               "strategies[0].strategy", "unknown strategy \"watch_prices\": did you mean watch_price?");
}

TEST_F(RunConfigErrors, WrongType) {
  expect_error(replaced(good(), "max_open_orders: 10", "max_open_orders: many"), "3:48",
               "risk.max_open_orders", "'many'");
}

TEST_F(RunConfigErrors, ZeroAmount) {
  expect_error(replaced(good(), "amount: \"2.0\"", "amount: \"0\""), "9:81", "strategies[0].rules[0].amount",
               "must be positive");
}

TEST_F(RunConfigErrors, ZeroRiskLimit) {
  expect_error(replaced(good(), "max_order_amount: \"5\"", "max_order_amount: \"0\""), "3:26",
               "risk.max_order_amount", "must be positive");
}

TEST_F(RunConfigErrors, MissingKey) {
  expect_error(replaced(good(), "store: {path: " + dir_ + "/dealer.sqlite}", "store: {}"), "2:8",
               "store.path", "missing");
}

TEST_F(RunConfigErrors, UnknownKey) {
  expect_error(replaced(good(), "max_order_amount", "max_order_amout"), "3:8", "risk.max_order_amout",
               "unknown key");
}

TEST_F(RunConfigErrors, StrategyOnAnotherPair) {
  expect_error(replaced(good(), "    pair: BTCUSD", "    pair: BTCEUR"), "7:11", "strategies[0].pair",
               "the exchange's pair BTCUSD");
}

// The status endpoint shows the account: a wildcard or outside address is refused (line 10, the one
// added; the value starts at column 18).
TEST_F(RunConfigErrors, StatusEndpointOnANonLoopbackAddress) {
  expect_error(good() + "status: {listen: \"0.0.0.0:9100\"}\n", "10:18", "status.listen",
               "not a loopback address");
}

TEST_F(RunConfigErrors, NegativeAmount) {
  expect_error(replaced(good(), "amount: \"2.0\"", "amount: \"-2.0\""), "9:81",
               "strategies[0].rules[0].amount", "expected a non-negative number");
}

// Column 71: where "-1" starts in 'risk: {max_order_amount: "5", max_open_orders: 10, min_balance: {USD: "-1"}}'.
TEST_F(RunConfigErrors, NegativeMinBalance) {
  expect_error(replaced(good(), "max_open_orders: 10}", "max_open_orders: 10, min_balance: {USD: \"-1\"}}"),
               "3:71", "risk.min_balance.USD", "expected a non-negative number");
}

TEST_F(RunConfigErrors, UnknownPair) {
  const std::string config = replaced(good(), "pair: BTCUSD}", "pair: BTCXYZ}");
  // Line 1; the column is where the value starts, which depends on the port's digits.
  const std::string column = std::to_string(config.find("BTCXYZ") + 1);
  expect_error(config, "1:" + column, "exchange.pair", "XYZ");
}

// max_order_amount "5" (column 26 of line 3) above max_position "1": from a flat position no order
// larger than max_position can pass, so the pair of limits is refused rather than every order later.
TEST_F(RunConfigErrors, LimitsThatContradictEachOther) {
  expect_error(replaced(good(), "max_open_orders: 10}", "max_open_orders: 10, max_position: \"1\"}"), "3:26",
               "risk.max_order_amount", "above max_position \"1\"");
}

// A secret file: the variable and the path named, exit 2, and still no exchange call or database.
TEST_F(RunConfigErrors, UnreadableSecretFile) {
  const std::string secret = dir_ + "/no-such-secret";
  expect_secret_error(secret, "DEALER_MTGOX_SECRET_FILE: cannot read '" + secret + "'");
}

TEST_F(RunConfigErrors, GroupReadableSecretFileIsRefusedWithTheFix) {
  const std::string secret = dir_ + "/secret";
  std::ofstream(secret) << "eA==\n";
  ASSERT_EQ(chmod(secret.c_str(), 0640), 0);
  expect_secret_error(secret, "'" + secret + "' has mode 0640, so its group or others may read the secret; "
                              "make it private to its owner: chmod 600 " + secret);
  ASSERT_EQ(chmod(secret.c_str(), 0604), 0);
  expect_secret_error(secret, "chmod 600 " + secret);
}

// The same file with mode 0600 passes the credentials (the run then stops at the store, whose directory
// does not exist: exit 1, a store error, proving the secret was accepted).
TEST_F(RunConfigErrors, PrivateSecretFileIsAccepted) {
  const std::string secret = dir_ + "/secret";
  std::ofstream(secret) << "eA==\n";
  ASSERT_EQ(chmod(secret.c_str(), 0600), 0);
  std::ofstream(file()) << replaced(good(), dir_ + "/dealer.sqlite", dir_ + "/missing/dealer.sqlite");
  const auto run = testing::run_dealer("run --config " + file(),
                                       "DEALER_MTGOX_KEY=k DEALER_MTGOX_SECRET= DEALER_MTGOX_SECRET_FILE=" +
                                           secret + " DEALER_MTGOX_NONCE_FILE=" + dir_ +
                                           "/nonce CREDENTIALS_DIRECTORY=");
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("store " + dir_ + "/missing/dealer.sqlite"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("SECRET"), std::string::npos) << run.err;
}

TEST_F(RunConfigErrors, MissingCredentialsAreAUsageErrorBeforeAnyCall) {
  const std::string file = dir_ + "/bot.yaml";
  std::ofstream(file) << good();
  const auto run = testing::run_dealer("run --config " + file,
                                       "DEALER_MTGOX_KEY= DEALER_MTGOX_SECRET= DEALER_MTGOX_SECRET_FILE= "
                                       "CREDENTIALS_DIRECTORY=");
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("DEALER_MTGOX_KEY"), std::string::npos) << run.err;
  EXPECT_FALSE(exchange_.was_called());
}

// The defaults of the optional blocks, as config/run.yaml documents them.
TEST(BotConfig, OptionalBlocksTakeTheirDocumentedDefaults) {
  auto c = parse_bot_config(good_config(1, "/tmp"), "bot.yaml");
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->poll.ticker, std::chrono::seconds(5));
  EXPECT_EQ(c->poll.trades, std::chrono::seconds(2));
  EXPECT_EQ(c->poll.own_trades, std::chrono::seconds(10));
  EXPECT_EQ(c->poll.balances, std::chrono::seconds(30));
  EXPECT_EQ(c->poll.reconcile, std::chrono::minutes(1));
  EXPECT_EQ(c->poll.timer, std::chrono::seconds(1));
  EXPECT_EQ(c->log_level, LogLevel::kInfo);
  EXPECT_FALSE(c->cancel_open_orders);
  // "5" BTC at 8 decimals.
  EXPECT_EQ(c->risk.max_order_amount->raw(), 500000000);
  EXPECT_EQ(c->risk.max_open_orders, 10);
  EXPECT_FALSE(c->risk.max_position.has_value());
  ASSERT_EQ(c->strategies.size(), 1u);
  EXPECT_EQ(c->strategies[0]->id(), "dip-chain");
}

TEST(BotConfig, ReadsEveryRiskLimitAndPollInterval) {
  const std::string text =
      replaced(good_config(1, "/tmp"), "risk: {max_order_amount: \"5\", max_open_orders: 10}\n",
               "risk: {max_order_amount: \"1\", max_position: \"1.5\", max_orders_per_minute: 3,\n"
               "       min_balance: {USD: \"12.5\"}, max_drawdown_percent: \"7.5\",\n"
               "       max_consecutive_errors: 4}\n"
               "poll: {trades: 250ms, reconcile: 2m}\nlog: {level: debug}\n"
               "shutdown: {cancel_open_orders: true}\n");
  auto c = parse_bot_config(text, "bot.yaml");
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->risk.max_position->raw(), 150000000);                  // 1.5 BTC at 1e-8
  EXPECT_EQ(*c->risk.min_balance[Currency::usd().index()], 1250000);  // 12.5 USD at 1e-5
  EXPECT_EQ(c->risk.max_orders_per_minute, 3);
  EXPECT_EQ(*c->risk.max_drawdown_percent, Decimal(75, 1));
  EXPECT_EQ(c->risk.max_consecutive_errors, 4);
  EXPECT_EQ(c->poll.trades, std::chrono::milliseconds(250));
  EXPECT_EQ(c->poll.reconcile, std::chrono::minutes(2));
  EXPECT_EQ(c->log_level, LogLevel::kDebug);
  EXPECT_TRUE(c->cancel_open_orders);
}

}  // namespace
}  // namespace dealer::live
