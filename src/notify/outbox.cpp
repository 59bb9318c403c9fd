#include "notify/outbox.h"

#include <type_traits>

#include "core/json_writer.h"
#include "core/money.h"

namespace dealer::notify {
namespace {

std::string amount_text(int64_t raw, const Currency& currency) {
  return format_units_trimmed(raw, currency.decimals());
}

Event fill_event(const engine::PersistFill& p, const engine::Pair& pair) {
  const engine::Fill& f = p.fill;
  const std::string side = f.side == Side::kBid ? "bought" : "sold";
  const std::string amount = amount_text(f.amount.raw(), pair.item);
  const std::string price = amount_text(f.price.raw(), pair.quote);
  const std::string fee = amount_text(f.fee, f.fee_currency);
  JsonWriter w;
  w.begin_object();
  w.key("trade_id");
  w.string(f.trade_id);
  w.key("client_id");
  w.string(std::to_string(p.client_id));
  w.key("pair");
  w.string(pair.code());
  w.key("side");
  w.string(f.side == Side::kBid ? "bid" : "ask");
  w.key("price");
  w.string(price);
  w.key("amount");
  w.string(amount);
  w.key("fee");
  w.string(fee);
  w.key("fee_currency");
  w.string(f.fee_currency.code());
  w.end_object();
  Event e;
  // A fill is seen more than once (order/result and own trades): one id per trade, so one message.
  e.id = "fill-" + f.trade_id;
  e.event = "fill";
  e.time_us = to_us(f.time);
  e.text = "Fill: " + side + " " + amount + " " + std::string(pair.item.code()) + " at " + price + " " +
           std::string(pair.quote.code()) + " (fee " + fee + " " + std::string(f.fee_currency.code()) +
           ", order " + std::to_string(p.client_id) + ")";
  e.data = w.take();
  return e;
}

std::string decision_data(const engine::Decision& d) {
  JsonWriter w;
  w.begin_object();
  w.key("strategy_id");
  w.string(d.strategy_id);
  w.key("reason");
  w.string(d.reason);
  w.end_object();
  return w.take();
}

std::optional<std::pair<EventKind, Event>> decision_event(const engine::Decision& d) {
  const std::string who = d.strategy_id.empty() ? "" : " [" + d.strategy_id + "]";
  const auto event = [&](EventKind kind, const std::string& title) {
    return std::make_pair(kind,
                          make_event(kind, to_us(d.time), title + who + ": " + d.reason, decision_data(d)));
  };
  switch (d.kind) {
    case engine::DecisionKind::kOrderRejected:
      return event(EventKind::kOrderRejected, "Order rejected");
    case engine::DecisionKind::kDisabled:
      return event(EventKind::kStrategyDisabled, "Strategy disabled");
    case engine::DecisionKind::kHalt:
      return event(EventKind::kKillSwitch, "Kill switch");
    default:
      return std::nullopt;
  }
}

std::optional<std::pair<EventKind, Event>> ambiguous_event(const engine::PersistOrder& p, int64_t now_us) {
  const engine::OrderRecord& o = p.order;
  if (o.state != engine::OrderState::kAmbiguous) return std::nullopt;
  JsonWriter w;
  w.begin_object();
  w.key("client_id");
  w.string(std::to_string(o.client_id));
  w.key("strategy_id");
  w.string(o.strategy_id);
  w.key("side");
  w.string(o.side == Side::kBid ? "bid" : "ask");
  w.key("price");
  w.string(amount_text(o.price.raw(), o.pair.quote));
  w.key("amount");
  w.string(amount_text(o.amount.raw(), o.pair.item));
  w.key("reason");
  w.string(p.reason);
  w.end_object();
  const int64_t at = to_us(o.updated) != 0 ? to_us(o.updated) : now_us;
  return std::make_pair(EventKind::kOrderAmbiguous,
                        make_event(EventKind::kOrderAmbiguous, at,
                                   "Order " + std::to_string(o.client_id) + " [" + o.strategy_id +
                                       "] may or may not be on the exchange; reconciling: " + p.reason,
                                   w.take()));
}

}  // namespace

Event make_event(EventKind kind, int64_t time_us, std::string text, std::string data) {
  Event e;
  e.event = std::string(to_string(kind));
  e.id = new_event_id(e.event, time_us);
  e.time_us = time_us;
  e.text = std::move(text);
  e.data = std::move(data);
  return e;
}

std::optional<std::pair<EventKind, Event>> event_of(const engine::Effect& effect, const engine::Pair& pair,
                                                    int64_t now_us) {
  if (const auto* fill = std::get_if<engine::PersistFill>(&effect))
    return std::make_pair(EventKind::kFill, fill_event(*fill, pair));
  if (const auto* decision = std::get_if<engine::PersistDecision>(&effect))
    return decision_event(decision->decision);
  if (const auto* order = std::get_if<engine::PersistOrder>(&effect)) return ambiguous_event(*order, now_us);
  return std::nullopt;
}

Outbox::Outbox(const NotifyConfig& config) {
  for (const ReceiverConfig& r : config.receivers) receivers_.push_back({r.name, r.events});
}

void Outbox::append(EventKind kind, const Event& event, int64_t now_us,
                    std::vector<store::WriteOp>& rows) const {
  for (const Target& t : receivers_) {
    if (!t.events.test(static_cast<size_t>(kind))) continue;
    rows.push_back(
        store::NotificationRow{event.id, t.name, event.event, event.time_us, now_us, event.text, event.data});
  }
}

void Outbox::append_for(const engine::Effect& effect, const engine::Pair& pair, int64_t now_us,
                        std::vector<store::WriteOp>& rows) const {
  if (receivers_.empty()) return;
  if (auto e = event_of(effect, pair, now_us)) append(e->first, e->second, now_us, rows);
}

std::vector<store::WriteOp> Outbox::rows(EventKind kind, const Event& event, int64_t now_us) const {
  std::vector<store::WriteOp> rows;
  append(kind, event, now_us, rows);
  return rows;
}

}  // namespace dealer::notify
