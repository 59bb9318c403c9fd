// Who may use the dashboard (docs/dashboard.md), as pure functions of a request: the token, carried as
// `Authorization: Bearer TOKEN` (curl, scripts) or as the cookie the page's login sets (HttpOnly,
// SameSite=Strict); the Host header, which must name the listen address (a page of another site that
// rebinds its DNS name to 127.0.0.1 sends its own name); and for a POST the Origin, which must be the
// dashboard's own when present and must be present when the cookie authenticates (a browser sends the
// cookie wherever the request comes from; only the Origin tells).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/http_message.h"

namespace dealer::live {

struct DashboardAccess {
  std::string token;                 // empty: nothing authenticates (the dashboard is off)
  std::vector<std::string> hosts;    // the Host values accepted: "127.0.0.1:8080", "localhost:8080"
  std::vector<std::string> origins;  // the dashboard's own Origin values: "http://127.0.0.1:8080"
  bool controls = true;              // status.controls: false makes every control a 403
};

enum class Credential { kNone, kBearer, kCookie };

inline constexpr std::string_view kTokenCookie = "dealer_token";

// How the request proves it knows the token, compared in constant time; kNone if it does not.
Credential credential_of(const net::HttpRequest& request, const std::string& token);

// A request without a Host header passes (HTTP/1.0, tests); one with a Host not listed is refused.
bool host_allowed(const net::HttpRequest& request, const std::vector<std::string>& hosts);

// Why a state-changing request is refused for its Origin, or none when it may go on.
std::optional<std::string> origin_refusal(const net::HttpRequest& request, Credential credential,
                                          const std::vector<std::string>& origins);

// The Set-Cookie value that logs a browser in.
std::string login_cookie(const std::string& token);

// The Host values a dashboard listening on `host`:`port` answers to: the address or `localhost`, with
// the port or without (no rebinding page sends a bare loopback name: it sends its own). And its
// Origins, which always name the port: a page of another local server is same-site for a cookie, so
// only its Origin tells it apart.
std::vector<std::string> listen_hosts(const std::string& host, uint16_t port);
std::vector<std::string> listen_origins(const std::string& host, uint16_t port);

// The value of `name` in a query string or form body ("a=1&token=x"), decoded; empty if absent or broken.
std::string form_value(std::string_view form, std::string_view name);

}  // namespace dealer::live
