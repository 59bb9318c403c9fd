#include "store/history_reader.h"

#include <algorithm>

#include "store/schema.h"
#include "store/write_ops.h"

namespace dealer::store {

namespace {

// Runs `sql` with `args` bound and turns each row into a Row with `read` (Query -> Result<Row>).
template <class Row, class Read, class... Args>
Result<std::vector<Row>> select(Database& db, std::string_view sql, Read read, const Args&... args) {
  auto q = db.prepare(sql);
  if (!q) return std::move(q).error();
  q->bind_all(args...);
  std::vector<Row> rows;
  for (;;) {
    auto more = q->step();
    if (!more) return std::move(more).error();
    if (!*more) return rows;
    Result<Row> row = read(*q);
    if (!row) return std::move(row).error();
    rows.push_back(std::move(*row));
  }
}

// The rows of a table with an INTEGER PRIMARY KEY id written at or after `since_us`, in time then write
// order; `columns_from` is "<columns> FROM <table>".
template <class Row, class Read>
Result<std::vector<Row>> rows_since(Database& db, std::string_view columns_from, Read read,
                                    int64_t since_us) {
  const std::string sql = "SELECT " + std::string(columns_from) + " WHERE time_us >= ? ORDER BY time_us, id";
  return select<Row>(db, sql, read, since_us);
}

template <class Row>
Result<std::optional<Row>> at_most_one(Result<std::vector<Row>> rows) {
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows->front()));
}

#define DEALER_ORDER_COLUMNS                                                                   \
  "client_id, strategy_id, seq, pair, side, kind, price_int, amount_int, exchange_id, state, " \
  "filled_amount_int, created_us, updated_us, mode"

#define DEALER_BALANCE_COLUMNS "time_us, currency, total_int, in_orders_int, mode"

Result<OrderRow> read_order(const Query& q) {
  auto side = enum_from_text<Side>(q.text(4));
  auto kind = enum_from_text<OrderKind>(q.text(5));
  auto mode = enum_from_text<RunMode>(q.text(13));
  if (!side) return std::move(side).error();
  if (!kind) return std::move(kind).error();
  if (!mode) return std::move(mode).error();
  return OrderRow{q.text(0),  q.text(1), q.int64(2), q.text(3),   *side,       *kind,       q.int64(6),
                  q.int64(7), q.text(8), q.text(9),  q.int64(10), q.int64(11), q.int64(12), *mode};
}

Result<OrderEvent> read_event(const Query& q) {
  return OrderEvent{q.text(0), q.int64(1), q.text(2), q.text(3), q.int64(4), q.text(5)};
}

std::optional<int64_t> optional_int(const Query& q, int column) {
  if (q.is_null(column)) return std::nullopt;
  return q.int64(column);
}

#define DEALER_FILL_COLUMNS                                                                              \
  "fills.trade_id, fills.client_id, fills.exchange_order_id, fills.pair, fills.side, fills.price_int, "  \
  "fills.amount_int, fills.spent_int, fills.fee_int, fills.fee_currency, fills.time_us, fills.seen_us, " \
  "fills.mode"
// Integer trade ids in numeric order, then any others: by length, then text.
#define DEALER_FILL_ORDER \
  " ORDER BY fills.seen_us, length(fills.trade_id), fills.trade_id, fills.exchange_order_id"

Result<FillRow> read_fill(const Query& q) {
  auto side = enum_from_text<Side>(q.text(4));
  auto mode = enum_from_text<RunMode>(q.text(12));
  if (!side) return std::move(side).error();
  if (!mode) return std::move(mode).error();
  return FillRow{q.text(0),          q.text(1),  q.text(2), q.text(3),   *side,       q.int64(5), q.int64(6),
                 optional_int(q, 7), q.int64(8), q.text(9), q.int64(10), q.int64(11), *mode};
}

Result<FillView> read_fill_view(const Query& q) {
  auto fill = read_fill(q);
  if (!fill) return std::move(fill).error();
  return FillView{std::move(*fill), q.is_null(13) ? std::string() : q.text(13)};
}

Result<TradeRow> read_trade(const Query& q) {
  auto side = enum_from_text<Side>(q.text(5));
  if (!side) return std::move(side).error();
  return TradeRow{q.text(0), q.int64(1), q.int64(2), q.int64(3), q.int64(4), *side, q.text(6)};
}

Result<TickerRow> read_ticker(const Query& q) {
  return TickerRow{q.int64(0), q.text(1),  q.int64(2), q.int64(3), q.int64(4),
                   q.int64(5), q.int64(6), q.int64(7), q.int64(8), q.int64(9)};
}

