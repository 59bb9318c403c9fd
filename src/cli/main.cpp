// dealer: an automated bitcoin trading bot. One binary; the first argument picks the subcommand.
#include <cstdio>
#include <exception>
#include <string_view>

#include "cli/commands.h"

namespace {

constexpr std::string_view kUsage = R"(usage: dealer <command> [options]

commands:
  tape [--file CSV] [--currency USD] [--bucket-minutes 60]
        Summarize a recorded trade file (MtGox or bitcoincharts CSV): open, high, low, close,
        volume, turnover and VWAP, in total and per time bucket. Without --file it reads the
        bundled MtGox BTC/USD tape of 2013-01-01.
  exchange --config FILE [--mtgox-listen HOST:PORT]
        Run the exchange simulator: the MtGox HTTP API v1 over a matching engine that replays a
        recorded tape. Port 0 picks a free port; prints "listening mtgox=HOST:PORT" when ready and
        serves until SIGINT or SIGTERM.
  api mtgox|metaexchange CALL [name=value ...] [--base-url URL] [--pair BTCUSD]
        Make one exchange call and print the decoded answer as JSON. MtGox calls: ticker, depth,
        fulldepth, trades, cancelledtrades, currency, hotp_gen, lag, info, idkey, orders,
        my_trades, order/add, order/cancel, order/result, merchant/order/create. Metaexchange:
        the endpoint name, "2/NAME" for the v2 form. Keys come from DEALER_MTGOX_KEY and
        DEALER_MTGOX_SECRET (or DEALER_MTGOX_SECRET_FILE); URLs from DEALER_MTGOX_URL and
        DEALER_METAEXCHANGE_URL when --base-url is not given.
  help  Show this text.
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace dealer::cli;
  const std::string_view command = argc > 1 ? argv[1] : "help";
  if (command == "help" || command == "--help" || command == "-h") {
    std::fputs(kUsage.data(), stdout);
    return argc > 1 ? kExitOk : kExitUsage;
  }
  auto args = parse_args(argc, argv, 2);
  if (!args) {
    std::fprintf(stderr, "dealer: %s\n", args.error().describe().c_str());
    return kExitUsage;
  }
  try {
    if (command == "tape") return tape_command(*args);
    if (command == "exchange") return exchange_command(*args);
    if (command == "api") return api_command(*args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dealer %s: unexpected failure: %s\n", argv[1], e.what());
    return kExitFailure;
  }
  std::fprintf(stderr, "dealer: unknown command '%s'\n\n%s", argv[1], kUsage.data());
  return kExitUsage;
}
