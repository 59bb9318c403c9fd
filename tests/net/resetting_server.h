// ResettingServer: a two-connection HTTP server on 127.0.0.1 that kills a kept-alive connection in the
// middle of the client's next request, to drive HttpClient's resend of a request that had not left
// yet. On its own thread with blocking sockets (not Asio), so that it acts while the client's
// io_context is busy writing. Connection 1: answers one request with keep-alive ("first"), waits until
// the next request has begun to arrive, then resets the connection (SO_LINGER {1, 0} + close sends
// RST). The client's readability check of an idle connection cannot see this reset: it happens after
// the check, while the client is still writing. Connection 2: reads one request in full and answers
// "second". Every blocking call times out after 5 s, so a client that never comes cannot hang a test.
// Not thread-safe beyond that: call finish() (joins) before reading the report.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <thread>

#include "support/test_support.h"

namespace dealer::net {

class ResettingServer {
 public:
  struct Report {
    int accepts = 0;
    size_t bytes_before_reset = 0;  // of the second request, read on connection 1 before the reset
    size_t resent_body_bytes = 0;   // the body of the request read on connection 2
  };

  ResettingServer() {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    // A small receive buffer (inherited by accepted sockets) so that a large request cannot sit in
    // the server's kernel in full: the client must still be writing when the reset comes.
    const int rcvbuf = 64 * 1024;
    setsockopt(listener_, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    set_timeout(listener_);
    port_ = testing::bind_loopback(listener_);
    listen(listener_, 4);
    thread_ = std::thread([this] { run(); });
  }
  ~ResettingServer() { finish(); }
  ResettingServer(const ResettingServer&) = delete;
  ResettingServer& operator=(const ResettingServer&) = delete;

  uint16_t port() const { return port_; }

  Report finish() {
    if (thread_.joinable()) thread_.join();
    if (listener_ >= 0) close(listener_);
    listener_ = -1;
    return report_;
  }

 private:
  static void set_timeout(int fd) {
    const timeval five{5, 0};  // SO_RCVTIMEO bounds accept() too
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &five, sizeof five);
  }

  int accept_one() {
    const int fd = accept(listener_, nullptr, nullptr);
    if (fd < 0) return -1;
    ++report_.accepts;
    set_timeout(fd);
    return fd;
  }

  // Reads up to the end of the header block; whatever of the body came with it is left in `rest`.
  static bool read_head(int fd, std::string& head, std::string& rest) {
    std::string in;
    char chunk[4096];
    while (in.find("\r\n\r\n") == std::string::npos) {
      const ssize_t n = recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      in.append(chunk, static_cast<size_t>(n));
    }
    const size_t end = in.find("\r\n\r\n") + 4;
    head = in.substr(0, end);
    rest = in.substr(end);
    return true;
  }

  static void send_all(int fd, const std::string& text) {
    for (size_t off = 0; off < text.size();) {
      const ssize_t n = send(fd, text.data() + off, text.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return;
      off += static_cast<size_t>(n);
    }
  }

  void run() {
    std::string head, rest;
    const int first = accept_one();
    if (first < 0) return;
    if (read_head(first, head, rest)) {
      send_all(first, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst");
      char chunk[4096];
      const ssize_t n = recv(first, chunk, sizeof chunk, 0);  // the next request has begun
      report_.bytes_before_reset = n > 0 ? static_cast<size_t>(n) : 0;
    }
    const linger reset{1, 0};
    setsockopt(first, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    close(first);

    const int second = accept_one();
    if (second < 0) return;
    if (read_head(second, head, rest)) {
      // Beast spells the header this way; the client under test is the only one that comes here.
      const size_t at = head.find("Content-Length: ");
      const size_t length = at == std::string::npos ? 0 : std::stoul(head.substr(at + 16));
      size_t got = rest.size();
      char chunk[64 * 1024];
      for (ssize_t n = 1; got < length && n > 0;) {
        n = recv(second, chunk, sizeof chunk, 0);
        if (n > 0) got += static_cast<size_t>(n);
      }
      report_.resent_body_bytes = got;
      send_all(second, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond");
    }
    close(second);
  }

  int listener_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
  Report report_;
};

}  // namespace dealer::net
