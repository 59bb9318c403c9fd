// The HTML report: self-contained, its three SVG charts well-formed XML with one marker per fill, its
// metrics table the --json figures; and a real browser (headless chromium) renders it.
#include "backtest/report_html.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <cstdio>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>

#include "backtest/config.h"
#include "backtest/report_json.h"
#include "market/trade_file.h"
#include "support/test_support.h"

namespace dealer::backtest {
namespace {

using dealer::testing::test_data_path;

// config/backtest.yaml over the bundled tape: three fills (two buys, one sell), worked out by hand in
// tests/backtest/backtest_test.cpp.
Report example_report() {
  auto trades =
      read_trade_file(test_data_path("../../data/mtgox-trades-btcusd-2013-01-01.csv"), Currency::usd());
  auto setup = load_backtest_config(test_data_path("../../config/backtest.yaml"));
  auto bt = Backtest::create(std::move(setup->config), std::move(setup->strategies));
  return std::move(*(*bt)->run(*trades));
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::vector<std::string> svgs(const std::string& html) {
  std::vector<std::string> out;
  for (size_t at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1))
    out.push_back(html.substr(at, html.find("</svg>", at) + 6 - at));
  return out;
}

TEST(ReportHtml, SelfContainedWellFormedChartsOneMarkerPerFill) {
  const Report r = example_report();
  ASSERT_EQ(r.fills.size(), 3u);
  const std::string html = report_html(r, 0.25);
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  // Nothing loaded from anywhere: no script but the one inline, no link, image, import or url(); the
  // only URL is the SVG namespace name.
  for (const char* outside : {"<link", "<img", "src=", "href=", "@import", "url(", "fetch(", "import("})
    EXPECT_EQ(html.find(outside), std::string::npos) << outside;
  EXPECT_EQ(count(html, "<script"), 1u);
  EXPECT_EQ(count(html, "<script>"), 1u);
  EXPECT_EQ(count(html, "http"), count(html, "xmlns=\"http://www.w3.org/2000/svg\""));

  const auto charts = svgs(html);
  ASSERT_EQ(charts.size(), 3u);
  std::vector<std::string> ids;
  size_t buys = 0, sells = 0;
  for (const std::string& svg : charts) {
    boost::property_tree::ptree tree;
    std::istringstream in(svg);
    ASSERT_NO_THROW(boost::property_tree::read_xml(in, tree)) << svg.substr(0, 200);
    ids.push_back(tree.get<std::string>("svg.<xmlattr>.id"));
    for (const auto& [name, child] : tree.get_child("svg")) {
      if (name != "path") continue;
      const std::string cls = child.get<std::string>("<xmlattr>.class");
      buys += cls == "fill buy";
      sells += cls == "fill sell";
    }
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"price", "equity", "drawdown"}));
  EXPECT_EQ(buys, 2u);  // the two fills of the buy order, 13.45
  EXPECT_EQ(sells, 1u);
  // The price line has one vertex per charted point: 2331 trades in 777 runs of 3 (ceil(2331 / 1000)),
  // at most two points each.
  EXPECT_GT(r.prices.size(), 777u);
  EXPECT_LE(r.prices.size(), 2 * 777u);
  // Not a regex: std::regex recurses once per character it matches, and on a list of thousands of
  // points it overflowed the stack under AddressSanitizer.
  const std::string tag = "<polyline class=\"line\" points=\"";
  const size_t from = charts[0].find(tag);
  ASSERT_NE(from, std::string::npos);
  const size_t start = from + tag.size();
  EXPECT_EQ(count(charts[0].substr(start, charts[0].find('"', start) - start), ","), r.prices.size());
}

