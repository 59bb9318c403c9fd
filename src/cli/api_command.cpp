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
#include <memory>
#include <sstream>
#include <vector>

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

struct ApiOptions {
  std::string exchange;  // mtgox or metaexchange
  std::string call;
  std::vector<std::string> params;  // name=value
  std::string base_url;             // empty: from the environment
  std::string pair = "BTCUSD";
};

// "name=value" arguments after the call name.
Result<FormFields> call_params(const std::vector<std::string>& args) {
  FormFields params;
  for (const std::string& p : args) {
    const size_t eq = p.find('=');
    if (eq == std::string::npos || eq == 0)
      return make_error(Errc::kInvalidArgument, "expected name=value, got '" + p + "'");
    params.emplace_back(p.substr(0, eq), p.substr(eq + 1));
  }
  return params;
}

// Makes the call on a client just created (or says why there is none) and prints the answer.
template <class Client>
int run_call(boost::asio::io_context& io, Result<std::unique_ptr<Client>> client, const char* url_variable,
             const std::string& call, FormFields params) {
  if (!client) {
    std::fprintf(stderr, "dealer api: %s (set --base-url or %s)\n", client.error().describe().c_str(),
                 url_variable);
    return kExitUsage;
  }
  int code = kExitFailure;
  (*client)->raw(call, std::move(params), [&code](Result<std::string> r) {
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

int api(const ApiOptions& a) {
  auto params = call_params(a.params);
  if (!params) {
    std::fprintf(stderr, "dealer api: %s\n", params.error().message.c_str());
    return kExitUsage;
  }
  boost::asio::io_context io;
  const SystemClock wall;
  if (a.exchange == "mtgox") {
    mtgox::ClientOptions o;
    o.base_url = a.base_url.empty() ? env("DEALER_MTGOX_URL") : a.base_url;
    auto currency = a.pair.size() == 6 && a.pair.starts_with("BTC")
                        ? Currency::from_code(a.pair.substr(3))
                        : Result<Currency>(make_error(Errc::kInvalidArgument, "expected BTCxxx"));
    if (!currency) {
      std::fprintf(stderr, "dealer api: --pair %s: %s\n", a.pair.c_str(), currency.error().message.c_str());
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
    return run_call(io, mtgox::Client::create(io, o, wall), "DEALER_MTGOX_URL", a.call,
                    std::move(*params));
  }
  metaexchange::ClientOptions o;
  o.base_url = a.base_url.empty() ? env("DEALER_METAEXCHANGE_URL") : a.base_url;
  return run_call(io, metaexchange::Client::create(io, o), "DEALER_METAEXCHANGE_URL", a.call,
                  std::move(*params));
}

}  // namespace

void add_api_command(CommandLine& cli) {
  auto o = std::make_shared<ApiOptions>();
  Command c = cli.add("api", "Make one exchange call by hand and print the decoded answer as JSON.");
  c.positional("exchange", &o->exchange, "Which API").required().choices({"mtgox", "metaexchange"});
  c.positional("call", &o->call, "The call, e.g. ticker, order/add, getMarket, 2/getQuote").required();
  c.positionals("params", &o->params, "The call's parameters").value_name("NAME=VALUE");
  c.option("--base-url", &o->base_url,
           "The exchange's URL (default: DEALER_MTGOX_URL or DEALER_METAEXCHANGE_URL)")
      .value_name("URL");
  c.option("--pair", &o->pair, "MtGox currency pair").value_name("BTCxxx");
  c.details(
      "MtGox calls: ticker, depth, fulldepth, trades, cancelledtrades, currency, hotp_gen, lag, info,\n"
      "idkey, orders, my_trades, order/add, order/cancel, order/result, merchant/order/create.\n"
      "Metaexchange calls: the endpoint name, \"2/NAME\" for the v2 form.\n"
      "Keys come from DEALER_MTGOX_KEY and DEALER_MTGOX_SECRET (or the file named by\n"
      "DEALER_MTGOX_SECRET_FILE); nonces persist in DEALER_MTGOX_NONCE_FILE. Keys are never printed.\n"
      "Example: dealer api mtgox order/add type=bid amount_int=1000000 price_int=1300000");
  c.on_run([o] { return api(*o); });
}

}  // namespace dealer::cli
