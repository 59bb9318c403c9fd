// Plain HTTP request/response values. Handlers are pure functions from HttpRequest to Reply, so routing
// and API logic are tested without sockets; only net/http_server.cpp knows Beast.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace dealer::net {

// An http:// or https:// URL split the way a client needs it.
struct Url {
  bool tls = false;  // https
  std::string host;  // a name, an IPv4 address, or an IPv6 address without its brackets
  uint16_t port = 80;
  std::string target = "/";  // path and query

  std::string authority() const;  // for the Host header: "[::1]:8080", "example.com:443"
};
// "http://127.0.0.1:8080/ipn?x=1", "http://[::1]:9000/", "https://data.mtgox.com/api/1/...", parsed
// by Boost.URL (RFC 3986). Other schemes, user info, a missing host or a port outside 1-65535 are
// errors; a fragment is dropped (it never goes to the server).
Result<Url> parse_url(std::string_view text);

using Headers = std::vector<std::pair<std::string, std::string>>;

// The value of header `name` (case-insensitive), or empty.
std::string_view find_header(const Headers& headers, std::string_view name);

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // "/api/1/BTCUSD/public/trades?since=0"
  Headers headers;
  std::string body;
  std::string remote;  // the client's IP address, for per-client limits

  std::string_view path() const;   // target before '?'
  std::string_view query() const;  // target after '?', or empty
  std::string_view header(std::string_view name) const { return find_header(headers, name); }
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  Headers headers;
};

// How the transport delivers a reply; the simulator's fault injection picks the odd ones.
enum class Delivery {
  kNormal,
  kDrop,      // close the connection without answering
  kTruncate,  // send only the first half of the body (with a matching Content-Length)
};

class EventStream;  // net/event_stream.h

struct Reply {
  HttpResponse response;
  std::chrono::milliseconds delay{0};
  Delivery delivery = Delivery::kNormal;
  // Set: the answer is a Server-Sent Events stream: `response`'s status and headers, then what is sent
  // into the stream, until either side closes it (the body is not sent).
  std::shared_ptr<EventStream> stream = nullptr;
};

using Handler = std::function<Reply(const HttpRequest&)>;

}  // namespace dealer::net
