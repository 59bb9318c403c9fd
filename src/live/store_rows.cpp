#include "live/store_rows.h"

#include <algorithm>
#include <charconv>

#include "core/json_binding.h"
#include "store/write_ops.h"

namespace dealer::live {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;

Result<int64_t> integer_text(std::string_view text, std::string_view what) {
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size())
    return make_error(Errc::kParse, std::string(what) + " '" + std::string(text) + "' is not an integer");
  return value;
}

std::vector<store::LevelRow> levels(std::vector<DepthLevel> side, bool descending) {
  std::sort(side.begin(), side.end(), [descending](const DepthLevel& a, const DepthLevel& b) {
    return descending ? a.price.raw() > b.price.raw() : a.price.raw() < b.price.raw();
  });
  std::vector<store::LevelRow> out;
  out.reserve(side.size());
  for (const DepthLevel& l : side) out.push_back({l.price.raw(), l.amount.raw()});
  return out;
}

}  // namespace

std::string client_id_text(engine::ClientId id) { return std::to_string(id); }

store::WriteOp order_op(const engine::PersistOrder& persist, store::RunMode mode) {
  const engine::OrderRecord& o = persist.order;
  if (o.state == engine::OrderState::kNew) {
    store::OrderRow row;
    row.client_id = client_id_text(o.client_id);
    row.strategy_id = o.strategy_id;
    row.seq = o.client_id;
    row.pair = o.pair.code();
    row.side = o.side;
    row.kind = OrderKind::kLimit;
    row.price_int = o.price.raw();
    row.amount_int = o.amount.raw();
    row.exchange_id = o.exchange_id;
    row.filled_amount_int = o.filled.raw();
    row.created_us = to_us(o.created);
    row.updated_us = to_us(o.updated);
    row.mode = mode;
    return row;
  }
  store::OrderEvent event;
  event.client_id = client_id_text(o.client_id);
  event.time_us = to_us(o.updated);
  event.state = std::string(engine::to_string(o.state));
  event.exchange_id = o.exchange_id;
  event.filled_amount_int = o.filled.raw();
  event.detail = persist.reason;
  return event;
}

store::FillRow fill_row(const engine::PersistFill& persist, engine::Pair pair, store::RunMode mode) {
  const engine::Fill& f = persist.fill;
  store::FillRow row;
  row.trade_id = f.trade_id;  // as the exchange named it: text, whatever its form
  row.client_id = persist.client_id == 0 ? "" : client_id_text(persist.client_id);
  row.exchange_order_id = f.order_id;
  row.pair = pair.code();
  row.side = f.side;
  row.price_int = f.price.raw();
  row.amount_int = f.amount.raw();
  if (f.spent) row.spent_int = f.spent->raw();
  row.fee_int = f.fee;
  row.fee_currency = std::string(f.fee_currency.code());
  row.time_us = to_us(f.time);
  row.seen_us = to_us(persist.seen);
  row.mode = mode;
  return row;
}

store::DecisionRow decision_row(const engine::Decision& d) {
  return {to_us(d.time), d.strategy_id, std::string(dealer::to_string(d.kind)), d.reason};
}

store::StrategyStateRow state_row(const engine::PersistStrategyState& persist, WallTime now) {
  return {persist.strategy_id, persist.state, to_us(now)};
}

store::TradeRow trade_row(const Trade& t, engine::Pair pair) {
  return {pair.code(), t.tid, t.date * kMicrosPerSecond, t.price.raw(), t.amount.raw(), t.side, t.properties};
}

std::vector<store::WriteOp> trade_batch_rows(std::span<const Trade> trades, engine::Pair pair,
                                             const std::string& cursor_name, int64_t cursor, WallTime now) {
  std::vector<store::WriteOp> rows;
  rows.reserve(trades.size() + 1);
  for (const Trade& trade : trades) rows.push_back(trade_row(trade, pair));
  rows.push_back(store::CursorRow{cursor_name, cursor, to_us(now)});
  return rows;
}

Trade trade_record(const store::TradeRow& row, engine::Pair pair) {
  // trade_row stores whole seconds (MtGox `date`); the tid keeps the microseconds.
  return {row.tid,
          row.time_us / kMicrosPerSecond,
          Price(row.price_int),
          Amount(row.amount_int),
          pair.quote,
          pair.item,
          row.side,
          true,
          row.properties,
          std::nullopt};
}

store::TickerRow ticker_row(const Ticker& t, engine::Pair pair, WallTime now) {
  store::TickerRow row;
  row.time_us = to_us(now);
  row.pair = pair.code();
  row.last_int = t.last.raw();
  row.buy_int = t.buy.raw();
  row.sell_int = t.sell.raw();
  row.high_int = t.high.raw();
  row.low_int = t.low.raw();
  row.avg_int = t.avg.raw();
  row.vwap_int = t.vwap.raw();
  row.volume_int = t.volume.raw();
  return row;
}

store::DepthRow depth_row(const Depth& depth, engine::Pair pair, WallTime now) {
  return {to_us(now), pair.code(), levels(depth.bids, true), levels(depth.asks, false)};
}

store::BalanceRow balance_row(const Balance& b, WallTime now, store::RunMode mode) {
  return {to_us(now), std::string(b.currency.code()), b.total.raw(), b.in_open_orders.raw(), mode};
}

Result<engine::OrderRecord> order_record(const store::OrderRow& row) {
  const std::string where = "order " + row.client_id + ": ";
  auto id = integer_text(row.client_id, "client id");
  auto pair = engine::Pair::parse(row.pair);
  auto state = store::enum_from_text<engine::OrderState>(row.state);
  if (!id) return make_error(Errc::kParse, where + id.error().message);
  if (!pair) return make_error(Errc::kParse, where + pair.error().message);
  if (!state) return make_error(Errc::kParse, where + state.error().message);
  engine::OrderRecord o;
  o.client_id = *id;
  o.strategy_id = row.strategy_id;
  o.pair = *pair;
  o.side = row.side;
  o.price = Price(row.price_int);
  o.amount = Amount(row.amount_int);
  o.filled = Amount(row.filled_amount_int);
  o.state = *state;
  o.exchange_id = row.exchange_id;
  o.created = wall_from_us(row.created_us);
  o.updated = wall_from_us(row.updated_us);
  return o;
}

Result<engine::Fill> fill_record(const store::FillRow& row) {
  auto fee_currency = Currency::from_code(row.fee_currency);
  if (!fee_currency)
    return make_error(Errc::kParse, "fill " + row.trade_id + ": " + fee_currency.error().message);
  engine::Fill f;
  f.trade_id = row.trade_id;
  f.order_id = row.exchange_order_id;
  if (!row.client_id.empty()) {
    auto id = integer_text(row.client_id, "client id");
    if (!id) return make_error(Errc::kParse, "fill " + f.trade_id + ": " + id.error().message);
    f.client_id = *id;
  }
  f.side = row.side;
  f.price = Price(row.price_int);
  f.amount = Amount(row.amount_int);
  if (row.spent_int) f.spent = Cost(*row.spent_int);
  f.fee = row.fee_int;
  f.fee_currency = *fee_currency;
  f.time = wall_from_us(row.time_us);
  return f;
}

}  // namespace dealer::live
