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

// Shares drawn on their own, since they combine with the faults above: a refusal burst starts before
// the request is handled, a latency spike delays whatever answer there is.
constexpr std::pair<std::string_view, Decimal FaultConfig::*> kOwnDrawShares[] = {
    {"rate_limit_burst_percent", &FaultConfig::rate_limit_burst_percent},
    {"latency_spike_percent", &FaultConfig::latency_spike_percent},
};

struct Length {
  std::string_view name;
  int64_t FaultConfig::*field;
  int64_t min, max;
};

constexpr Length kLengths[] = {
    {"latency_ms", &FaultConfig::latency_ms, 0, 600'000},
    {"latency_spike_ms", &FaultConfig::latency_spike_ms, 0, 600'000},
    {"rate_limit_burst_length", &FaultConfig::rate_limit_burst_length, 1, 1'000'000},
    {"overstated_fill_factor", &FaultConfig::overstated_fill_factor, 2, 1'000'000},
};

constexpr int64_t kDrawRange = 100'000'000;  // a draw in millionths of a percent

Decimal* find_share(FaultConfig& c, std::string_view name) {
  for (const Share& s : kShares)
    if (name == s.name) return &(c.*s.field);
  for (const auto& [share_name, field] : kOwnDrawShares)
    if (name == share_name) return &(c.*field);
  for (const SemanticShare& s : semantic_shares())
    if (name == s.name) return &(c.*s.field);
  return nullptr;
}

}  // namespace

bool FaultInjector::drawn(const Decimal& percent) {
  if (percent == Decimal(0, 0)) return false;  // no draw: the sequence of the other faults stays as it was
  return std::uniform_int_distribution<int64_t>(0, kDrawRange - 1)(rng_) < *percent.to_units_rounded(6);
}

bool FaultInjector::refuses() {
  if (burst_left_ == 0 && drawn(config_.rate_limit_burst_percent)) {
    burst_left_ = config_.rate_limit_burst_length;
    ++bursts_;
  }
  if (burst_left_ == 0) return false;
  --burst_left_;
  ++refused_;
  return true;
}

net::Reply FaultInjector::apply(net::HttpResponse response, std::string_view endpoint) {
  if (!endpoint.empty()) response = semantic_.rewrite(config_, endpoint, std::move(response));
  net::Reply reply{std::move(response), std::chrono::milliseconds(config_.latency_ms), net::Delivery::kNormal};
  if (drawn(config_.latency_spike_percent)) {
    reply.delay += std::chrono::milliseconds(config_.latency_spike_ms);
    ++spiked_;
  }
  // One draw in millionths of a percent, walked through the cumulative shares.
  const int64_t draw = std::uniform_int_distribution<int64_t>(0, kDrawRange - 1)(rng_);
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
    const Length* length = nullptr;
    for (const Length& l : kLengths)
      if (name == l.name) length = &l;
    if (length) {
      auto v = parse_int64(value);
      if (!v || *v < length->min || *v > length->max)
        return make_error(Errc::kInvalidArgument, name + ": expected " + std::to_string(length->min) + " to " +
                                                      std::to_string(length->max));
      next.*length->field = *v;
      continue;
    }
    Decimal* share = find_share(next, name);
    if (!share) return make_error(Errc::kInvalidArgument, "unknown fault '" + name + "'");
    auto d = Decimal::parse(value);
    if (!d || *d < Decimal(0, 0) || *d > Decimal(100, 0))
      return make_error(Errc::kInvalidArgument, name + ": expected a percentage from 0 to 100");
    *share = *d;
  }
  config_ = next;
  return {};
}

std::string FaultInjector::describe_json() const {
  JsonWriter w;
  w.begin_object();
  for (const Length& l : kLengths) {
    w.key(l.name);
    w.integer(config_.*l.field);
  }
  for (const Share& s : kShares) {
    w.key(s.name);
    w.string((config_.*s.field).to_string());
  }
  for (const auto& [name, field] : kOwnDrawShares) {
    w.key(name);
    w.string((config_.*field).to_string());
  }
  for (const SemanticShare& s : semantic_shares()) {
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
  w.key("latency_spike");
  w.integer(spiked_);
  w.key("rate_limit_burst");
  w.integer(bursts_);
  w.key("rate_limit_refused");
  w.integer(refused_);
  semantic_.write_counts(w);
  w.end_object();
}

}  // namespace dealer::sim
