#include "sim/engine.h"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "market/fill_model.h"
#include "market/tape_summary.h"

namespace dealer::sim {
namespace {

constexpr int64_t kDayUs = 86'400'000'000;
constexpr int kBtcDecimals = 8;
constexpr size_t kMaxTradesPerCall = 1000;

// What a limit bid holds: price x amount rounded up to a whole quote unit, so that no rounding of its
// fills can spend more. An error if it does not fit 64 bits (issue 8: it wrapped negative and funded
// the bid).
Result<Funds> bid_reservation(Price price, Amount amount) {
  const Int128 unit = pow10(kBtcDecimals);
  auto need = to_int64((static_cast<Int128>(price.raw()) * amount.raw() + unit - 1) / unit, "price_int x amount_int");
  if (!need) return std::move(need).error();
  return Funds(*need);
}

// A quote value the engine has already bounded (by a reservation or a budget); past int64 is a bug.
Cost checked_cost(Int128 value) {
  auto v = to_int64(value, "a fill's quote value");
  if (!v) throw MoneyOverflow(v.error().message);
  return Cost(*v);
}

Funds funds(Amount a) { return Funds(a.raw()); }
Funds funds(Cost c) { return Funds(c.raw()); }

std::string with_mixed_currency(const std::string& properties) {
  return properties.empty() ? "mixed_currency" : properties + ",mixed_currency";
}

}  // namespace

bool Account::has_right(std::string_view right) const {
  return std::find(config.rights.begin(), config.rights.end(), right) != config.rights.end();
}

Engine::Engine(const ExchangeConfig& config, std::vector<Trade> recorded, const Clock& clock)
    : clock_(clock),
      market_(config.market.currency),
      fx_(config.market.fx),
      liquidity_(config.market.liquidity),
      max_unfunded_orders_(config.market.max_unfunded_orders),
      recorded_(std::move(recorded)),
      rng_(0x5eed),
      lp_rng_(config.market.liquidity.seed) {
  fx_[market_.index()] = Decimal(1, 0);
  for (const AccountConfig& ac : config.accounts) {
    Account a;
    a.config = ac;
    a.id = new_uuid();
    for (const auto& [index, units] : ac.balances) a.wallets[index].total = Funds(units);
    accounts_.push_back(std::move(a));
  }
}

std::string Engine::new_uuid() {
  const uint64_t hi = (rng_() & 0xFFFFFFFFFFFF0FFFull) | 0x4000;             // version 4
  const uint64_t lo = (rng_() & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000;  // variant 1
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
  return buf;
}

bool Engine::trades_in(Currency c) const { return fx_.contains(c.index()); }

Account* Engine::find_account(std::string_view key) {
  for (Account& a : accounts_)
    if (a.config.key == key) return &a;
  return nullptr;
}

void Engine::advance() {
  // One reading of the clock for the replay and the matching after it: a client order read at a later
  // time would trade ahead of recorded trades the replay has yet to reach, and those would be published
  // under other tids (issue 13: the bot "missed" tape trades when its orders took liquidity).
  now_us_ = clock_.now_us();
  while (replayed_ < recorded_.size() && recorded_[replayed_].tid <= now_us_) replay(recorded_[replayed_++]);
}

int64_t Engine::next_tid(int64_t wanted) {
  last_tid_ = std::max(last_tid_ + 1, wanted);
  return last_tid_;
}

std::optional<Price> Engine::convert(Price p, Currency from, Currency to) const {
  const Decimal& rf = fx_.at(from.index());
  const Decimal& rt = fx_.at(to.index());
  Int128 num = static_cast<Int128>(p.raw()) * rt.mantissa();
  Int128 den = rf.mantissa();
  const int e = (rf.scale() + to.decimals()) - (rt.scale() + from.decimals());
  if (e >= 0) num *= pow10(e);
  else den *= pow10(-e);
  return Price(divide_rounded(num, den));
}

void Engine::publish(Trade trade) {
  const Currency c = trade.price_currency;
  for (const auto& [index, rate] : fx_) {
    if (index == c.index()) continue;
    const Currency other = Currency::at(index);
    TapeTrade mirror{trade, c, trade.price};
    mirror.trade.price = *convert(trade.price, c, other);
    mirror.trade.price_currency = other;
    mirror.trade.primary = false;
    mirror.trade.properties = with_mixed_currency(trade.properties);
    tapes_[index].push_back(std::move(mirror));
  }
  const Price price = trade.price;
  tapes_[c.index()].push_back(TapeTrade{std::move(trade), c, price});
}

Price Engine::last_price(Currency c) const {
  const auto& tape = tapes_[c.index()];
  return tape.empty() ? Price() : tape.back().trade.price;
}

void Engine::replay(const Trade& recorded) {
  Amount left = recorded.amount;
  while (left > Amount(0)) {
    SimOrder* maker = replay_maker(recorded.price);
    if (!maker) break;
    const Amount qty = std::min(left, maker->remaining);
    left -= qty;
    execute(maker, nullptr, maker->price, qty, recorded.side, recorded.properties, recorded.tid);
  }
  if (left > Amount(0)) {
    Trade rest = recorded;
    rest.amount = left;
    rest.price_currency = market_;
    rest.tid = next_tid(recorded.tid);
    publish(std::move(rest));
  }
  if (liquidity_.enabled)
    for (const auto& [index, rate] : fx_) requote(Currency::at(index));
}

SimOrder* Engine::replay_maker(Price trade_price) const {
  // The shared fill rule (market/fill_model.h): client bids best first, then client asks best first,
  // each in time order within its price; liquidity quotes are skipped; the recorded side plays no part.
  const Book& book = books_[market_.index()];
  auto first_client = [](const std::list<SimOrder*>& level) -> SimOrder* {
    for (SimOrder* o : level)
      if (o->account >= 0) return o;
    return nullptr;
  };
  using market::FillRule;
  for (auto it = book.bids.rbegin();
       it != book.bids.rend() && market::passes(FillRule::kThrough, Side::kBid, it->first, trade_price); ++it) {
    if (SimOrder* o = first_client(it->second)) return o;
  }
  for (auto it = book.asks.begin();
       it != book.asks.end() && market::passes(FillRule::kThrough, Side::kAsk, it->first, trade_price); ++it) {
    if (SimOrder* o = first_client(it->second)) return o;
  }
  return nullptr;
}

void Engine::requote(Currency c) {
  for (SimOrder* o : lp_orders_[c.index()]) {
    if (o->state == OrderState::kOpen) unbook(*o);
    orders_.erase(o->oid);  // the provider's orders are never queried afterwards
  }
  lp_orders_[c.index()].clear();
  const Price ref = last_price(c);
  if (ref <= Price(0)) return;
  const int64_t spread = *liquidity_.spread_percent.to_units_rounded(6);  // millionths of a percent
  const int64_t step = *liquidity_.step_percent.to_units_rounded(6);
  std::uniform_int_distribution<int64_t> vary(50, 150);
  for (int i = 0; i < liquidity_.levels; ++i) {
    const int64_t offset = spread / 2 + i * step;
    const int64_t delta = divide_rounded(static_cast<Int128>(ref.raw()) * offset, pow10(8));
    for (const Side side : {Side::kBid, Side::kAsk}) {
      const Price price = side == Side::kBid ? ref - Price(delta) : ref + Price(delta);
      if (price <= Price(0)) continue;
      const Amount amount(liquidity_.amount * vary(lp_rng_) / 100);
      SimOrder& o = new_order(-1, c, side, OrderKind::kLimit, amount, price);
      lp_orders_[c.index()].push_back(&o);
      match(o);
      if (o.remaining > Amount(0)) rest(o);
      else o.state = OrderState::kDone;
    }
  }
}

SimOrder& Engine::new_order(int account, Currency c, Side side, OrderKind kind, Amount amount, Price price) {
  std::string oid = new_uuid();
  SimOrder& o = orders_[oid];
  o.oid = std::move(oid);
  o.account = account;
  o.currency = c;
  o.side = side;
  o.kind = kind;
  o.price = price;
  o.amount = o.remaining = amount;
  const int64_t now = clock_.now_us();
  o.date = now / 1'000'000;
  o.priority = now;
  if (account >= 0) accounts_[account].order_ids.push_back(o.oid);
  return o;
}

Result<std::string> Engine::place(int account, Currency c, Side side, Amount amount, std::optional<Price> price) {
  if (amount <= Amount(0)) return make_error(Errc::kInvalidArgument, "amount_int must be positive");
  if (price && *price <= Price(0)) return make_error(Errc::kInvalidArgument, "price_int must be positive");
  advance();  // the recorded trades up to now happened before this order (and may have moved its funds)
  Account& a = accounts_[account];
  Wallet& quote = a.wallets[c.index()];
  Wallet& btc = a.wallets[Currency::btc().index()];
  // What the order holds while it rests. Every limit order's whole value must fit 64 bits, so that no
  // sum over its fills can overflow.
  Funds hold;
  if (price) {
    auto need = bid_reservation(*price, amount);
    if (!need) return std::move(need).error();
    if (side == Side::kBid) hold = *need;
  }
  if (side == Side::kAsk) hold = funds(amount);
  const Wallet& from = side == Side::kAsk ? btc : quote;
  const bool covered = price || side == Side::kAsk ? from.available() >= hold : from.available() > Funds(0);
  if (!covered && a.unfunded_orders >= max_unfunded_orders_)
    return make_error(Errc::kInvalidArgument, "Too many unfunded orders: this account already has " +
                                                  std::to_string(a.unfunded_orders) + "; cancel some or fund them");
  SimOrder& o = new_order(account, c, side, price ? OrderKind::kLimit : OrderKind::kMarket, amount, price.value_or(Price()));
  if (!covered) {
    o.state = OrderState::kInvalid;
    ++a.unfunded_orders;
    return o.oid;
  }
  (side == Side::kAsk ? btc : quote).reserved += hold;
  o.reserved = hold;
  match(o);
  if (o.remaining == Amount(0)) finish(o, OrderState::kDone);
  else if (o.kind == OrderKind::kLimit) rest(o);
  else finish(o, o.fills.empty() ? OrderState::kCancelled : OrderState::kDone);
  return o.oid;
}

Amount Engine::affordable(const SimOrder& bid, Price price) const {
  if (bid.side == Side::kAsk || bid.kind == OrderKind::kLimit || bid.account < 0) return bid.remaining;
  // A market bid spends from the available balance: the largest qty whose exact cost fits,
  // notional + price * qty <= (available + settled) * 1e8. Allowing for the rounding of the cost
  // would hand out up to half a quote unit's worth of BTC for nothing.
  const Wallet& quote = accounts_[bid.account].wallets[bid.currency.index()];
  const Int128 budget = (static_cast<Int128>(quote.available().raw()) + bid.settled.raw()) * pow10(kBtcDecimals) - bid.notional;
  if (budget < 0) return Amount(0);
  // The minimum in 128 bits: a large budget at a small price wrapped to a negative quantity.
  return Amount(static_cast<int64_t>(std::min<Int128>(bid.remaining.raw(), budget / price.raw())));
}

void Engine::match(SimOrder& taker) {
  Book& book = books_[taker.currency.index()];
  while (taker.remaining > Amount(0)) {
    SimOrder* maker;
    if (taker.side == Side::kBid) {
      if (book.asks.empty()) break;
      auto& [price, level] = *book.asks.begin();
      if (taker.kind == OrderKind::kLimit && price > taker.price) break;
      maker = level.front();
    } else {
      if (book.bids.empty()) break;
      auto& [price, level] = *book.bids.rbegin();
      if (taker.kind == OrderKind::kLimit && price < taker.price) break;
      maker = level.front();
    }
    const Amount qty = std::min(maker->remaining, affordable(taker, maker->price));
    if (qty == Amount(0)) break;
    execute(maker, &taker, maker->price, qty, taker.side,
            taker.kind == OrderKind::kLimit ? "limit" : "market", now_us_);
  }
}

void Engine::execute(SimOrder* maker, SimOrder* taker, Price price, Amount qty, Side aggressor,
                     std::string_view properties, int64_t at_us) {
  const int64_t tid = next_tid(at_us);
  maker->remaining -= qty;
  if (taker) taker->remaining -= qty;
  SimOrder* bid = maker->side == Side::kBid ? maker : taker;
  SimOrder* ask = maker->side == Side::kAsk ? maker : taker;
  // Both sides move the same quote units, so a trade between clients creates or destroys nothing.
  const Cost value = fill_value(bid, ask, price, qty);
  settle(*maker, price, qty, value, tid, "limit");
  if (taker) settle(*taker, price, qty, value, tid, properties);
  for (SimOrder* client : {bid, ask}) {
    SimOrder* other = client == bid ? ask : bid;
    if (client && client->account >= 0 && (!other || other->account < 0))
      settle_counterparty(client->side, maker->currency, qty, value);
  }
  Trade t;
  t.tid = tid;
  t.date = tid / 1'000'000;
  t.price = price;
  t.amount = qty;
  t.price_currency = maker->currency;
  t.item = Currency::btc();
  t.side = aggressor;
  t.primary = true;
  t.properties = std::string(properties);
  publish(std::move(t));
  if (maker->remaining == Amount(0)) {
    unbook(*maker);
    finish(*maker, OrderState::kDone);
  }
}

Cost Engine::fill_value(SimOrder* bid, SimOrder* ask, Price price, Amount qty) {
  // A client bid's running total decides (so its fills never spend past its reservation); else a
  // client ask's; else (the provider against itself) the rounded product.
  SimOrder* payer = bid && bid->account >= 0 ? bid : (ask && ask->account >= 0 ? ask : nullptr);
  const Int128 product = static_cast<Int128>(price.raw()) * qty.raw();
  if (!payer) return checked_cost(divide_pow10_rounded(product, kBtcDecimals));
  // Quote units settle on the running total, so that per-fill rounding never adds up to more than the
  // rounded whole.
  payer->notional += product;
  const Cost settled = checked_cost(divide_pow10_rounded(payer->notional, kBtcDecimals));
  const Cost value = settled - payer->settled;
  payer->settled = settled;
  return value;
}

void Engine::settle(SimOrder& order, Price price, Amount qty, Cost value, int64_t tid, std::string_view properties) {
  if (order.account < 0) return;  // the liquidity provider has no balances
  Account& a = accounts_[order.account];
  Wallet& quote = a.wallets[order.currency.index()];
  Wallet& btc = a.wallets[Currency::btc().index()];
  const Decimal fee = a.config.fee_percent;
  if (order.side == Side::kBid) {
    const Funds from_reserve = std::min(funds(value), order.reserved);
    const Amount fee_units = *percent_of(qty, fee);
    order.reserved -= from_reserve;
    quote.reserved -= from_reserve;
    quote.total -= funds(value);
    btc.total += funds(qty - fee_units);
    fees_[Currency::btc().index()] += funds(fee_units);
  } else {
    const Cost fee_units = *percent_of(value, fee);
    order.reserved -= funds(qty);
    btc.reserved -= funds(qty);
    btc.total -= funds(qty);
    quote.total += funds(value - fee_units);
    fees_[order.currency.index()] += funds(fee_units);
  }
  // Monthly_Volume saturates: it sums every fill, and an account trading absurd amounts (the property
  // test's) took it past 64 bits, which UBSan caught.
  a.volume = qty.raw() > std::numeric_limits<int64_t>::max() - a.volume ? std::numeric_limits<int64_t>::max()
                                                                        : a.volume + qty.raw();
  order.fills.push_back(Fill{tid, tid / 1'000'000, price, qty, value, std::string(properties)});
}

void Engine::settle_counterparty(Side client_side, Currency c, Amount qty, Cost value) {
  // The outside market takes the other side of the client's fill, before fees (the client pays those).
  if (client_side == Side::kBid) {
    counterparty_[Currency::btc().index()] -= funds(qty);
    counterparty_[c.index()] += funds(value);
  } else {
    counterparty_[Currency::btc().index()] += funds(qty);
    counterparty_[c.index()] -= funds(value);
  }
}

Status Engine::deposit(int account, Currency c, Funds units) {
  // The whole exchange's holding of a currency must fit 64 bits, not only this wallet: trades move
  // units between wallets, and two wallets each just within 64 bits would overflow the one that
  // receives from the other.
  Int128 held = static_cast<Int128>(fees_[c.index()].raw()) + counterparty_[c.index()].raw() + units.raw();
  for (const Account& a : accounts_) held += a.wallets[c.index()].total.raw();
  if (units < Funds(0) || !to_int64(held, "")) {
    return make_error(Errc::kOverflow, std::string("the deposit would take the exchange's total of ") +
                                           std::string(c.code()) + " past 64 bits");
  }
  accounts_[account].wallets[c.index()].total += units;
  return {};
}

Status Engine::withdraw(int account, Currency c, Funds units) {
  Wallet& w = accounts_[account].wallets[c.index()];
  if (units <= Funds(0) || units > w.available()) {
    return make_error(Errc::kInvalidArgument, "a withdrawal of " + format_units(units.raw(), c.decimals()) + " " +
                                                  std::string(c.code()) + " needs that much available; there is " +
                                                  format_units(w.available().raw(), c.decimals()));
  }
  w.total -= units;
  return {};
}

void Engine::finish(SimOrder& order, OrderState state) {
  if (order.account >= 0 && order.reserved != Funds(0)) {
    const Currency held = order.side == Side::kBid ? order.currency : Currency::btc();
    accounts_[order.account].wallets[held.index()].reserved -= order.reserved;
    order.reserved = Funds(0);
  }
  order.state = state;
}

void Engine::rest(SimOrder& order) {
  Book& book = books_[order.currency.index()];
  auto& level = (order.side == Side::kBid ? book.bids : book.asks)[order.price];
  order.book_position = level.insert(level.end(), &order);
  order.state = OrderState::kOpen;
}

void Engine::unbook(SimOrder& order) {
  Book& book = books_[order.currency.index()];
  auto& side = order.side == Side::kBid ? book.bids : book.asks;
  auto level = side.find(order.price);
  level->second.erase(order.book_position);
  if (level->second.empty()) side.erase(level);
}

Status Engine::cancel(int account, std::string_view oid) {
  auto it = orders_.find(std::string(oid));
  if (it == orders_.end() || it->second.account != account ||
      (it->second.state != OrderState::kOpen && it->second.state != OrderState::kInvalid))
    return make_error(Errc::kNotFound, "Order not found");
  SimOrder& o = it->second;
  if (o.state == OrderState::kOpen) unbook(o);
  else --accounts_[account].unfunded_orders;
  finish(o, OrderState::kCancelled);
  return {};
}

const SimOrder* Engine::find_order(int account, std::string_view oid) const {
  auto it = orders_.find(std::string(oid));
  return it == orders_.end() || it->second.account != account ? nullptr : &it->second;
}

std::vector<const SimOrder*> Engine::orders_of(int account) const {
  std::vector<const SimOrder*> out;
  for (const std::string& oid : accounts_[account].order_ids) out.push_back(&orders_.at(oid));
  return out;
}

std::vector<const SimOrder*> Engine::open_orders(int account) const {
  std::vector<const SimOrder*> out;
  for (const SimOrder* o : orders_of(account))
    if (o->state == OrderState::kOpen || o->state == OrderState::kInvalid) out.push_back(o);
  return out;
}

std::vector<Trade> Engine::trades_since(Currency c, std::optional<int64_t> since) const {
  const auto& tape = tapes_[c.index()];
  auto by_tid = [](const TapeTrade& t, int64_t tid) { return t.trade.tid < tid; };
  std::vector<Trade> out;
  if (since) {
    // Strictly greater than `since`, oldest first, at most 1000.
    auto it = std::lower_bound(tape.begin(), tape.end(), *since + 1, by_tid);
    for (; it != tape.end() && out.size() < kMaxTradesPerCall; ++it) out.push_back(it->trade);
  } else {
    auto it = std::lower_bound(tape.begin(), tape.end(), clock_.now_us() - kDayUs, by_tid);
    for (; it != tape.end(); ++it) out.push_back(it->trade);
  }
  return out;
}

TickerStats Engine::ticker(Currency c) {
  const auto& tape = tapes_[c.index()];
  const int64_t now = clock_.now_us();
  TickerCache& cache = ticker_cache_[c.index()];
  if (cache.tape_size != tape.size() || cache.second != now / 1'000'000) {
    cache.tape_size = tape.size();
    cache.second = now / 1'000'000;
    TickerStats s;
    if (!tape.empty()) {
      const TapeTrade& last = tape.back();
      s.last = last.trade.price;
      s.orig_currency = last.orig_currency;
      s.last_orig = last.orig_price;
      s.last_local = s.last;
      for (auto it = tape.rbegin(); it != tape.rend(); ++it)
        if (it->trade.primary) {
          s.last_local = it->trade.price;
          break;
        }
      s.high = s.low = s.avg = s.vwap = s.last;
      // The last 24 hours, mirrored trades included: the market as seen in this currency.
      TapeAccumulator day;
      auto from = std::lower_bound(tape.begin(), tape.end(), now - kDayUs,
                                   [](const TapeTrade& t, int64_t tid) { return t.trade.tid < tid; });
      for (; from != tape.end(); ++from) day.add(from->trade);
      if (!day.empty()) {
        const TapeSummary d = day.finish();
        s.high = d.high;
        s.low = d.low;
        s.avg = d.avg;
        s.volume = d.volume;
        if (d.volume > Amount(0)) s.vwap = d.vwap;
      }
    }
    cache.stats = s;
  }
  TickerStats s = cache.stats;
  const Book& book = books_[c.index()];
  s.buy = book.bids.empty() ? s.last : book.bids.rbegin()->first;
  s.sell = book.asks.empty() ? s.last : book.asks.begin()->first;
  return s;
}

std::pair<std::vector<Level>, std::vector<Level>> Engine::depth(Currency c, int window_percent) const {
  const Book& book = books_[c.index()];
  const Price last = last_price(c);
  // |p - last| <= last x window / 100, in 128 bits: prices near INT64_MAX must not overflow the band.
  auto within = [&](Price p) {
    const Int128 distance = static_cast<Int128>(p.raw()) - last.raw();
    return window_percent <= 0 || last == Price(0) ||
           (distance < 0 ? -distance : distance) * 100 <= static_cast<Int128>(last.raw()) * window_percent;
  };
  auto levels = [&](const std::map<Price, std::list<SimOrder*>>& side) {
    std::vector<Level> out;
    for (const auto& [price, orders] : side) {
      if (!within(price)) continue;
      Level l{price, Amount(0), 0};
      for (const SimOrder* o : orders) {
        l.amount += o->remaining;
        l.stamp_us = std::max(l.stamp_us, o->priority);
      }
      out.push_back(l);
    }
    return out;
  };
  return {levels(book.asks), levels(book.bids)};
}

}  // namespace dealer::sim
