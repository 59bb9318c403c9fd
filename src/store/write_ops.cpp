#include "store/write_ops.h"

#include <charconv>

#include "core/json_reader.h"

namespace dealer::store {

namespace {

Status insert_event(Database& db, const OrderEvent& e) {
  return db.run(
      "INSERT INTO order_events (client_id, time_us, state, exchange_id, filled_amount_int, detail) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      e.client_id, e.time_us, e.state, or_null(e.exchange_id), e.filled_amount_int, e.detail);
}

Status write(Database& db, const OrderRow& o) {
  Status s = db.run(
      "INSERT INTO orders (client_id, strategy_id, seq, pair, side, kind, price_int, amount_int, "
      "exchange_id, "
      "state, filled_amount_int, created_us, updated_us, mode) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      o.client_id, o.strategy_id, o.seq, o.pair, to_string(o.side), to_string(o.kind), o.price_int,
      o.amount_int, or_null(o.exchange_id), o.state, o.filled_amount_int, o.created_us, o.updated_us,
      to_string(o.mode));
  if (!s) return s;
  return insert_event(
      db, OrderEvent{o.client_id, o.created_us, o.state, o.exchange_id, o.filled_amount_int, "created"});
}

Status write(Database& db, const OrderEvent& e) {
  Status s = db.run(
      "UPDATE orders SET state = ?, exchange_id = coalesce(?, exchange_id), filled_amount_int = ?, "
      "updated_us = ? WHERE client_id = ?",
      e.state, or_null(e.exchange_id), e.filled_amount_int, e.time_us, e.client_id);
  if (!s) return s;
  if (db.changes() == 0) {
    return make_error(Errc::kNotFound, "order event for unknown client id '" + e.client_id + "'");
  }
  return insert_event(db, e);
}

Status write(Database& db, const FillRow& f) {
  return db.run(
      "INSERT INTO fills (pair, trade_id, exchange_order_id, client_id, side, price_int, amount_int, "
      "spent_int, fee_int, fee_currency, time_us, seen_us, mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?) "
      "ON CONFLICT (pair, trade_id, exchange_order_id) DO NOTHING",
      f.pair, f.trade_id, f.exchange_order_id, or_null(f.client_id), to_string(f.side), f.price_int,
      f.amount_int, f.spent_int, f.fee_int, f.fee_currency, f.time_us, f.seen_us, to_string(f.mode));
}

Status write(Database& db, const TradeRow& t) {
  return db.run(
      "INSERT INTO trades (pair, tid, time_us, price_int, amount_int, side, properties) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (pair, tid) DO NOTHING",
      t.pair, t.tid, t.time_us, t.price_int, t.amount_int, to_string(t.side), t.properties);
}

Status write(Database& db, const TickerRow& t) {
  return db.run(
      "INSERT INTO tickers (time_us, pair, last_int, buy_int, sell_int, high_int, low_int, avg_int, "
      "vwap_int, "
      "volume_int) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      t.time_us, t.pair, t.last_int, t.buy_int, t.sell_int, t.high_int, t.low_int, t.avg_int, t.vwap_int,
      t.volume_int);
}

std::optional<int64_t> best_price(const std::vector<LevelRow>& side) {
  if (side.empty()) return std::nullopt;
  return side.front().price_int;
}

Status write(Database& db, const DepthRow& d) {
  return db.run(
      "INSERT INTO depths (time_us, pair, best_bid_int, best_ask_int, bids, asks) VALUES (?, ?, ?, ?, ?, ?)",
      d.time_us, d.pair, best_price(d.bids), best_price(d.asks), encode_levels(d.bids),
      encode_levels(d.asks));
}

Status write(Database& db, const BalanceRow& b) {
  return db.run(
      "INSERT INTO balances (time_us, currency, total_int, in_orders_int, mode) VALUES (?, ?, ?, ?, ?)",
      b.time_us, b.currency, b.total_int, b.in_orders_int, to_string(b.mode));
}

Status write(Database& db, const DecisionRow& d) {
  return db.run("INSERT INTO decisions (time_us, strategy_id, kind, reason) VALUES (?, ?, ?, ?)", d.time_us,
                d.strategy_id, d.kind, d.reason);
}

Status write(Database& db, const CursorRow& c) {
  return db.run(
      "INSERT INTO cursors (name, value, updated_us) VALUES (?, ?, ?) "
      "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_us = excluded.updated_us",
      c.name, c.value, c.updated_us);
}

Status write(Database& db, const StrategyStateRow& s) {
  return db.run(
      "INSERT INTO strategy_state (strategy_id, state, updated_us) VALUES (?, ?, ?) "
      "ON CONFLICT (strategy_id) DO UPDATE SET state = excluded.state, updated_us = excluded.updated_us",
      s.strategy_id, s.state, s.updated_us);
}

Status write(Database& db, const NotificationRow& n) {
  return db.run(
      "INSERT INTO notifications (event_id, receiver, event, time_us, created_us, text, data, updated_us) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id, receiver) DO NOTHING",
      n.event_id, n.receiver, n.event, n.time_us, n.created_us, n.text, n.data, n.created_us);
}

Status write(Database& db, const NotificationUpdate& u) {
  return db.run(
      "UPDATE notifications SET state = ?, attempts = ?, next_attempt_us = ?, updated_us = ?, detail = ? "
      "WHERE id = ?",
      u.state, u.attempts, u.next_attempt_us, u.updated_us, u.detail, u.id);
}

Status write(Database& db, const ControlRow& c) {
  return db.run("INSERT INTO controls (time_us, action, target, remote, outcome) VALUES (?, ?, ?, ?, ?)",
                c.time_us, c.action, c.target, c.remote, c.outcome);
}

}  // namespace

Status write_op(Database& db, const WriteOp& op) {
  return std::visit([&db](const auto& row) { return write(db, row); }, op);
}

std::string encode_levels(const std::vector<LevelRow>& levels) {
  std::string out = "[";
  for (const LevelRow& level : levels) {
    if (out.size() > 1) out += ',';
    out += '[' + std::to_string(level.price_int) + ',' + std::to_string(level.amount_int) + ']';
  }
  out += ']';
  return out;
}

Result<std::vector<LevelRow>> decode_levels(std::string_view json) {
  const auto integer = [](JsonReader& r) {
    const std::string_view text = r.number();
    int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) r.fail("not an integer");
    return value;
  };
  std::vector<LevelRow> levels;
  try {
    JsonReader r(json);
    r.begin_array();
    while (r.next_element()) {
      r.begin_array();
      LevelRow level;
      constexpr std::string_view kShape = "a level is [price_int, amount_int]";
      if (!r.next_element()) r.fail(kShape);
      level.price_int = integer(r);
      if (!r.next_element()) r.fail(kShape);
      level.amount_int = integer(r);
      if (r.next_element()) r.fail(kShape);
      levels.push_back(level);
    }
    r.expect_end();
  } catch (const JsonError& e) {
    return make_error(Errc::kParse, std::string("depth levels in the database: ") + e.what());
  }
  return levels;
}

}  // namespace dealer::store
