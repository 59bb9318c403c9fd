#include "support/bot_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "support/sim_process.h"

namespace dealer::testing {

BotProcess::BotProcess(const std::string& dir, const std::string& config_yaml, const std::string& key,
                       const std::string& secret_base64) {
  static std::atomic<int> runs{0};
  const std::string config = dir + "/bot.yaml";
  std::ofstream(config) << config_yaml;
  log_path_ = dir + "/bot-" + std::to_string(++runs) + ".log";
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int err = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(err, STDERR_FILENO);
    dup2(err, STDOUT_FILENO);
    setenv("DEALER_MTGOX_KEY", key.c_str(), 1);
    setenv("DEALER_MTGOX_SECRET", secret_base64.c_str(), 1);
    unsetenv("DEALER_MTGOX_SECRET_FILE");
    unsetenv("CREDENTIALS_DIRECTORY");
    unsetenv("NOTIFY_SOCKET");
    const std::string binary = dealer_binary();
    execl(binary.c_str(), binary.c_str(), "run", "--config", config.c_str(), "--log-level", "debug",
          static_cast<char*>(nullptr));
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

}  // namespace dealer::testing
