#include "notify/notify_config.h"

#include <array>

namespace dealer::notify {
namespace {

constexpr std::array<std::string_view, 5> kFormats = {"json", "slack", "discord", "telegram", "ntfy"};

std::string joined(std::span<const std::string_view> names) {
  std::string out;
  for (std::string_view n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

// {credential: NAME} or {env: NAME}; with `literal_ok`, a plain string too.
SecretRef read_secret_ref(const config::Node& node, bool literal_ok) {
  if (!node.is_map()) {
    if (!literal_ok)
      node.fail(
          "a value here must not be written in the file: give {credential: NAME} (a file in "
          "$CREDENTIALS_DIRECTORY) or {env: NAME}");
    return SecretRef{SecretRef::From::kLiteral, node.string()};
  }
  node.allow_keys({"credential", "env"});
  const config::Node credential = node["credential"];
  const config::Node env = node["env"];
  if (bool(credential) == bool(env)) node.fail("expected exactly one of credential: NAME or env: NAME");
  if (credential) return SecretRef{SecretRef::From::kCredential, credential.string()};
  return SecretRef{SecretRef::From::kEnv, env.string()};
}

ReceiverConfig read_receiver(const config::Node& node, size_t index) {
  node.allow_keys({"url", "format", "events", "headers", "name", "chat_id"});
  ReceiverConfig r;
  const std::string format = node["format"].string();
  size_t f = 0;
  while (f < kFormats.size() && kFormats[f] != format) ++f;
  if (f == kFormats.size())
    node["format"].fail("unknown format '" + format + "' (known: " + joined(kFormats) + ")");
  r.format = static_cast<Format>(f);
  r.name = node["name"].string(format + "-" + std::to_string(index + 1));
  r.url = read_secret_ref(node["url"], true);
  if (r.url.from == SecretRef::From::kLiteral) {
    if (auto url = net::parse_url(r.url.value); !url) node["url"].fail(url.error().message);
  }
  const config::Node events = node["events"];
  if (!events) r.events.set();
  for (const config::Node& e : events.list()) {
    const auto kind = parse_event_kind(e.string());
    if (!kind) e.fail("unknown event '" + e.string() + "' (known: " + joined(event_names()) + ")");
    r.events.set(static_cast<size_t>(*kind));
  }
  if (events && r.events.none()) events.fail("expected a list of at least one event");
  for (const auto& [key, value] : node["headers"].entries()) {
    const std::string name = key.string();
    if (name.empty() || name.find_first_of(" :\r\n") != std::string::npos) key.fail("not a header name");
    r.headers.emplace_back(name, read_secret_ref(value, false));
  }
  const config::Node chat_id = node["chat_id"];
  if (r.format == Format::kTelegram) {
    r.chat_id = chat_id.string();
  } else if (chat_id) {
    chat_id.fail("only a telegram receiver takes a chat_id");
  }
  return r;
}

NotifyRules read_rules(const config::Node& node) {
  node.allow_keys({"exchange_down_after_failures", "exchange_down_after", "expire_after", "retry_max"});
  NotifyRules rules;
  using std::chrono::milliseconds;
  const auto ms = [](Micros us) { return std::chrono::duration_cast<milliseconds>(us); };
  rules.exchange_down_after_failures =
      node["exchange_down_after_failures"].integer(1, 1'000'000, rules.exchange_down_after_failures);
  rules.exchange_down_after = node["exchange_down_after"].duration(milliseconds(0), std::chrono::hours(24),
                                                                   ms(rules.exchange_down_after));
  rules.expire_after = node["expire_after"].duration(std::chrono::seconds(1), std::chrono::hours(24 * 30),
                                                     ms(rules.expire_after));
  rules.retry_max =
      node["retry_max"].duration(std::chrono::seconds(1), std::chrono::hours(24), ms(rules.retry_max));
  return rules;
}

}  // namespace

std::string_view to_string(Format format) { return kFormats[static_cast<size_t>(format)]; }

NotifyConfig read_notify_config(const config::Node& notify, const config::Node& rules) {
  NotifyConfig c;
  const std::vector<config::Node> list = notify.list();
  for (size_t i = 0; i < list.size(); ++i) {
    c.receivers.push_back(read_receiver(list[i], i));
    for (size_t j = 0; j < i; ++j) {
      if (c.receivers[j].name == c.receivers[i].name)
        list[i]["name"].fail("the name '" + c.receivers[i].name + "' is taken by " + list[j].path());
    }
  }
  c.rules = read_rules(rules);
  return c;
}

Result<std::vector<Receiver>> resolve(const NotifyConfig& config, const SecretLookup& lookup) {
  std::vector<Receiver> out;
  for (const ReceiverConfig& rc : config.receivers) {
    const auto value = [&](const SecretRef& ref, const std::string& key) -> Result<std::string> {
      if (ref.from == SecretRef::From::kLiteral) return ref.value;
      auto v = lookup(ref.from, ref.value);
      if (!v) return v.error();
      if (v->empty()) {
        return make_error(Errc::kConfig,
                          "notify receiver '" + rc.name + "': " + key + ": " +
                              (ref.from == SecretRef::From::kEnv ? "environment variable " : "credential ") +
                              ref.value + " is not set");
      }
      return v;
    };
    Receiver r;
    r.name = rc.name;
    r.format = rc.format;
    r.events = rc.events;
    r.chat_id = rc.chat_id;
    auto url_text = value(rc.url, "url");
    if (!url_text) return url_text.error();
    auto url = net::parse_url(*url_text);
    // The URL's text may be a secret: the error names the key only.
    if (!url) return make_error(Errc::kConfig, "notify receiver '" + rc.name + "': url: not an http(s) URL");
    r.url = *url;
    for (const auto& [name, ref] : rc.headers) {
      auto v = value(ref, "headers." + name);
      if (!v) return v.error();
      r.headers.emplace_back(name, *v);
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace dealer::notify
