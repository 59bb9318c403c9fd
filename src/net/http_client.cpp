#include "net/http_client.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <poll.h>
#include <sys/socket.h>

#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <optional>
#include <variant>


namespace dealer::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

template <class Stream>
struct Connection {
  template <class... A>
  explicit Connection(A&&... a) : stream(std::forward<A>(a)...) {}
  Stream stream;
  beast::flat_buffer buffer;
};

beast::tcp_stream& tcp_layer(PlainStream& s) { return s; }
beast::tcp_stream& tcp_layer(TlsStream& s) { return beast::get_lowest_layer(s); }

// An idle connection is fit for reuse only if nothing is waiting on it: a readable idle socket means
// the server has closed it (or sent something unasked), and a request written there would "leave"
// and then fail, which for a write is an ambiguity we can avoid.
template <class Stream>
bool quiet(Connection<Stream>& c) {
  pollfd p{tcp_layer(c.stream).socket().native_handle(), POLLIN, 0};
  return ::poll(&p, 1, 0) == 0;
}

using AnyConnection = std::variant<std::shared_ptr<Connection<PlainStream>>, std::shared_ptr<Connection<TlsStream>>>;

std::string pool_key(const Url& url) { return (url.tls ? "https://" : "http://") + url.host + ":" + std::to_string(url.port); }

// What the client can do to a request in flight when it is destroyed.
class Abortable {
 public:
  virtual ~Abortable() = default;
  virtual void abort() = 0;
};

}  // namespace

struct HttpClient::State {
  State(asio::io_context& io, HttpClientOptions o) : io(io), options(std::move(o)) {}

  // The TLS context, made for the first https request: loading the system's CA certificates costs
  // milliseconds and megabytes that plain-HTTP clients (the bot on loopback, the simulator's merchant,
  // one per simulator) never need. After it, a non-empty ca_error means the ca_file did not load.
  ssl::context& tls_context() {
    if (tls) return *tls;
    tls.emplace(ssl::context::tls_client);
    tls->set_default_verify_paths();
    tls->set_verify_mode(ssl::verify_peer);
    if (!options.ca_file.empty()) {
      beast::error_code ec;
      tls->load_verify_file(options.ca_file, ec);
      ca_error = ec ? "cannot load ca_file '" + options.ca_file + "': " + ec.message() : "";
    }
    return *tls;
  }

  struct Idle {
    std::string key;
    std::chrono::steady_clock::time_point since;
    AnyConnection connection;
  };

  // An idle connection to `url` young enough to reuse, if any (the newest first).
  template <class Stream>
  std::shared_ptr<Connection<Stream>> take_idle(const Url& url) {
    prune();
    const std::string key = pool_key(url);
    for (auto it = idle.rbegin(); it != idle.rend(); ++it) {
      auto* typed = std::get_if<std::shared_ptr<Connection<Stream>>>(&it->connection);
      if (it->key != key || !typed) continue;
      auto found = std::move(*typed);
      idle.erase(std::next(it).base());
      if (quiet(*found)) return found;
      return take_idle<Stream>(url);  // the server closed this one: try the next
    }
    return nullptr;
  }

  template <class Stream>
  void put_idle(const Url& url, std::shared_ptr<Connection<Stream>> c) {
    idle.push_back({pool_key(url), std::chrono::steady_clock::now(), std::move(c)});
    prune();
  }

  // Drops connections past idle_timeout, then the oldest ones over the cap. Dropping closes them.
  void prune() {
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(idle, [&](const Idle& i) { return now - i.since >= options.idle_timeout; });
    while (idle.size() > options.max_idle) idle.pop_front();
  }

  void track(const std::shared_ptr<Abortable>& request) {
    std::erase_if(in_flight, [](const auto& w) { return w.expired(); });
    in_flight.push_back(request);
  }

  asio::io_context& io;
  HttpClientOptions options;
  std::optional<ssl::context> tls;  // see tls_context()
  std::string ca_error;
  std::deque<Idle> idle;  // oldest first
  std::vector<std::weak_ptr<Abortable>> in_flight;
  size_t opened = 0;
};

