#include "support/bot_process.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "store/history_reader.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"

namespace dealer::testing {

BotProcess::BotProcess(const std::string& dir, const std::string& config_yaml, const std::string& key,
                       const std::string& secret_base64, const std::string& command,
                       const std::vector<int>& blocked) {
  std::optional<std::pair<std::string, std::string>> credentials;
  if (!key.empty() || !secret_base64.empty()) credentials = std::make_pair(key, secret_base64);
  start(dir, config_yaml, {command, "--config", dir + "/bot.yaml", "--log-level", "debug"}, credentials,
        blocked);
}

BotProcess::BotProcess(const std::string& dir, const std::string& config_yaml, const std::string& command,
                       const std::vector<std::string>& args) {
  std::vector<std::string> argv{command, "--config", dir + "/bot.yaml"};
  argv.insert(argv.end(), args.begin(), args.end());
  start(dir, config_yaml, argv, std::nullopt);
}

void BotProcess::start(const std::string& dir, const std::string& config_yaml,
                       const std::vector<std::string>& argv,
                       const std::optional<std::pair<std::string, std::string>>& credentials,
                       const std::vector<int>& blocked) {
  static std::atomic<int> runs{0};
  std::ofstream(dir + "/bot.yaml") << config_yaml;
  log_path_ = dir + "/bot-" + std::to_string(++runs) + ".log";
  const std::string binary = dealer_binary();
  std::vector<char*> args{const_cast<char*>(binary.c_str())};
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // Blocked in this thread across fork(), so the child has them blocked from its first instruction (a
  // signal sent right after the fork cannot meet it unblocked); this thread's mask is restored after.
  sigset_t mask, before;
  sigemptyset(&mask);
  for (int number : blocked) sigaddset(&mask, number);
  pthread_sigmask(SIG_BLOCK, &mask, &before);
  pid_ = fork();
  if (pid_ != 0) pthread_sigmask(SIG_SETMASK, &before, nullptr);
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int err = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(err, STDERR_FILENO);
    dup2(err, STDOUT_FILENO);
    unsetenv("DEALER_MTGOX_KEY");
    unsetenv("DEALER_MTGOX_SECRET");
    if (credentials) {
      setenv("DEALER_MTGOX_KEY", credentials->first.c_str(), 1);
      setenv("DEALER_MTGOX_SECRET", credentials->second.c_str(), 1);
    }
    unsetenv("DEALER_MTGOX_SECRET_FILE");
    unsetenv("CREDENTIALS_DIRECTORY");
    unsetenv("NOTIFY_SOCKET");
    execv(binary.c_str(), args.data());
    _exit(127);
  }
}

BotProcess::~BotProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

void BotProcess::signal(int number) const {
  if (pid_ > 0) kill(pid_, number);
}

int BotProcess::wait(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) != pid_) {
    if (std::chrono::steady_clock::now() >= deadline) return -2;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string BotProcess::log() const {
  std::ifstream in(log_path_);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TempDir::TempDir() {
  char tmpl[] = "/tmp/dealer-run-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  path = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

std::string chain_sim_config(int speed) {
  return std::string("accounts:\n  - {name: alice, key: ") + kAliceKey + ", secret: \"" + kAliceSecret +
         "\", rights: [get_info, trade], fee_percent: \"0.6\", balances: {BTC: \"10\", USD: \"1000\"}}\n" +
         "market:\n  trades: " + DEALER_TEST_DATA_DIR + "/../../data/mtgox-trades-btcusd-2013-01-01.csv\n" +
         "  currency: USD\n  speed: " + std::to_string(speed) + "\n" +
         "  liquidity: {enabled: true, seed: 42, levels: 5, spread_percent: \"0.2\", step_percent: \"0.1\", "
         "amount: \"2\"}\n";
}

std::string run_config_head(uint16_t port, const std::string& store_path, const std::string& risk) {
  return "exchange: {kind: mtgox, base_url: \"http://127.0.0.1:" + std::to_string(port) +
         "\", pair: BTCUSD}\n" + "store: {path: " + store_path + "}\n" + "risk: " + risk + "\n"
         "poll: {ticker: 1s, trades: 100ms, depth: 1s, own_trades: 200ms, balances: 1s, reconcile: 2s, "
         "timer: 200ms}\n"
         "shutdown: {cancel_open_orders: true}\n";
}

std::string chain_bot_config(uint16_t port, const std::string& store_path) {
  return run_config_head(port, store_path) +
         "strategies:\n"
         "  - id: dip-chain\n"
         "    strategy: watch_price\n"
         "    pair: BTCUSD\n"
         "    rules:\n"
         "      - {id: park, side: sell, when: \"last >= 13.00\", price: \"20.00\", amount: \"0.5\"}\n"
         "      - {id: buy-dip, side: buy, when: \"last <= 13.48\", price: \"13.50\", amount: \"1.0\"}\n"
         "      - {id: take-profit, side: sell, after: buy-dip, when: \"last >= 13.55\", price: \"13.54\", "
         "amount: \"1.0\"}\n";
}

std::map<std::string, store::OrderRow> stored_orders(const std::string& store_path) {
  std::map<std::string, store::OrderRow> out;
  if (!std::filesystem::exists(store_path)) return out;
  auto reader = store::HistoryReader::open(store_path);
  if (!reader) return out;
  auto orders = reader->orders_since(0);
  if (!orders) return out;
  for (store::OrderRow& o : *orders) out[o.client_id] = std::move(o);
  return out;
}

std::vector<std::string> rejected_or_ambiguous_events(const std::string& store_path) {
  std::vector<std::string> out;
  auto reader = store::HistoryReader::open(store_path);
  if (!reader) return {"the store does not open: " + reader.error().describe()};
  for (const auto& [id, order] : stored_orders(store_path)) {
    auto events = reader->order_events(id);
    if (!events) return {"order " + id + ": " + events.error().describe()};
    for (const store::OrderEvent& e : *events)
      if (e.state == "rejected" || e.state == "ambiguous") out.push_back("order " + id + ": " + e.state + ": " + e.detail);
  }
  return out;
}

bool chain_done(const std::map<std::string, store::OrderRow>& orders) {
  return orders.size() == 3 && orders.at("1").state == "open" && orders.at("2").state == "filled" &&
         orders.at("3").state == "filled";
}

}  // namespace dealer::testing
