#include "store/write_ops.h"

#include <charconv>

#include "core/json_reader.h"

namespace dealer::store {

namespace {

Status insert_event(Database& db, const OrderEvent& e) {
  auto q = db.prepare(
      "INSERT INTO order_events (client_id, time_us, state, exchange_id, filled_amount_int, detail) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  if (!q) return std::move(q).error();
  q->bind_all(e.client_id, e.time_us, e.state).bind_text_or_null(4, e.exchange_id);
  q->bind(5, e.filled_amount_int).bind(6, e.detail);
  return q->run();
}

Status write(Database& db, const OrderRow& o) {
  auto q = db.prepare(
      "INSERT INTO orders (client_id, strategy_id, seq, pair, side, kind, price_int, amount_int, "
      "exchange_id, "
      "state, filled_amount_int, created_us, updated_us, mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?)");
  if (!q) return std::move(q).error();
  q->bind_all(o.client_id, o.strategy_id, o.seq, o.pair, to_string(o.side), to_string(o.kind), o.price_int,
              o.amount_int);
  q->bind_text_or_null(9, o.exchange_id);
  q->bind(10, o.state).bind(11, o.filled_amount_int).bind(12, o.created_us).bind(13, o.updated_us);
  q->bind(14, to_string(o.mode));
  if (Status s = q->run(); !s) return s;
  return insert_event(
      db, OrderEvent{o.client_id, o.created_us, o.state, o.exchange_id, o.filled_amount_int, "created"});
}

Status write(Database& db, const OrderEvent& e) {
  auto q = db.prepare(
      "UPDATE orders SET state = ?, exchange_id = coalesce(?, exchange_id), filled_amount_int = ?, "
      "updated_us = ? WHERE client_id = ?");
  if (!q) return std::move(q).error();
  q->bind(1, e.state).bind_text_or_null(2, e.exchange_id);
  q->bind(3, e.filled_amount_int).bind(4, e.time_us).bind(5, e.client_id);
  if (Status s = q->run(); !s) return s;
  if (db.changes() == 0) {
    return make_error(Errc::kNotFound, "order event for unknown client id '" + e.client_id + "'");
  }
  return insert_event(db, e);
}

Status write(Database& db, const FillRow& f) {
  auto q = db.prepare(
      "INSERT INTO fills (trade_id, client_id, exchange_order_id, pair, side, price_int, amount_int, "
      "fee_int, "
      "fee_currency, time_us, mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (trade_id) DO "
      "NOTHING");
  if (!q) return std::move(q).error();
  q->bind(1, f.trade_id).bind_text_or_null(2, f.client_id);
  q->bind(3, f.exchange_order_id).bind(4, f.pair).bind(5, to_string(f.side)).bind(6, f.price_int);
  q->bind(7, f.amount_int).bind(8, f.fee_int).bind(9, f.fee_currency).bind(10, f.time_us);
  q->bind(11, to_string(f.mode));
  return q->run();
}

Status write(Database& db, const TradeRow& t) {
  auto q = db.prepare(
      "INSERT INTO trades (pair, tid, time_us, price_int, amount_int, side, properties) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (pair, tid) DO NOTHING");
  if (!q) return std::move(q).error();
  q->bind_all(t.pair, t.tid, t.time_us, t.price_int, t.amount_int, to_string(t.side), t.properties);
  return q->run();
}

Status write(Database& db, const TickerRow& t) {
  auto q = db.prepare(
      "INSERT INTO tickers (time_us, pair, last_int, buy_int, sell_int, high_int, low_int, avg_int, "
      "vwap_int, "
      "volume_int) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!q) return std::move(q).error();
  q->bind_all(t.time_us, t.pair, t.last_int, t.buy_int, t.sell_int, t.high_int, t.low_int, t.avg_int,
              t.vwap_int, t.volume_int);
  return q->run();
}

Status write(Database& db, const DepthRow& d) {
  auto q = db.prepare(
      "INSERT INTO depths (time_us, pair, best_bid_int, best_ask_int, bids, asks) VALUES (?, ?, ?, ?, ?, ?)");
  if (!q) return std::move(q).error();
  q->bind(1, d.time_us).bind(2, d.pair);
  if (d.bids.empty())
    q->bind_null(3);
  else
    q->bind(3, d.bids.front().price_int);
  if (d.asks.empty())
    q->bind_null(4);
  else
    q->bind(4, d.asks.front().price_int);
  q->bind(5, encode_levels(d.bids)).bind(6, encode_levels(d.asks));
  return q->run();
}

Status write(Database& db, const BalanceRow& b) {
  auto q = db.prepare(
      "INSERT INTO balances (time_us, currency, total_int, in_orders_int, mode) VALUES (?, ?, ?, ?, ?)");
  if (!q) return std::move(q).error();
  q->bind_all(b.time_us, b.currency, b.total_int, b.in_orders_int, to_string(b.mode));
  return q->run();
}

Status write(Database& db, const DecisionRow& d) {
  auto q = db.prepare("INSERT INTO decisions (time_us, strategy_id, kind, reason) VALUES (?, ?, ?, ?)");
  if (!q) return std::move(q).error();
  q->bind_all(d.time_us, d.strategy_id, d.kind, d.reason);
  return q->run();
}

Status write(Database& db, const CursorRow& c) {
  auto q = db.prepare(
      "INSERT INTO cursors (name, value, updated_us) VALUES (?, ?, ?) "
      "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_us = excluded.updated_us");
  if (!q) return std::move(q).error();
  q->bind_all(c.name, c.value, c.updated_us);
  return q->run();
}

Status write(Database& db, const StrategyStateRow& s) {
  auto q = db.prepare(
      "INSERT INTO strategy_state (strategy_id, state, updated_us) VALUES (?, ?, ?) "
      "ON CONFLICT (strategy_id) DO UPDATE SET state = excluded.state, updated_us = excluded.updated_us");
  if (!q) return std::move(q).error();
  q->bind_all(s.strategy_id, s.state, s.updated_us);
  return q->run();
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
