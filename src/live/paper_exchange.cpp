#include "live/paper_exchange.h"

#include <algorithm>
#include <utility>

#include "core/decimal.h"

namespace dealer::live {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;

// What MtGox answers for an order it does not hold (open) any more.
Error order_not_found(const std::string& id) {
  return make_error(Errc::kExchange, "paper order " + id + " not found (or no longer open)",
                    "order_not_found");
}

}  // namespace

PaperExchange::PaperExchange(std::unique_ptr<Exchange> inner, Post post, PaperOptions options)
    : inner_(std::move(inner)), post_(std::move(post)), options_(std::move(options)), model_(options_.fills) {
  for (const Balance& b : options_.balances) model_.set_balance(b.currency, b.total.raw());
}

template <class T>
void PaperExchange::answer(Callback<T> done, Result<T> result) {
  post_([alive = std::weak_ptr<bool>(alive_), done = std::move(done), result = std::move(result)]() mutable {
    if (alive.lock()) done(std::move(result));
  });
}

// --- restart ---------------------------------------------------------------------------------------

Status PaperExchange::restore(std::span<const engine::Fill> fills, std::span<const engine::OrderRecord> open,
                              std::optional<int64_t> trades_cursor) {
  auto fed = [this](int64_t tid) { fed_through_ = std::max(fed_through_.value_or(tid), tid); };
  for (const engine::Fill& f : fills) {
    model_.apply_past_fill(f.side, f.price, f.amount);
    if (auto id = parse_int64(f.trade_id)) fed(*id / kFillsPerTrade);
  }
  if (trades_cursor) fed(*trades_cursor);
  for (const engine::OrderRecord& o : open) {
    // An order without an exchange id never reached the paper exchange: reconciliation settles it.
    if (o.exchange_id.empty() || o.remaining() <= Amount(0)) continue;
    PaperOrder p;
    p.id = o.exchange_id;
    p.side = o.side;
    p.price = o.price;
    p.amount = p.remaining = o.remaining();
    // At the epoch: active from the first trade fed, whatever the latency.
    if (Status s = rest(std::move(p), WallTime{}); !s)
      return make_error(s.error().code, "restoring paper order " + o.exchange_id + ": " + s.error().message);
  }
  return {};
}

// --- market data: the inner exchange's ------------------------------------------------------------

void PaperExchange::ticker(Callback<Ticker> done) { inner_->ticker(std::move(done)); }

void PaperExchange::depth(bool full, Callback<Depth> done) { inner_->depth(full, std::move(done)); }

void PaperExchange::trades_since(std::optional<int64_t> since_tid, Callback<std::vector<Trade>> done) {
  inner_->trades_since(since_tid, [this, alive = std::weak_ptr<bool>(alive_),
                                   done = std::move(done)](Result<std::vector<Trade>> trades) mutable {
    if (!alive.lock()) return;
    if (trades) feed(*trades);
    done(std::move(trades));
  });
}

void PaperExchange::feed(const std::vector<Trade>& trades) {
  std::vector<const Trade*> fresh;
  for (const Trade& t : trades) {
    // Mirrored copies in other currencies repeat a primary trade under its tid: never fed.
    if (t.primary && t.price_currency == options_.fills.quote && (!fed_through_ || t.tid > *fed_through_))
      fresh.push_back(&t);
  }
  std::stable_sort(fresh.begin(), fresh.end(),
                   [](const Trade* a, const Trade* b) { return a->tid < b->tid; });
  for (const Trade* t : fresh) {
    if (fed_through_ && t->tid <= *fed_through_) continue;  // the same tid twice in one answer
    fed_through_ = t->tid;
    last_trade_time_ = market::trade_time(*t);
    record(*t, model_.on_trade(*t));
  }
}

