// DashboardHistory: what the dashboard shows from the SQLite history rather than from the core: the
// recent public trades of the pair (the price chart), our recent fills and the strategies' recent
// decisions. Its own read-only connection (the file is in WAL mode, so reading never blocks the
// store's writer); trades are read incrementally by tid, fills and decisions as the newest few.
//
// Ownership: owns its connection. Not thread-safe: refreshed and read on the io_context thread.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "engine/pair.h"
#include "live/dashboard_state.h"
#include "store/history_reader.h"

namespace dealer::live {

class DashboardHistory {
 public:
  static constexpr int64_t kTrades = 1000;
  static constexpr int64_t kFills = 100;
  static constexpr int64_t kDecisions = 100;

  // No path: nothing to show (tests of the status server without a store).
  DashboardHistory(const std::string& store_path, engine::Pair pair, store::RunMode mode);

  // Reads what is new since the last call. A failure is logged once and leaves the last rows.
  void refresh();
  // The trades, fills and decisions as the page wants them.
  void fill_in(DashboardState& state) const;

 private:
  void failed(const Error& error);

  std::optional<store::HistoryReader> reader_;
  engine::Pair pair_;
  store::RunMode mode_;
  std::deque<store::TradeRow> trades_;
  std::vector<store::FillRow> fills_;
  std::vector<store::DecisionRow> decisions_;
  bool failing_ = false;  // logged already
};

}  // namespace dealer::live