Result<DepthRow> read_depth(const Query& q) {
  auto bids = decode_levels(q.text(2));
  auto asks = decode_levels(q.text(3));
  if (!bids) return std::move(bids).error();
  if (!asks) return std::move(asks).error();
  return DepthRow{q.int64(0), q.text(1), std::move(*bids), std::move(*asks)};
}

Result<BalanceRow> read_balance(const Query& q) {
  auto mode = enum_from_text<RunMode>(q.text(4));
  if (!mode) return std::move(mode).error();
  return BalanceRow{q.int64(0), q.text(1), q.int64(2), q.int64(3), *mode};
}

Result<DecisionRow> read_decision(const Query& q) {
  return DecisionRow{q.int64(0), q.text(1), q.text(2), q.text(3)};
}

Result<ControlRow> read_control(const Query& q) {
  return ControlRow{q.int64(0), q.text(1), q.text(2), q.text(3), q.text(4)};
}

Result<StrategyStateRow> read_strategy_state(const Query& q) {
  return StrategyStateRow{q.text(0), q.text(1), q.int64(2)};
}

Result<int64_t> read_int(const Query& q) { return q.int64(0); }

}  // namespace

Result<HistoryReader> HistoryReader::open(const std::string& path) {
  auto db = Database::open(path, Database::Access::kReadOnly);
  if (!db) return std::move(db).error();
  if (Status s = check_history(*db); !s) return s.error();
  return HistoryReader(std::move(*db));
}

Result<std::vector<OrderRow>> HistoryReader::alive_orders(RunMode mode) {
  return select<OrderRow>(db_,
                          "SELECT " DEALER_ORDER_COLUMNS
                          " FROM orders WHERE mode = ? AND state NOT IN "
                          "('filled', 'cancelled', 'rejected') ORDER BY created_us, client_id",
                          read_order, to_string(mode));
}

Result<std::vector<OrderRow>> HistoryReader::orders_since(int64_t since_us) {
  return select<OrderRow>(
      db_, "SELECT " DEALER_ORDER_COLUMNS " FROM orders WHERE created_us >= ? ORDER BY created_us, client_id",
      read_order, since_us);
}

Result<std::optional<OrderRow>> HistoryReader::order(std::string_view client_id) {
  return at_most_one(select<OrderRow>(db_, "SELECT " DEALER_ORDER_COLUMNS " FROM orders WHERE client_id = ?",
                                      read_order, client_id));
}

Result<std::vector<OrderEvent>> HistoryReader::order_events(std::string_view client_id) {
  return select<OrderEvent>(db_,
                            "SELECT client_id, time_us, state, exchange_id, filled_amount_int, detail "
                            "FROM order_events WHERE client_id = ? ORDER BY id",
                            read_event, client_id);
}

Result<std::vector<FillRow>> HistoryReader::fills_since(int64_t since_us) {
  return select<FillRow>(
      db_, "SELECT " DEALER_FILL_COLUMNS " FROM fills WHERE fills.seen_us >= ?" DEALER_FILL_ORDER, read_fill,
      since_us);
}

Result<std::vector<FillView>> HistoryReader::fill_views_since(int64_t since_us) {
  return select<FillView>(db_,
                          "SELECT " DEALER_FILL_COLUMNS
                          ", orders.strategy_id FROM fills LEFT JOIN orders USING (client_id) "
                          "WHERE fills.seen_us >= ?" DEALER_FILL_ORDER,
                          read_fill_view, since_us);
}

Result<std::vector<FillRow>> HistoryReader::last_fills(RunMode mode, int64_t limit) {
  return select<FillRow>(db_,
                         "SELECT " DEALER_FILL_COLUMNS " FROM fills WHERE mode = ? "
                         "ORDER BY fills.seen_us DESC, length(fills.trade_id) DESC, fills.trade_id DESC, "
                         "fills.exchange_order_id DESC LIMIT ?",
                         read_fill, to_string(mode), limit);
}

Result<std::vector<DecisionRow>> HistoryReader::last_decisions(int64_t limit) {
  return select<DecisionRow>(
      db_, "SELECT time_us, strategy_id, kind, reason FROM decisions ORDER BY id DESC LIMIT ?", read_decision,
      limit);
}

