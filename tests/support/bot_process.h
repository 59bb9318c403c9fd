// Runs `dealer run` as a real process for end-to-end and crash tests: its own temporary directory for
// the configuration and the log (stderr), the MtGox credentials in its environment only, signals by
// hand. The destructor kills a process still running (SIGKILL) and removes the directory unless asked
// to keep it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>

namespace dealer::testing {

class BotProcess {
 public:
  // `dir` holds bot.yaml (written from `config_yaml`) and bot-N.log; it must exist.
  BotProcess(const std::string& dir, const std::string& config_yaml, const std::string& key,
             const std::string& secret_base64);
  ~BotProcess();
  BotProcess(const BotProcess&) = delete;
  BotProcess& operator=(const BotProcess&) = delete;

  void signal(int number) const;
  // Waits for the exit: its code, -1 if it did not exit normally (a signal), -2 if still running
  // after `timeout`.
  int wait(std::chrono::milliseconds timeout);
  // What it wrote to stderr so far.
  std::string log() const;

 private:
  pid_t pid_ = -1;
  std::string log_path_;
};

}  // namespace dealer::testing
