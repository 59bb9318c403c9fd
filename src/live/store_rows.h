// The live driver's mapping between the engine's and the exchange model's types and the store's rows
// (store/rows.h), both ways, in one place. Client ids: the engine's ClientId is one counter for the whole
// database, so the row's client_id is its decimal text and seq is the same number (unique per strategy
// because it is unique overall).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "engine/effects.h"
#include "store/rows.h"

namespace dealer::live {

std::string client_id_text(engine::ClientId id);
// A state change of a known order, or the row of a new one (state `new`: it has just been created).
store::WriteOp order_op(const engine::PersistOrder& persist, store::RunMode mode);
store::FillRow fill_row(const engine::PersistFill& persist, engine::Pair pair, store::RunMode mode);
store::DecisionRow decision_row(const engine::Decision& decision);
store::StrategyStateRow state_row(const engine::PersistStrategyState& persist, WallTime now);

store::TradeRow trade_row(const Trade& trade, engine::Pair pair);
// One batch of new trades and the trades cursor after it, to be written as one group: the cursor
// never runs ahead of the rows (a crash re-fetches, never skips).
std::vector<store::WriteOp> trade_batch_rows(std::span<const Trade> trades, engine::Pair pair,
                                             const std::string& cursor_name, int64_t cursor, WallTime now);
// Back from a trades row of `pair` (backtests over a recorded store).
Trade trade_record(const store::TradeRow& row, engine::Pair pair);
store::TickerRow ticker_row(const Ticker& ticker, engine::Pair pair, WallTime now);
store::DepthRow depth_row(const Depth& depth, engine::Pair pair, WallTime now);
store::BalanceRow balance_row(const Balance& balance, WallTime now, store::RunMode mode);

// Back from the store at start-up; an error names the row that does not read.
Result<engine::OrderRecord> order_record(const store::OrderRow& row);
Result<engine::Fill> fill_record(const store::FillRow& row);

}  // namespace dealer::live
