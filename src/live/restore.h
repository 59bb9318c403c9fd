// What `dealer run` reads back from its SQLite history at start-up, in the engine's types: the orders
// not yet settled and their fills, the strategies' states, the next client id and the trade cursor.
// Owns the data that engine::RestoreData points into.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/core.h"
#include "store/history_reader.h"

namespace dealer::live {

struct Restored {
  std::vector<engine::OrderRecord> orders;
  std::vector<engine::Fill> fills;
  std::vector<engine::StrategyState> states;
  engine::ClientId next_client_id = 1;
  std::optional<int64_t> trades_cursor;

  engine::RestoreData data() const { return {orders, fills, states, next_client_id}; }
};

// The cursor row naming the trade tape of one exchange and pair: "trades.mtgox.BTCUSD".
std::string trades_cursor_name(const std::string& exchange, engine::Pair pair);

Result<Restored> read_restore(store::HistoryReader& reader, store::RunMode mode,
                              const std::string& cursor_name);

}  // namespace dealer::live
