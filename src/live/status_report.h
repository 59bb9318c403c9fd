// StatusReport: what `dealer run` answers on /status, as one wire type whose `describe` list drives
// both the endpoint's encoding and `dealer status`'s decoding (core/json_binding.h), and the table
// `dealer status` prints from it. Money is decimal text in the currency's own precision (exact, from
// integer units); ages and uptime are JSON numbers of seconds with millisecond precision. Nothing in
// it is a credential.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/decimal.h"

namespace dealer::live {

struct StatusStrategy {
  std::string id;
  std::string kind;  // the registry name (watch_price)
  std::string pair;
  bool enabled = true;
  std::optional<std::string> disabled_reason;
  std::optional<std::string> state;  // its saved state when short (kMaxStateChars), else absent
  bool paused = false;               // by the operator (POST /api/strategies/ID/pause)
};

struct StatusBalance {
  std::string currency;
  std::string total;      // decimal text
  std::string in_orders;  // held by open orders, decimal text
};

struct StatusOrder {
  int64_t client_id = 0;
  std::string strategy;
  std::string side;  // "buy" or "sell"
  std::string price;
  std::string amount;
  std::string filled;
  std::string state;
  std::string exchange_id;
};

struct StatusFeed {
  std::string feed;                    // ticker, trades, depth, fulldepth
  std::optional<Decimal> age_seconds;  // since its last answer; absent before the first
};

struct StatusError {
  std::string time;  // UTC, "YYYY-MM-DD HH:MM:SS"
  std::string where;
  std::string message;
};

struct StatusReport {
  std::string mode;  // live or paper
  std::string pair;
  Decimal uptime_seconds;
  bool halted = false;
  std::optional<std::string> halt_reason;
  // Why the bot is not trading yet although it runs ("no market feed has answered yet"); absent once
  // market data arrives.
  std::optional<std::string> waiting;
  std::vector<StatusStrategy> strategies;
  std::vector<StatusBalance> balances;
  std::vector<StatusOrder> open_orders;
  std::vector<StatusFeed> feeds;
  std::vector<StatusError> errors;  // the last ones, oldest first
};

inline constexpr size_t kMaxStateChars = 512;

template <class V>
void describe(V& v, StatusStrategy& s) {
  v("id", s.id);
  v("kind", s.kind);
  v("pair", s.pair);
  v("enabled", s.enabled);
  v("disabled_reason", s.disabled_reason);
  v("state", s.state);
  v("paused", s.paused);
}
template <class V>
void describe(V& v, StatusBalance& b) {
  v("currency", b.currency);
  v("total", b.total);
  v("in_orders", b.in_orders);
}
template <class V>
void describe(V& v, StatusOrder& o) {
  v("client_id", o.client_id);
  v("strategy", o.strategy);
  v("side", o.side);
  v("price", o.price);
  v("amount", o.amount);
  v("filled", o.filled);
  v("state", o.state);
  v("exchange_id", o.exchange_id);
}
template <class V>
void describe(V& v, StatusFeed& f) {
  v("feed", f.feed);
  v.num("age_seconds", f.age_seconds);
}
template <class V>
void describe(V& v, StatusError& e) {
  v("time", e.time);
  v("where", e.where);
  v("message", e.message);
}
template <class V>
void describe(V& v, StatusReport& r) {
  v("mode", r.mode);
  v("pair", r.pair);
  v.num("uptime_seconds", r.uptime_seconds);
  v("halted", r.halted);
  v("halt_reason", r.halt_reason);
  v("waiting", r.waiting);
  v("strategies", r.strategies);
  v("balances", r.balances);
  v("open_orders", r.open_orders);
  v("feeds", r.feeds);
  v("errors", r.errors);
}

// The report for a person: a few compact tables (strategies, balances, open orders, feeds, errors).
std::string format_status(const StatusReport& report);

}  // namespace dealer::live
