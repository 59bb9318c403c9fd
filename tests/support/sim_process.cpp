#include "support/sim_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "core/crypto.h"
#include "exchange/mtgox/codec.h"

namespace dealer::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

HttpResult call(uint16_t port, http::verb verb, std::string_view target, std::string_view body,
                const std::vector<std::pair<std::string, std::string>>& headers) {
  HttpResult result;
  asio::io_context io;
  beast::tcp_stream stream(io);
  http::request<http::string_body> req{verb, std::string(target), 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::user_agent, "dealer-tests");
  for (const auto& [k, v] : headers) req.set(k, v);
  if (verb == http::verb::post) {
    req.set(http::field::content_type, "application/x-www-form-urlencoded");
    req.body() = std::string(body);
  }
  req.prepare_payload();
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  stream.expires_after(std::chrono::seconds(10));
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  stream.async_connect(endpoint, [&](beast::error_code ec) {
    if (ec) {
      result.error = "connect: " + ec.message();
      return;
    }
    http::async_write(stream, req, [&](beast::error_code ec, size_t) {
      if (ec) {
        result.error = "write: " + ec.message();
        return;
      }
      http::async_read(stream, buffer, parser, [&](beast::error_code ec, size_t) {
        if (ec) {
          result.error = "read: " + ec.message();
          return;
        }
        result.status = static_cast<int>(parser.get().result_int());
        result.body = parser.get().body();
      });
    });
  });
  io.run();
  return result;
}

}  // namespace

std::string dealer_binary() { return DEALER_BINARY; }

SimProcess::SimProcess(const std::string& config_yaml) {
  char tmpl[] = "/tmp/dealer-sim-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  const std::string config = dir_ + "/exchange.yaml";
  std::ofstream(config) << config_yaml;
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    const int err = open((dir_ + "/stderr.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(err, STDERR_FILENO);
    close(out[0]);
    const std::string binary = dealer_binary();
    execl(binary.c_str(), binary.c_str(), "exchange", "--config", config.c_str(), "--mtgox-listen", "127.0.0.1:0",
          "--metaexchange-listen", "127.0.0.1:0", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  // Wait up to 10 s for "listening mtgox=127.0.0.1:PORT".
  std::string line;
  pollfd p{out[0], POLLIN, 0};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    if (poll(&p, 1, 100) > 0) {
      char buf[256];
      const ssize_t n = read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, static_cast<size_t>(n));
    }
  }
  close(out[0]);
  const size_t at = line.find("mtgox=127.0.0.1:");
  if (at == std::string::npos) {
    std::ifstream err(dir_ + "/stderr.txt");
    std::string text((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
    stop();
    throw std::runtime_error("dealer exchange did not start: '" + line + "' stderr: " + text);
  }
  port_ = static_cast<uint16_t>(std::stoi(line.substr(at + 16)));
  const size_t meta = line.find("metaexchange=127.0.0.1:");
  if (meta != std::string::npos) meta_port_ = static_cast<uint16_t>(std::stoi(line.substr(meta + 23)));
}

std::string SimProcess::log() const {
  std::ifstream err(dir_ + "/stderr.txt");
  return std::string((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
}

SimProcess::~SimProcess() {
  stop();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

int SimProcess::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 100; ++i) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

HttpResult SimProcess::get(std::string_view target, uint16_t port,
                           const std::vector<std::pair<std::string, std::string>>& headers) const {
  return call(port ? port : port_, http::verb::get, target, "", headers);
}

HttpResult SimProcess::post(std::string_view target, std::string_view body,
                            const std::vector<std::pair<std::string, std::string>>& headers, uint16_t port) const {
  return call(port ? port : port_, http::verb::post, target, body, headers);
}

HttpResult SimProcess::private_call(std::string_view target, const std::string& key, const std::string& secret_base64,
                                    std::string params) const {
  const uint64_t now = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  nonce_ = std::max(nonce_ + 1, now);
  std::string body = "nonce=" + std::to_string(nonce_);
  if (!params.empty()) body += "&" + params;
  const std::string sign = *mtgox_sign(secret_base64, body);
  return post(target, body, {{"Rest-Key", key}, {"Rest-Sign", sign}});
}

std::string raw_exchange(uint16_t port, std::string_view bytes, int timeout_ms) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    if (!bytes.empty()) (void)!write(fd, bytes.data(), bytes.size());
    pollfd p{fd, POLLIN, 0};
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
      if (poll(&p, 1, 50) <= 0) continue;
      char buf[4096];
      const ssize_t n = read(fd, buf, sizeof buf);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
  }
  close(fd);
  return out;
}

int64_t SimProcess::balance(const std::string& key, const std::string& secret_base64, std::string_view currency) const {
  const HttpResult info = private_call("/api/1/generic/private/info", key, secret_base64);
  auto m = mtgox::decode_response<mtgox::Info>(info.body);
  if (!m) throw std::runtime_error("private/info: " + info.body);
  for (const auto& [code, wallet] : m->Wallets.entries)
    if (code == currency) return wallet.Balance.value_int;
  return -1;
}

}  // namespace dealer::testing
