#include "live/dashboard_history.h"

#include "core/money.h"
#include "live/logging.h"

namespace dealer::live {
namespace {

std::string units(int64_t raw, Currency currency) { return format_units_trimmed(raw, currency.decimals()); }

}  // namespace

DashboardHistory::DashboardHistory(const std::string& store_path, engine::Pair pair, store::RunMode mode)
    : pair_(pair), mode_(mode) {
  if (store_path.empty()) return;
  auto reader = store::HistoryReader::open(store_path);
  if (reader)
    reader_.emplace(std::move(*reader));
  else
    failed(reader.error());
}

void DashboardHistory::failed(const Error& error) {
  if (!failing_) log_warn("dashboard: cannot read the history: " + error.describe());
  failing_ = true;
}

void DashboardHistory::refresh() {
  if (!reader_) return;
  const std::string pair = pair_.code();
  auto trades = trades_.empty() ? reader_->last_trades(pair, kTrades)
                                : reader_->trades_after(pair, trades_.back().tid, kTrades);
  auto fills = reader_->last_fills(mode_, kFills);
  auto decisions = reader_->last_decisions(kDecisions);
  if (!trades) return failed(trades.error());
  if (!fills) return failed(fills.error());
  if (!decisions) return failed(decisions.error());
  failing_ = false;
  for (store::TradeRow& t : *trades) trades_.push_back(std::move(t));
  while (static_cast<int64_t>(trades_.size()) > kTrades) trades_.pop_front();
  fills_ = std::move(*fills);
  decisions_ = std::move(*decisions);
}

void DashboardHistory::fill_in(DashboardState& state) const {
  for (const store::TradeRow& t : trades_)
    state.trades.push_back(
        ChartTrade{t.time_us, units(t.price_int, pair_.quote), units(t.amount_int, pair_.item)});
  for (const store::FillRow& f : fills_) {
    // A fill of another pair (a second exchange leg) is shown in its own units when it names them.
    auto pair = engine::Pair::parse(f.pair);
    const engine::Pair p = pair ? *pair : pair_;
    auto fee_currency = Currency::from_code(f.fee_currency);
    state.fills.push_back(DashboardFill{
        f.time_us, f.trade_id, f.client_id, f.side == Side::kBid ? "buy" : "sell",
        units(f.price_int, p.quote), units(f.amount_int, p.item),
        fee_currency ? units(f.fee_int, *fee_currency) : std::to_string(f.fee_int), f.fee_currency});
  }
  for (const store::DecisionRow& d : decisions_)
    state.decisions.push_back(DashboardDecision{d.time_us, d.strategy_id, d.kind, d.reason});
}

}  // namespace dealer::live
