// net/event_stream.h through net/http_server.h over a real loopback socket: a handler that answers
// with a stream gets its headers out at once and then every message, in order; the client hanging up
// closes the stream, and the publisher closing it ends the connection. Everything runs on the test's
// one io_context; the client socket reads without blocking between turns of it.
#include "net/event_stream.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <chrono>

#include "net/http_server.h"

namespace dealer::net {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class EventStreamTest : public ::testing::Test {
 protected:
  EventStreamTest()
      : server(io, [this](const HttpRequest&) {
          Reply reply;
          reply.response.headers.emplace_back("X-Test", "1");
          stream = std::make_shared<EventStream>();
          stream->send("state", R"({"n":1})");
          reply.stream = stream;
          return reply;
        }) {
    port = *server.listen("127.0.0.1", 0);
    client.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    asio::write(client, asio::buffer(std::string("GET /events HTTP/1.1\r\nHost: x\r\n\r\n")));
    client.non_blocking(true);
  }

  // Turns the io_context until the client has read `text` (true) or the peer closed or 5 s passed.
  bool read_until(std::string_view text) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (received.find(text) == std::string::npos) {
      if (std::chrono::steady_clock::now() > deadline || closed) return false;
      io.run_one_for(std::chrono::milliseconds(5));
      char buffer[4096];
      boost::system::error_code ec;
      const size_t n = client.read_some(asio::buffer(buffer), ec);
      if (ec == asio::error::eof) closed = true;
      received.append(buffer, n);
    }
    return true;
  }

  asio::io_context io;
  std::shared_ptr<EventStream> stream;
  HttpServer server;
  uint16_t port = 0;
  tcp::socket client{io};
  std::string received;
  bool closed = false;
};

TEST_F(EventStreamTest, HeadersThenEveryMessageInOrder) {
  ASSERT_TRUE(read_until("\r\n\r\n")) << received;
  EXPECT_EQ(received.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << received;
  EXPECT_NE(received.find("Content-Type: text/event-stream\r\n"), std::string::npos) << received;
  EXPECT_NE(received.find("Cache-Control: no-cache\r\n"), std::string::npos) << received;
  EXPECT_NE(received.find("X-Test: 1\r\n"), std::string::npos) << received;
  EXPECT_EQ(received.find("Content-Length"), std::string::npos) << "a stream has no length";
  ASSERT_TRUE(read_until("event: state\ndata: {\"n\":1}\n\n")) << received;

  stream->send("state", R"({"n":2})");
  stream->heartbeat();
  stream->retry(std::chrono::seconds(1));
  stream->send("state", R"({"n":3})");
  ASSERT_TRUE(read_until(R"({"n":3})")) << received;
  const size_t body = received.find("\r\n\r\n") + 4;
  EXPECT_EQ(received.substr(body),
            "event: state\ndata: {\"n\":1}\n\nevent: state\ndata: {\"n\":2}\n\n:\n\nretry: 1000\n\n"
            "event: state\ndata: {\"n\":3}\n\n");
}

TEST_F(EventStreamTest, TheClientHangingUpClosesTheStream) {
  ASSERT_TRUE(read_until("data: {\"n\":1}")) << received;
  EXPECT_FALSE(stream->closed());
  client.close();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!stream->closed() && std::chrono::steady_clock::now() < deadline)
    io.run_one_for(std::chrono::milliseconds(5));
  EXPECT_TRUE(stream->closed());
  stream->send("state", "{}");  // dropped, no crash
}

TEST_F(EventStreamTest, ThePublisherClosingEndsTheConnection) {
  ASSERT_TRUE(read_until("data: {\"n\":1}")) << received;
  stream->close();
  EXPECT_FALSE(read_until("never sent"));
  EXPECT_TRUE(closed) << "the server shut the connection";
}

TEST(EventStream, AReaderThatFallsTooFarBehindIsClosed) {
  EventStream stream;  // no transport attached: nothing is taken
  for (size_t i = 0; i < EventStream::kMaxPending; ++i) stream.heartbeat();
  EXPECT_FALSE(stream.closed());
  stream.heartbeat();
  EXPECT_TRUE(stream.closed());
  EXPECT_FALSE(stream.has_pending()) << "closing drops what was queued";
}

}  // namespace
}  // namespace dealer::net