namespace {

template <class Stream>
class Exchange : public Abortable, public std::enable_shared_from_this<Exchange<Stream>> {
 public:
  Exchange(std::shared_ptr<HttpClient::State> state, Url url, HttpRequest request, HttpClient::Callback done,
           std::chrono::microseconds budget)
      : state_(std::move(state)), resolver_(state_->io), resolve_timer_(state_->io), url_(std::move(url)),
        done_(std::move(done)) {
    const auto now = std::chrono::steady_clock::now();
    deadline_ = budget >= std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::time_point::max() - now)
                    ? std::chrono::steady_clock::time_point::max()
                    : now + budget;
    req_ = {http::string_to_verb(request.method), url_.target, 11};
    req_.set(http::field::host, url_.authority());
    for (const auto& [name, value] : request.headers) req_.set(name, value);
    req_.body() = std::move(request.body);
    req_.keep_alive(true);
    req_.prepare_payload();
  }

  void start() {
    conn_ = state_->template take_idle<Stream>(url_);
    if (conn_) {
      reused_ = true;
      return write();
    }
    open();
  }

  // The owner is gone: nothing may call back into it. Pending handlers still run (they hold this
  // object) and see `done_` empty.
  void abort() override {
    done_ = nullptr;
    resolve_timer_.cancel();
    resolver_.cancel();
    if (conn_) {
      beast::error_code ignored;
      tcp_layer(conn_->stream).socket().close(ignored);
    }
  }

 private:
  bool aborted() const { return !done_; }

