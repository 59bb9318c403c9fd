// Starts the real `dealer exchange` process on 127.0.0.1 with a free port for integration tests, and
// a small blocking HTTP client to talk to it. The process is stopped with SIGTERM when the fixture ends.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dealer::testing {

struct HttpResult {
  int status = 0;     // 0: the connection failed or was closed without an answer
  std::string body;
  std::string error;  // what went wrong at the transport level
};

class SimProcess {
 public:
  // Writes `config_yaml` to a temporary file and starts `dealer exchange` on it.
  explicit SimProcess(const std::string& config_yaml);
  ~SimProcess();

  uint16_t port() const { return port_; }            // the MtGox API
  uint16_t meta_port() const { return meta_port_; }  // the Metaexchange API
  pid_t pid() const { return pid_; }
  // What it wrote to stderr so far.
  std::string log() const;
  // SIGTERM, then the exit code (or -1 if it had to be killed).
  int stop();

  // To the MtGox port, or to `port` when given; `headers` may replace the Host header too.
  HttpResult get(std::string_view target, uint16_t port = 0,
                 const std::vector<std::pair<std::string, std::string>>& headers = {}) const;
  HttpResult post(std::string_view target, std::string_view body,
                  const std::vector<std::pair<std::string, std::string>>& headers = {}, uint16_t port = 0) const;
  // A form POST to the Metaexchange port.
  HttpResult meta(std::string_view target, std::string_view body) const { return post(target, body, {}, meta_port_); }
  // A signed MtGox private call with the account's key and base64 secret and a fresh nonce.
  HttpResult private_call(std::string_view target, const std::string& key, const std::string& secret_base64,
                          std::string params = "") const;
  // The account's MtGox balance (value_int) of `currency`, from its private info; -1 if it has none.
  int64_t balance(const std::string& key, const std::string& secret_base64, std::string_view currency) const;

 private:
  std::string dir_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  uint16_t meta_port_ = 0;
  mutable uint64_t nonce_ = 0;
};

// Sends raw bytes to a loopback port and returns everything read until the peer closes or
// `timeout_ms` passes.
std::string raw_exchange(uint16_t port, std::string_view bytes, int timeout_ms);

// Path of the built dealer binary.
std::string dealer_binary();

}  // namespace dealer::testing
