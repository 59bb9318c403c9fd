#include "live/metrics.h"

#include <charconv>

namespace dealer::live {
namespace {

// The shortest fixed-point text that reads back as the same double ("0.0001", "1", "12.5"), which
// Prometheus parses and a person reads more easily than "1e-04".
std::string number(double value) {
  char buffer[400];  // room for any double in fixed notation
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed).ptr;
  return std::string(buffer, end);
}

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void sample(std::string& out, std::string_view name, std::string_view label, std::string_view value_of_label,
            const std::string& value) {
  out.append(name);
  if (!label.empty())
    out.append("{").append(label).append("=\"").append(escape_label_value(value_of_label)).append("\"}");
  out.append(" ").append(value).append("\n");
}

constexpr std::array<std::string_view, 3> kOrderEventNames = {"placed", "rejected", "cancelled"};

}  // namespace

void Histogram::observe(double seconds) {
  size_t i = 0;
  while (i < kBounds.size() && seconds > kBounds[i]) ++i;
  ++buckets_[i];
  ++count_;
  sum_ += seconds;
}

void Metrics::exchange_attempt(std::string_view path, bool ok) {
  auto it = endpoints.find(path);
  if (it == endpoints.end()) it = endpoints.emplace(std::string(path), EndpointCounts{}).first;
  ++it->second.requests;
  if (!ok) ++it->second.errors;
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string render_metrics(const Metrics& m, const MetricsGauges& gauges) {
  std::string out;
  family(out, "dealer_exchange_requests_total", "counter",
         "HTTP requests to the exchange (every attempt, retries included), by endpoint path.");
  for (const auto& [path, counts] : m.endpoints)
    sample(out, "dealer_exchange_requests_total", "endpoint", path, std::to_string(counts.requests));
  family(out, "dealer_exchange_errors_total", "counter",
         "HTTP requests to the exchange that failed (transport, HTTP status or the exchange's error), by "
         "endpoint path.");
  for (const auto& [path, counts] : m.endpoints)
    sample(out, "dealer_exchange_errors_total", "endpoint", path, std::to_string(counts.errors));

  family(out, "dealer_orders_total", "counter",
         "Order events answered by the exchange: placed, rejected or cancelled.");
  for (size_t i = 0; i < kOrderEventNames.size(); ++i)
    sample(out, "dealer_orders_total", "event", kOrderEventNames[i], std::to_string(m.orders[i]));
  family(out, "dealer_fills_total", "counter", "Fills of our orders, each counted once.");
  sample(out, "dealer_fills_total", {}, {}, std::to_string(m.fills));

  family(out, "dealer_feed_age_seconds", "gauge", "Seconds since the market feed's last successful answer.");
  for (const FeedAge& f : gauges.feed_ages) {
    if (f.seconds) sample(out, "dealer_feed_age_seconds", "feed", f.feed, number(*f.seconds));
  }
  family(out, "dealer_halted", "gauge", "1 when the kill switch or a store failure stopped trading.");
  sample(out, "dealer_halted", {}, {}, gauges.halted ? "1" : "0");
  family(out, "dealer_uptime_seconds", "gauge", "Seconds since the bot started.");
  sample(out, "dealer_uptime_seconds", {}, {}, number(gauges.uptime_seconds));

  family(out, "dealer_balance", "gauge", "The account's balance (total, open orders included), by currency.");
  for (const MoneyGauge& b : gauges.balances) sample(out, "dealer_balance", "currency", b.currency, b.value);
  family(out, "dealer_equity", "gauge",
         "The balances valued at the last trade price, in the pair's quote currency.");
  if (gauges.equity) sample(out, "dealer_equity", "currency", gauges.equity->currency, gauges.equity->value);
  family(out, "dealer_pnl", "gauge",
         "Equity now less equity at the bot's start, in the pair's quote currency.");
  if (gauges.pnl) sample(out, "dealer_pnl", "currency", gauges.pnl->currency, gauges.pnl->value);
  family(out, "dealer_position", "gauge", "Net amount of the pair's item bought minus sold by our fills.");
  sample(out, "dealer_position", {}, {}, gauges.position);
  family(out, "dealer_open_orders", "gauge", "Our orders not yet filled, cancelled or rejected.");
  sample(out, "dealer_open_orders", {}, {}, std::to_string(gauges.open_orders));

  family(out, "dealer_notify_pending", "gauge",
         "Notifications in the outbox not yet delivered, given up or expired, by receiver.");
  for (const auto& [receiver, counts] : m.notify)
    sample(out, "dealer_notify_pending", "receiver", receiver, std::to_string(counts.pending));
  family(out, "dealer_notify_failures_total", "counter",
         "Failed notification attempts (no answer, 429, 4xx, 5xx) since start, by receiver.");
  for (const auto& [receiver, counts] : m.notify)
    sample(out, "dealer_notify_failures_total", "receiver", receiver, std::to_string(counts.failures));

  family(out, "dealer_decision_latency_seconds", "histogram",
         "Seconds from a market event's arrival at the driver to the core's effects for it being carried "
         "out (steady clock).");
  const auto& buckets = m.decision_latency.buckets();
  uint64_t cumulative = 0;
  for (size_t i = 0; i < Histogram::kBounds.size(); ++i) {
    cumulative += buckets[i];
    sample(out, "dealer_decision_latency_seconds_bucket", "le", number(Histogram::kBounds[i]),
           std::to_string(cumulative));
  }
  sample(out, "dealer_decision_latency_seconds_bucket", "le", "+Inf",
         std::to_string(m.decision_latency.count()));
  sample(out, "dealer_decision_latency_seconds_sum", {}, {}, number(m.decision_latency.sum()));
  sample(out, "dealer_decision_latency_seconds_count", {}, {}, std::to_string(m.decision_latency.count()));
  return out;
}

}  // namespace dealer::live