void PaperExchange::record(const Trade& trade, std::span<const market::FillEvent> events) {
  int64_t rank = 0;
  for (const market::FillEvent& e : events) {
    auto it = orders_.find(e.order);
    if (it == orders_.end()) continue;
    PaperOrder& o = it->second;
    if (e.done) o.open = false;
    if (e.kind == market::FillEvent::Kind::kRejected) continue;  // a market buy the balance could not pay
    Trade fill;
    fill.tid = trade.tid * kFillsPerTrade + rank++;
    fill.date = trade.date;
    fill.price = e.price;
    fill.amount = e.amount;
    fill.price_currency = options_.fills.quote;
    fill.item = options_.fills.item;
    fill.side = o.side;
    fill.properties = o.kind == OrderKind::kLimit ? "limit" : "market";
    o.remaining -= e.amount;
    o.fills.push_back(fill);
    own_.push_back(OwnTrade{fill.tid, o.id, o.side, e.price, e.amount, options_.fills.quote,
                            options_.fills.item, Fee{Cost(e.fee), options_.fills.quote}, trade.date,
                            std::nullopt});
  }
}

// --- the paper account ----------------------------------------------------------------------------

WallTime PaperExchange::tape_now() const { return last_trade_time_.value_or(WallTime{}); }

PaperExchange::PaperOrder* PaperExchange::find(const std::string& id) {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &orders_.at(it->second);
}

Status PaperExchange::rest(PaperOrder order, WallTime at) {
  const market::FillOrderId id = next_order_++;
  Status placed = order.kind == OrderKind::kLimit
                      ? model_.place_limit(at, id, order.side, order.price, order.remaining)
                      : model_.place_market(at, id, order.side, order.remaining);
  if (!placed) return placed;
  order.date = to_us(at) / kMicrosPerSecond;
  by_id_[order.id] = id;
  orders_.emplace(id, std::move(order));
  return {};
}

void PaperExchange::place(const OrderRequest& request, Callback<std::string> done) {
  PaperOrder o;
  o.id = options_.id_prefix + std::to_string(next_order_);
  o.side = request.side;
  o.kind = request.limit ? OrderKind::kLimit : OrderKind::kMarket;
  o.price = request.limit.value_or(Price());
  o.amount = o.remaining = request.amount;
  std::string id = o.id;
  if (Status s = rest(std::move(o), tape_now()); !s) {
    return answer(std::move(done), Result<std::string>(make_error(
                                       s.error().code, "paper order refused: " + s.error().message)));
  }
  answer(std::move(done), Result<std::string>(std::move(id)));
}

void PaperExchange::cancel(const std::string& order_id, Callback<bool> done) {
  PaperOrder* o = find(order_id);
  if (!o || !o->open) return answer(std::move(done), Result<bool>(order_not_found(order_id)));
  model_.cancel(by_id_.at(order_id));
  o->open = false;
  answer(std::move(done), Result<bool>(true));
}

void PaperExchange::open_orders(Callback<std::vector<Order>> done) {
  std::vector<Order> open;
  for (const auto& [id, o] : orders_) {
    if (!o.open) continue;
    open.push_back(Order{o.id, options_.fills.quote, options_.fills.item, o.side, o.kind, o.price,
                         o.remaining, o.remaining, OrderStatus::kOpen, o.date});
  }
  answer(std::move(done), Result<std::vector<Order>>(std::move(open)));
}

void PaperExchange::order_result(Side, const std::string& order_id, Callback<OrderFills> done) {
  const PaperOrder* o = find(order_id);
  if (!o) return answer(std::move(done), Result<OrderFills>(order_not_found(order_id)));
  OrderFills r{o->id, Amount(0), Cost(0), o->fills};
  for (const Trade& t : o->fills) {
    r.total_amount += t.amount;
    r.total_spent += *cost_of(t.price, t.amount, options_.fills.item.decimals());  // it fitted when filled
  }
  answer(std::move(done), Result<OrderFills>(std::move(r)));
}

void PaperExchange::own_trades(std::optional<int64_t> since, Callback<std::vector<OwnTrade>> done) {
  std::vector<OwnTrade> out;
  for (const OwnTrade& t : own_)
    if (!since || t.tid > *since) out.push_back(t);
  answer(std::move(done), Result<std::vector<OwnTrade>>(std::move(out)));
}

void PaperExchange::account(Callback<AccountInfo> done) {
  AccountInfo info;
  info.login = "paper";
  info.rights = {"get_info", "trade"};
  for (Currency c : {options_.fills.item, options_.fills.quote})
    info.balances.push_back(Balance{c, Funds(model_.total(c)), Funds(model_.reserved(c))});
  info.trade_fee_percent = options_.fills.fee_percent;
  answer(std::move(done), Result<AccountInfo>(std::move(info)));
}

}  // namespace dealer::live
