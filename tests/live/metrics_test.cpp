// live/metrics.h: the Prometheus text of /metrics, read back by the strict checker of
// tests/support/prometheus_text.h, with every expected value worked out by hand from what was counted.
// The checker itself is shown to refuse each kind of mistake it looks for.
#include "live/metrics.h"

#include <gtest/gtest.h>

#include "support/prometheus_text.h"

namespace dealer::live {
namespace {

using testing::parse_prometheus_text;

std::string errors_of(const testing::PromText& t) {
  std::string out;
  for (const std::string& e : t.errors) out += e + "\n";
  return out;
}

TEST(Metrics, TextIsValidPrometheusAndCountsWhatHappened) {
  Metrics m;
  m.exchange_attempt("/api/1/BTCUSD/public/ticker", true);
  m.exchange_attempt("/api/1/BTCUSD/public/ticker", false);
  m.exchange_attempt("/api/1/BTCUSD/private/order/add", true);
  m.order(OrderEvent::kPlaced);
  m.order(OrderEvent::kCancelled);
  m.fills = 2;
  m.decision_latency.observe(0.0002);  // in le="0.00025"
  m.decision_latency.observe(0.003);   // in le="0.005"
  m.decision_latency.observe(2.0);     // above every bound: only in le="+Inf"
  const std::array<FeedAge, 2> ages = {FeedAge{"ticker", 1.5}, FeedAge{"depth", std::nullopt}};
  const std::string text = render_metrics(m, MetricsGauges{ages, true, 12.25});

  const auto parsed = parse_prometheus_text(text);
  ASSERT_TRUE(parsed.errors.empty()) << errors_of(parsed) << text;
  const auto& s = parsed.samples;
  EXPECT_EQ(s.at("dealer_exchange_requests_total{endpoint=\"/api/1/BTCUSD/public/ticker\"}"), 2);
  EXPECT_EQ(s.at("dealer_exchange_errors_total{endpoint=\"/api/1/BTCUSD/public/ticker\"}"), 1);
  EXPECT_EQ(s.at("dealer_exchange_requests_total{endpoint=\"/api/1/BTCUSD/private/order/add\"}"), 1);
  EXPECT_EQ(s.at("dealer_exchange_errors_total{endpoint=\"/api/1/BTCUSD/private/order/add\"}"), 0);
  EXPECT_EQ(s.at("dealer_orders_total{event=\"placed\"}"), 1);
  EXPECT_EQ(s.at("dealer_orders_total{event=\"rejected\"}"), 0);
  EXPECT_EQ(s.at("dealer_orders_total{event=\"cancelled\"}"), 1);
  EXPECT_EQ(s.at("dealer_fills_total"), 2);
  EXPECT_EQ(s.at("dealer_feed_age_seconds{feed=\"ticker\"}"), 1.5);
  EXPECT_FALSE(s.contains("dealer_feed_age_seconds{feed=\"depth\"}"));  // no answer yet: no sample
  EXPECT_EQ(s.at("dealer_halted"), 1);
  EXPECT_EQ(s.at("dealer_uptime_seconds"), 12.25);
  EXPECT_EQ(parsed.types.at("dealer_decision_latency_seconds"), "histogram");
  EXPECT_EQ(s.at("dealer_decision_latency_seconds_bucket{le=\"0.0001\"}"), 0);
  EXPECT_EQ(s.at("dealer_decision_latency_seconds_bucket{le=\"0.00025\"}"), 1);
  EXPECT_EQ(s.at("dealer_decision_latency_seconds_bucket{le=\"0.0025\"}"), 1);
  EXPECT_EQ(s.at("dealer_decision_latency_seconds_bucket{le=\"0.005\"}"), 2);
  EXPECT_EQ(s.at("dealer_decision_latency_seconds_bucket{le=\"1\"}"), 2);
  EXPECT_EQ(s.at("dealer_decision_latency_seconds_bucket{le=\"+Inf\"}"), 3);
  EXPECT_EQ(s.at("dealer_decision_latency_seconds_count"), 3);
  EXPECT_NEAR(s.at("dealer_decision_latency_seconds_sum"), 2.0032, 1e-12);
}

TEST(Metrics, NotifyPendingAndFailuresPerReceiver) {
  Metrics m;
  m.notify["ops"] = {3, 7};
  m.notify["phone"] = {0, 0};
  const auto parsed = parse_prometheus_text(render_metrics(m, MetricsGauges{}));
  ASSERT_TRUE(parsed.errors.empty()) << errors_of(parsed);
  EXPECT_EQ(parsed.types.at("dealer_notify_pending"), "gauge");
  EXPECT_EQ(parsed.types.at("dealer_notify_failures_total"), "counter");
  EXPECT_EQ(parsed.samples.at("dealer_notify_pending{receiver=\"ops\"}"), 3);
  EXPECT_EQ(parsed.samples.at("dealer_notify_failures_total{receiver=\"ops\"}"), 7);
  EXPECT_EQ(parsed.samples.at("dealer_notify_pending{receiver=\"phone\"}"), 0);
}

TEST(Metrics, LabelValuesAreEscaped) {
  Metrics m;
  const std::string odd = "/a\"b\\c\nd";
  m.exchange_attempt(odd, false);
  EXPECT_EQ(escape_label_value(odd), "/a\\\"b\\\\c\\nd");
  const std::string text = render_metrics(m, {});
  const auto parsed = parse_prometheus_text(text);
  ASSERT_TRUE(parsed.errors.empty()) << errors_of(parsed) << text;
  // The checker unescapes and re-escapes: the same value came back.
  EXPECT_EQ(parsed.samples.at("dealer_exchange_errors_total{endpoint=\"/a\\\"b\\\\c\\nd\"}"), 1);
}

// Each text breaks one rule; the checker must say so (else the tests above could not fail).
TEST(PrometheusChecker, RefusesEachKindOfMistake) {
  const std::string help = "# HELP x_total Things.\n# TYPE x_total counter\n";
  const std::string hist_head = "# HELP h Latency.\n# TYPE h histogram\n";
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"no newline at the end", help + "x_total 1"},
      {"bad metric name", help + "x-total 1\n"},
      {"bad label name", help + "x_total{1a=\"v\"} 1\n"},
      {"unquoted label value", help + "x_total{a=v} 1\n"},
      {"bad escape", help + "x_total{a=\"\\t\"} 1\n"},
      {"bad value", help + "x_total 1,5\n"},
      {"no TYPE", "x_total 1\n"},
      {"TYPE without HELP", "# TYPE x_total counter\nx_total 1\n"},
      {"TYPE after samples", "# HELP x_total T.\nx_total 1\n# TYPE x_total counter\n"},
      {"unknown type", "# HELP x T.\n# TYPE x countre\nx 1\n"},
      {"negative counter", help + "x_total -1\n"},
      {"sample twice", help + "x_total 1\nx_total 2\n"},
      {"family split", help + "x_total{a=\"1\"} 1\n# HELP y Y.\n# TYPE y gauge\ny 1\nx_total{a=\"2\"} 1\n"},
      {"not cumulative", hist_head + "h_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"},
      {"no +Inf", hist_head + "h_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n"},
      {"+Inf differs from count", hist_head + "h_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n"},
      {"no sum", hist_head + "h_bucket{le=\"+Inf\"} 1\nh_count 1\n"},
      {"bounds not increasing",
       hist_head +
           "h_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"},
  };
  for (const auto& [what, text] : bad) EXPECT_FALSE(parse_prometheus_text(text).errors.empty()) << what;
  const auto good =
      parse_prometheus_text(help + "x_total{a=\"q\\\"\"} 1.5e3 1700000000000\n" + hist_head +
                            "h_bucket{le=\"0.5\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1.25\nh_count 2\n");
  EXPECT_TRUE(good.errors.empty()) << errors_of(good);
}

}  // namespace
}  // namespace dealer::live
