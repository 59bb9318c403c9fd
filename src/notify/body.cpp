#include "notify/body.h"

#include "core/json_writer.h"
#include "core/utf8.h"

namespace dealer::notify {
namespace {

std::string json_body(const Event& e) {
  JsonWriter w;
  w.begin_object();
  w.key("id");
  w.string(e.id);
  w.key("event");
  w.string(e.event);
  w.key("time");
  w.string(iso8601_utc(e.time_us));
  w.key("text");
  w.string(e.text);
  w.key("data");
  w.raw(e.data.empty() ? "{}" : e.data);
  w.end_object();
  return w.take();
}

// {"<key>": text} with an optional chat_id first (Telegram).
std::string message_body(std::string_view key, std::string_view text, const std::string* chat_id = nullptr) {
  JsonWriter w;
  w.begin_object();
  if (chat_id) {
    w.key("chat_id");
    w.string(*chat_id);
  }
  w.key(key);
  w.string(text);
  w.end_object();
  return w.take();
}

bool urgent(std::string_view event) {
  return event == "kill_switch" || event == "store_failure" || event == "exchange_down" ||
         event == "order_ambiguous" || event == "strategy_disabled";
}

}  // namespace

std::string truncate_chars(std::string_view text, size_t max_chars) {
  size_t i = 0;
  size_t chars = 0;
  size_t cut = 0;  // byte offset after max_chars - 1 code points: where "…" would go
  while (i < text.size()) {
    if (chars == max_chars - 1) cut = i;
    if (chars == max_chars) return std::string(text.substr(0, cut)) + "\xE2\x80\xA6";
    const auto byte = static_cast<unsigned char>(text[i]);
    const size_t length = byte < 0x80 ? 1 : utf8_sequence_length(text, i);
    i += length == 0 ? 1 : length;  // a stray byte counts as one (the JSON writer replaces it)
    ++chars;
  }
  return std::string(text);
}

net::HttpRequest request_for(const Receiver& receiver, const Event& event) {
  net::HttpRequest r;
  r.method = "POST";
  r.target = receiver.url.target;
  r.headers.emplace_back("Idempotency-Key", event.id);
  std::string content_type = "application/json";
  switch (receiver.format) {
    case Format::kJson:
      r.body = json_body(event);
      break;
    case Format::kSlack:
      r.body = message_body("text", event.text);
      break;
    case Format::kDiscord:
      r.body = message_body("content", truncate_chars(event.text, kDiscordMaxChars));
      break;
    case Format::kTelegram:
      r.body = message_body("text", truncate_chars(event.text, kTelegramMaxChars), &receiver.chat_id);
      break;
    case Format::kNtfy:
      content_type = "text/plain; charset=utf-8";
      r.body = event.text;
      r.headers.emplace_back("Title", "dealer: " + event.event);
      r.headers.emplace_back("Tags", urgent(event.event) ? "warning" : "chart_with_upwards_trend");
      r.headers.emplace_back("Priority", urgent(event.event) ? "4" : "3");
      break;
  }
  r.headers.emplace_back("Content-Type", content_type);
  for (const auto& header : receiver.headers) r.headers.push_back(header);
  return r;
}

}  // namespace dealer::notify
