#include "net/http_server.h"

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <exception>
#include <optional>

#include "net/event_stream.h"

namespace dealer::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(asio::io_context& io, Handler h, HttpServerOptions o)
      : io(io), acceptor(io), retry_timer(io), handler(std::move(h)), options(o) {}

  void accept();
  void accept_later(beast::error_code ec);

  asio::io_context& io;
  tcp::acceptor acceptor;
  asio::steady_timer retry_timer;  // the pause after a failed accept
  Handler handler;
  HttpServerOptions options;
  size_t open = 0;  // sessions alive; each counts itself in and out
};

namespace {

HttpResponse internal_error(std::string_view what) {
  return HttpResponse{500, "text/plain", "internal error: " + std::string(what), {}};
}

// Over the connection cap: a short 503 written without waiting (a fresh connection's send buffer holds
// it), then the socket is closed, so the client learns why at once instead of hanging in the backlog.
void refuse(tcp::socket socket) {
  static constexpr std::string_view kBusy =
      "HTTP/1.1 503 Service Unavailable\r\nServer: dealer-exchange\r\nContent-Type: text/plain\r\n"
      "Content-Length: 21\r\nConnection: close\r\n\r\ntoo many connections\n";
  beast::error_code ignored;
  socket.non_blocking(true, ignored);
  socket.write_some(asio::buffer(kBusy), ignored);
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<HttpServer::Impl> server)
      : stream_(std::move(socket)), timer_(stream_.get_executor()), server_(std::move(server)) {
    ++server_->open;
    beast::error_code ec;
    const auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = endpoint.address().to_string();
  }

  ~Session() { --server_->open; }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() { read(); }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(server_->options.max_body_bytes);
    parser_->header_limit(static_cast<std::uint32_t>(server_->options.max_header_bytes));
    stream_.expires_after(server_->options.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof)
      return shut();
    if (ec == http::error::body_limit) return answer_and_close(413, "request body too large");
    if (ec == http::error::header_limit) return answer_and_close(431, "request headers too large");
    if (ec) return answer_and_close(400, "bad request: " + ec.message());

    auto req = parser_->release();
    keep_alive_ = req.keep_alive();
    HttpRequest request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    for (const auto& field : req) request.headers.emplace_back(field.name_string(), field.value());
    request.body = std::move(req.body());
    request.remote = remote_;

