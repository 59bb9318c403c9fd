#include "net/http_client.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <poll.h>
#include <sys/socket.h>

#include <map>
#include <variant>

#include "core/decimal.h"

namespace dealer::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

Result<Url> parse_url(std::string_view text) {
  Url url;
  if (text.starts_with("https://")) {
    url.tls = true;
    url.port = 443;
    text.remove_prefix(8);
  } else if (text.starts_with("http://")) {
    text.remove_prefix(7);
  } else {
    return make_error(Errc::kInvalidArgument, "only http:// and https:// URLs are supported: '" + std::string(text) + "'");
  }
  const size_t slash = text.find('/');
  const std::string_view authority = text.substr(0, slash);
  url.target = slash == std::string_view::npos ? "/" : std::string(text.substr(slash));
  const size_t colon = authority.rfind(':');
  url.host = std::string(authority.substr(0, colon));
  if (colon != std::string_view::npos) {
    auto port = parse_int64(authority.substr(colon + 1));
    if (!port || *port <= 0 || *port > 65535) return make_error(Errc::kInvalidArgument, "bad port in URL '" + std::string(text) + "'");
    url.port = static_cast<uint16_t>(*port);
  }
  if (url.host.empty()) return make_error(Errc::kInvalidArgument, "no host in URL");
  return url;
}

namespace {

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

template <class Stream>
struct Connection {
  template <class... A>
  explicit Connection(A&&... a) : stream(std::forward<A>(a)...) {}
  Stream stream;
  beast::flat_buffer buffer;
  std::chrono::steady_clock::time_point idle_since;
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

}  // namespace

struct HttpClient::State {
  State(asio::io_context& io, HttpClientOptions o) : io(io), options(std::move(o)), tls(ssl::context::tls_client) {
    tls.set_default_verify_paths();
    tls.set_verify_mode(ssl::verify_peer);
    if (!options.ca_file.empty()) {
      beast::error_code ec;
      tls.load_verify_file(options.ca_file, ec);
      ca_error = ec ? "cannot load ca_file '" + options.ca_file + "': " + ec.message() : "";
    }
  }

  // An idle connection to `url` young enough to reuse, if any.
  template <class Stream>
  std::shared_ptr<Connection<Stream>> take_idle(const Url& url) {
    auto& idle = pool[pool_key(url)];
    while (!idle.empty()) {
      AnyConnection c = std::move(idle.back());
      idle.pop_back();
      auto* typed = std::get_if<std::shared_ptr<Connection<Stream>>>(&c);
      if (typed && std::chrono::steady_clock::now() - (*typed)->idle_since < options.idle_timeout && quiet(**typed))
        return *typed;
    }
    return nullptr;
  }

  asio::io_context& io;
  HttpClientOptions options;
  ssl::context tls;
  std::string ca_error;
  std::map<std::string, std::vector<AnyConnection>> pool;
  size_t opened = 0;
};

namespace {

template <class Stream>
class Exchange : public std::enable_shared_from_this<Exchange<Stream>> {
 public:
  Exchange(std::shared_ptr<HttpClient::State> state, Url url, HttpRequest request, HttpClient::Callback done)
      : state_(std::move(state)), resolver_(state_->io), url_(std::move(url)), done_(std::move(done)) {
    req_ = {http::string_to_verb(request.method), url_.target, 11};
    req_.set(http::field::host, url_.host + ":" + std::to_string(url_.port));
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

 private:
  void open() {
    reused_ = false;
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      if (!state_->ca_error.empty()) return fail(Errc::kConfig, state_->ca_error, {});
      conn_ = std::make_shared<Connection<Stream>>(state_->io, state_->tls);
    } else {
      conn_ = std::make_shared<Connection<Stream>>(state_->io);
    }
    ++state_->opened;
    resolver_.async_resolve(url_.host, std::to_string(url_.port),
                            [self = this->shared_from_this()](beast::error_code ec, tcp::resolver::results_type results) {
                              if (ec) return self->fail(Errc::kNetwork, "resolve " + self->url_.host, ec);
                              auto& tcp = tcp_layer(self->conn_->stream);
                              tcp.expires_after(self->state_->options.connect_timeout);
                              tcp.async_connect(results, [self](beast::error_code ec, const tcp::endpoint&) {
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
      tcp_layer(s).expires_after(state_->options.connect_timeout);
      s.async_handshake(ssl::stream_base::client, [self = this->shared_from_this()](beast::error_code ec) {
        if (ec) return self->fail(Errc::kNetwork, "TLS handshake", ec);
        self->write();
      });
    } else {
      write();
    }
  }

  void write() {
    tcp_layer(conn_->stream).expires_after(state_->options.io_timeout);
    http::async_write(conn_->stream, req_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
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
    tcp_layer(conn_->stream).expires_after(state_->options.io_timeout);
    http::async_read(conn_->stream, conn_->buffer, *parser_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
      if (ec == http::error::body_limit)
        return self->fail(Errc::kNetwork, "read: response larger than " + std::to_string(self->state_->options.max_response_bytes) + " bytes", {});
      if (ec) return self->fail(Errc::kNetwork, "read", ec);
      auto& res = self->parser_->get();
      HttpResponse out;
      out.status = static_cast<int>(res.result_int());
      out.content_type = std::string(res[http::field::content_type]);
      for (const auto& field : res) out.headers.emplace_back(field.name_string(), field.value());
      out.body = std::move(res.body());
      if (res.keep_alive()) {
        self->conn_->idle_since = std::chrono::steady_clock::now();
        self->state_->pool[pool_key(self->url_)].emplace_back(std::move(self->conn_));
      }
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
  Url url_;
  HttpClient::Callback done_;
  std::shared_ptr<Connection<Stream>> conn_;
  http::request<http::string_body> req_;
  std::optional<http::response_parser<http::string_body>> parser_;
  bool sent_ = false;
  bool reused_ = false;
};

}  // namespace

HttpClient::HttpClient(asio::io_context& io, HttpClientOptions options)
    : state_(std::make_shared<State>(io, std::move(options))) {}

HttpClient::~HttpClient() = default;

size_t HttpClient::connections_opened() const { return state_->opened; }

void HttpClient::send(const Url& url, HttpRequest request, Callback done) {
  if (url.tls) std::make_shared<Exchange<TlsStream>>(state_, url, std::move(request), std::move(done))->start();
  else std::make_shared<Exchange<PlainStream>>(state_, url, std::move(request), std::move(done))->start();
}

}  // namespace dealer::net
