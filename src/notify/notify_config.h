// NotifyConfig: the `notify:` list of the bot's configuration (key names fixed by issue 20) and the
// optional `notify_rules:` block (dealer's own). docs/notifications.md shows an example of each format.
//
//   notify:
//     - url: http://127.0.0.1:9000/hook          # or {credential: NAME} / {env: NAME} (a Slack webhook
//       format: json                             #   URL or a Telegram bot URL is itself a secret)
//       events: [fill, kill_switch]               # optional: every event when absent
//       headers:
//         Authorization: {credential: hook-auth}  # values from a credential or the environment only
//       name: ops                                 # optional: names it in logs, metrics and the outbox
//       chat_id: "-100123"                        # telegram only, required there
//   notify_rules:
//     exchange_down_after_failures: 3   # exchange_down after this many failed requests in a row ...
//     exchange_down_after: 30s          # ... or once requests have failed for this long
//     expire_after: 24h                 # a message not delivered by then is dropped (logged)
//     retry_max: 10m                    # the longest wait between two attempts (the backoff's cap)
//
// A header value written in the file is a configuration error: secrets never live there. Values are
// looked up when the bot starts (resolve()), never stored in the outbox.
//
// Ownership: plain values.
#pragma once

#include <bitset>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "config/reader.h"
#include "core/result.h"
#include "core/time.h"
#include "net/http_message.h"
#include "notify/event.h"

namespace dealer::notify {

enum class Format { kJson, kSlack, kDiscord, kTelegram, kNtfy };
std::string_view to_string(Format format);

// Where a value that must not be in the file comes from.
struct SecretRef {
  enum class From { kLiteral, kCredential, kEnv };
  From from = From::kLiteral;
  std::string value;  // the literal (urls only), or the credential's or variable's name

  friend bool operator==(const SecretRef&, const SecretRef&) = default;
};

struct ReceiverConfig {
  std::string name;
  SecretRef url;
  Format format = Format::kJson;
  std::bitset<kEventKinds> events;  // subscribed kinds
  std::vector<std::pair<std::string, SecretRef>> headers;
  std::string chat_id;  // telegram

  bool wants(EventKind kind) const { return events.test(static_cast<size_t>(kind)); }
  friend bool operator==(const ReceiverConfig&, const ReceiverConfig&) = default;
};

struct NotifyRules {
  int64_t exchange_down_after_failures = 3;
  Micros exchange_down_after = std::chrono::seconds(30);
  Micros expire_after = std::chrono::hours(24);
  Micros retry_max = std::chrono::minutes(10);

  friend bool operator==(const NotifyRules&, const NotifyRules&) = default;
};

struct NotifyConfig {
  std::vector<ReceiverConfig> receivers;
  NotifyRules rules;

  friend bool operator==(const NotifyConfig&, const NotifyConfig&) = default;
};

// Reads `notify` (a list; absent: no receivers) and `notify_rules` (absent: the defaults). Errors go
// through Node::fail (file:line:col: path: message).
NotifyConfig read_notify_config(const config::Node& notify, const config::Node& rules);

// A receiver ready to send to: its URL and headers with their values looked up.
struct Receiver {
  std::string name;
  net::Url url;
  Format format = Format::kJson;
  std::bitset<kEventKinds> events;
  net::Headers headers;
  std::string chat_id;

  bool wants(EventKind kind) const { return events.test(static_cast<size_t>(kind)); }
};

// Looks a credential (From::kCredential) or an environment variable (From::kEnv) up; an error, or ""
// when it is not set.
using SecretLookup = std::function<Result<std::string>(SecretRef::From, const std::string& name)>;

// The receivers with every value looked up; a value that is not set or a URL that does not parse is
// an Errc::kConfig error naming the receiver and the key (never the value).
Result<std::vector<Receiver>> resolve(const NotifyConfig& config, const SecretLookup& lookup);

}  // namespace dealer::notify
