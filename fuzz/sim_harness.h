// Feeds the simulator's request handler in process (no sockets) with requests written as text, for the
// two simulator fuzz targets. A fresh Simulator per input (the shipped config/exchange.yaml, the first
// trades of its tape, manual clocks) keeps every crash reproducible from its input alone.
//
// Input: requests separated by a line "===". Each is "METHOD TARGET", header lines "Name: value", an
// empty line, then the body. The header "Sign: alice" is replaced by alice's Rest-Key and a valid
// Rest-Sign over the body, so the fuzzer gets past authentication into the private calls.
//
// Invariants: every answer has an HTTP status; a JSON answer delivered normally parses as JSON (the
// simulator promises answers that always parse), unless the input itself switched faults on through
// /sim/faults (then malformed bodies are the point).
#pragma once

#include <boost/asio/io_context.hpp>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/json_reader.h"
#include "fuzz/fuzz_support.h"
#include "market/trade_file.h"
#include "sim/config.h"
#include "sim/simulator.h"

namespace dealer::fuzz {

// alice of config/exchange.yaml (simulator-only credentials).
inline constexpr std::string_view kAliceKey = "0b5bd1a5-3f16-4a8b-8ae3-3c0b1b4a0d11";
inline constexpr std::string_view kAliceSecret =
    "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==";

struct SimSetup {
  sim::ExchangeConfig config;
  std::vector<Trade> tape;
};

inline const SimSetup& sim_setup() {
  static const SimSetup setup = [] {
    auto config = sim::load_exchange_config(DEALER_SOURCE_DIR "/config/exchange.yaml");
    check(config.ok(), "config/exchange.yaml loads");
    auto tape = read_trade_file(config->market.trades_file, config->market.currency);
    check(tape.ok(), "the config's tape loads");
    tape->resize(std::min<size_t>(tape->size(), 50));  // enough for a market; fast to build per input
    return SimSetup{std::move(*config), std::move(*tape)};
  }();
  return setup;
}

inline std::vector<net::HttpRequest> parse_requests(std::string_view text) {
  std::vector<net::HttpRequest> requests;
  while (!text.empty()) {
    size_t end = text.find("\n===\n");
    std::string_view one = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 5);
    net::HttpRequest r;
    r.remote = "10.0.0.1";
    size_t nl = one.find('\n');
    const std::string_view start = one.substr(0, nl);
    const size_t space = start.find(' ');
    r.method = start.substr(0, space);
    r.target = space == std::string_view::npos ? "/" : start.substr(space + 1);
    bool sign = false;
    while (nl != std::string_view::npos) {
      one.remove_prefix(nl + 1);
      nl = one.find('\n');
      const std::string_view line = one.substr(0, nl);
      if (line.empty()) {
        r.body = nl == std::string_view::npos ? "" : one.substr(nl + 1);
        break;
      }
      const size_t colon = line.find(": ");
      if (line == "Sign: alice")
        sign = true;
      else if (colon != std::string_view::npos)
        r.headers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
    }
    if (sign) {
      r.headers.emplace_back("Rest-Key", kAliceKey);
      r.headers.emplace_back("Rest-Sign", *mtgox_sign(kAliceSecret, r.body));
    }
    requests.push_back(std::move(r));
  }
  return requests;
}

inline bool parses_as_json(std::string_view body) {
  try {
    JsonReader r(body);
    r.skip();
    r.expect_end();
    return true;
  } catch (const JsonError&) {
    return false;
  }
}

enum class Port { kMtGox, kMetaexchange };

inline void run_requests(std::string_view text, Port port) {
  const SimSetup& setup = sim_setup();
  const int64_t start = setup.tape.empty() ? 0 : setup.tape.front().tid;
  ManualClock exchange_clock(start), steady_clock(1'000'000), wall_clock(start);
  boost::asio::io_context io;
  sim::Simulator simulator(io, setup.config, setup.tape, exchange_clock, steady_clock, wall_clock);
  bool faults_changed = false;
  for (const net::HttpRequest& request : parse_requests(text)) {
    faults_changed |= request.path().starts_with("/sim/faults");
    const net::Reply reply =
        port == Port::kMtGox ? simulator.handle(request) : simulator.handle_metaexchange(request);
    check(reply.response.status >= 100 && reply.response.status <= 599, "an answer has an HTTP status");
    if (!faults_changed && reply.delivery == net::Delivery::kNormal &&
        reply.response.content_type.starts_with("application/json"))
      check(parses_as_json(reply.response.body), "a JSON answer parses");
    exchange_clock.advance(1'000'000);
    steady_clock.advance(10'000);
    wall_clock.advance(1'000'000);
  }
}

}  // namespace dealer::fuzz
