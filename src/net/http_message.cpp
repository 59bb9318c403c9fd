#include "net/http_message.h"

#include <strings.h>

#include <boost/url/parse.hpp>

#include "core/decimal.h"

namespace dealer::net {

std::string Url::authority() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<Url> parse_url(std::string_view text) {
  auto bad = [text](std::string_view why) {
    return make_error(Errc::kInvalidArgument, "URL '" + std::string(text) + "': " + std::string(why));
  };
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) return bad(parsed.error().message());
  const boost::urls::url_view& u = *parsed;
  Url url;
  if (u.scheme_id() == boost::urls::scheme::https) {
    url.tls = true;
    url.port = 443;
  } else if (u.scheme_id() != boost::urls::scheme::http) {
    return bad("only http:// and https:// URLs are supported");
  }
  if (u.has_userinfo()) return bad("user info is not supported (credentials never go in a URL)");
  url.host = u.host_address();  // IPv6 without brackets, ready for the resolver
  if (url.host.empty()) return bad("no host");
  if (u.has_port()) {
    auto port = parse_int64(u.port());
    if (!port || *port <= 0 || *port > 65535) return bad("the port must be 1-65535");
    url.port = static_cast<uint16_t>(*port);
  }
  const std::string_view target = u.encoded_target();
  url.target = target.empty() ? "/" : std::string(target);
  if (url.target.front() != '/') url.target.insert(0, "/");  // "http://h?x=1": an empty path
  return url;
}

std::string_view find_header(const Headers& headers, std::string_view name) {
  for (const auto& [n, v] : headers)
    if (n.size() == name.size() && strncasecmp(n.data(), name.data(), name.size()) == 0) return v;
  return {};
}

std::string_view HttpRequest::path() const {
  const std::string_view t = target;
  return t.substr(0, t.find('?'));
}

std::string_view HttpRequest::query() const {
  const std::string_view t = target;
  const size_t q = t.find('?');
  return q == std::string_view::npos ? std::string_view{} : t.substr(q + 1);
}

}  // namespace dealer::net
