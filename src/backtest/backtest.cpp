#include "backtest/backtest.h"

#include <algorithm>

#include "core/narrow_cost.h"
#include "backtest/trade_stats.h"

namespace dealer::backtest {
namespace {

market::FillModelConfig fill_config(const BacktestConfig& c) {
  return market::FillModelConfig{c.pair.item, c.pair.quote, c.rule, c.fee_percent, c.latency};
}

engine::CoreConfig core_config(const BacktestConfig& c) {
  engine::CoreConfig config;
  config.risk = c.risk;
  config.valuation = c.pair.quote;
  return config;
}

}  // namespace

std::span<const Trade> select_trades(std::span<const Trade> trades, std::optional<WallTime> from,
                                     std::optional<WallTime> to) {
  auto begin = trades.begin();
  auto end = trades.end();
  if (from) {
    begin = std::partition_point(begin, end, [&](const Trade& t) { return market::trade_time(t) < *from; });
  }
  if (to) {
    end = std::partition_point(begin, end, [&](const Trade& t) { return market::trade_time(t) <= *to; });
  }
  return {begin, end};
}

Backtest::Backtest(BacktestConfig config)
    : config_(std::move(config)),
      core_(core_config(config_)),
      fills_(fill_config(config_)),
      item_divisor_(pow10(config_.pair.item.decimals())) {}

Result<std::unique_ptr<Backtest>> Backtest::create(
    BacktestConfig config, std::vector<std::unique_ptr<engine::Strategy>> strategies) {
  std::unique_ptr<Backtest> b(new Backtest(std::move(config)));
  const engine::Pair pair = b->config_.pair;
  for (auto& s : strategies) {
    if (s->pair() != pair) {
      return make_error(Errc::kConfig, "strategy " + s->id() + " trades " + s->pair().code() +
                                           " but the backtest replays " + pair.code() + ": one pair per run");
    }
    if (Status added = b->core_.add_strategy(std::move(s)); !added) return added.error();
  }
  for (Currency c : {pair.item, pair.quote}) {
    auto& balances = b->config_.balances;
    if (std::none_of(balances.begin(), balances.end(), [&](const Balance& x) { return x.currency == c; }))
      balances.push_back(Balance{c, Funds(), Funds()});
  }
  for (const Balance& x : b->config_.balances) b->fills_.set_balance(x.currency, x.total.raw());
  b->balances_ = b->config_.balances;
  b->fills_.reserve(64);
  b->queue_.reserve(64);
  return b;
}

int64_t Backtest::equity(Price price) const {
  const engine::Pair pair = config_.pair;
  auto held = cost_of(price, Amount(fills_.total(pair.item)), pair.item.decimals());
  return fills_.total(pair.quote) + (held ? held->raw() : 0);
}

int64_t Backtest::marked_equity(Price price) {
  // Only a new price or a fill (which moves a total) can move the equity: most trades reuse it.
  const int64_t item = fills_.total(config_.pair.item);
  const int64_t quote = fills_.total(config_.pair.quote);
  if (mark_.made && price == mark_.price && item == mark_.item && quote == mark_.quote) return mark_.equity;
  const auto held = narrow_cost(price.raw(), item, item_divisor_);
  mark_ = Mark{true, price, item, quote, held ? quote + *held : equity(price)};
  return mark_.equity;
}

Result<Report> Backtest::run(std::span<const Trade> trades, ProgressHook* hook) {
  if (trades.empty()) return make_error(Errc::kInvalidArgument, "no trades to replay");
  begin(trades.front(), trades.size());
  replay(trades, hook);
  return finish(trades.back());
}

void Backtest::begin(const Trade& first, size_t count) {
  const WallTime start = market::trade_time(first);
  report_.pair = config_.pair;
  report_.start_balances = balances_;
  report_.first_price = first.price;
  report_.first_time = start;
  start_equity_ = equity(report_.first_price);
  buy_and_hold_.start(first.price, start_equity_);
  metrics_.start(start, start_equity_, fills_.total(config_.pair.item));
  carry_out(start, core_.restore(start, engine::RestoreData{}));
  price_chart_.start(count);
  equity_chart_.start(count);
}

void Backtest::replay(std::span<const Trade> trades, ProgressHook* hook) {
  // In slices, so that telling the hook costs nothing per trade.
  for (size_t done = 0; done < trades.size();) {
    const size_t slice = std::min(trades.size() - done, ProgressHook::kProgressEvery);
    for (const size_t end = done + slice; done < end; ++done) replay(trades[done]);
    if (hook) hook->replayed(slice);
  }
}

Report Backtest::finish(const Trade& last) {
  metrics_.finish(market::trade_time(last));
  report_.prices = price_chart_.finish();
  report_.equity = equity_chart_.finish();

  refresh_balances();
  report_.final_balances = balances_;
  report_.last_price = last.price;
  report_.fees = fills_.fees_charged();
  report_.pnl = equity(report_.last_price) - start_equity_;
  report_.return_pct =
      start_equity_ == 0 ? 0 : 100.0 * static_cast<double>(report_.pnl) / static_cast<double>(start_equity_);
  report_.max_drawdown_pct = metrics_.max_drawdown_pct();
  report_.sharpe = metrics_.sharpe();
  report_.exposure_pct = metrics_.exposure_pct();
  report_.last_time = market::trade_time(last);
  analyse_trades(report_, buy_and_hold_.finish(), start_equity_, metrics_.daily_returns());
  return std::move(report_);
}

void Backtest::replay(const Trade& trade) {
  const WallTime now = market::trade_time(trade);
  const auto events = fills_.on_trade(trade);
  if (!events.empty()) balances_dirty_ = true;
  // The snapshot covers every order placed before now; what the strategies place from here on at
  // `now` the core counts against it itself.
  if (balances_dirty_) push_balances(now);
  if (!events.empty()) deliver_fills(now, trade, events);  // most trades fill nothing: no call
  carry_out(now, core_.on_trades(now, config_.pair, std::span<const Trade>(&trade, 1)));
  ++report_.trades_replayed;
  buy_and_hold_.add(trade.price);
  const int64_t marked = marked_equity(trade.price);
  metrics_.sample(now, marked, mark_.item);
  price_chart_.add(now, trade.price.raw());
  equity_chart_.add(now, marked);
}

void Backtest::deliver_fills(WallTime now, const Trade& trade, std::span<const market::FillEvent> events) {
  // Only limit orders are placed, so every event is a fill (kRejected is for market buys).
  for (size_t i = 0; i < events.size(); ++i) {
    const market::FillEvent& e = events[i];
    engine::Fill fill;
    fill.trade_id = std::to_string(trade.tid) + "." + std::to_string(i);
    fill.order_id = std::to_string(e.order);
    fill.client_id = e.order;
    fill.side = e.side;
    fill.price = e.price;
    fill.amount = e.amount;
    fill.fee = e.fee;
    fill.fee_currency = config_.pair.quote;
    fill.time = now;
    carry_out(now, core_.on_fill(now, fill));
  }
}

void Backtest::refresh_balances() {
  for (Balance& b : balances_) {
    if (b.currency != config_.pair.item && b.currency != config_.pair.quote) continue;  // never traded
    b.total = Funds(fills_.total(b.currency));
    b.in_open_orders = Funds(fills_.reserved(b.currency));
  }
}

void Backtest::push_balances(WallTime now) {
  refresh_balances();
  balances_dirty_ = false;
  carry_out(now, core_.on_balances(now, balances_));
}

void Backtest::carry_out(WallTime now, std::span<const engine::Effect> effects) {
  if (effects.empty()) return;
  // The core's answers invalidate `effects` and add their own: queue them behind, in order.
  queue_.assign(effects.begin(), effects.end());
  for (size_t i = 0; i < queue_.size(); ++i) {
    const engine::Effect effect = std::move(queue_[i]);
    carry_out_one(now, effect);
  }
  queue_.clear();
}

void Backtest::carry_out_one(WallTime now, const engine::Effect& effect) {
  auto answer = [&](std::span<const engine::Effect> more) {
    queue_.insert(queue_.end(), more.begin(), more.end());
  };
  if (const auto* place = std::get_if<engine::SendPlace>(&effect)) {
    ++report_.orders;
    const Status placed = fills_.place_limit(now, place->client_id, place->side, place->price, place->amount);
    if (placed) {
      balances_dirty_ = true;
      answer(core_.on_placed(now, place->client_id, std::to_string(place->client_id)));
    } else {
      answer(core_.on_place_rejected(now, place->client_id, placed.error()));
    }
  } else if (const auto* cancel = std::get_if<engine::SendCancel>(&effect)) {
    if (fills_.cancel(cancel->client_id)) {
      balances_dirty_ = true;
      answer(core_.on_cancelled(now, cancel->client_id));
    } else {
      answer(core_.on_cancel_failed(now, cancel->client_id,
                                    make_error(Errc::kNotFound, "the order is no longer resting")));
    }
  } else if (const auto* fill = std::get_if<engine::PersistFill>(&effect)) {
    const engine::OrderRecord* order = core_.orders().find(fill->client_id);
    report_.fills.push_back(FillRecord{fill->fill.time, fill->fill.side, fill->fill.price, fill->fill.amount,
                                       fill->fill.fee, fill->client_id, order ? order->strategy_id : ""});
  } else if (const auto* decision = std::get_if<engine::PersistDecision>(&effect)) {
    report_.decisions.push_back(decision->decision);
  }
  // PersistOrder and PersistStrategyState need no store here; RequestBook has no depth to answer
  // with, and RequestReconcile needs an ambiguous order, which the fill model never leaves.
}

}  // namespace dealer::backtest
