#include "live/dashboard_auth.h"

#include "core/crypto.h"
#include "core/form.h"

namespace dealer::live {
namespace {

// The value of cookie `name` in a Cookie header ("a=1; dealer_token=x").
std::string_view cookie(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const size_t end = header.find(';');
    std::string_view pair = header.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=')
      return pair.substr(name.size() + 1);
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return {};
}

bool listed(std::string_view value, const std::vector<std::string>& values) {
  for (const std::string& v : values) {
    if (v == value) return true;
  }
  return false;
}

}  // namespace

Credential credential_of(const net::HttpRequest& request, const std::string& token) {
  if (token.empty()) return Credential::kNone;
  constexpr std::string_view kBearer = "Bearer ";
  const std::string_view authorization = request.header("Authorization");
  if (authorization.substr(0, kBearer.size()) == kBearer &&
      same_secret(authorization.substr(kBearer.size()), token))
    return Credential::kBearer;
  if (same_secret(cookie(request.header("Cookie"), kTokenCookie), token)) return Credential::kCookie;
  return Credential::kNone;
}

bool host_allowed(const net::HttpRequest& request, const std::vector<std::string>& hosts) {
  const std::string_view host = request.header("Host");
  return host.empty() || listed(host, hosts);
}

std::optional<std::string> origin_refusal(const net::HttpRequest& request, Credential credential,
                                          const std::vector<std::string>& origins) {
  const std::string_view origin = request.header("Origin");
  if (origin.empty()) {
    if (credential == Credential::kCookie)
      return std::string("a request authenticated by the cookie must carry the dashboard's Origin");
    return std::nullopt;
  }
  if (listed(origin, origins)) return std::nullopt;
  return "cross-origin request refused (Origin " + std::string(origin) + ")";
}

std::string login_cookie(const std::string& token) {
  return std::string(kTokenCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
}

namespace {

std::string literal(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

}  // namespace

std::vector<std::string> listen_hosts(const std::string& host, uint16_t port) {
  const std::string p = ":" + std::to_string(port);
  return {literal(host) + p, "localhost" + p, literal(host), "localhost"};
}

std::vector<std::string> listen_origins(const std::string& host, uint16_t port) {
  const std::string p = ":" + std::to_string(port);
  return {"http://" + literal(host) + p, "http://localhost" + p};
}

std::string form_value(std::string_view form, std::string_view name) {
  auto fields = parse_form(form);
  if (!fields) return {};
  const std::string* value = find_field(*fields, name);
  return value ? *value : std::string();
}

}  // namespace dealer::live
