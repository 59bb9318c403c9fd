#include "live/status_report.h"

#include "core/text_table.h"

namespace dealer::live {
namespace {

std::string section(const std::string& title, size_t count, const TextTable& table) {
  return "\n" + title + " (" + std::to_string(count) + ")\n" + (count == 0 ? std::string() : table.render());
}

}  // namespace

std::string format_status(const StatusReport& r) {
  std::string out = "dealer " + r.mode + " " + r.pair + ", up " + r.uptime_seconds.to_string() + " s, " +
                    (r.halted    ? "HALTED" + (r.halt_reason ? ": " + *r.halt_reason : "")
                     : r.waiting ? "not trading: " + *r.waiting
                                 : "trading") +
                    "\n";

  TextTable strategies({"id", "kind", "pair", "status", "state"}, {false, false, false, false, false});
  for (const StatusStrategy& s : r.strategies) {
    std::string state = s.state.value_or("(long)");
    for (char& c : state) c = c == '\n' ? ';' : c;  // one line per strategy
    strategies.add({s.id, s.kind, s.pair,
                    !s.enabled ? "disabled: " + s.disabled_reason.value_or("")
                    : s.paused ? "paused"
                               : "enabled",
                    state});
  }
  out += section("strategies", r.strategies.size(), strategies);

  TextTable balances({"currency", "total", "in orders"}, {false, true, true});
  for (const StatusBalance& b : r.balances) balances.add({b.currency, b.total, b.in_orders});
  out += section("balances", r.balances.size(), balances);

  TextTable orders({"client id", "strategy", "side", "price", "amount", "filled", "state", "exchange id"},
                   {true, false, false, true, true, true, false, false});
  for (const StatusOrder& o : r.open_orders) {
    orders.add({std::to_string(o.client_id), o.strategy, o.side, o.price, o.amount, o.filled, o.state,
                o.exchange_id});
  }
  out += section("open orders", r.open_orders.size(), orders);

  TextTable feeds({"feed", "last answer"}, {false, true});
  for (const StatusFeed& f : r.feeds)
    feeds.add({f.feed, f.age_seconds ? f.age_seconds->to_string() + " s ago" : "never"});
  out += section("feeds", r.feeds.size(), feeds);

  TextTable errors({"time (UTC)", "where", "message"}, {false, false, false});
  for (const StatusError& e : r.errors) errors.add({e.time, e.where, e.message});
  out += section("errors", r.errors.size(), errors);
  return out;
}

}  // namespace dealer::live
