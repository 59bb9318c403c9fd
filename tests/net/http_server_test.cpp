// HttpServer on loopback with an injected handler: what a handler's exception becomes, and the cap on
// open connections. The server runs on its own thread; the test talks to it over plain sockets.
#include "net/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "support/server_thread.h"

namespace dealer::net {
namespace {

// /throw-int and /throw-std throw; anything else answers 200 "ok <target>".
Reply handle(const HttpRequest& r) {
  if (r.target == "/throw-int") throw 42;
  if (r.target == "/throw-std") throw std::runtime_error("broken handler");
  return {HttpResponse{200, "text/plain", "ok " + r.target, {}}};
}

// A server with the given cap on open connections.
testing::ServerThread server_with_cap(size_t max_connections) {
  HttpServerOptions options;
  options.max_connections = max_connections;
  return testing::ServerThread(handle, options);
}

// One blocking keep-alive connection. Each read waits at most 2 s.
class Connection {
 public:
  explicit Connection(uint16_t port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Connection() { close(fd_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Sends a GET and returns the whole answer (status line to the end of the body), or what arrived
  // before the server closed or went silent.
  std::string get(const std::string& target) {
    const std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    if (!connected_ || send(fd_, request.data(), request.size(), MSG_NOSIGNAL) < 0) return "";
    return read_answer();
  }

  // Reads one answer: headers, then Content-Length bytes of body; "" if closed first.
  std::string read_answer() {
    std::string in;
    while (true) {
      const size_t end = in.find("\r\n\r\n");
      if (end != std::string::npos) {
        const size_t at = in.find("Content-Length: ");
        const size_t length = at == std::string::npos ? 0 : std::stoul(in.substr(at + 16));
        if (in.size() >= end + 4 + length) return in.substr(0, end + 4 + length);
      }
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 2000) <= 0) return in;
      char buf[4096];
      const ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return in;
      in.append(buf, static_cast<size_t>(n));
    }
  }

  // True once the server has closed the connection (within 2 s).
  bool closed_by_server() {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 2000) <= 0) return false;
    char c;
    return recv(fd_, &c, 1, 0) <= 0;
  }

 private:
  int fd_;
  bool connected_ = false;
};

bool starts_with_status(const std::string& answer, int status) {
  return answer.starts_with("HTTP/1.1 " + std::to_string(status) + " ");
}

TEST(HttpServer, AHandlerExceptionOfAnyTypeBecomes500AndTheServerCarriesOn) {
  testing::ServerThread server(handle);
  Connection c(server.port());
  const std::string thrown_int = c.get("/throw-int");
  EXPECT_TRUE(starts_with_status(thrown_int, 500)) << thrown_int;
  const std::string thrown_std = c.get("/throw-std");  // same connection: it was kept alive
  EXPECT_TRUE(starts_with_status(thrown_std, 500)) << thrown_std;
  EXPECT_NE(thrown_std.find("broken handler"), std::string::npos) << thrown_std;
  EXPECT_TRUE(c.get("/fine").ends_with("ok /fine"));
  Connection other(server.port());
  EXPECT_TRUE(other.get("/also-fine").ends_with("ok /also-fine"));
}

TEST(HttpServer, ConnectionsPastTheCapAreRefusedWhileOpenOnesAreServed) {
  const auto server = server_with_cap(2);
  Connection first(server.port());
  Connection second(server.port());
  // An answer on each proves both were accepted and hold their slots.
  ASSERT_TRUE(first.get("/1").ends_with("ok /1"));
  ASSERT_TRUE(second.get("/2").ends_with("ok /2"));

  {
    Connection third(server.port());
    const std::string refused = third.read_answer();  // sent without being asked
    EXPECT_TRUE(starts_with_status(refused, 503)) << refused;
    EXPECT_TRUE(third.closed_by_server());
  }
  EXPECT_TRUE(first.get("/1-again").ends_with("ok /1-again"));  // the open ones are still served
  EXPECT_TRUE(second.get("/2-again").ends_with("ok /2-again"));
}

TEST(HttpServer, AClosedConnectionFreesItsSlot) {
  const auto server = server_with_cap(1);
  {
    Connection first(server.port());
    ASSERT_TRUE(first.get("/1").ends_with("ok /1"));
  }
  // The server learns of the close asynchronously; a new client is served once it has.
  bool served = false;
  for (int attempt = 0; attempt < 50 && !served; ++attempt) {
    Connection next(server.port());
    served = next.get("/next").ends_with("ok /next");
    if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(served);
}

}  // namespace
}  // namespace dealer::net
