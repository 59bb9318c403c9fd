// The request each format sends, field by field, against the services' documented bodies (the names are
// listed in src/notify/body.h and docs/notifications.md), parsed back with an independent JSON parser.
#include "notify/body.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace dealer::notify {
namespace {

// 2013-01-01 00:00:00 UTC is 1356998400 s after the epoch.
constexpr int64_t kNewYear2013 = 1'356'998'400'000'000;

Event fill_event() {
  Event e;
  e.id = "fill-1356998400123456";
  e.event = "fill";
  e.time_us = kNewYear2013 + 5'500'000;  // 5.5 s later: the time shows whole seconds
  e.text = "Fill: bought 1 BTC at 13.5 USD";
  e.data = R"({"price":"13.5","amount":"1"})";
  return e;
}

Receiver receiver(Format format) {
  Receiver r;
  r.name = "r";
  r.format = format;
  r.url.host = "127.0.0.1";
  r.url.port = 9000;
  r.url.target = "/hook?x=1";
  r.headers = {{"Authorization", "Bearer t0ken"}};
  r.chat_id = "-100123";
  return r;
}

boost::json::object body_object(const net::HttpRequest& r) { return boost::json::parse(r.body).as_object(); }

void expect_common_headers(const net::HttpRequest& r, std::string_view content_type) {
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/hook?x=1");
  EXPECT_EQ(r.header("Idempotency-Key"), "fill-1356998400123456");
  EXPECT_EQ(r.header("Content-Type"), content_type);
  EXPECT_EQ(r.header("Authorization"), "Bearer t0ken");
}

TEST(NotifyBody, JsonCarriesIdEventIsoTimeTextAndData) {
  const net::HttpRequest r = request_for(receiver(Format::kJson), fill_event());
  expect_common_headers(r, "application/json");
  const boost::json::object o = body_object(r);
  EXPECT_EQ(o.size(), 5u);
  EXPECT_EQ(o.at("id").as_string(), "fill-1356998400123456");
  EXPECT_EQ(o.at("event").as_string(), "fill");
  EXPECT_EQ(o.at("time").as_string(), "2013-01-01T00:00:05Z");
  EXPECT_EQ(o.at("text").as_string(), "Fill: bought 1 BTC at 13.5 USD");
  EXPECT_EQ(o.at("data").at("price").as_string(), "13.5");
  EXPECT_EQ(o.at("data").at("amount").as_string(), "1");
}

TEST(NotifyBody, SlackIncomingWebhookTakesText) {
  const net::HttpRequest r = request_for(receiver(Format::kSlack), fill_event());
  expect_common_headers(r, "application/json");
  const boost::json::object o = body_object(r);
  EXPECT_EQ(o.size(), 1u);
  EXPECT_EQ(o.at("text").as_string(), "Fill: bought 1 BTC at 13.5 USD");
}

TEST(NotifyBody, DiscordWebhookTakesContentOfAtMost2000Characters) {
  const net::HttpRequest r = request_for(receiver(Format::kDiscord), fill_event());
  expect_common_headers(r, "application/json");
  const boost::json::object o = body_object(r);
  EXPECT_EQ(o.size(), 1u);
  EXPECT_EQ(o.at("content").as_string(), "Fill: bought 1 BTC at 13.5 USD");

  Event long_one = fill_event();
  long_one.text = std::string(2500, 'x');
  const boost::json::object cut = body_object(request_for(receiver(Format::kDiscord), long_one));
  // 1999 x and the ellipsis (3 bytes in UTF-8): 2000 characters.
  EXPECT_EQ(std::string(cut.at("content").as_string()), std::string(1999, 'x') + "\xE2\x80\xA6");
}

TEST(NotifyBody, TelegramSendMessageTakesChatIdAndText) {
  const net::HttpRequest r = request_for(receiver(Format::kTelegram), fill_event());
  expect_common_headers(r, "application/json");
  const boost::json::object o = body_object(r);
  EXPECT_EQ(o.size(), 2u);
  EXPECT_EQ(o.at("chat_id").as_string(), "-100123");
  EXPECT_EQ(o.at("text").as_string(), "Fill: bought 1 BTC at 13.5 USD");
}

TEST(NotifyBody, NtfyPublishesThePlainMessageWithTitleTagsAndPriorityHeaders) {
  const net::HttpRequest r = request_for(receiver(Format::kNtfy), fill_event());
  expect_common_headers(r, "text/plain; charset=utf-8");
  EXPECT_EQ(r.body, "Fill: bought 1 BTC at 13.5 USD");
  EXPECT_EQ(r.header("Title"), "dealer: fill");
  EXPECT_EQ(r.header("Priority"), "3");
  EXPECT_EQ(r.header("Tags"), "chart_with_upwards_trend");

  Event halt = fill_event();
  halt.event = "kill_switch";
  const net::HttpRequest urgent = request_for(receiver(Format::kNtfy), halt);
  EXPECT_EQ(urgent.header("Priority"), "4");  // ntfy's "high"
  EXPECT_EQ(urgent.header("Tags"), "warning");
}

TEST(NotifyBody, TruncationNeverSplitsAUtf8Sequence) {
  // "é" is two bytes; five of them cut to four characters: three and the ellipsis.
  EXPECT_EQ(truncate_chars("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 4),
            "\xC3\xA9\xC3\xA9\xC3\xA9\xE2\x80\xA6");
  EXPECT_EQ(truncate_chars("abcd", 4), "abcd");
  EXPECT_EQ(truncate_chars("abcde", 4), "abc\xE2\x80\xA6");
}

TEST(NotifyBody, IsoTimeIsUtcWholeSeconds) {
  EXPECT_EQ(iso8601_utc(kNewYear2013), "2013-01-01T00:00:00Z");
  EXPECT_EQ(iso8601_utc(kNewYear2013 + 86'399'999'999), "2013-01-01T23:59:59Z");
  EXPECT_EQ(iso8601_utc(0), "1970-01-01T00:00:00Z");
}

}  // namespace
}  // namespace dealer::notify
