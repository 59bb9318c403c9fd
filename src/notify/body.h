// The HTTP request each format sends for an event: a pure function, tested field by field without a
// socket (tests/notify/body_test.cpp). Every request is a POST to the receiver's URL carrying the
// event's id as `Idempotency-Key` and the receiver's own headers. The bodies, by the field names each
// service documents (docs/notifications.md lists the pages):
//   json      {"id", "event", "time" (ISO 8601 UTC), "text", "data"}: dealer's own form.
//   slack     Slack incoming webhook: {"text"} (a JSON POST; `text` is the message).
//   discord   Discord "execute webhook": {"content"} (the message, at most 2000 characters).
//   telegram  Telegram Bot API sendMessage: {"chat_id", "text"} (text 1-4096 characters); the bot's
//             token is part of the URL, .../bot<token>/sendMessage, so that URL comes from a credential.
//   ntfy      ntfy publish: the body is the message (text/plain), with the `Title`, `Tags` (comma-
//             separated emoji short codes) and `Priority` (1-5; 3 is the default) headers.
#pragma once

#include "net/http_message.h"
#include "notify/event.h"
#include "notify/notify_config.h"

namespace dealer::notify {

inline constexpr size_t kDiscordMaxChars = 2000;
inline constexpr size_t kTelegramMaxChars = 4096;

net::HttpRequest request_for(const Receiver& receiver, const Event& event);

// `text` cut to at most `max_chars` code points (never inside a UTF-8 sequence), with "…" as the last
// one when it was cut.
std::string truncate_chars(std::string_view text, size_t max_chars);

}  // namespace dealer::notify
