#include "net/http_client.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/decimal.h"

namespace dealer::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

Result<Url> parse_url(std::string_view text) {
  constexpr std::string_view kScheme = "http://";
  if (!text.starts_with(kScheme)) return make_error(Errc::kInvalidArgument, "only http:// URLs are supported: '" + std::string(text) + "'");
  text.remove_prefix(kScheme.size());
  const size_t slash = text.find('/');
  const std::string_view authority = text.substr(0, slash);
  Url url;
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

class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(asio::io_context& io, const HttpClientOptions& options, HttpClient::Callback done)
      : resolver_(io), stream_(io), options_(options), done_(std::move(done)) {}

  void start(const Url& url, HttpRequest request) {
    req_ = {http::string_to_verb(request.method), url.target, 11};
    req_.set(http::field::host, url.host + ":" + std::to_string(url.port));
    for (const auto& [name, value] : request.headers) req_.set(name, value);
    req_.body() = std::move(request.body);
    req_.prepare_payload();
    parser_.body_limit(options_.max_response_bytes);
    resolver_.async_resolve(url.host, std::to_string(url.port),
                            [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type results) {
                              if (ec) return self->fail(Errc::kNetwork, "resolve", ec);
                              self->stream_.expires_after(self->options_.connect_timeout);
                              self->stream_.async_connect(results, [self](beast::error_code ec, const tcp::endpoint&) {
                                if (ec) return self->fail(Errc::kNetwork, "connect", ec);
                                self->write();
                              });
                            });
  }

 private:
  void write() {
    stream_.expires_after(options_.io_timeout);
    http::async_write(stream_, req_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->fail(Errc::kNetwork, "write", ec);
      self->sent_ = true;
      self->stream_.expires_after(self->options_.io_timeout);
      http::async_read(self->stream_, self->buffer_, self->parser_, [self](beast::error_code ec, size_t) {
        if (ec == http::error::body_limit)
          return self->fail(Errc::kNetwork, "read: response larger than " + std::to_string(self->options_.max_response_bytes) + " bytes", {});
        if (ec) return self->fail(Errc::kNetwork, "read", ec);
        auto& res = self->parser_.get();
        HttpResponse out;
        out.status = static_cast<int>(res.result_int());
        out.content_type = std::string(res[http::field::content_type]);
        for (const auto& field : res) out.headers.emplace_back(field.name_string(), field.value());
        out.body = std::move(res.body());
        self->finish(HttpOutcome{std::move(out), true});
      });
    });
  }

  void fail(Errc code, const std::string& step, beast::error_code ec) {
    if (ec == beast::error::timeout) code = Errc::kTimeout;
    std::string message = step;
    if (ec) message += ": " + ec.message();
    finish(HttpOutcome{make_error(code, message), sent_});
  }

  void finish(HttpOutcome outcome) {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    if (done_) std::exchange(done_, nullptr)(std::move(outcome));
  }

  tcp::resolver resolver_;
  beast::tcp_stream stream_;
  HttpClientOptions options_;
  HttpClient::Callback done_;
  http::request<http::string_body> req_;
  beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
  bool sent_ = false;
};

}  // namespace

HttpClient::HttpClient(asio::io_context& io, HttpClientOptions options) : io_(io), options_(options) {}

void HttpClient::send(const Url& url, HttpRequest request, Callback done) {
  std::make_shared<Exchange>(io_, options_, std::move(done))->start(url, std::move(request));
}

}  // namespace dealer::net
