// DashboardState: what GET /api/state answers and each `state` event of GET /api/events carries
// (docs/dashboard.md): the /status report (live/status_report.h) and what the page draws beyond it —
// recent trades from the history, our recent fills and the strategies' recent decisions, the book
// replica, the equity curve and P&L. Money is decimal text in the currency's precision (exact); times
// are integer microseconds since the Unix epoch (UTC). Nothing in it is a credential.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "live/status_report.h"

namespace dealer::live {

struct ChartTrade {
  int64_t time_us = 0;
  std::string price;
  std::string amount;
};

struct DashboardFill {
  int64_t time_us = 0;
  std::string trade_id;  // the exchange's, as it sent it
  std::string client_id;  // empty for an order dealer did not place
  std::string side;       // "buy" or "sell"
  std::string price;
  std::string amount;
  std::string fee;
  std::string fee_currency;
};

struct DashboardDecision {
  int64_t time_us = 0;
  std::string strategy;  // empty for the core's own (kill switch)
  std::string kind;
  std::string reason;
};

struct BookLevel {
  std::string price;
  std::string amount;
};

struct DashboardBook {
  std::vector<BookLevel> bids;  // best first
  std::vector<BookLevel> asks;
};

struct EquitySample {
  int64_t time_us = 0;
  std::string equity;
};

struct DashboardState {
  StatusReport status;
  std::string exchange;  // the exchange's base URL
  bool controls = true;  // false: read-only (status.controls: false)
  std::vector<std::string> stale_feeds;
  std::vector<ChartTrade> trades;            // oldest first
  std::vector<DashboardFill> fills;          // newest first
  std::vector<DashboardDecision> decisions;  // newest first
  DashboardBook book;
  std::string valuation;             // the currency equity and P&L are in (the pair's quote)
  std::vector<EquitySample> equity;  // oldest first
  std::optional<std::string> pnl_since_start;
  std::optional<std::string> pnl_today;
};

template <class V>
void describe(V& v, ChartTrade& t) {
  v("time_us", t.time_us);
  v("price", t.price);
  v("amount", t.amount);
}
template <class V>
void describe(V& v, DashboardFill& f) {
  v("time_us", f.time_us);
  v("trade_id", f.trade_id);
  v("client_id", f.client_id);
  v("side", f.side);
  v("price", f.price);
  v("amount", f.amount);
  v("fee", f.fee);
  v("fee_currency", f.fee_currency);
}
template <class V>
void describe(V& v, DashboardDecision& d) {
  v("time_us", d.time_us);
  v("strategy", d.strategy);
  v("kind", d.kind);
  v("reason", d.reason);
}
template <class V>
void describe(V& v, BookLevel& l) {
  v("price", l.price);
  v("amount", l.amount);
}
template <class V>
void describe(V& v, DashboardBook& b) {
  v("bids", b.bids);
  v("asks", b.asks);
}
template <class V>
void describe(V& v, EquitySample& e) {
  v("time_us", e.time_us);
  v("equity", e.equity);
}
template <class V>
void describe(V& v, DashboardState& s) {
  v("status", s.status);
  v("exchange", s.exchange);
  v("controls", s.controls);
  v("stale_feeds", s.stale_feeds);
  v("trades", s.trades);
  v("fills", s.fills);
  v("decisions", s.decisions);
  v("book", s.book);
  v("valuation", s.valuation);
  v("equity", s.equity);
  v("pnl_since_start", s.pnl_since_start);
  v("pnl_today", s.pnl_today);
}

}  // namespace dealer::live
