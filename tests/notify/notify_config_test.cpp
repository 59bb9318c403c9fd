// `notify:` and `notify_rules:` of the bot's configuration: what each key means, and errors as good as
// the other blocks' (file:line:col, the key path, what is allowed).
#include "notify/notify_config.h"

#include <gtest/gtest.h>

#include "config/reader.h"

namespace dealer::notify {
namespace {

Result<NotifyConfig> parse(const std::string& yaml) {
  return config::parse(yaml, "bot.yaml", [](const config::Node& root) {
    root.allow_keys({"notify", "notify_rules"});
    return read_notify_config(root["notify"], root["notify_rules"]);
  });
}

std::string error_of(const std::string& yaml) {
  auto c = parse(yaml);
  return c ? std::string("(no error)") : c.error().message;
}

TEST(NotifyConfig, ReadsEveryKeyOfAReceiver) {
  auto c = parse(
      "notify:\n"
      "  - url: http://127.0.0.1:9000/hook\n"
      "    format: telegram\n"
      "    name: phone\n"
      "    chat_id: \"-100123\"\n"
      "    events: [fill, kill_switch]\n"
      "    headers:\n"
      "      Authorization: {credential: hook-auth}\n"
      "      X-Team: {env: TEAM}\n");
  ASSERT_TRUE(c.ok()) << c.error().message;
  ASSERT_EQ(c->receivers.size(), 1u);
  const ReceiverConfig& r = c->receivers[0];
  EXPECT_EQ(r.name, "phone");
  EXPECT_EQ(r.format, Format::kTelegram);
  EXPECT_EQ(r.chat_id, "-100123");
  EXPECT_EQ(r.url, (SecretRef{SecretRef::From::kLiteral, "http://127.0.0.1:9000/hook"}));
  EXPECT_TRUE(r.wants(EventKind::kFill));
  EXPECT_TRUE(r.wants(EventKind::kKillSwitch));
  EXPECT_FALSE(r.wants(EventKind::kStarted));
  EXPECT_EQ(r.events.count(), 2u);
  ASSERT_EQ(r.headers.size(), 2u);
  EXPECT_EQ(r.headers[0].first, "Authorization");
  EXPECT_EQ(r.headers[0].second, (SecretRef{SecretRef::From::kCredential, "hook-auth"}));
  EXPECT_EQ(r.headers[1].second, (SecretRef{SecretRef::From::kEnv, "TEAM"}));
}

TEST(NotifyConfig, DefaultsEveryEventANameAndTheRules) {
  auto c = parse(
      "notify:\n  - {url: \"http://127.0.0.1:1/\", format: json}\n  - {url: {env: SLACK_URL}, format: "
      "slack}\n");
  ASSERT_TRUE(c.ok()) << c.error().message;
  ASSERT_EQ(c->receivers.size(), 2u);
  EXPECT_EQ(c->receivers[0].events.count(), 11u);
  EXPECT_EQ(c->receivers[0].name, "json-1");
  EXPECT_EQ(c->receivers[1].name, "slack-2");
  EXPECT_EQ(c->receivers[1].url, (SecretRef{SecretRef::From::kEnv, "SLACK_URL"}));
  EXPECT_EQ(c->rules.exchange_down_after_failures, 3);
  EXPECT_EQ(c->rules.exchange_down_after, std::chrono::seconds(30));
  EXPECT_EQ(c->rules.expire_after, std::chrono::hours(24));
  EXPECT_EQ(c->rules.retry_max, std::chrono::minutes(10));
}

TEST(NotifyConfig, NoNotifyBlockMeansNoReceivers) {
  auto c = parse(
      "notify_rules: {exchange_down_after_failures: 5, exchange_down_after: 2m, expire_after: 1h, retry_max: "
      "5s}\n");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_TRUE(c->receivers.empty());
  EXPECT_EQ(c->rules.exchange_down_after_failures, 5);
  EXPECT_EQ(c->rules.exchange_down_after, std::chrono::minutes(2));
  EXPECT_EQ(c->rules.expire_after, std::chrono::hours(1));
  EXPECT_EQ(c->rules.retry_max, std::chrono::seconds(5));
}

TEST(NotifyConfig, AHeaderValueWrittenInTheFileIsAnError) {
  EXPECT_EQ(
      error_of("notify:\n"
               "  - url: http://127.0.0.1:9000/\n"
               "    format: json\n"
               "    headers: {Authorization: \"Bearer abc\"}\n"),
      "bot.yaml:4:30: notify[0].headers.Authorization: a value here must not be written in the file: give "
      "{credential: NAME} (a file in $CREDENTIALS_DIRECTORY) or {env: NAME}");
}

TEST(NotifyConfig, ErrorsNameTheFilePositionKeyAndWhatIsAllowed) {
  EXPECT_EQ(error_of("notify:\n  - {url: \"http://127.0.0.1:1/\", format: email}\n"),
            "bot.yaml:2:42: notify[0].format: unknown format 'email' (known: json, slack, discord, telegram, "
            "ntfy)");
  EXPECT_EQ(error_of("notify:\n  - {url: \"http://127.0.0.1:1/\", format: json, events: [fills]}\n"),
            "bot.yaml:2:57: notify[0].events[0]: unknown event 'fills' (known: started, stopped, fill, "
            "order_rejected, order_ambiguous, strategy_disabled, kill_switch, exchange_down, exchange_up, "
            "store_failure, daily_summary)");
  EXPECT_EQ(error_of("notify:\n  - {url: \"http://127.0.0.1:1/\", format: json, retries: 3}\n"),
            "bot.yaml:2:48: notify[0].retries: unknown key (known here: url, format, events, headers, name, "
            "chat_id)");
  EXPECT_EQ(error_of("notify:\n  - {url: \"http://127.0.0.1:1/\", format: telegram}\n"),
            "bot.yaml:2:5: notify[0].chat_id: missing");
  EXPECT_EQ(error_of("notify:\n  - {url: \"ftp://127.0.0.1/\", format: json}\n").substr(0, 30),
            "bot.yaml:2:11: notify[0].url: ");
  EXPECT_EQ(error_of("notify:\n  - {url: {file: x}, format: json}\n"),
            "bot.yaml:2:12: notify[0].url.file: unknown key (known here: credential, env)");
  EXPECT_EQ(error_of("notify:\n  - {url: \"http://127.0.0.1:1/\", format: json, name: a}\n"
                     "  - {url: \"http://127.0.0.1:2/\", format: json, name: a}\n"),
            "bot.yaml:3:54: notify[1].name: the name 'a' is taken by notify[0]");
}

TEST(NotifyConfig, ResolveLooksValuesUpAndNamesWhatIsMissing) {
  auto c = parse(
      "notify:\n"
      "  - url: {credential: slack-url}\n"
      "    format: slack\n"
      "    headers: {X-Token: {env: TOKEN}}\n");
  ASSERT_TRUE(c.ok()) << c.error().message;
  std::map<std::string, std::string> values = {{"c:slack-url", "http://127.0.0.1:8080/services/T0/B0/x"},
                                               {"e:TOKEN", "s3cret"}};
  const SecretLookup lookup = [&](SecretRef::From from, const std::string& name) -> Result<std::string> {
    const std::string key = (from == SecretRef::From::kEnv ? "e:" : "c:") + name;
    return values.contains(key) ? values[key] : std::string();
  };
  auto receivers = resolve(*c, lookup);
  ASSERT_TRUE(receivers.ok()) << receivers.error().message;
  ASSERT_EQ(receivers->size(), 1u);
  EXPECT_EQ((*receivers)[0].url.host, "127.0.0.1");
  EXPECT_EQ((*receivers)[0].url.port, 8080);
  EXPECT_EQ((*receivers)[0].url.target, "/services/T0/B0/x");
  EXPECT_EQ((*receivers)[0].headers, (net::Headers{{"X-Token", "s3cret"}}));

  values.erase("e:TOKEN");
  auto missing = resolve(*c, lookup);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Errc::kConfig);
  EXPECT_EQ(missing.error().message,
            "notify receiver 'slack-1': headers.X-Token: environment variable TOKEN is not set");

  values["e:TOKEN"] = "s3cret";
  values["c:slack-url"] = "not a url with a secret";
  auto bad_url = resolve(*c, lookup);
  ASSERT_FALSE(bad_url.ok());
  EXPECT_EQ(bad_url.error().message, "notify receiver 'slack-1': url: not an http(s) URL");
}

}  // namespace
}  // namespace dealer::notify
