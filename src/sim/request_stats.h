// RequestStats: what the simulator was asked and how it answered, served as GET /sim/stats (README
// "The exchange simulator"). Soak tests read it, and the paper-mode tests use it to prove that no
// private call was made. Counted per API port ("mtgox", "metaexchange"): public calls per endpoint;
// private (signed) MtGox calls per key name and endpoint, whether or not the signature checks out;
// answers by status class (a dropped connection has none and is counted as "dropped"). Faults are
// counted by the FaultInjector and written next to these. The simulator's own /sim/ controls are
// not counted.
//
// Ownership: a plain value owned by the Simulator. Not thread-safe: the simulator runs on one
// io_context thread, and /sim/stats is answered on it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/json_writer.h"
#include "net/http_message.h"

namespace dealer::sim {

class RequestStats {
 public:
  // The endpoint name of a path that is no API call.
  static constexpr std::string_view kUnknownEndpoint = "(unknown)";

  void count_public(std::string_view port, std::string_view endpoint);
  void count_private(std::string_view port, std::string_view key_name, std::string_view endpoint);
  // Counts the answer's status class (or the drop) and hands the reply back.
  net::Reply answered(net::Reply reply);

  // Writes the "requests" and "answers" members into an open object.
  void write(JsonWriter& w) const;

 private:
  using Counts = std::map<std::string, int64_t, std::less<>>;
  struct Port {
    Counts public_calls;
    std::map<std::string, Counts, std::less<>> private_calls;  // by key name
  };
  static void add(Counts& counts, std::string_view name);
  Port& port(std::string_view name);

  std::map<std::string, Port, std::less<>> ports_;
  Counts answers_;  // "2xx", "4xx", ..., "dropped"
};

}  // namespace dealer::sim
