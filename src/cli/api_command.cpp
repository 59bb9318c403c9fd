// dealer api: try exchange calls by hand and see the decoded answer as JSON.
//   dealer api mtgox ticker --pair BTCUSD --base-url http://127.0.0.1:8080
//   dealer api mtgox order/add type=bid amount_int=1000000 price_int=1300000
//   dealer api metaexchange getMarket symbol_pair=bitBTC_BTC
// Base URL, key and secret come from options or the environment (DEALER_MTGOX_URL, DEALER_MTGOX_KEY,
// DEALER_MTGOX_SECRET or the file named by DEALER_MTGOX_SECRET_FILE, DEALER_MTGOX_NONCE_FILE,
// DEALER_METAEXCHANGE_URL). The key and secret are never printed.
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "exchange/metaexchange/client.h"
#include "exchange/mtgox/client.h"

namespace dealer::cli {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

Result<std::string> secret_from_environment() {
  if (std::string s = env("DEALER_MTGOX_SECRET"); !s.empty()) return s;
  const std::string path = env("DEALER_MTGOX_SECRET_FILE");
  if (path.empty()) return std::string();
  std::ifstream in(path);
  if (!in) return make_error(Errc::kConfig, "DEALER_MTGOX_SECRET_FILE: cannot read '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// "name=value" arguments after the call name.
Result<FormFields> call_params(const Args& args) {
  FormFields params;
  for (size_t i = 2; i < args.positional.size(); ++i) {
    const std::string& p = args.positional[i];
    const size_t eq = p.find('=');
    if (eq == std::string::npos || eq == 0)
      return make_error(Errc::kInvalidArgument, "expected name=value, got '" + p + "'");
    params.emplace_back(p.substr(0, eq), p.substr(eq + 1));
  }
  return params;
}

int run_call(boost::asio::io_context& io, const std::function<void(Callback<std::string>)>& start) {
  int code = kExitFailure;
  start([&code](Result<std::string> r) {
    if (r) {
      std::printf("%s\n", r->c_str());
      code = kExitOk;
    } else {
      std::fprintf(stderr, "dealer api: %s\n", r.error().describe().c_str());
    }
  });
  io.run();
  return code;
}

}  // namespace

int api_command(const Args& args) {
  if (args.positional.size() < 2) {
    std::fprintf(stderr, "usage: dealer api mtgox|metaexchange CALL [name=value ...] [--base-url URL] [--pair BTCUSD]\n");
    return kExitUsage;
  }
  auto params = call_params(args);
  if (!params) {
    std::fprintf(stderr, "dealer api: %s\n", params.error().message.c_str());
    return kExitUsage;
  }
  boost::asio::io_context io;
  const SystemClock wall;
  const std::string& exchange = args.positional[0];
  const std::string& call = args.positional[1];
  if (exchange == "mtgox") {
    mtgox::ClientOptions o;
    o.base_url = args.get("base-url", env("DEALER_MTGOX_URL"));
    const std::string pair = args.get("pair", "BTCUSD");
    auto currency = pair.size() == 6 && pair.starts_with("BTC") ? Currency::from_code(pair.substr(3))
                                                                 : Result<Currency>(make_error(Errc::kInvalidArgument, "expected BTCxxx"));
    if (!currency) {
      std::fprintf(stderr, "dealer api: --pair %s: %s\n", pair.c_str(), currency.error().message.c_str());
      return kExitUsage;
    }
    o.currency = *currency;
    o.key = env("DEALER_MTGOX_KEY");
    auto secret = secret_from_environment();
    if (!secret) {
      std::fprintf(stderr, "dealer api: %s\n", secret.error().message.c_str());
      return kExitUsage;
    }
    o.secret_base64 = *secret;
    o.nonce_file = env("DEALER_MTGOX_NONCE_FILE");
    auto client = mtgox::Client::create(io, o, wall);
    if (!client) {
      std::fprintf(stderr, "dealer api: %s (set --base-url or DEALER_MTGOX_URL)\n", client.error().describe().c_str());
      return kExitUsage;
    }
    return run_call(io, [&](Callback<std::string> done) { (*client)->raw(call, std::move(*params), std::move(done)); });
  }
  if (exchange == "metaexchange") {
    metaexchange::ClientOptions o;
    o.base_url = args.get("base-url", env("DEALER_METAEXCHANGE_URL"));
    auto client = metaexchange::Client::create(io, o);
    if (!client) {
      std::fprintf(stderr, "dealer api: %s (set --base-url or DEALER_METAEXCHANGE_URL)\n", client.error().describe().c_str());
      return kExitUsage;
    }
    return run_call(io, [&](Callback<std::string> done) { (*client)->raw(call, std::move(*params), std::move(done)); });
  }
  std::fprintf(stderr, "dealer api: unknown exchange '%s' (mtgox or metaexchange)\n", exchange.c_str());
  return kExitUsage;
}

}  // namespace dealer::cli