TEST(ReportHtml, MetricsTableHoldsTheJsonFigures) {
  const Report r = example_report();
  const std::string html = report_html(r, 0.25);
  std::map<std::string, std::string> table;
  const std::regex row("<tr><th>([^<]*)</th><td>([^<]*)</td>");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), row); it != std::sregex_iterator(); ++it)
    table[(*it)[1]] = (*it)[2];

  // The JSON report's text for every scalar, and for every member of its objects (balances,
  // buy_and_hold, per_strategy.ID) as KEY.MEMBER; a list as its length. Numbers as written: the
  // table's text is the number the JSON holds (and null for null).
  const std::string json = report_json(r, 0.25);
  const boost::json::object o = boost::json::parse(json).as_object();
  size_t compared = 0;
  std::function<void(const std::string&, const boost::json::value&)> check =
      [&](const std::string& key, const boost::json::value& v) {
        if (v.is_object()) {
          for (const auto& member : v.as_object())
            check(key + "." + std::string(member.key()), member.value());
        } else if (v.is_string()) {
          EXPECT_EQ(table[key], v.as_string()) << key;
        } else if (v.is_array()) {
          EXPECT_EQ(table[key], std::to_string(v.as_array().size())) << key;
        } else if (v.is_null()) {
          EXPECT_EQ(table[key], "null") << key;
        } else if (key != "trades_per_second") {
          ASSERT_TRUE(table.contains(key)) << key;
          EXPECT_EQ(std::stod(table[key]), v.to_number<double>()) << key;
        }
      };
  for (const auto& kv : o) {
    check(std::string(kv.key()), kv.value());
    ++compared;
  }
  EXPECT_EQ(compared, 28u);
  // And the hand-worked figures of backtest_test.cpp, in text.
  EXPECT_EQ(table["pnl"], "-0.50172");
  EXPECT_EQ(table["final_balances.USD"], "999.49828");
  EXPECT_EQ(table["fees"], "0.32172");
  EXPECT_EQ(table["max_drawdown_pct"], "0.050172");
  EXPECT_EQ(table["sharpe"], "null");
  // The trade analysis of tests/backtest/trade_stats_test.cpp, in text.
  EXPECT_EQ(table["expectancy"], "-0.25086");
  EXPECT_EQ(table["buy_and_hold.pnl"], "-15.23907");
  EXPECT_EQ(table["per_strategy.dip-chain.pnl"], "-0.50172");
}

// The round trips and the fills as sortable tables, one row each; the equity chart holds the
// buy-and-hold curve; every chart has its hover readout and its data.
TEST(ReportHtml, RoundTripAndFillTablesAndHoverData) {
  const Report r = example_report();
  const std::string html = report_html(r, 0.25);
  const auto rows = [&](const std::string& id) {
    const size_t from = html.find("<table class=\"sortable\" id=\"" + id + "\">");
    if (from == std::string::npos) return size_t{0};
    const size_t body = html.find("<tbody>", from);
    return count(html.substr(body, html.find("</tbody>", body) - body), "<tr>");
  };
  EXPECT_EQ(rows("round-trips"), 2u);
  EXPECT_EQ(rows("fills"), 3u);
  // The first round trip: 1.49233208 bought at 13.45, sold at 13.36, pnl -0.37437.
  EXPECT_NE(
      html.find("<td>13.45000</td><td>13.36000</td><td>1.49233208</td><td>0.24005</td><td>-0.37437</td>"),
      std::string::npos);
  EXPECT_EQ(count(html, "<polyline class=\"line bh\""), 1u);
  EXPECT_EQ(count(html, "class=\"readout\""), 3u);
  for (const char* id : {"\"price\":{\"x\":[", "\"equity\":{\"x\":[", "\"drawdown\":{\"x\":["})
    EXPECT_NE(html.find(id), std::string::npos) << id;
}

// A real browser: headless chromium loads the file and its DOM has the three charts and the markers.
TEST(ReportHtml, RendersInHeadlessChromium) {
  if (std::system("command -v chromium > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "chromium is not installed (apt-get install chromium): the browser check is skipped";
  const std::string dir = ::testing::TempDir();
  const std::string file = dir + "report_html_test.html";
  std::ofstream(file, std::ios::binary) << report_html(example_report(), 0.25);
  // timeout: a browser that hangs fails the test instead of stalling the suite.
  const std::string command =
      "timeout 60 chromium --headless --disable-gpu --no-sandbox --user-data-dir=" + dir +
      "chromium-profile --dump-dom file://" + file + " 2>/dev/null";
  std::string dom;
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buffer[65536];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) dom.append(buffer, n);
  ASSERT_EQ(pclose(pipe), 0) << command;
  // The DOM as the browser built it (not our text): it closes elements and lowercases tags itself.
  EXPECT_NE(dom.find("<svg id=\"price\""), std::string::npos) << dom.substr(0, 500);
  EXPECT_NE(dom.find("<svg id=\"equity\""), std::string::npos);
  EXPECT_NE(dom.find("<svg id=\"drawdown\""), std::string::npos);
  EXPECT_EQ(count(dom, "class=\"fill buy\""), 2u);
  EXPECT_EQ(count(dom, "class=\"fill sell\""), 1u);
  EXPECT_NE(dom.find("<table id=\"metrics\">"), std::string::npos);
  EXPECT_NE(dom.find("<table class=\"sortable\" id=\"round-trips\">"), std::string::npos);
  // The inline script ran to its end without an error (it marks the body last).
  EXPECT_NE(dom.find("<body data-script=\"ran\">"), std::string::npos) << dom.substr(0, 300);
}

}  // namespace
}  // namespace dealer::backtest