    Reply reply;
    try {
      reply = server_->handler(request);
    } catch (const std::exception& e) {
      reply = Reply{internal_error(e.what()), {}, Delivery::kNormal};
    } catch (...) {  // a handler may throw anything; the server must answer and carry on
      reply = Reply{internal_error("an exception that is not a std::exception"), {}, Delivery::kNormal};
    }
    if (reply.delay.count() > 0) {
      timer_.expires_after(reply.delay);
      timer_.async_wait([self = shared_from_this(), reply = std::move(reply)](beast::error_code ec) mutable {
        if (!ec) self->deliver(std::move(reply));
      });
    } else {
      deliver(std::move(reply));
    }
  }

  void answer_and_close(int status, std::string text) {
    keep_alive_ = false;
    deliver(Reply{HttpResponse{status, "text/plain", std::move(text), {}}, {}, Delivery::kNormal});
  }

  void deliver(Reply reply) {
    if (reply.delivery == Delivery::kDrop) return shut();
    if (reply.stream) return stream_events(std::move(reply));
    HttpResponse& r = reply.response;
    if (reply.delivery == Delivery::kTruncate) {
      r.body.resize(r.body.size() / 2);
      keep_alive_ = false;
    }
    res_ = {};
    res_.version(11);
    res_.result(static_cast<http::status>(r.status));
    res_.set(http::field::server, "dealer-exchange");
    res_.set(http::field::content_type, r.content_type);
    for (const auto& [name, value] : r.headers) res_.set(name, value);
    res_.body() = std::move(r.body);
    res_.keep_alive(keep_alive_);
    res_.prepare_payload();
    stream_.expires_after(server_->options.write_timeout);
    http::async_write(stream_, res_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec || !self->keep_alive_) return self->shut();
      self->read();
    });
  }

  // A Server-Sent Events answer: the headers, then each message of the stream as it comes, on the bare
  // socket (no deadline: a quiet stream is normal, and the publisher's heartbeats find dead peers).
  // A read that completes means the client closed or sent something it must not: either ends it.
  void stream_events(Reply reply) {
    events_ = std::move(reply.stream);
    const HttpResponse& r = reply.response;
    std::string head = "HTTP/1.1 " + std::to_string(r.status) + " " +
                       std::string(http::obsolete_reason(static_cast<http::status>(r.status))) +
                       "\r\nServer: dealer-exchange\r\nContent-Type: text/event-stream\r\n"
                       "Cache-Control: no-cache\r\nConnection: close\r\n";
    for (const auto& [name, value] : r.headers) head += name + ": " + value + "\r\n";
    outgoing_ = head + "\r\n";
    stream_.expires_never();
    stream_.socket().async_read_some(
        asio::buffer(probe_), [self = shared_from_this()](beast::error_code, size_t) { self->end_stream(); });
    writing_ = true;
    write_outgoing();
    events_->attach([weak = weak_from_this()] {
      if (auto self = weak.lock()) self->write_next();
    });
  }

  void write_outgoing() {
    asio::async_write(stream_.socket(), asio::buffer(outgoing_),
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        self->writing_ = false;
                        if (ec) return self->end_stream();
                        self->write_next();
                      });
  }

  void write_next() {
    if (writing_ || !events_) return;
    if (events_->closed()) return end_stream();
    if (!events_->has_pending()) return;
    outgoing_ = events_->take();
    writing_ = true;
    write_outgoing();
  }

  void end_stream() {
    if (!events_) return;
    auto events = std::move(events_);
    events_.reset();
    events->close();
    shut();
  }

  void shut() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  std::shared_ptr<HttpServer::Impl> server_;
  std::string remote_;
  bool keep_alive_ = true;
  std::shared_ptr<EventStream> events_;  // while answering with a Server-Sent Events stream
  std::string outgoing_;                 // the stream's message being written
  bool writing_ = false;
  std::array<char, 1> probe_{};  // the read that notices the client closing a stream
};

}  // namespace

void HttpServer::Impl::accept() {
  acceptor.async_accept([self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !self->acceptor.is_open()) return;
    if (ec) return self->accept_later(ec);
    if (self->open >= self->options.max_connections) {
      refuse(std::move(socket));
    } else {
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<Session>(std::move(socket), self)->start();
    }
    self->accept();
  });
}

void HttpServer::Impl::accept_later(beast::error_code ec) {
  // A peer that gave up before we accepted it exhausts nothing: go on at once.
  if (ec == asio::error::connection_aborted) return accept();
  // Out of descriptors or buffers, the waiting connection stays queued and accept fails again at once:
  // retrying immediately would spin at 100 % CPU and starve the connections already open.
  retry_timer.expires_after(options.accept_backoff);
  retry_timer.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
    if (!wait_ec && self->acceptor.is_open()) self->accept();
  });
}

HttpServer::HttpServer(asio::io_context& io, Handler handler, HttpServerOptions options)
    : impl_(std::make_shared<Impl>(io, std::move(handler), options)) {}

HttpServer::~HttpServer() { close(); }

Result<uint16_t> HttpServer::listen(const std::string& host, uint16_t port) {
  beast::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (ec) return make_error(Errc::kConfig, "listen address '" + host + "': " + ec.message());
  const tcp::endpoint endpoint(address, port);
  auto& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return make_error(Errc::kNetwork, "cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message());
  impl_->accept();
  return a.local_endpoint().port();
}

void HttpServer::close() {
  beast::error_code ignored;
  if (!impl_) return;
  impl_->acceptor.close(ignored);
  impl_->retry_timer.cancel();
}

}  // namespace dealer::net
