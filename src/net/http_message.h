// Plain HTTP request/response values. Handlers are pure functions from HttpRequest to Reply, so routing
// and API logic are tested without sockets; only net/http_server.cpp knows Beast.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dealer::net {

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

struct Reply {
  HttpResponse response;
  std::chrono::milliseconds delay{0};
  Delivery delivery = Delivery::kNormal;
};

using Handler = std::function<Reply(const HttpRequest&)>;

}  // namespace dealer::net
