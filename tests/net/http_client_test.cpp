// The HTTP client over loopback: keep-alive reuse, idle expiry, stale connections, the resend of a
// request whose reused connection is reset mid-write, the deadline on a name lookup that hangs, and
// HTTPS against a local `openssl s_server` with a certificate made for the test.
#include "net/http_client.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "net/http_server.h"
#include "net/resetting_server.h"
#include "support/test_support.h"

namespace dealer::net {
namespace {

class HttpClientTest : public ::testing::Test {
 protected:
  HttpOutcome send(HttpClient& client, const std::string& url) {
    std::optional<HttpOutcome> out;
    HttpRequest r;
    r.method = "GET";
    client.send(*parse_url(url), r, [&out](HttpOutcome o) { out.emplace(std::move(o)); });
    io_.restart();
    while (!out && io_.run_one()) {
    }
    return std::move(*out);
  }
  // Runs the event loop until `done()` or for at most `ms` (so that servers and timers act).
  template <class Done>
  void run_until(Done done, int ms) {
    boost::asio::steady_timer t(io_, std::chrono::milliseconds(ms));
    // Shared with the handler: when done() comes first, the cancelled wait still runs later, after this
    // frame is gone (ASan: stack-use-after-scope).
    auto expired = std::make_shared<bool>(false);
    t.async_wait([expired](boost::system::error_code ec) { *expired = !ec; });
    io_.restart();
    while (!*expired && !done() && io_.run_one()) {
    }
  }
  void pause(int ms) {
    run_until([] { return false; }, ms);
  }
  uint16_t serve(HttpServerOptions options = {}, const std::string& host = "127.0.0.1") {
    server_ = std::make_unique<HttpServer>(
        io_,
        [this](const HttpRequest& r) {
          last_host_ = std::string(r.header("Host"));
          return Reply{HttpResponse{200, "text/plain", "ok", {}}};
        },
        options);
    auto port = server_->listen(host, 0);
    return port ? *port : 0;
  }

