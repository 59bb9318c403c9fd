// dealer status [--url http://127.0.0.1:PORT | --config FILE] [--json]: asks a running `dealer run` for
// its /status (live/status_server.h) and prints it for a person: strategies, balances, open orders,
// feeds and the last errors (live::format_status), or the JSON as it came with --json. Exit 1 when
// nothing answers or the answer is not a status report; 2 on bad usage or configuration.
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "core/json_binding.h"
#include "live/bot_config.h"
#include "live/status_report.h"
#include "net/http_client.h"

namespace dealer::cli {
namespace {

constexpr std::chrono::seconds kTimeout(5);

struct StatusOptions {
  std::string url;
  std::string config;
  bool json = false;
};

int usage_error(const std::string& message) {
  std::fprintf(stderr, "dealer status: %s\n", message.c_str());
  return kExitUsage;
}

int failure(const std::string& message) {
  std::fprintf(stderr, "dealer status: %s\n", message.c_str());
  return kExitFailure;
}

// The base URL from --url, or from status.listen of the bot's configuration.
Result<std::string> base_url(const StatusOptions& o) {
  if (o.url.empty() == o.config.empty())
    return make_error(Errc::kInvalidArgument, "give either --url or --config (one of them)");
  if (!o.url.empty()) return o.url;
  auto config = live::load_status_listen(o.config);
  if (!config) return config.error();
  if (!*config) return make_error(Errc::kConfig, o.config + ": no status.listen: the endpoint is off");
  const live::StatusListen& listen = **config;
  if (listen.port == 0)
    return make_error(Errc::kConfig,
                      o.config +
                          ": status.listen has port 0 (any free port): give --url with the port "
                          "the bot logged ('status: listening on ...')");
  const bool v6 = listen.host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + listen.host + "]" : listen.host) + ":" + std::to_string(listen.port);
}

// GET base/status: the response, or why nothing usable came back.
Result<net::HttpResponse> fetch(const std::string& base) {
  auto url = net::parse_url(base);
  if (!url) return url.error();
  url->target = "/status";
  boost::asio::io_context io;
  net::HttpClientOptions options;
  options.connect_timeout = options.io_timeout = options.resolve_timeout = kTimeout;
  net::HttpClient client(io, options);
  std::optional<Result<net::HttpResponse>> answer;
  net::HttpRequest request;
  request.method = "GET";
  client.send(
      *url, std::move(request), [&](net::HttpOutcome o) { answer = std::move(o.response); }, kTimeout);
  io.run();
  if (!answer) return make_error(Errc::kNetwork, "no answer");
  return std::move(*answer);
}

int status(const StatusOptions& o) {
  auto base = base_url(o);
  if (!base) return usage_error(base.error().message);
  auto response = fetch(*base);
  if (!response)
    return failure("nothing answers at " + *base +
                   "/status (is dealer run up, with status.listen?): " + response.error().describe());
  if (response->status != 200)
    return failure(*base + "/status answered HTTP " + std::to_string(response->status) + ": " +
                   response->body.substr(0, 200));
  auto report = decode_json<live::StatusReport>(response->body);
  if (!report) return failure(*base + "/status: not a status report: " + report.error().describe());
  std::fputs(o.json ? (response->body + "\n").c_str() : live::format_status(*report).c_str(), stdout);
  return kExitOk;
}

}  // namespace

void add_status_command(CommandLine& cli) {
  auto o = std::make_shared<StatusOptions>();
  Command c = cli.add("status", "Show what a running bot is doing (its status endpoint).");
  c.option("--url", &o->url, "The bot's status endpoint, e.g. http://127.0.0.1:9100").value_name("URL");
  c.option("--config", &o->config, "The bot's configuration: its status.listen").value_name("FILE");
  c.flag("--json", &o->json, "Print the JSON of /status as it came");
  c.details(
      "The bot serves /status only with `status: {listen: \"127.0.0.1:PORT\"}` in its configuration.\n"
      "Exit codes: 0 shown, 1 nothing answers or the answer is not a status report, 2 bad usage.");
  c.on_run([o] { return status(*o); });
}

}  // namespace dealer::cli