  // The timeout of one step, cut short by the whole request's budget. False when the budget is spent.
  bool arm(std::chrono::milliseconds step) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline_) return false;
    tcp_layer(conn_->stream).expires_after(std::min<std::chrono::steady_clock::duration>(step, deadline_ - now));
    return true;
  }

  void open() {
    reused_ = false;
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      ssl::context& tls = state_->tls_context();
      if (!state_->ca_error.empty()) return fail(Errc::kConfig, state_->ca_error, {});
      conn_ = std::make_shared<Connection<Stream>>(state_->io, tls);
    } else {
      conn_ = std::make_shared<Connection<Stream>>(state_->io);
    }
    ++state_->opened;
    // The resolver cannot be interrupted once getaddrinfo runs, so the deadline fails the request
    // itself; the resolver's late answer then finds it finished.
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline_) return fail(Errc::kTimeout, "resolve " + url_.host + ": out of time", {});
    resolve_timer_.expires_after(std::min<std::chrono::steady_clock::duration>(state_->options.resolve_timeout, deadline_ - now));
    resolve_timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
      if (ec || self->aborted() || self->resolved_) return;
      self->resolver_.cancel();
      self->fail(Errc::kTimeout, "resolve " + self->url_.host + ": no answer in time", {});
    });
    resolver_.async_resolve(url_.host, std::to_string(url_.port),
                            [self = this->shared_from_this()](beast::error_code ec, tcp::resolver::results_type results) {
                              self->resolved_ = true;
                              self->resolve_timer_.cancel();
                              if (self->aborted()) return;
                              if (ec) return self->fail(Errc::kNetwork, "resolve " + self->url_.host, ec);
                              if (!self->arm(self->state_->options.connect_timeout))
                                return self->fail(Errc::kTimeout, "connect: out of time", {});
                              tcp_layer(self->conn_->stream).async_connect(results, [self](beast::error_code ec, const tcp::endpoint&) {
                                if (self->aborted()) return;
                                if (ec) return self->fail(Errc::kNetwork, "connect", ec);
                                self->handshake();
                              });
                            });
  }

  void handshake() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      auto& s = conn_->stream;
      // SNI, and the certificate must name the host we asked for.
      if (!SSL_set_tlsext_host_name(s.native_handle(), url_.host.c_str()))
        return fail(Errc::kNetwork, "TLS: cannot set the server name", {});
      s.set_verify_callback(ssl::host_name_verification(url_.host));
      if (!arm(state_->options.connect_timeout)) return fail(Errc::kTimeout, "TLS handshake: out of time", {});
      s.async_handshake(ssl::stream_base::client, [self = this->shared_from_this()](beast::error_code ec) {
        if (self->aborted()) return;
        if (ec) return self->fail(Errc::kNetwork, "TLS handshake", ec);
        self->write();
      });
    } else {
      write();
    }
  }

  void write() {
    if (!arm(state_->options.io_timeout)) return fail(Errc::kTimeout, "write: out of time", {});
    http::async_write(conn_->stream, req_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
      if (self->aborted()) return;
      if (ec) {
        if (self->reused_) return self->open();  // a stale kept-alive connection: nothing left yet
        return self->fail(Errc::kNetwork, "write", ec);
      }
      self->sent_ = true;
      self->read();
    });
  }

  void read() {
    parser_.emplace();
    parser_->body_limit(state_->options.max_response_bytes);
    if (!arm(state_->options.io_timeout)) return fail(Errc::kTimeout, "read: out of time", {});
    http::async_read(conn_->stream, conn_->buffer, *parser_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
      if (self->aborted()) return;
      if (ec == http::error::body_limit)
        return self->fail(Errc::kNetwork, "read: response larger than " + std::to_string(self->state_->options.max_response_bytes) + " bytes", {});
      if (ec) return self->fail(Errc::kNetwork, "read", ec);
      auto& res = self->parser_->get();
      HttpResponse out;
      out.status = static_cast<int>(res.result_int());
      out.content_type = std::string(res[http::field::content_type]);
      for (const auto& field : res) out.headers.emplace_back(field.name_string(), field.value());
      out.body = std::move(res.body());
      if (res.keep_alive()) self->state_->put_idle(self->url_, std::move(self->conn_));
      self->finish(HttpOutcome{std::move(out), true});
    });
  }

  void fail(Errc code, const std::string& step, beast::error_code ec) {
    if (ec == beast::error::timeout) code = Errc::kTimeout;
    std::string message = step;
    if (ec) message += ": " + ec.message();
    if (conn_) {
      beast::error_code ignored;
      tcp_layer(conn_->stream).socket().close(ignored);
    }
    finish(HttpOutcome{make_error(code, message), sent_});
  }

  void finish(HttpOutcome outcome) {
    if (done_) std::exchange(done_, nullptr)(std::move(outcome));
  }

  std::shared_ptr<HttpClient::State> state_;
  tcp::resolver resolver_;
  asio::steady_timer resolve_timer_;
  Url url_;
  HttpClient::Callback done_;
  std::chrono::steady_clock::time_point deadline_;
  std::shared_ptr<Connection<Stream>> conn_;
  http::request<http::string_body> req_;
  std::optional<http::response_parser<http::string_body>> parser_;
  bool sent_ = false;
  bool reused_ = false;
  bool resolved_ = false;
};

}  // namespace

HttpClient::HttpClient(asio::io_context& io, HttpClientOptions options)
    : state_(std::make_shared<State>(io, std::move(options))) {}

HttpClient::~HttpClient() {
  for (const auto& weak : state_->in_flight)
    if (auto request = weak.lock()) request->abort();
  state_->idle.clear();
}

size_t HttpClient::connections_opened() const { return state_->opened; }
size_t HttpClient::idle_connections() const { return state_->idle.size(); }

void HttpClient::send(const Url& url, HttpRequest request, Callback done, std::chrono::microseconds budget) {
  auto start = [&]<class Stream>(std::shared_ptr<Exchange<Stream>> exchange) {
    state_->track(exchange);
    exchange->start();
  };
  if (url.tls) start(std::make_shared<Exchange<TlsStream>>(state_, url, std::move(request), std::move(done), budget));
  else start(std::make_shared<Exchange<PlainStream>>(state_, url, std::move(request), std::move(done), budget));
}

}  // namespace dealer::net
