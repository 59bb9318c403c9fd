// dealer notify-test --config FILE: sends one test event (event "test") to every receiver of the
// configuration's `notify:` list, outside the outbox, and prints what each answered: the HTTP status
// and the start of the body, or why there was no answer. Exit 0 when every receiver answered 2xx, 1
// when one did not, 2 on bad usage or configuration (a credential not set included). Receivers are
// named, never their URL or headers (either may hold a secret).
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/credentials.h"
#include "core/clock.h"
#include "live/bot_config.h"
#include "net/http_client.h"
#include "notify/body.h"
#include "notify/outbox.h"
#include "notify/outbox_queue.h"

namespace dealer::cli {
namespace {

constexpr std::chrono::seconds kTimeout(10);

int notify_test(const std::string& config_path) {
  auto config = live::load_notify_config(config_path);
  if (!config) {
    std::fprintf(stderr, "dealer notify-test: %s\n", config.error().message.c_str());
    return kExitUsage;
  }
  auto receivers = notify::resolve(*config, notify_secret_lookup());
  if (!receivers) {
    std::fprintf(stderr, "dealer notify-test: %s\n", receivers.error().message.c_str());
    return kExitUsage;
  }
  if (receivers->empty()) {
    std::fprintf(stderr, "dealer notify-test: %s has no notify: receivers\n", config_path.c_str());
    return kExitUsage;
  }
  const int64_t now = SystemClock().now_us();
  notify::Event event;
  event.event = "test";
  event.id = notify::new_event_id("test", now);
  event.time_us = now;
  event.text = "dealer notify-test: this receiver gets dealer's notifications";

  boost::asio::io_context io;
  net::HttpClient client(io);
  std::vector<std::string> answers(receivers->size());
  bool all_ok = true;
  for (size_t i = 0; i < receivers->size(); ++i) {
    const notify::Receiver& r = (*receivers)[i];
    client.send(
        r.url, notify::request_for(r, event),
        [&answers, &all_ok, i](net::HttpOutcome outcome) {
          const notify::Answer answer = notify::classify(outcome.response);
          if (answer.kind != notify::Answer::Kind::kDelivered) all_ok = false;
          answers[i] = answer.detail;
        },
        kTimeout);
  }
  io.run();
  for (size_t i = 0; i < receivers->size(); ++i) {
    const notify::Receiver& r = (*receivers)[i];
    std::printf("%s (%s): %s\n", r.name.c_str(), std::string(notify::to_string(r.format)).c_str(),
                answers[i].c_str());
  }
  return all_ok ? kExitOk : kExitFailure;
}

}  // namespace

void add_notify_test_command(CommandLine& cli) {
  auto config = std::make_shared<std::string>();
  Command c = cli.add("notify-test", "Send a test notification to every receiver of a configuration.");
  c.option("--config", config.get(), "The bot's configuration (its notify: list)")
      .required()
      .value_name("FILE");
  c.details(
      "Each receiver gets one event \"test\" with an Idempotency-Key, as the bot sends them; the answer\n"
      "of each is printed. Exit codes: 0 every receiver answered 2xx, 1 one did not, 2 configuration error.");
  c.on_run([config] { return notify_test(*config); });
}

}  // namespace dealer::cli
