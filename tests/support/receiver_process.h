// tests/notify/receiver.py as a child process: a webhook receiver on 127.0.0.1 and a free port that
// logs every request (its Idempotency-Key and whether it was answered) and, until the `go` file
// exists, refuses connections ("refuse") or never answers ("hang"). Killed at the end of the scope.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace dealer::testing {

// Polls `done` every 50 ms for at most `limit`; whether it became true.
template <class Done>
bool poll_until(Done done, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

class ReceiverProcess {
 public:
  // `dir` holds NAME.port and NAME.jsonl; `mode` is "refuse" or "hang"; `go` a path the test creates.
  ReceiverProcess(const std::string& dir, const std::string& name, const std::string& mode,
                  const std::string& go);
  ~ReceiverProcess();
  ReceiverProcess(const ReceiverProcess&) = delete;
  ReceiverProcess& operator=(const ReceiverProcess&) = delete;

  uint16_t port() const { return port_; }

  struct Request {
    std::string key;  // Idempotency-Key
    std::string body;
    bool answered = false;
  };
  std::vector<Request> requests() const;
  // The keys of the requests it answered, in arrival order.
  std::vector<std::string> answered_keys() const;

 private:
  std::string log_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

}  // namespace dealer::testing
