// HistoryReader: synchronous reads of dealer's SQLite history on a connection of its own, for start-up
// (reconciliation, cursors, strategy states, the client-order counter) and `dealer history`. Reads see
// what the Store has committed (WAL: they never block the writer). It opens the file read-only
// (SQLITE_OPEN_READONLY: no migration, no WAL switch, no write of any kind), refuses a file that is not
// a dealer history at this binary's schema version (store/schema.h check_history), and never creates a
// missing file (Errc::kNotFound).
// Ownership: owns its connection. Not thread-safe: one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/rows.h"
#include "store/sqlite.h"

namespace dealer::store {

class HistoryReader {
 public:
  static Result<HistoryReader> open(const std::string& path);

  // Orders not filled, cancelled or rejected, oldest first (reconciliation at start-up).
  Result<std::vector<OrderRow>> alive_orders(RunMode mode);
  // Orders created at or after `since_us`, oldest first.
  Result<std::vector<OrderRow>> orders_since(int64_t since_us);
  Result<std::optional<OrderRow>> order(std::string_view client_id);
  // The order's state changes in the order they were written, the first one included.
  Result<std::vector<OrderEvent>> order_events(std::string_view client_id);
  // Fills dealer saw at or after `since_us` (seen_us, its wall clock, as orders' created_us is), in that
  // order then by trade id; with the strategy of the order each belongs to (empty if none) for the views.
  Result<std::vector<FillRow>> fills_since(int64_t since_us);
  Result<std::vector<FillView>> fill_views_since(int64_t since_us);
  // The highest integer trade id among the fills.
  Result<std::optional<int64_t>> max_fill_trade_id();
  // Whether a fill with this trade id is stored (of any order or pair).
  Result<bool> fill_exists(std::string_view trade_id);
  Result<std::optional<int64_t>> cursor(std::string_view name);
  Result<std::vector<StrategyStateRow>> strategy_states();
  // One more than the strategy's highest order seq (1 for a strategy without orders): the next seq to
  // use so client ids stay unique across restarts.
  Result<int64_t> next_order_seq(std::string_view strategy_id);
  // The newest row of each currency in `mode`, by currency code.
  Result<std::vector<BalanceRow>> last_balances(RunMode mode);

  // Market data and decisions, oldest first (tests, backtests over recorded data, reports).
  Result<std::vector<TradeRow>> trades_after(std::string_view pair, int64_t after_tid, int64_t limit);
  Result<std::vector<TickerRow>> tickers_since(int64_t since_us);
  Result<std::vector<DepthRow>> depths_since(int64_t since_us);
  Result<std::vector<BalanceRow>> balances_since(int64_t since_us);
  Result<std::vector<DecisionRow>> decisions_since(int64_t since_us);
  // The newest `limit` rows, newest first (the dashboard).
  Result<std::vector<FillRow>> last_fills(RunMode mode, int64_t limit);
  Result<std::vector<DecisionRow>> last_decisions(int64_t limit);
  // The newest `limit` trades of the pair, oldest first (the dashboard's price chart).
  Result<std::vector<TradeRow>> last_trades(std::string_view pair, int64_t limit);
  Result<std::vector<ControlRow>> controls_since(int64_t since_us);

  // PRAGMA integrity_check: ok, or what SQLite found.
  Status integrity_check();

 private:
  explicit HistoryReader(Database db) : db_(std::move(db)) {}
  Database db_;
};

}  // namespace dealer::store