  boost::asio::io_context io_;
  std::unique_ptr<HttpServer> server_;
  std::string last_host_;
};

TEST_F(HttpClientTest, KeepAliveReusesOneConnection) {
  const std::string url = "http://127.0.0.1:" + std::to_string(serve()) + "/x";
  HttpClient client(io_);
  for (int i = 0; i < 5; ++i) {
    auto o = send(client, url);
    ASSERT_TRUE(o.response.ok()) << o.response.error().describe();
    EXPECT_EQ(o.response->body, "ok");
  }
  EXPECT_EQ(client.connections_opened(), 1u);
}

TEST_F(HttpClientTest, IdleConnectionsPastTheirTimeoutAreNotReused) {
  const std::string url = "http://127.0.0.1:" + std::to_string(serve()) + "/x";
  HttpClientOptions o;
  o.idle_timeout = std::chrono::milliseconds(50);
  HttpClient client(io_, o);
  ASSERT_TRUE(send(client, url).response.ok());
  pause(120);
  ASSERT_TRUE(send(client, url).response.ok());
  EXPECT_EQ(client.connections_opened(), 2u);
}

TEST_F(HttpClientTest, AConnectionTheServerClosedIsReplacedBeforeAnythingIsSent) {
  HttpServerOptions server;
  server.read_timeout = std::chrono::milliseconds(100);  // the server drops idle connections fast
  const std::string url = "http://127.0.0.1:" + std::to_string(serve(server)) + "/x";
  HttpClient client(io_);  // keeps connections for 4 s
  ASSERT_TRUE(send(client, url).response.ok());
  pause(300);
  auto second = send(client, url);
  ASSERT_TRUE(second.response.ok()) << second.response.error().describe();
  EXPECT_EQ(client.connections_opened(), 2u);
}

// The kernel's largest send buffer (Linux: the last of net.ipv4.tcp_wmem), 4 MiB if unreadable.
size_t largest_send_buffer() {
  std::ifstream in("/proc/sys/net/ipv4/tcp_wmem");
  size_t min = 0, initial = 0, max = 4 << 20;
  in >> min >> initial >> max;
  return max;
}

TEST_F(HttpClientTest, AKeptAliveConnectionResetWhileTheRequestIsWrittenIsReplacedAndTheRequestSentAgain) {
  ResettingServer server;
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/x";
  HttpClient client(io_);
  auto first = send(client, url);
  ASSERT_TRUE(first.response.ok()) << first.response.error().describe();
  ASSERT_EQ(first.response->body, "first");

  // Larger than the client's send buffer and the server's receive buffer together, so the write is
  // still going on when the server resets the connection on seeing the request begin.
  HttpRequest big;
  big.method = "POST";
  big.body.assign(2 * largest_send_buffer() + (1 << 20), 'x');
  const size_t size = big.body.size();
  int calls = 0;
  std::optional<HttpOutcome> out;
  client.send(*parse_url(url), std::move(big), [&](HttpOutcome outcome) {
    ++calls;
    out.emplace(std::move(outcome));
  });
  run_until([&] { return out.has_value(); }, 10'000);
  const auto report = server.finish();
  pause(50);  // a second callback, if any, would come now

  ASSERT_TRUE(out.has_value()) << "no answer in 10 s";
  ASSERT_TRUE(out->response.ok()) << out->response.error().describe();
  EXPECT_EQ(out->response->body, "second");  // answered on the new connection
  EXPECT_EQ(calls, 1);
  EXPECT_GT(report.bytes_before_reset, 0u);   // the request did start on the reused connection
  EXPECT_EQ(report.resent_body_bytes, size);  // and was sent again in full
  EXPECT_EQ(report.accepts, 2);
  EXPECT_EQ(client.connections_opened(), 2u);
}

// A name lookup that never answers, offline: for a single-label name not in /etc/hosts, glibc's DNS
// lookup first opens the alias file named by HOSTALIASES; a FIFO there with no writer blocks
// getaddrinfo in open() until the test opens the other end. A resolver that does not do this (not
// glibc, or no "dns" in nsswitch.conf) leaves the FIFO unopened: the test then skips.
TEST_F(HttpClientTest, ANameLookupThatHangsFailsAtTheResolveDeadlineAndItsLateAnswerIsIgnored) {
  char dir[] = "/tmp/dealer-resolve-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string fifo = std::string(dir) + "/aliases";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  setenv("HOSTALIASES", fifo.c_str(), 1);
  HttpClientOptions o;
  o.resolve_timeout = std::chrono::milliseconds(100);
  int calls = 0;
  std::optional<HttpOutcome> out;
  {
    HttpClient client(io_, o);
    HttpRequest r;
    r.method = "GET";
    const auto start = std::chrono::steady_clock::now();
    client.send(*parse_url("http://dealer-hanging-name:8080/"), r, [&](HttpOutcome outcome) {
      ++calls;
      out.emplace(std::move(outcome));
    });
    run_until([&] { return out.has_value(); }, 3'000);  // bounded: without a deadline it would hang
    const auto waited = std::chrono::steady_clock::now() - start;
    // ENXIO means nobody had the FIFO open for reading, i.e. the lookup never blocked on it. The
    // O_RDWR end releases the resolver thread (and any late opener) until the FIFO is gone, which
    // must happen first: glibc opens the alias file again for its next query.
    const int probe = open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    const bool blocked = probe >= 0;
    const int release = open(fifo.c_str(), O_RDWR);
    unsetenv("HOSTALIASES");
    unlink(fifo.c_str());
    rmdir(dir);
    for (const int fd : {probe, release})
      if (fd >= 0) close(fd);
    io_.restart();
    io_.run();  // the late answer arrives (the name then fails in DNS) and must find the request over
    if (!blocked) GTEST_SKIP() << "this resolver does not read HOSTALIASES, so the lookup cannot be held";
    ASSERT_TRUE(out.has_value()) << "no outcome within 3 s";
    ASSERT_FALSE(out->response.ok());
    EXPECT_EQ(out->response.error().code, Errc::kTimeout) << out->response.error().describe();
    EXPECT_NE(out->response.error().message.find("resolve dealer-hanging-name"), std::string::npos);
    EXPECT_FALSE(out->sent);
    EXPECT_GE(waited, std::chrono::milliseconds(100));
  }
  EXPECT_EQ(calls, 1);
}

TEST_F(HttpClientTest, TheIdlePoolIsCapped) {
  const std::string url = "http://127.0.0.1:" + std::to_string(serve()) + "/x";
  HttpClientOptions o;
  o.max_idle = 2;
  HttpClient client(io_, o);
  // Six requests at once need six connections; only two are kept afterwards.
  int done = 0;
  for (int i = 0; i < 6; ++i) {
    HttpRequest r;
    r.method = "GET";
    client.send(*parse_url(url), r, [&done](HttpOutcome out) { done += out.response.ok(); });
  }
  io_.restart();
  while (done < 6 && io_.run_one()) {
  }
  ASSERT_EQ(done, 6);
  EXPECT_EQ(client.connections_opened(), 6u);
  EXPECT_EQ(client.idle_connections(), 2u);
  ASSERT_TRUE(send(client, url).response.ok());  // reuses one of the two
  EXPECT_EQ(client.connections_opened(), 6u);
}

TEST_F(HttpClientTest, AnIpv6LiteralReachesAServerOnTheIpv6Loopback) {
  const uint16_t port = serve({}, "::1");
  if (port == 0) GTEST_SKIP() << "no IPv6 loopback on this machine";
  HttpClient client(io_);
  auto o = send(client, "http://[::1]:" + std::to_string(port) + "/x");
  ASSERT_TRUE(o.response.ok()) << o.response.error().describe();
  EXPECT_EQ(o.response->body, "ok");
  EXPECT_EQ(last_host_, "[::1]:" + std::to_string(port));  // brackets kept in the Host header
}

TEST_F(HttpClientTest, DestroyingTheClientAbortsRequestsInFlightWithoutCallingBack) {
  // A listener that accepts and never answers: the request stays in flight.
  boost::asio::ip::tcp::acceptor silent(io_, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const uint16_t port = silent.local_endpoint().port();
  bool called = false;
  {
    HttpClient client(io_);
    HttpRequest r;
    r.method = "GET";
    client.send(*parse_url("http://127.0.0.1:" + std::to_string(port) + "/"), r,
                [&called](HttpOutcome) { called = true; });
    io_.restart();
    io_.poll();  // resolve and connect start
  }
  io_.restart();
  io_.run();  // only the aborted handlers are left; they must end without calling back
  EXPECT_FALSE(called);
}

// A TLS server: openssl s_server with a fresh self-signed certificate for "localhost".
class TlsServer {
 public:
  TlsServer() {
    char tmpl[] = "/tmp/dealer-tls-XXXXXX";
    dir_ = mkdtemp(tmpl);
    const std::string make =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -addext "
        "subjectAltName=DNS:localhost -keyout " +
        dir_ + "/key.pem -out " + dir_ + "/cert.pem 2>/dev/null";
    ok_ = std::system(make.c_str()) == 0;
    // A free port: bind to 0, read it back, release it for s_server.
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    port_ = testing::bind_loopback(fd);
    close(fd);
    pid_ = fork();
    if (pid_ == 0) {
      const std::string accept = "127.0.0.1:" + std::to_string(port_);
      const std::string cert = dir_ + "/cert.pem", key = dir_ + "/key.pem";
      freopen("/dev/null", "w", stdout);
      freopen("/dev/null", "w", stderr);
      execlp("openssl", "openssl", "s_server", "-accept", accept.c_str(), "-cert", cert.c_str(), "-key",
             key.c_str(), "-www", "-quiet", static_cast<char*>(nullptr));
      _exit(127);
    }
    // Wait until it accepts connections.
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    for (int i = 0; i < 100; ++i) {
      const int probe = socket(AF_INET, SOCK_STREAM, 0);
      const bool up = connect(probe, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
      close(probe);
      if (up) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~TlsServer() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    std::system(("rm -rf " + dir_).c_str());
  }
  bool ok() const { return ok_; }
  uint16_t port() const { return port_; }
  std::string ca() const { return dir_ + "/cert.pem"; }

 private:
  std::string dir_;
  bool ok_ = false;
  uint16_t port_ = 0;
  pid_t pid_ = -1;
};

TEST_F(HttpClientTest, HttpsVerifiesTheCertificateAndTheHostName) {
  TlsServer tls;
  ASSERT_TRUE(tls.ok()) << "openssl could not make a certificate";
  HttpClientOptions trusting;
  trusting.ca_file = tls.ca();
  HttpClient client(io_, trusting);
  auto good = send(client, "https://localhost:" + std::to_string(tls.port()) + "/");
  ASSERT_TRUE(good.response.ok()) << good.response.error().describe();
  EXPECT_EQ(good.response->status, 200);

  HttpClient system_store_only(io_);  // the test certificate is in no system store
  auto untrusted = send(system_store_only, "https://localhost:" + std::to_string(tls.port()) + "/");
  ASSERT_FALSE(untrusted.response.ok());
  EXPECT_NE(untrusted.response.error().message.find("TLS handshake"), std::string::npos)
      << untrusted.response.error().message;
  EXPECT_FALSE(untrusted.sent);

  HttpClient wrong_name(io_, trusting);  // the certificate names localhost, not 127.0.0.1
  auto mismatch = send(wrong_name, "https://127.0.0.1:" + std::to_string(tls.port()) + "/");
  ASSERT_FALSE(mismatch.response.ok());
  EXPECT_NE(mismatch.response.error().message.find("TLS handshake"), std::string::npos);
}

TEST(Url, Ipv6LiteralsOddPortsAndErrors) {
  auto v6 = parse_url("http://[::1]:65535/api/1/x?since=5#frag");
  ASSERT_TRUE(v6.ok()) << v6.error().describe();
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 65535);
  EXPECT_EQ(v6->target, "/api/1/x?since=5");  // the fragment never goes to the server
  EXPECT_EQ(v6->authority(), "[::1]:65535");
  auto full = parse_url("https://[2001:db8::7]/");
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->host, "2001:db8::7");
  EXPECT_EQ(full->port, 443);
  auto one = parse_url("http://localhost:1?x=1");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->port, 1);
  EXPECT_EQ(one->target, "/?x=1");
  EXPECT_EQ(parse_url("HTTP://Example.com:8080")->port, 8080);  // schemes are case-insensitive
  EXPECT_FALSE(parse_url("http://[::1/").ok());                 // unclosed bracket
  EXPECT_FALSE(parse_url("http://h:0/").ok());
  EXPECT_FALSE(parse_url("http://h:65536/").ok());
  EXPECT_FALSE(parse_url("http://user:pw@h/").ok());  // credentials never in a URL
  EXPECT_FALSE(parse_url("127.0.0.1:8080").ok());     // no scheme
}

TEST(Url, ParsesBothSchemes) {
  auto a = parse_url("https://data.mtgox.com/api/1/BTCUSD/public/ticker");
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->tls);
  EXPECT_EQ(a->port, 443);
  EXPECT_EQ(a->host, "data.mtgox.com");
  EXPECT_EQ(a->target, "/api/1/BTCUSD/public/ticker");
  auto b = parse_url("http://127.0.0.1:8080");
  ASSERT_TRUE(b.ok());
  EXPECT_FALSE(b->tls);
  EXPECT_EQ(b->port, 8080);
  EXPECT_EQ(b->target, "/");
  EXPECT_FALSE(parse_url("ftp://x").ok());
  EXPECT_FALSE(parse_url("http://x:99999/").ok());
  EXPECT_FALSE(parse_url("http:///path").ok());
}

}  // namespace
}  // namespace dealer::net