Result<std::optional<int64_t>> HistoryReader::max_fill_trade_id() {
  // max() of no rows is one NULL row: select only a non-NULL answer. Trade ids are text: the integer ones
  // count (MtGox tids), compared as numbers.
  return at_most_one(select<int64_t>(db_,
                                     "SELECT m FROM (SELECT max(CAST(trade_id AS INTEGER)) AS m FROM fills "
                                     "WHERE trade_id NOT GLOB '*[^0-9]*') WHERE m IS NOT NULL",
                                     read_int));
}

Result<bool> HistoryReader::fill_exists(std::string_view trade_id) {
  auto found =
      at_most_one(select<int64_t>(db_, "SELECT 1 FROM fills WHERE trade_id = ? LIMIT 1", read_int, trade_id));
  if (!found) return std::move(found).error();
  return found->has_value();
}

Result<std::optional<int64_t>> HistoryReader::cursor(std::string_view name) {
  return at_most_one(select<int64_t>(db_, "SELECT value FROM cursors WHERE name = ?", read_int, name));
}

Result<std::vector<StrategyStateRow>> HistoryReader::strategy_states() {
  return select<StrategyStateRow>(
      db_, "SELECT strategy_id, state, updated_us FROM strategy_state ORDER BY strategy_id",
      read_strategy_state);
}

Result<int64_t> HistoryReader::next_order_seq(std::string_view strategy_id) {
  auto next = at_most_one(select<int64_t>(
      db_, "SELECT coalesce(max(seq), 0) + 1 FROM orders WHERE strategy_id = ?", read_int, strategy_id));
  if (!next) return std::move(next).error();
  return next->value_or(1);  // an aggregate always answers one row; value_or only satisfies the type
}

Result<std::vector<BalanceRow>> HistoryReader::last_balances(RunMode mode) {
  return select<BalanceRow>(
      db_,
      "SELECT " DEALER_BALANCE_COLUMNS
      " FROM balances WHERE id IN (SELECT max(id) FROM balances WHERE mode = ? GROUP BY currency) "
      "ORDER BY currency",
      read_balance, to_string(mode));
}

Result<std::vector<TradeRow>> HistoryReader::trades_after(std::string_view pair, int64_t after_tid,
                                                          int64_t limit) {
  return select<TradeRow>(db_,
                          "SELECT pair, tid, time_us, price_int, amount_int, side, properties FROM trades "
                          "WHERE pair = ? AND tid > ? ORDER BY tid LIMIT ?",
                          read_trade, pair, after_tid, limit);
}

Result<std::vector<TradeRow>> HistoryReader::last_trades(std::string_view pair, int64_t limit) {
  auto rows =
      select<TradeRow>(db_,
                       "SELECT pair, tid, time_us, price_int, amount_int, side, properties FROM trades "
                       "WHERE pair = ? ORDER BY tid DESC LIMIT ?",
                       read_trade, pair, limit);
  if (rows) std::reverse(rows->begin(), rows->end());
  return rows;
}

Result<std::vector<TickerRow>> HistoryReader::tickers_since(int64_t since_us) {
  return rows_since<TickerRow>(db_,
                               "time_us, pair, last_int, buy_int, sell_int, high_int, low_int, avg_int, "
                               "vwap_int, volume_int FROM tickers",
                               read_ticker, since_us);
}

Result<std::vector<DepthRow>> HistoryReader::depths_since(int64_t since_us) {
  return rows_since<DepthRow>(db_, "time_us, pair, bids, asks FROM depths", read_depth, since_us);
}

Result<std::vector<BalanceRow>> HistoryReader::balances_since(int64_t since_us) {
  return rows_since<BalanceRow>(db_, DEALER_BALANCE_COLUMNS " FROM balances", read_balance, since_us);
}

Result<std::vector<DecisionRow>> HistoryReader::decisions_since(int64_t since_us) {
  return rows_since<DecisionRow>(db_, "time_us, strategy_id, kind, reason FROM decisions", read_decision,
                                 since_us);
}

Result<std::vector<ControlRow>> HistoryReader::controls_since(int64_t since_us) {
  return rows_since<ControlRow>(db_, "time_us, action, target, remote, outcome FROM controls", read_control,
                                since_us);
}

Status HistoryReader::integrity_check() {
  auto lines = select<std::string>(db_, "PRAGMA integrity_check",
                                   [](const Query& q) -> Result<std::string> { return q.text(0); });
  if (!lines) return std::move(lines).error();
  if (lines->size() == 1 && lines->front() == "ok") return {};
  std::string found;
  for (const std::string& line : *lines) found += (found.empty() ? "" : "; ") + line;
  return make_error(Errc::kIo, db_.path() + " failed the integrity check: " + found);
}

}  // namespace dealer::store
