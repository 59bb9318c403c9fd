#include "sim/faults.h"

#include "core/json_writer.h"
#include "exchange/mtgox/codec.h"

namespace dealer::sim {
namespace {

enum class Fault { kNone, k500, k502, kDrop, kTruncate, kMalformed, kMySql };

struct Share {
  std::string_view name;
  Decimal FaultConfig::*field;
  Fault fault;
};

constexpr Share kShares[] = {
    {"error_500_percent", &FaultConfig::error_500_percent, Fault::k500},
    {"error_502_percent", &FaultConfig::error_502_percent, Fault::k502},
    {"drop_percent", &FaultConfig::drop_percent, Fault::kDrop},
    {"truncate_percent", &FaultConfig::truncate_percent, Fault::kTruncate},
    {"malformed_percent", &FaultConfig::malformed_percent, Fault::kMalformed},
    {"mysql_error_percent", &FaultConfig::mysql_error_percent, Fault::kMySql},
};

}  // namespace

net::Reply FaultInjector::apply(net::HttpResponse response) {
  net::Reply reply{std::move(response), std::chrono::milliseconds(config_.latency_ms), net::Delivery::kNormal};
  // One draw in millionths of a percent, walked through the cumulative shares.
  const int64_t draw = std::uniform_int_distribution<int64_t>(0, 100'000'000 - 1)(rng_);
  int64_t edge = 0;
  Fault fault = Fault::kNone;
  if (config_.latency_ms > 0) ++delayed_;
  for (size_t i = 0; i < std::size(kShares); ++i) {
    edge += *(config_.*kShares[i].field).to_units_rounded(6);
    if (draw < edge) {
      fault = kShares[i].fault;
      ++injected_[i];
      break;
    }
  }
  switch (fault) {
    case Fault::kNone: break;
    case Fault::k500: reply.response = {500, "text/html", "<html><body>500 Internal Server Error</body></html>", {}}; break;
    case Fault::k502: reply.response = {502, "text/html", "<html><body>502 Bad Gateway</body></html>", {}}; break;
    case Fault::kDrop: reply.delivery = net::Delivery::kDrop; break;
    case Fault::kTruncate: reply.delivery = net::Delivery::kTruncate; break;
    case Fault::kMalformed: reply.response.body = "{\"result\":\"success\",\"return\":{\"oops\":[1,2,}"; break;
    case Fault::kMySql: reply.response = {200, "text/plain", std::string(mtgox::kBusyBody), {}}; break;
  }
  return reply;
}

Status FaultInjector::update(const FormFields& fields) {
  FaultConfig next = config_;
  for (const auto& [name, value] : fields) {
    if (name == "latency_ms") {
      auto v = parse_int64(value);
      if (!v || *v < 0 || *v > 600'000) return make_error(Errc::kInvalidArgument, "latency_ms: expected 0 to 600000");
      next.latency_ms = *v;
      continue;
    }
    const Share* share = nullptr;
    for (const Share& s : kShares)
      if (name == s.name) share = &s;
    if (!share) return make_error(Errc::kInvalidArgument, "unknown fault '" + name + "'");
    auto d = Decimal::parse(value);
    if (!d || *d < Decimal(0, 0) || *d > Decimal(100, 0))
      return make_error(Errc::kInvalidArgument, name + ": expected a percentage from 0 to 100");
    next.*share->field = *d;
  }
  config_ = next;
  return {};
}

std::string FaultInjector::describe_json() const {
  JsonWriter w;
  w.begin_object();
  w.key("latency_ms");
  w.integer(config_.latency_ms);
  for (const Share& s : kShares) {
    w.key(s.name);
    w.string((config_.*s.field).to_string());
  }
  w.end_object();
  return w.take();
}

void FaultInjector::write_counts(JsonWriter& w) const {
  static_assert(std::tuple_size_v<decltype(injected_)> == std::size(kShares));
  constexpr std::string_view kSuffix = "_percent";
  w.key("faults");
  w.begin_object();
  for (size_t i = 0; i < std::size(kShares); ++i) {
    std::string_view name = kShares[i].name;
    name.remove_suffix(kSuffix.size());
    w.key(name);
    w.integer(injected_[i]);
  }
  w.key("latency");
  w.integer(delayed_);
  w.end_object();
}

}  // namespace dealer::sim
